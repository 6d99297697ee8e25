import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// Every state-changing API operation and form, and every restricted read, as each role and anonymously.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable, Sendable {
        case anonymous, administrator, secretariat, delegate, observer
    }

    enum Expected: Equatable, CustomStringConvertible {
        /// Done, with this status.
        case allowed(HTTPResponse.Status)
        /// The API asks for a token: 401.
        case unauthorized
        /// A page sends the browser to sign in.
        case signIn
        /// Signed in, but the role does not allow it: 403 with the reason.
        case forbidden

        var description: String {
            switch self {
            case .allowed(let status): "allowed \(status.code)"
            case .unauthorized: "401"
            case .signIn: "redirect to sign in"
            case .forbidden: "403"
            }
        }
    }

    /// What a caller holds: a browser session and an API token (both nil for the public).
    struct Caller: Sendable {
        var who: Who
        var user: UserAccount?
        var session: BrowserSession?
        var token: String?
    }

    /// One operation: how to call it (after setting up what it acts on) and who may.
    struct Operation: Sendable {
        var name: String
        /// What it covers: an operation id of openapi.yaml, or a page route as "METHOD /path/{parameter}".
        var route: String
        var isForm: Bool
        var allowed: Set<Who>
        var success: HTTPResponse.Status
        /// Where a role allowed to act gets another answer than `success` (it has a second factor already, say).
        var successes: [Who: HTTPResponse.Status] = [:]
        var call: @Sendable (TestPlatform, Caller, Int) async throws -> TestResponse
    }

    static let signedIn: Set<Who> = [.administrator, .secretariat, .delegate, .observer]

    /// A fresh account to act on, with a grant to revoke.
    static func target(_ p: TestPlatform, _ n: Int) async throws -> UserAccount {
        try await p.user("target\(n)@example.org", (.delegate, "CN"))
    }

    /// A token of the caller's own to revoke ("none" for the public, who has none).
    static func ownToken(_ p: TestPlatform, _ c: Caller) async throws -> String {
        guard let user = c.user else { return "none" }
        return try await p.accounts.issueToken(userId: user.id, name: "x", expiresInDays: nil, secondFactor: true, now: p.clock.now, actor: .commandLine(user: "t")).token.id
    }

    static let conduct: Set<Who> = [.secretariat]

    /// The current accreditation of a delegate account.
    static func accreditation(_ p: TestPlatform, _ user: UserAccount) async throws -> String {
        let delegation = try await p.platform.delegations.delegation(state: "KZ")
        return try #require(delegation.record.speaker(userId: user.id, at: p.clock.now)).id
    }

    /// A fresh key of Kazakhstan's, registered by the command line.
    static func kazakhKey(_ p: TestPlatform) async throws -> String {
        let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        return try await p.platform.decisions.registerKey(state: "KZ", publicKey: key, endorsement: nil, actor: .commandLine(user: "t"), now: p.clock.now).id
    }
    static let kazakhstan: Set<Who> = [.delegate]

    /// A document of `level` registered by the Secretariat, with a text file in English when asked.
    static func document(_ p: TestPlatform, _ level: AccessLevel, file: Bool = false) async throws -> String {
        let actor = Actor.commandLine(user: "secretariat")
        let document = try await p.platform.documents.register(DocumentFields(title: "A \(level.rawValue) note", kind: "noteVerbale", access: level.rawValue),
                                                                actor: actor, now: p.clock.now)
        if file {
            let received = try await p.platform.files.receive(AsyncStream { $0.yield(ArraySlice("Text of the note.\n".utf8)); $0.finish() })
            _ = try await p.platform.addVersion(document: document.id, language: "en", title: nil, text: nil, file: received,
                                                declared: "text/plain", filename: "note.txt", actor: actor)
        }
        return document.id
    }

    /// A fresh draft to act on: tabled (open) unless asked to stay in drafting.
    static func draft(_ p: TestPlatform, open: Bool = true) async throws -> String {
        let decisions = p.platform.decisions
        let draft = try await decisions.create(NewDraft(title: "Matrix", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                        effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: p.clock.now)
        if open { _ = try await decisions.table(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now) }
        return draft.id
    }

    /// A meeting of the Senior Officials Committee planned by the Secretariat: with its agenda circulated, opened, or just planned.
    enum MeetingStage { case planned, circulated, inSession }
    static func meeting(_ p: TestPlatform, _ stage: MeetingStage) async throws -> String {
        let meetings = p.platform.meetings, actor = Actor.commandLine(user: "secretariat")
        // It begins today, so that it can open.
        let meeting = try await meetings.plan(MeetingFields(organ: "senior-officials-committee", kind: "regular", format: "online", title: "Matrix meeting",
                                                            start: p.platform.today().description), actor: actor, now: p.clock.now, today: p.platform.today())
        if stage != .planned { _ = try await p.platform.circulateAgenda(meeting: meeting.id, items: [AgendaItem(title: "Opening")], actor: actor) }
        if stage == .inSession { _ = try await meetings.open(id: meeting.id, amended: nil, actor: actor, now: p.clock.now, today: p.platform.today()) }
        return meeting.id
    }
    /// A report of the Special Working Group, registered by the Secretariat.
    static func groupReport(_ p: TestPlatform) async throws -> String {
        try await p.platform.documents.register(DocumentFields(title: "Report of the Group", kind: "report", organ: "special-working-group", access: "public"),
                                                actor: .commandLine(user: "secretariat"), now: p.clock.now).id
    }
    /// A mandate given to the Special Working Group, to report on.
    static func mandate(_ p: TestPlatform) async throws -> String {
        try await p.platform.mandates.give(task: "Matrix", deadline: "2099-01-01", decision: nil, actor: .commandLine(user: "secretariat"), now: p.clock.now,
                                           today: CivilDate(p.clock.now)).id
    }
    /// A professional appointed to the Secretariat, to end the term of.
    static func staff(_ p: TestPlatform) async throws -> String {
        try await p.platform.secretariat.appoint(StaffFields(category: "professional", title: "Counsellor", name: "Matrix", secondedBy: "IN", start: "2026-01-10"),
                                                 actor: .commandLine(user: "secretariat"), now: p.clock.now).id
    }
    static let newMeeting = #"{"organ":"senior-officials-committee","kind":"regular","format":"online","title":"Matrix meeting","start":"2027-02-10"}"#
    static let registrants: Set<Who> = [.secretariat, .delegate]

    /// A measure of the 2021 Catalogue, added by the command line; its number.
    static func measure(_ p: TestPlatform, _ n: Int) async throws -> String {
        try await p.platform.catalogueWork.recordMeasure(edition: "catalogue-of-cbms-2021", MeasureFields(number: "7.\(n)", dimension: "human", title: "M \(n)",
                                                                                                          description: "D"),
                                                         actor: .commandLine(user: "t"), now: p.clock.now).number
    }

    /// A draft concept paper of agriculture and a decision of the Senior Officials Committee adopted on it, to endorse it by.
    static func draftPaper(_ p: TestPlatform, _ n: Int) async throws -> (String, String) {
        let papers = try await p.platform.catalogueWork.recordPaper(area: "agriculture", PaperFields(kind: "conceptPaper", title: "Draft \(n)"),
                                                                    actor: .commandLine(user: "t"), now: p.clock.now)
        return (papers[0].id, try await adoptedDecision(p, title: "On the concept paper \(n)"))
    }

    /// A decision of the Senior Officials Committee, tabled and adopted now; its id.
    static func adoptedDecision(_ p: TestPlatform, title: String) async throws -> String {
        let decisions = p.platform.decisions
        let draft = try await decisions.create(NewDraft(title: title, organ: "senior-officials-committee", meeting: nil, text: "Endorsed.",
                                                        effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: p.clock.now)
        _ = try await decisions.table(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now)
        let closed = try await decisions.close(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now)
        #expect(closed.status == .adopted)
        return draft.id
    }

    /// An activity of the human dimension the Secretariat proposed, ended in the past; its id.
    static func activity(_ p: TestPlatform, _ n: Int) async throws -> String {
        try await p.platform.catalogueWork.recordActivity(area: "human-dimension", ActivityFields(kind: "training", title: "Training \(n)", start: "2025-03-0\(1 + n % 9)"),
                                                          actor: .commandLine(user: "t"), now: p.clock.now, today: p.platform.today()).id
    }

    /// A planned milestone of the Road Map's first area, recorded by the command line.
    static func milestone(_ p: TestPlatform, _ n: Int) async throws -> String {
        try await p.platform.catalogue.recordMilestone(MilestoneFields(area: "1", title: "Matrix milestone \(n)"), actor: .commandLine(user: "t"),
                                                       now: p.clock.now, today: p.platform.today()).id
    }

    /// A priority area Kazakhstan does not take part in, a different one for each call (an offer pending is not made twice).
    static func offerable(_ n: Int) -> String {
        let areas = ["energy-security", "information-technology", "tourism", "agriculture", "finance", "trade-and-investment", "sustainable-development",
                     "natural-disaster-management", "environment-protection", "combating-terrorism", "combating-illicit-drugs"]
        return areas[n % areas.count]
    }

    static let newDecision = #"{"title":"Matrix","organ":"senior-officials-committee","text":"Text.","effect":{"kind":"none","parameters":{}}}"#

    static let operations: [Operation] = [
        Operation(name: "form: set up two-step sign-in", route: "POST /account/second-factor", isForm: true, allowed: signedIn, success: .ok,
                  successes: [.administrator: .conflict, .secretariat: .conflict]) { p, c, _ in
            try await p.client.submit("/account/second-factor", as: c.session)
        },
        Operation(name: "form: confirm two-step sign-in", route: "POST /account/second-factor/confirm", isForm: true, allowed: signedIn, success: .badRequest,
                  successes: [.administrator: .conflict, .secretariat: .conflict]) { p, c, _ in
            try await p.client.submit("/account/second-factor/confirm", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: new recovery codes", route: "POST /account/second-factor/recovery-codes", isForm: true, allowed: signedIn, success: .conflict,
                  successes: [.administrator: .badRequest, .secretariat: .badRequest]) { p, c, _ in
            try await p.client.submit("/account/second-factor/recovery-codes", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: turn two-step sign-in off", route: "POST /account/second-factor/disable", isForm: true, allowed: signedIn, success: .conflict) { p, c, _ in
            try await p.client.submit("/account/second-factor/disable", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: create API token", route: "POST /account/tokens", isForm: true, allowed: signedIn, success: .created) { p, c, _ in
            try await p.client.submit("/account/tokens", ["name": "matrix"], as: c.session)
        },
        Operation(name: "form: revoke own API token", route: "POST /account/tokens/{id}/revoke", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.submit("/account/tokens/\(id)/revoke", as: c.session)
        },
        Operation(name: "form: add user", route: "POST /admin/users", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users", ["email": "new\(n)@example.org", "name": "New", "password": "a long enough password"], as: c.session)
        },
        Operation(name: "form: disable user", route: "POST /admin/users/{id}/disable", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/disable", as: c.session)
        },
        Operation(name: "form: enable user", route: "POST /admin/users/{id}/enable", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/enable", as: c.session)
        },
        Operation(name: "form: grant role", route: "POST /admin/users/{id}/roles", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/roles", ["role": "observer", "scope": "un"], as: c.session)
        },
        Operation(name: "form: revoke role", route: "POST /admin/users/{id}/roles/{grant}/revoke", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.submit("/admin/users/\(t.id)/roles/\(t.grants[0].id)/revoke", as: c.session)
        },
        Operation(name: "page: user administration", route: "GET /admin/users", isForm: true, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.get("/admin/users", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit log", route: "GET /audit", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit CSV", route: "GET /audit.csv", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit.csv", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: account", route: "GET /account", isForm: true, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.get("/account", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "API: create user", route: "createUser", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users", method: .post, token: c.token,
                                   json: #"{"email":"api\#(n)@example.org","displayName":"API","password":"a long enough password"}"#)
        },
        Operation(name: "API: disable user", route: "disableUser", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/disable", method: .post, token: c.token)
        },
        Operation(name: "API: enable user", route: "enableUser", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/enable", method: .post, token: c.token)
        },
        Operation(name: "API: grant role", route: "grantRole", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/roles", method: .post, token: c.token, json: #"{"kind":"observer","scope":"JP"}"#)
        },
        Operation(name: "API: revoke role", route: "revokeRole", isForm: false, allowed: [.administrator], success: .noContent) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.api("/api/v1/users/\(t.id)/roles/\(t.grants[0].id)", method: .delete, token: c.token)
        },
        Operation(name: "API: revoke own token", route: "revokeMyToken", isForm: false, allowed: signedIn, success: .noContent) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.api("/api/v1/me/tokens/\(id)", method: .delete, token: c.token)
        },
        Operation(name: "form: draft decision", route: "POST /decisions", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions", ["title": "Matrix", "organ": "senior-officials-committee", "text": "Text.", "effect": "none"], as: c.session)
        },
        Operation(name: "form: revise decision", route: "POST /decisions/{id}/versions", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/versions", ["text": "Text, revised."], as: c.session)
        },
        Operation(name: "form: table decision", route: "POST /decisions/{id}/table", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p, open: false))/table", as: c.session)
        },
        Operation(name: "form: circulate decision", route: "POST /decisions/{id}/circulate", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            let deadline = String(Timestamp.string(p.clock.now.addingTimeInterval(86_400)).prefix(16))
            return try await p.client.submit("/decisions/\(try await draft(p, open: false))/circulate", ["deadline": deadline], as: c.session)
        },
        Operation(name: "form: close decision", route: "POST /decisions/{id}/close", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/close", as: c.session)
        },
        Operation(name: "form: withdraw decision", route: "POST /decisions/{id}/withdraw", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/withdraw", as: c.session)
        },
        Operation(name: "form: take Kazakhstan's position", route: "POST /decisions/{id}/positions", isForm: true, allowed: kazakhstan, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/positions", ["state": "KZ", "version": "1", "position": "joins"], as: c.session)
        },
        Operation(name: "form: propose an amendment for Kazakhstan", route: "POST /decisions/{id}/amendments", isForm: true, allowed: kazakhstan, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/amendments", ["state": "KZ", "version": "1", "text": "Other text."], as: c.session)
        },
        Operation(name: "page: draft form", route: "GET /decisions/new", isForm: true, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.get("/decisions/new", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "API: create decision", route: "createDecision", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions", method: .post, token: c.token, json: newDecision)
        },
        Operation(name: "API: revise decision", route: "reviseDecision", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/versions", method: .post, token: c.token, json: #"{"text":"Text, revised."}"#)
        },
        Operation(name: "API: table decision", route: "tableDecision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p, open: false))/table", method: .post, token: c.token)
        },
        Operation(name: "API: circulate decision", route: "circulateDecision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            let deadline = Timestamp.string(p.clock.now.addingTimeInterval(86_400))
            return try await p.client.api("/api/v1/decisions/\(try await draft(p, open: false))/circulate", method: .post, token: c.token,
                                          json: #"{"deadline":"\#(deadline)"}"#)
        },
        Operation(name: "API: close decision", route: "closeDecision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/close", method: .post, token: c.token)
        },
        Operation(name: "API: withdraw decision", route: "withdrawDecision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/withdraw", method: .post, token: c.token)
        },
        Operation(name: "API: take Kazakhstan's position", route: "takePosition", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/positions", method: .post, token: c.token,
                                   json: #"{"state":"KZ","version":1,"position":"joins"}"#)
        },
        Operation(name: "API: propose an amendment for Kazakhstan", route: "proposeAmendment", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/amendments", method: .post, token: c.token,
                                   json: #"{"state":"KZ","version":1,"text":"Other text."}"#)
        },
        Operation(name: "API: register Kazakhstan's key", route: "registerDelegationKey", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
            return try await p.client.api("/api/v1/delegation-keys", method: .post, token: c.token, json: #"{"state":"KZ","publicKey":"\#(key)"}"#)
        },
        Operation(name: "API: list users", route: "listUsers", isForm: false, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/users", token: c.token)
        },
        Operation(name: "API: audit log", route: "listAudit", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit", token: c.token)
        },
        Operation(name: "API: audit CSV", route: "exportAudit", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit.csv", token: c.token)
        },
        Operation(name: "API: me", route: "getMe", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me", token: c.token)
        },
        Operation(name: "API: my tokens", route: "listMyTokens", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me/tokens", token: c.token)
        },
        Operation(name: "API: my notifications", route: "listMyNotifications", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me/notifications", token: c.token)
        },
        Operation(name: "API: mark my notifications read", route: "markMyNotificationsRead", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me/notifications/read", method: .post, token: c.token, json: #"{"all":true}"#)
        },
        Operation(name: "API: mark my notifications unread", route: "markMyNotificationsUnread", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me/notifications/unread", method: .post, token: c.token, json: #"{"all":true}"#)
        },
        Operation(name: "page: my notifications", route: "GET /notifications", isForm: true, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.get("/notifications", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "form: mark my notifications read", route: "POST /notifications/read", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            try await p.client.submit("/notifications/read", ["all": "true"], as: c.session)
        },
        Operation(name: "form: mark my notifications unread", route: "POST /notifications/unread", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            try await p.client.submit("/notifications/unread", ["all": "true"], as: c.session)
        },
        Operation(name: "API: a user", route: "getUser", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)", token: c.token)
        },
        Operation(name: "form: make my private calendar feed", route: "POST /account/calendar", isForm: true, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.submit("/account/calendar", as: c.session)
        },
        Operation(name: "form: revoke my private calendar feed", route: "POST /account/calendar/revoke", isForm: true, allowed: signedIn,
                  success: .seeOther) { p, c, _ in
            try await p.client.submit("/account/calendar/revoke", as: c.session)
        },
        Operation(name: "API: offer Kazakhstan's co-coordination", route: "offerCoordination", isForm: false, allowed: registrants, success: .created) { p, c, n in
            try await p.client.api("/api/v1/priority-areas/\(offerable(n))/offers", method: .post, token: c.token, json: #"{"state":"KZ","role":"coCoordinator"}"#)
        },
        Operation(name: "form: offer Kazakhstan's co-coordination", route: "POST /catalogue/areas/{slug}/offers", isForm: true, allowed: registrants,
                  success: .seeOther) { p, c, n in
            try await p.client.submit("/catalogue/areas/\(offerable(n))/offers", ["state": "KZ", "role": "coCoordinator"], as: c.session)
        },
        Operation(name: "API: add a measure to the 2021 Catalogue", route: "recordMeasure", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/catalogue/editions/catalogue-of-cbms-2021/measures", method: .post, token: c.token,
                                   json: #"{"number":"9.\#(n)","dimension":"economic","title":"Measure \#(n)","description":"What it is."}"#)
        },
        Operation(name: "form: add a measure to the 2021 Catalogue", route: "POST /catalogue/editions/{id}/measures", isForm: true, allowed: conduct,
                  success: .seeOther) { p, c, n in
            try await p.client.submit("/catalogue/editions/catalogue-of-cbms-2021/measures",
                                      ["number": "8.\(n)", "dimension": "economic", "title": "Measure \(n)", "description": "What it is."], as: c.session)
        },
        Operation(name: "API: change a measure", route: "editMeasure", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            let number = try await measure(p, n)
            return try await p.client.api("/api/v1/catalogue/editions/catalogue-of-cbms-2021/measures/\(number)", method: .patch, token: c.token,
                                          json: #"{"title":"Changed \#(n)"}"#)
        },
        Operation(name: "form: change a measure", route: "POST /catalogue/editions/{id}/measures/{number}", isForm: true, allowed: conduct,
                  success: .seeOther) { p, c, n in
            let number = try await measure(p, n)
            return try await p.client.submit("/catalogue/editions/catalogue-of-cbms-2021/measures/\(number)", ["title": "Changed \(n)"], as: c.session)
        },
        Operation(name: "API: record a concept paper", route: "recordAreaPaper", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/priority-areas/tourism/papers", method: .post, token: c.token, json: #"{"kind":"conceptPaper","title":"Paper \#(n)"}"#)
        },
        Operation(name: "form: record a concept paper", route: "POST /catalogue/areas/{slug}/papers", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/catalogue/areas/tourism/papers", ["kind": "actionPlan", "title": "Plan \(n)", "period": "2027-2029"], as: c.session)
        },
        Operation(name: "API: endorse a concept paper", route: "endorseAreaPaper", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            let (paper, decision) = try await draftPaper(p, n)
            return try await p.client.api("/api/v1/papers/\(paper)/endorsement", method: .post, token: c.token, json: #"{"decision":"\#(decision)"}"#)
        },
        Operation(name: "form: endorse a concept paper", route: "POST /catalogue/areas/{slug}/papers/{id}/endorsement", isForm: true, allowed: conduct,
                  success: .seeOther) { p, c, n in
            let (paper, decision) = try await draftPaper(p, n)
            return try await p.client.submit("/catalogue/areas/agriculture/papers/\(paper)/endorsement", ["decision": decision], as: c.session)
        },
        Operation(name: "API: propose an activity for Kazakhstan", route: "proposeActivity", isForm: false, allowed: registrants, success: .created) { p, c, n in
            try await p.client.api("/api/v1/priority-areas/human-dimension/activities", method: .post, token: c.token,
                                   json: #"{"state":"KZ","kind":"seminar","title":"Seminar \#(n)","start":"2027-05-1\#(n % 10)"}"#)
        },
        Operation(name: "form: propose an activity for Kazakhstan", route: "POST /catalogue/areas/{slug}/activities", isForm: true, allowed: registrants,
                  success: .seeOther) { p, c, n in
            try await p.client.submit("/catalogue/areas/human-dimension/activities",
                                      ["state": "KZ", "kind": "workshop", "title": "Workshop \(n)", "start": "2027-06-1\(n % 10)"], as: c.session)
        },
        Operation(name: "API: record an activity's outcome", route: "editActivity", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            let id = try await activity(p, n)
            return try await p.client.api("/api/v1/activities/\(id)", method: .patch, token: c.token, json: #"{"status":"held","outcome":"Held \#(n)"}"#)
        },
        Operation(name: "form: record an activity's outcome", route: "POST /catalogue/areas/{slug}/activities/{id}", isForm: true, allowed: conduct,
                  success: .seeOther) { p, c, n in
            let id = try await activity(p, n)
            return try await p.client.submit("/catalogue/areas/human-dimension/activities/\(id)", ["status": "held", "outcome": "Held \(n)"], as: c.session)
        },
        Operation(name: "API: record a Road Map milestone", route: "recordMilestone", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/road-map/milestones", method: .post, token: c.token, json: #"{"area":1,"title":"Milestone \#(n)","due":"2027-06-30"}"#)
        },
        Operation(name: "form: record a Road Map milestone", route: "POST /road-map/milestones", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/road-map/milestones", ["area": "2", "title": "Milestone \(n)", "status": "planned"], as: c.session)
        },
        Operation(name: "API: change a Road Map milestone", route: "editMilestone", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            let m = try await milestone(p, n)
            return try await p.client.api("/api/v1/road-map/milestones/\(m)", method: .patch, token: c.token, json: #"{"status":"inProgress"}"#)
        },
        Operation(name: "form: change a Road Map milestone", route: "POST /road-map/milestones/{id}", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            let m = try await milestone(p, n)
            return try await p.client.submit("/road-map/milestones/\(m)", ["status": "inProgress"], as: c.session)
        },
        Operation(name: "API: read Kazakhstan's report (a public part)", route: "getReport", isForm: false, allowed: Set(Who.allCases), success: .ok) { p, c, n in
            let year = 2005 + n % 15
            _ = try? await p.platform.reports.submit(state: "KZ", year: year, parts: [ReportPartFields(priorityArea: "tourism", status: "planned")],
                                                     actor: .commandLine(user: "t"), now: p.clock.now, today: p.platform.today())
            return try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: c.token)
        },
        Operation(name: "API: file Kazakhstan's report", route: "submitReport", isForm: false, allowed: [.delegate], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/member-states/KZ/reports/2024", method: .put, token: c.token,
                                   json: #"{"parts":[{"priorityArea":"tourism","status":"planned","narrative":"Plan \#(n)"}]}"#)
        },
        Operation(name: "form: file Kazakhstan's report", route: "POST /member-states/{code}/reports/{year}", isForm: true, allowed: [.delegate],
                  success: .seeOther) { p, c, n in
            try await p.client.submit("/member-states/KZ/reports/2023", ["status.tourism": "planned", "narrative.tourism": "Plan \(n)"], as: c.session)
        },
        Operation(name: "API: set a reporting deadline", route: "setReportingDeadline", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            try await p.client.api("/api/v1/reporting-years/2025", method: .put, token: c.token, json: #"{"deadline":"2026-0\#(1 + n % 8)-15"}"#)
        },
        Operation(name: "form: set a reporting deadline", route: "POST /catalogue/reports/{year}/deadline", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/catalogue/reports/2025/deadline", ["deadline": "2026-0\(1 + n % 8)-20"], as: c.session)
        },
        Operation(name: "API: record a memorandum", route: "recordMemorandum", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/partners/eco/memoranda", method: .post, token: c.token, json: #"{"instrument":"Protocol \#(n)","signed":"2026-05-01"}"#)
        },
        Operation(name: "form: record a memorandum", route: "POST /partners/{id}/memoranda", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/partners/eco/memoranda", ["instrument": "Protocol \(n)", "signed": "2026-05-01"], as: c.session)
        },
        Operation(name: "API: give a mandate", route: "giveMandate", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/mandates", method: .post, token: c.token, json: #"{"task":"A task","deadline":"2099-01-01"}"#)
        },
        Operation(name: "form: give a mandate", route: "POST /mandates", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/mandates", ["task": "A task", "deadline": "2099-01-01"], as: c.session)
        },
        Operation(name: "API: report on a mandate", route: "reportOnMandate", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/mandates/\(try await mandate(p))/report", method: .post, token: c.token, json: #"{"document":"\#(try await groupReport(p))"}"#)
        },
        Operation(name: "form: report on a mandate", route: "POST /mandates/{id}/report", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/mandates/\(try await mandate(p))/report", ["document": try await groupReport(p)], as: c.session)
        },
        Operation(name: "API: record a follow-up", route: "recordFollowUp", isForm: false, allowed: conduct, success: .badRequest) { p, c, _ in
            try await p.client.api("/api/v1/follow-ups/history-admission-kw", method: .put, token: c.token, json: #"{"status":"done"}"#)
        },
        Operation(name: "form: record a follow-up", route: "POST /follow-ups", isForm: true, allowed: conduct, success: .badRequest) { p, c, _ in
            try await p.client.submit("/follow-ups", ["decision": "history-admission-kw", "status": "done"], as: c.session)
        },
        Operation(name: "API: appoint Secretariat personnel", route: "appointStaff", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/secretariat/staff", method: .post, token: c.token,
                                   json: #"{"category":"professional","title":"Counsellor","name":"Person \#(n)","secondedBy":"IN","start":"2026-01-10"}"#)
        },
        Operation(name: "form: appoint Secretariat personnel", route: "POST /secretariat/staff", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/secretariat/staff", ["category": "professional", "title": "Counsellor", "name": "Person \(n)", "secondedBy": "IN",
                                                             "start": "2026-01-10"], as: c.session)
        },
        Operation(name: "API: end a Secretariat term", route: "endStaffTerm", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/secretariat/staff/\(try await staff(p))/end", method: .post, token: c.token, json: #"{"end":"2026-06-30"}"#)
        },
        Operation(name: "form: end a Secretariat term", route: "POST /secretariat/staff/{id}/end", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/secretariat/staff/\(try await staff(p))/end", ["end": "2026-06-30"], as: c.session)
        },
        Operation(name: "API: record an admission step", route: "recordAdmissionStep", isForm: false, allowed: conduct, success: .badRequest) { p, c, _ in
            try await p.client.api("/api/v1/admissions/NP/steps", method: .post, token: c.token, json: #"{"step":"application","date":"2026-09-01"}"#)
        },
        Operation(name: "form: record an admission step", route: "POST /admissions/{code}", isForm: true, allowed: conduct, success: .badRequest) { p, c, _ in
            try await p.client.submit("/admissions/NP", ["step": "application", "date": "2026-09-01"], as: c.session)
        },
        Operation(name: "API: plan a meeting", route: "planMeeting", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/meetings", method: .post, token: c.token, json: newMeeting)
        },
        Operation(name: "form: plan a meeting", route: "POST /meetings/new", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/new", ["organ": "senior-officials-committee", "kind": "regular", "format": "online", "title": "Matrix",
                                                        "start": "2027-02-10"], as: c.session)
        },
        Operation(name: "API: change a meeting's facts", route: "editMeeting", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .planned))/facts", method: .post, token: c.token,
                                   json: #"{"kind":"special","format":"online","title":"Matrix meeting","start":"2027-02-10"}"#)
        },
        Operation(name: "form: change a meeting's facts", route: "POST /meetings/{id}/facts", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .planned))/facts", ["kind": "special", "format": "online", "title": "Matrix meeting",
                                                                                         "start": "2027-02-10"], as: c.session)
        },
        Operation(name: "API: circulate an agenda", route: "circulateAgenda", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .planned))/agenda", method: .put, token: c.token, json: #"{"items":[{"title":"Opening"}]}"#)
        },
        Operation(name: "form: circulate an agenda", route: "POST /meetings/{id}/agenda", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .planned))/agenda", ["items": "Opening"], as: c.session)
        },
        Operation(name: "API: open a meeting", route: "openMeeting", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .circulated))/open", method: .post, token: c.token, json: "{}")
        },
        Operation(name: "form: open a meeting", route: "POST /meetings/{id}/open", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .circulated))/open", ["agenda": ""], as: c.session)
        },
        Operation(name: "API: close a meeting", route: "closeMeeting", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .inSession))/close", method: .post, token: c.token)
        },
        Operation(name: "form: close a meeting", route: "POST /meetings/{id}/close", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .inSession))/close", as: c.session)
        },
        Operation(name: "API: cancel a meeting", route: "cancelMeeting", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .planned))/cancel", method: .post, token: c.token, json: #"{"reason":"Postponed."}"#)
        },
        Operation(name: "form: cancel a meeting", route: "POST /meetings/{id}/cancel", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .planned))/cancel", ["reason": "Postponed."], as: c.session)
        },
        Operation(name: "API: register Kazakhstan's delegation", route: "registerDelegation", isForm: false, allowed: registrants, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .planned))/registrations/KZ", method: .put, token: c.token,
                                   json: #"{"head":{"name":"Kairat Umarov","title":"Deputy Minister"}}"#)
        },
        Operation(name: "form: register Kazakhstan's delegation", route: "POST /meetings/{id}/registrations", isForm: true, allowed: registrants,
                  success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .planned))/registrations", ["delegation": "KZ", "head": "Kairat Umarov"], as: c.session)
        },
        Operation(name: "API: adopt a meeting's report", route: "adoptMeetingReport", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/meetings/\(try await meeting(p, .inSession))/report", method: .post, token: c.token)
        },
        Operation(name: "form: adopt a meeting's report", route: "POST /meetings/{id}/report", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/meetings/\(try await meeting(p, .inSession))/report", as: c.session)
        },
        Operation(name: "API: register a document", route: "registerDocument", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/documents", method: .post, token: c.token,
                                   json: #"{"title":"Note \#(n)","kind":"noteVerbale","access":"secretariat"}"#)
        },
        Operation(name: "form: register a document", route: "POST /documents/new", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/documents/new", ["title": "Note \(n)", "kind": "noteVerbale", "access": "memberStates"], as: c.session)
        },
        Operation(name: "API: change a document's date", route: "amendDocument", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            try await p.client.api("/api/v1/documents/\(try await document(p, .public))", method: .patch, token: c.token, json: #"{"date":"\#(2000 + n % 90)"}"#)
        },
        Operation(name: "form: change a document's date", route: "POST /documents/{id}/amend", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/documents/\(try await document(p, .public))/amend", ["date": "\(2000 + n % 90)"], as: c.session)
        },
        Operation(name: "API: issue a revision", route: "issueSuccessor", isForm: false, allowed: conduct, success: .created) { p, c, n in
            try await p.client.api("/api/v1/documents/almaty-act-2002/successors", method: .post, token: c.token,
                                   json: #"{"relation":"corrigendum","title":"Corrigendum \#(n)"}"#)
        },
        Operation(name: "form: issue a revision", route: "POST /documents/{id}/successors", isForm: true, allowed: conduct, success: .seeOther) { p, c, n in
            try await p.client.submit("/documents/almaty-act-2002/successors", ["relation": "addendum", "title": "Addendum \(n)"], as: c.session)
        },
        Operation(name: "API: a language version", route: "putDocumentVersion", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            try await p.client.api("/api/v1/documents/almaty-act-2002/versions/fr", method: .put, token: c.token, json: #"{"title":"Acte d'Almaty \#(n)"}"#)
        },
        Operation(name: "API: upload a file", route: "putDocumentFile", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            try await p.client.upload("/api/v1/documents/almaty-act-2002/versions/en/file?filename=act-\(n).txt", token: c.token, type: "text/plain",
                                      content: Array("The Almaty Act, copy \(n).\n".utf8))
        },
        Operation(name: "form: a language version with its file", route: "POST /documents/{id}/versions", isForm: true, allowed: conduct,
                  success: .seeOther) { p, c, n in
            try await p.client.submitMultipart("/documents/almaty-act-2002/versions", [("language", "ru"), ("title", "Алматинский акт")],
                                               file: ("Алматинский акт \(n).txt", "text/plain", Array("Алматинский акт, копия \(n).\n".utf8)), as: c.session)
        },
        Operation(name: "API: a public document", route: "getDocument", isForm: false, allowed: Set(Who.allCases), success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/documents/almaty-act-2002", token: c.token)
        },
        Operation(name: "API: a Member States' document: not found for anyone else", route: "getDocument", isForm: false, allowed: Set(Who.allCases),
                  success: .notFound, successes: [.secretariat: .ok, .delegate: .ok]) { p, c, _ in
            try await p.client.api("/api/v1/documents/\(try await document(p, .memberStates))", token: c.token)
        },
        Operation(name: "API: a Secretariat document: not found for anyone else", route: "getDocument", isForm: false, allowed: Set(Who.allCases),
                  success: .notFound, successes: [.secretariat: .ok]) { p, c, _ in
            try await p.client.api("/api/v1/documents/\(try await document(p, .secretariat))", token: c.token)
        },
        Operation(name: "API: a public document's file", route: "getDocumentFile", isForm: false, allowed: Set(Who.allCases), success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/documents/\(try await document(p, .public, file: true))/versions/en/file", token: c.token)
        },
        Operation(name: "API: a Secretariat document's file: not found for anyone else", route: "getDocumentFile", isForm: false,
                  allowed: Set(Who.allCases), success: .notFound, successes: [.secretariat: .ok]) { p, c, _ in
            try await p.client.api("/api/v1/documents/\(try await document(p, .secretariat, file: true))/versions/en/file", token: c.token)
        },
        // Last: a password change revokes the caller's API tokens and ends their other sessions.
        Operation(name: "API: accredit a head of Kazakhstan's delegation", route: "accreditDelegate", isForm: false, allowed: conduct, success: .created) { p, c, n in
            let head = try await p.user("head\(n)@example.org", (.delegate, "KZ"))
            return try await p.client.api("/api/v1/member-states/KZ/delegation/accreditations", method: .post, token: c.token,
                                          json: #"{"email":"\#(head.email)","role":"head"}"#)
        },
        Operation(name: "form: accredit a member of Kazakhstan's delegation", route: "POST /member-states/{code}/delegation/accreditations", isForm: true,
                  allowed: conduct, success: .seeOther) { p, c, n in
            let member = try await p.user("member\(n)@example.org", (.delegate, "KZ"))
            _ = try await p.platform.delegations.withdraw(state: "KZ", accreditation: try await accreditation(p, member), actor: .commandLine(user: "t"), now: p.clock.now)
            return try await p.client.submit("/member-states/KZ/delegation/accreditations", ["email": member.email, "role": "member"], as: c.session)
        },
        Operation(name: "API: withdraw an accreditation", route: "withdrawAccreditation", isForm: false, allowed: conduct, success: .ok) { p, c, n in
            let id = try await accreditation(p, try await p.user("withdrawn\(n)@example.org", (.delegate, "KZ")))
            return try await p.client.api("/api/v1/member-states/KZ/delegation/accreditations/\(id)/withdraw", method: .post, token: c.token)
        },
        Operation(name: "form: withdraw an accreditation", route: "POST /member-states/{code}/delegation/accreditations/{id}/withdraw", isForm: true,
                  allowed: conduct, success: .seeOther) { p, c, n in
            let id = try await accreditation(p, try await p.user("withdrawn\(n)@example.org", (.delegate, "KZ")))
            return try await p.client.submit("/member-states/KZ/delegation/accreditations/\(id)/withdraw", as: c.session)
        },
        Operation(name: "API: revoke Kazakhstan's key", route: "revokeDelegationKey", isForm: false, allowed: kazakhstan, success: .ok) { p, c, _ in
            let key = try await kazakhKey(p)
            return try await p.client.api("/api/v1/member-states/KZ/delegation/keys/\(key)/revoke", method: .post, token: c.token)
        },
        Operation(name: "form: revoke Kazakhstan's key", route: "POST /member-states/{code}/delegation/keys/{key}/revoke", isForm: true,
                  allowed: kazakhstan, success: .seeOther) { p, c, _ in
            try await p.client.submit("/member-states/KZ/delegation/keys/\(try await kazakhKey(p))/revoke", as: c.session)
        },
        // Near the end: once Kazakhstan requires signed positions, its unsigned ones are refused.
        Operation(name: "API: require signed positions from Kazakhstan", route: "requireSignatures", isForm: false, allowed: kazakhstan, success: .ok) { p, c, _ in
            // A key first, while one can still be registered without an endorsement.
            if try await p.platform.delegations.delegation(state: "KZ").record.signaturesRequiredSince == nil { _ = try await kazakhKey(p) }
            return try await p.client.api("/api/v1/member-states/KZ/delegation/signatures-required", method: .post, token: c.token)
        },
        // The API row before required them already: the form reaches the rule, which says so.
        Operation(name: "form: require signed positions", route: "POST /member-states/{code}/delegation/signatures-required", isForm: true,
                  allowed: kazakhstan, success: .badRequest) { p, c, _ in
            try await p.client.submit("/member-states/KZ/delegation/signatures-required", as: c.session)
        },
        Operation(name: "form: change password", route: "POST /account/password", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": TestPlatform.password,
                                                            "confirmPassword": TestPlatform.password], as: c.session)
        },
    ]

    static func expected(_ operation: Operation, _ who: Who) -> Expected {
        if operation.allowed.contains(who) { return .allowed(operation.successes[who] ?? operation.success) }
        if who == .anonymous { return operation.isForm ? .signIn : .unauthorized }
        return .forbidden
    }

    static func observed(_ response: TestResponse) -> Expected {
        switch response.status {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .seeOther where response.headers[.location]?.hasPrefix("/login") == true: .signIn
        default: .allowed(response.status)
        }
    }

    @Test("every write and restricted read, as every role", arguments: TestEngine.all)
    func matrix(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            var callers: [Caller] = [Caller(who: .anonymous)]
            let roles: [(Who, (RoleKind, String?))] = [(.administrator, (.administrator, nil)), (.secretariat, (.secretariat, nil)),
                                                       (.delegate, (.delegate, "KZ")), (.observer, (.observer, "JP"))]
            for (who, role) in roles {
                let user = try await p.user("\(who.rawValue)@example.org", role)
                callers.append(Caller(who: who, user: user, session: try await p.signIn(user.email), token: try await p.token(for: user)))
            }
            var n = 0
            // The public reads first: the last row changes the password, which revokes every token.
            for operation in Self.publicReads + Self.siteReads + Self.operations {
                for caller in callers {
                    n += 1
                    let response = try await operation.call(p, caller, n)
                    let expected = Self.expected(operation, caller.who)
                    #expect(Self.observed(response) == expected, "\(operation.name) as \(caller.who): \(response.status) \(response.text.prefix(200))")
                    if expected == .forbidden {
                        // A denial says why.
                        let reasons = ["Accounts are managed by an administrator", "audit log is for", "manages accounts", "never takes positions",
                                       "Implementation reports are submitted by the Member States",
                                       "kept by the Secretariat", "acts only for their own state", "never take part in consensus",
                                       "registers its own signing key", "keeps the records", "registers only its own delegation"]
                        #expect(reasons.contains { response.text.contains($0) }, "\(operation.name) as \(caller.who): no reason: \(response.text.prefix(300))")
                    }
                }
            }
            #expect(Set((Self.operations + Self.publicReads + Self.siteReads).map(\.name)).count
                    == Self.operations.count + Self.publicReads.count + Self.siteReads.count)
        }
    }

    /// The operations of openapi.yaml: method, path and operation id, read from the contract itself.
    static let contract: [(method: String, path: String, id: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CICAServer/openapi.yaml")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var result: [(String, String, String)] = []
        var path = "", method = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") { path = String(line.dropFirst(2).dropLast()) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("    "), !line.hasPrefix("     "), ["get:", "post:", "put:", "patch:", "delete:"].contains(trimmed) {
                method = String(trimmed.dropLast()).uppercased()
            }
            if trimmed.hasPrefix("operationId:") {
                result.append((method, path, trimmed.replacingOccurrences(of: "operationId:", with: "").trimmingCharacters(in: .whitespaces)))
            }
        }
        return result
    }()

    /// A real address for each public read of the contract that takes a parameter.
    static let examples: [String: String] = [
        "/api/v1/member-states/{code}": "/api/v1/member-states/KZ", "/api/v1/organs/{slug}": "/api/v1/organs/summit",
        "/api/v1/meetings/{id}": "/api/v1/meetings/summit-6", "/api/v1/admissions/{code}": "/api/v1/admissions/KW",
        "/api/v1/partners/{id}": "/api/v1/partners/eco", "/api/v1/eligibility/{code}": "/api/v1/eligibility/NP",
        "/api/v1/priority-areas/{slug}": "/api/v1/priority-areas/human-dimension",
        "/api/v1/catalogue/editions/{id}": "/api/v1/catalogue/editions/catalogue-of-cbms-2021",
        "/api/v1/decisions/{id}": "/api/v1/decisions/history-admission-kw",
        "/api/v1/decisions/{id}/record": "/api/v1/decisions/history-admission-kw/record",
        "/api/v1/member-states/{code}/delegation": "/api/v1/member-states/KZ/delegation",
        "/api/v1/search": "/api/v1/search?q=almaty",
        "/api/v1/log/inclusion": "/api/v1/log/inclusion?index=0&size=1", "/api/v1/log/consistency": "/api/v1/log/consistency?old=0&new=1",
    ]

    /// Every read of the contract no row above restricts: open to everyone, signed in or not.
    static let publicReads: [Operation] = contract.filter { operation in
        operation.method == "GET" && !operations.contains { $0.route == operation.id }
    }.map { operation in
        let address = examples[operation.path] ?? (operation.path.contains("{") ? nil : operation.path)
        return Operation(name: "API: \(operation.id) (public)", route: operation.id, isForm: false, allowed: Set(Who.allCases), success: .ok) { p, c, _ in
            if operation.path == "/api/v1/log/checkpoints/{size}" {
                // The size of a checkpoint the platform signed: the newest one's.
                let newest = try await p.client.get("/api/v1/log/checkpoint").text.split(separator: "\n")[1]
                return try await p.client.api("/api/v1/log/checkpoints/\(newest)", token: c.token)
            }
            guard let address else {
                Issue.record("\(operation.path): give it an example address in AuthorizationMatrixTests.examples")
                return try await p.client.get(operation.path)
            }
            return try await p.client.api(address, token: c.token)
        }
    }

    /// The site's reads outside the API that answer with data: search, CSV, open standards. Open to everyone, signed in
    /// or not; what each holds is cut to the reader (tested in SearchTests, RegistryCSVTests, OpenDataServerTests).
    static let siteReads: [Operation] = [
        "/search?q=almaty", "/open-data", "/open-data/popolo.json", "/decisions/history-admission-kw/akoma-ntoso.xml",
        "/documents/almaty-act-2002/akoma-ntoso.xml", "/member-states.csv", "/observers.csv", "/partners.csv", "/meetings.csv",
        "/decisions.csv", "/catalogue/coordinations.csv", "/catalogue/reports.csv?year=2025", "/documents.csv",
    ].map { path in
        Operation(name: "page: GET \(path)", route: "GET \(path)", isForm: false, allowed: Set(Who.allCases), success: .ok) { p, c, _ in
            try await p.client.get(path, headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        }
    }

    /// The forms that sign in and out: open to everyone by nature, and tested with their throttling in AccessTests.
    static let signInForms: Set = ["POST /login", "POST /login/second-factor", "POST /logout"]

    @Test("the matrix has a row for every operation of the contract and every form of the site")
    func coverage() async throws {
        #expect(Self.contract.count > 30)
        // Every operation of the contract has its row (the public reads get theirs from the contract).
        let rows = Set((Self.operations + Self.publicReads).map(\.route))
        let missing = Self.contract.map(\.id).filter { !rows.contains($0) }
        #expect(missing == [], "add a row to the matrix for each new operation of openapi.yaml")
        // Every row of an API operation names one the contract still has.
        let ids = Set(Self.contract.map(\.id))
        #expect(Self.operations.filter { !$0.isForm && !ids.contains($0.route) }.map(\.name) == [])
        // Every form the router serves (anything but a read, outside the API) has its row.
        try await withPlatform(.sqlite) { p in
            let router = try await buildRouter(p.platform, metrics: nil)
            let forms = Set(router.routes.filter { $0.method != .get && $0.path.components.first.map { "\($0)" } != "api" }.map { route in
                "\(route.method) /" + route.path.components.map { component in
                    let text = "\(component)"
                    return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                }.joined(separator: "/")
            })
            #expect(!forms.isEmpty)
            let covered = Set(Self.operations.filter(\.isForm).map(\.route)).union(Self.signInForms)
            #expect(forms.subtracting(covered).sorted() == [], "add a row to the matrix for each new form")
            #expect(Self.signInForms.subtracting(forms).sorted() == [], "a sign-in form listed here no longer exists")
        }
    }
}
