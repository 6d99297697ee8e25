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
    static let kazakhstan: Set<Who> = [.delegate]

    /// A fresh draft to act on: tabled (open) unless asked to stay in drafting.
    static func draft(_ p: TestPlatform, open: Bool = true) async throws -> String {
        let decisions = p.platform.decisions
        let draft = try await decisions.create(NewDraft(title: "Matrix", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                        effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: p.clock.now)
        if open { _ = try await decisions.table(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now) }
        return draft.id
    }

    static let newDecision = #"{"title":"Matrix","organ":"senior-officials-committee","text":"Text.","effect":{"kind":"none","parameters":{}}}"#

    static let operations: [Operation] = [
        Operation(name: "form: set up two-step sign-in", isForm: true, allowed: signedIn, success: .ok,
                  successes: [.administrator: .conflict, .secretariat: .conflict]) { p, c, _ in
            try await p.client.submit("/account/second-factor", as: c.session)
        },
        Operation(name: "form: confirm two-step sign-in", isForm: true, allowed: signedIn, success: .badRequest,
                  successes: [.administrator: .conflict, .secretariat: .conflict]) { p, c, _ in
            try await p.client.submit("/account/second-factor/confirm", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: new recovery codes", isForm: true, allowed: signedIn, success: .conflict,
                  successes: [.administrator: .badRequest, .secretariat: .badRequest]) { p, c, _ in
            try await p.client.submit("/account/second-factor/recovery-codes", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: turn two-step sign-in off", isForm: true, allowed: signedIn, success: .conflict) { p, c, _ in
            try await p.client.submit("/account/second-factor/disable", ["code": "not a code"], as: c.session)
        },
        Operation(name: "form: create API token", isForm: true, allowed: signedIn, success: .created) { p, c, _ in
            try await p.client.submit("/account/tokens", ["name": "matrix"], as: c.session)
        },
        Operation(name: "form: revoke own API token", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.submit("/account/tokens/\(id)/revoke", as: c.session)
        },
        Operation(name: "form: add user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users", ["email": "new\(n)@example.org", "name": "New", "password": "a long enough password"], as: c.session)
        },
        Operation(name: "form: disable user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/disable", as: c.session)
        },
        Operation(name: "form: enable user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/enable", as: c.session)
        },
        Operation(name: "form: grant role", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/roles", ["role": "observer", "scope": "un"], as: c.session)
        },
        Operation(name: "form: revoke role", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.submit("/admin/users/\(t.id)/roles/\(t.grants[0].id)/revoke", as: c.session)
        },
        Operation(name: "page: user administration", isForm: true, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.get("/admin/users", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit log", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit CSV", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit.csv", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: account", isForm: true, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.get("/account", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "API: create user", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users", method: .post, token: c.token,
                                   json: #"{"email":"api\#(n)@example.org","displayName":"API","password":"a long enough password"}"#)
        },
        Operation(name: "API: disable user", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/disable", method: .post, token: c.token)
        },
        Operation(name: "API: enable user", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/enable", method: .post, token: c.token)
        },
        Operation(name: "API: grant role", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/roles", method: .post, token: c.token, json: #"{"kind":"observer","scope":"JP"}"#)
        },
        Operation(name: "API: revoke role", isForm: false, allowed: [.administrator], success: .noContent) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.api("/api/v1/users/\(t.id)/roles/\(t.grants[0].id)", method: .delete, token: c.token)
        },
        Operation(name: "API: revoke own token", isForm: false, allowed: signedIn, success: .noContent) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.api("/api/v1/me/tokens/\(id)", method: .delete, token: c.token)
        },
        Operation(name: "form: draft decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions", ["title": "Matrix", "organ": "senior-officials-committee", "text": "Text.", "effect": "none"], as: c.session)
        },
        Operation(name: "form: revise decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/versions", ["text": "Text, revised."], as: c.session)
        },
        Operation(name: "form: table decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p, open: false))/table", as: c.session)
        },
        Operation(name: "form: circulate decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            let deadline = String(Timestamp.string(p.clock.now.addingTimeInterval(86_400)).prefix(16))
            return try await p.client.submit("/decisions/\(try await draft(p, open: false))/circulate", ["deadline": deadline], as: c.session)
        },
        Operation(name: "form: close decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/close", as: c.session)
        },
        Operation(name: "form: withdraw decision", isForm: true, allowed: conduct, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/withdraw", as: c.session)
        },
        Operation(name: "form: take Kazakhstan's position", isForm: true, allowed: kazakhstan, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/positions", ["state": "KZ", "version": "1", "position": "joins"], as: c.session)
        },
        Operation(name: "form: propose an amendment for Kazakhstan", isForm: true, allowed: kazakhstan, success: .seeOther) { p, c, _ in
            try await p.client.submit("/decisions/\(try await draft(p))/amendments", ["state": "KZ", "version": "1", "text": "Other text."], as: c.session)
        },
        Operation(name: "page: draft form", isForm: true, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.get("/decisions/new", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "API: create decision", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions", method: .post, token: c.token, json: newDecision)
        },
        Operation(name: "API: revise decision", isForm: false, allowed: conduct, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/versions", method: .post, token: c.token, json: #"{"text":"Text, revised."}"#)
        },
        Operation(name: "API: table decision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p, open: false))/table", method: .post, token: c.token)
        },
        Operation(name: "API: circulate decision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            let deadline = Timestamp.string(p.clock.now.addingTimeInterval(86_400))
            return try await p.client.api("/api/v1/decisions/\(try await draft(p, open: false))/circulate", method: .post, token: c.token,
                                          json: #"{"deadline":"\#(deadline)"}"#)
        },
        Operation(name: "API: close decision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/close", method: .post, token: c.token)
        },
        Operation(name: "API: withdraw decision", isForm: false, allowed: conduct, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/withdraw", method: .post, token: c.token)
        },
        Operation(name: "API: take Kazakhstan's position", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/positions", method: .post, token: c.token,
                                   json: #"{"state":"KZ","version":1,"position":"joins"}"#)
        },
        Operation(name: "API: propose an amendment for Kazakhstan", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            try await p.client.api("/api/v1/decisions/\(try await draft(p))/amendments", method: .post, token: c.token,
                                   json: #"{"state":"KZ","version":1,"text":"Other text."}"#)
        },
        Operation(name: "API: register Kazakhstan's key", isForm: false, allowed: kazakhstan, success: .created) { p, c, _ in
            let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
            return try await p.client.api("/api/v1/delegation-keys", method: .post, token: c.token, json: #"{"state":"KZ","publicKey":"\#(key)"}"#)
        },
        Operation(name: "API: list users", isForm: false, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/users", token: c.token)
        },
        Operation(name: "API: audit log", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit", token: c.token)
        },
        Operation(name: "API: audit CSV", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit.csv", token: c.token)
        },
        Operation(name: "API: me", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me", token: c.token)
        },
        // Last: a password change revokes the caller's API tokens and ends their other sessions.
        Operation(name: "form: change password", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
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
            for operation in Self.operations {
                for caller in callers {
                    n += 1
                    let response = try await operation.call(p, caller, n)
                    let expected = Self.expected(operation, caller.who)
                    #expect(Self.observed(response) == expected, "\(operation.name) as \(caller.who): \(response.status) \(response.text.prefix(200))")
                    if expected == .forbidden {
                        // A denial says why.
                        let reasons = ["Accounts are managed by an administrator", "audit log is for", "manages accounts", "never takes positions",
                                       "kept by the Secretariat", "acts only for their own state", "never take part in consensus",
                                       "registers its own signing key", "keeps the records"]
                        #expect(reasons.contains { response.text.contains($0) }, "\(operation.name) as \(caller.who): no reason: \(response.text.prefix(300))")
                    }
                }
            }
            #expect(Set(Self.operations.map(\.name)).count == Self.operations.count)
        }
    }

    @Test("the matrix covers every state-changing operation of the API contract")
    func coverage() async throws {
        try await withPlatform(.sqlite) { p in
            let spec = try await p.client.get("/openapi.yaml").text
            // Operation ids that follow a post, put, patch or delete line in the contract.
            var writes: Set<String> = []
            var method = ""
            for line in spec.components(separatedBy: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if ["get:", "post:", "put:", "patch:", "delete:"].contains(trimmed) { method = trimmed }
                if trimmed.hasPrefix("operationId:"), method != "get:" {
                    writes.insert(trimmed.replacingOccurrences(of: "operationId:", with: "").trimmingCharacters(in: .whitespaces))
                }
            }
            #expect(!writes.isEmpty)
            let covered: Set = ["createUser", "disableUser", "enableUser", "grantRole", "revokeRole", "revokeMyToken", "createDecision", "reviseDecision",
                                "tableDecision", "circulateDecision", "closeDecision", "withdrawDecision", "takePosition", "proposeAmendment",
                                "registerDelegationKey"]
            #expect(writes == covered, "the matrix lists every write operation; add new ones to it")
        }
    }
}
