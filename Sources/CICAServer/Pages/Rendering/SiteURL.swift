import Foundation
import Hummingbird

/// Every address of the site's pages and forms, written once: the router registers each page's route from it, and every
/// link and form action on every page comes from it. A parameter is filled in when linking (`.memberState("KZ")`) and
/// named when registering (`.memberState(.parameter("code"))`).
enum SiteURL: Sendable, Equatable {
    case home
    case memberStates(founding: Bool? = nil)
    case memberState(String)
    case delegation(String)
    case delegationForm(String, DelegationForm)
    case withdrawAccreditation(String, String)
    case revokeDelegationKey(String, String)
    case observers
    /// A partner organization, and the Secretariat's form to record a memorandum with it.
    case partner(String)
    case partnerMemoranda(String)
    /// A state's admission, step by step (and the Secretariat's form).
    case admission(String)
    case organs
    case organ(String)
    /// The Secretariat's forms: a mandate given by the Senior Officials Committee, the Group's report on one, the
    /// follow-up of a decision of the Committee.
    case mandates
    case mandateReport(String)
    case followUps
    /// Every chair's term, and who chaired on `date`.
    case chairmanship(date: String? = nil)
    case meetings
    case meeting(String)
    case newMeeting
    case meetingForm(String, MeetingForm)
    /// The calendar page: a year, or one month of it.
    case calendar(year: Int? = nil, month: Int? = nil)
    /// Everything public, as iCalendar.
    case calendarFeed
    /// One organ's meetings, as iCalendar.
    case organCalendar(String)
    /// A user's private feed, by the secret in its address.
    case privateCalendar(String)
    case decisions
    case newDecision
    case decision(String)
    case decisionVersion(String, String)
    /// A version's text in one language.
    case decisionVersionIn(String, String, String)
    case decisionStep(String, DecisionForm)
    case catalogue(anchor: String? = nil)
    /// A priority area of the Catalogue: its coordination and its history; and the form to offer a state's coordination.
    case priorityArea(String)
    case coordinationOffers(String)
    /// A priority area's papers (the Secretariat's form to record one; to endorse a draft) and activities (a
    /// coordinating state's delegate proposes one, the Secretariat records one; the Secretariat records what came of one).
    case areaPapers(String)
    case paperEndorsement(String, String)
    case areaActivities(String)
    case areaActivity(String, String)
    /// The Catalogue's editions; an edition with its measures (and the Secretariat's forms to add and change one); what
    /// changed between two editions.
    case editions
    case edition(String)
    case measures(String)
    case measure(String, String)
    case editionComparison(from: String? = nil, to: String? = nil)
    /// The yearly implementation reports: who reported for a year; a state's report for a year (and its delegates'
    /// form); the Secretariat's form to set a year's deadline.
    case reports(year: Int? = nil)
    /// Member States × priority areas for a year, as a page and as CSV.
    case overview(year: Int? = nil)
    case overviewCSV(year: Int? = nil)
    case stateReport(String, String)
    case reportingDeadline(String)
    case roadMap
    /// The Secretariat's forms: record a milestone of the Road Map; change one.
    case milestones
    case milestone(String)
    case documents
    /// A registry list as CSV (the reports of a year).
    case csv(RegistryCSV.List, year: Int? = nil)
    /// What the platform publishes in open formats; the whole forum in Popolo JSON; a decision or a declaration in Akoma
    /// Ntoso XML, in one of its languages.
    case openData
    case popolo
    case decisionAKN(String, language: String? = nil)
    case documentAKN(String, language: String? = nil)
    /// The search page, with a query and its filters.
    case search(q: String? = nil, kind: String? = nil, year: Int? = nil, organ: String? = nil, language: String? = nil, page: Int? = nil)
    case newDocument
    case document(String)
    case documentForm(String, DocumentForm)
    /// A language version's file (a revision's, or the newest): served by the API, linked from the pages.
    case documentFile(String, language: String, revision: Int?)
    case secretariat
    /// The Secretariat's form to appoint personnel, and to end a term.
    case staff
    case endStaffTerm(String)
    case eligibility(code: String? = nil)
    case sources
    case source(String)
    case login(next: String? = nil)
    case secondFactor
    case logout
    case account(passwordChanged: (sessions: Int, tokens: Int)? = nil)
    case accountForm(AccountForm)
    case revokeToken(String)
    case users
    case user(String)
    case userForm(String, UserForm)
    case revokeRole(String, String)
    case audit
    case auditCSV
    /// What waits for the signed-in person, and the forms that mark it read or unread.
    case notifications
    case notificationsRead
    case notificationsUnread
    case stylesheet
    case icon
    case countdownScript
    case openAPI
    case decisionRecord(String)

    /// The forms a decision's page posts, each to its own address.
    enum DecisionForm: String, Sendable {
        case versions, table, circulate, close, withdraw, positions, amendments
    }

    /// The forms of the account page.
    enum AccountForm: String, Sendable {
        case password, tokens
        case secondFactor = "second-factor"
        case confirmSecondFactor = "second-factor/confirm"
        case recoveryCodes = "second-factor/recovery-codes"
        case disableSecondFactor = "second-factor/disable"
        case calendar
        case revokeCalendar = "calendar/revoke"
    }

    /// The forms of a document's page: a language version (with its file), a revision, corrigendum or addendum, a change.
    /// The forms of a meeting's page: the Secretariat's steps and a delegation's registration.
    enum MeetingForm: String, Sendable, CaseIterable {
        case facts, agenda, open, close, cancel, registrations, report
    }

    enum DocumentForm: String, Sendable {
        case versions, successors, amend
    }

    /// The forms of a Member State's delegation page.
    enum DelegationForm: String, Sendable {
        case accreditations
        case signaturesRequired = "signatures-required"
    }

    /// The forms of a user's page in user administration.
    enum UserForm: String, Sendable {
        case disable, enable, roles
    }

    static func == (a: SiteURL, b: SiteURL) -> Bool { a.href == b.href }

    /// The path, with its query where there is one, ready for `href` or `action` (values percent-encoded).
    var href: String {
        let (segments, query) = parts
        var result = segments.isEmpty ? "/" : ""
        for segment in segments {
            result += "/"
            result += Self.encodeSegment(segment)
        }
        var separator = "?"
        for case let (key, value?) in query {
            result += separator
            result += key
            result += "="
            result += Self.encodeQuery(value)
            separator = "&"
        }
        if case .catalogue(let anchor?) = self { result += "#" + Self.encodeSegment(anchor) }
        return result
    }

    /// The address with more query parameters (a list's filters and cursor), leaving out those without a value.
    func href(adding query: [(String, String?)]) -> String {
        let fields = query.compactMap { key, value in value.map { "\(key)=\(Self.encodeQuery($0))" } }
        guard !fields.isEmpty else { return href }
        return href + (href.contains("?") ? "&" : "?") + fields.joined(separator: "&")
    }

    /// The route the router registers: the path, with `:name` where a parameter is named.
    var route: RouterPath {
        RouterPath("/" + parts.segments.joined(separator: "/"))
    }

    /// A parameter's name in a route (`:code`), for registering: `.memberState(.parameter("code"))`.
    static func parameterValue(_ name: String) -> String { ":" + name }

    private var parts: (segments: [String], query: [(String, String?)]) {
        switch self {
        case .home: ([], [])
        case .memberStates(let founding): (["member-states"], [("founding", founding.map { $0 ? "true" : "false" })])
        case .memberState(let code): (["member-states", code], [])
        case .delegation(let code): (["member-states", code, "delegation"], [])
        case .delegationForm(let code, let form): (["member-states", code, "delegation", form.rawValue], [])
        case .withdrawAccreditation(let code, let id): (["member-states", code, "delegation", "accreditations", id, "withdraw"], [])
        case .revokeDelegationKey(let code, let key): (["member-states", code, "delegation", "keys", key, "revoke"], [])
        case .observers: (["observers"], [])
        case .admission(let code): (["admissions", code], [])
        case .partner(let id): (["partners", id], [])
        case .partnerMemoranda(let id): (["partners", id, "memoranda"], [])
        case .organs: (["organs"], [])
        case .organ(let slug): (["organs", slug], [])
        case .chairmanship(let date): (["chairmanship"], [("date", date)])
        case .mandates: (["mandates"], [])
        case .mandateReport(let id): (["mandates", id, "report"], [])
        case .followUps: (["follow-ups"], [])
        case .calendar(let year, let month): (["calendar"], [("year", year.map(String.init)), ("month", month.map(String.init))])
        case .calendarFeed: (["calendar.ics"], [])
        case .organCalendar(let slug): (["organs", slug, "calendar.ics"], [])
        case .privateCalendar(let secret): (["calendar", "private", secret, "cica.ics"], [])
        case .meetings: (["meetings"], [])
        case .meeting(let id): (["meetings", id], [])
        case .newMeeting: (["meetings", "new"], [])
        case .meetingForm(let id, let form): (["meetings", id, form.rawValue], [])
        case .decisions: (["decisions"], [])
        case .newDecision: (["decisions", "new"], [])
        case .decision(let id): (["decisions", id], [])
        case .decisionVersion(let id, let number): (["decisions", id, "versions", number], [])
        case .decisionVersionIn(let id, let number, let language): (["decisions", id, "versions", number], [("text", language)])
        case .decisionStep(let id, let form): (["decisions", id, form.rawValue], [])
        case .catalogue: (["catalogue"], [])
        case .priorityArea(let slug): (["catalogue", "areas", slug], [])
        case .coordinationOffers(let slug): (["catalogue", "areas", slug, "offers"], [])
        case .areaPapers(let slug): (["catalogue", "areas", slug, "papers"], [])
        case .paperEndorsement(let slug, let id): (["catalogue", "areas", slug, "papers", id, "endorsement"], [])
        case .areaActivities(let slug): (["catalogue", "areas", slug, "activities"], [])
        case .areaActivity(let slug, let id): (["catalogue", "areas", slug, "activities", id], [])
        case .editions: (["catalogue", "editions"], [])
        case .edition(let id): (["catalogue", "editions", id], [])
        case .measures(let id): (["catalogue", "editions", id, "measures"], [])
        case .measure(let id, let number): (["catalogue", "editions", id, "measures", number], [])
        case .editionComparison(let from, let to): (["catalogue", "comparison"], [("from", from), ("to", to)])
        case .reports(let year): (["catalogue", "reports"], [("year", year.map(String.init))])
        case .overview(let year): (["catalogue", "overview"], [("year", year.map(String.init))])
        case .overviewCSV(let year): (["catalogue", "overview.csv"], [("year", year.map(String.init))])
        case .stateReport(let code, let year): (["member-states", code, "reports", year], [])
        case .reportingDeadline(let year): (["catalogue", "reports", year, "deadline"], [])
        case .roadMap: (["road-map"], [])
        case .milestones: (["road-map", "milestones"], [])
        case .milestone(let id): (["road-map", "milestones", id], [])
        case .documents: (["documents"], [])
        case .csv(let list, let year): (list.path, [("year", year.map(String.init))])
        case .openData: (["open-data"], [])
        case .popolo: (["open-data", "popolo.json"], [])
        case .decisionAKN(let id, let language): (["decisions", id, "akoma-ntoso.xml"], [("language", language)])
        case .documentAKN(let id, let language): (["documents", id, "akoma-ntoso.xml"], [("language", language)])
        case .search(let q, let kind, let year, let organ, let language, let page):
            (["search"], [("q", q), ("kind", kind), ("year", year.map(String.init)), ("organ", organ), ("language", language), ("page", page.map(String.init))])
        case .newDocument: (["documents", "new"], [])
        case .document(let id): (["documents", id], [])
        case .documentForm(let id, let form): (["documents", id, form.rawValue], [])
        case .documentFile(let id, let language, let revision):
            (["api", "v1", "documents", id, "versions", language, "file"], [("revision", revision.map(String.init))])
        case .secretariat: (["secretariat"], [])
        case .staff: (["secretariat", "staff"], [])
        case .endStaffTerm(let id): (["secretariat", "staff", id, "end"], [])
        case .eligibility(let code): (["eligibility"], [("code", code)])
        case .sources: (["sources"], [])
        case .source(let id): (["sources", id], [])
        case .login(let next): (["login"], [("next", next)])
        case .secondFactor: (["login", "second-factor"], [])
        case .logout: (["logout"], [])
        case .account(let changed):
            (["account"], changed.map { [("changed", "password"), ("ended", String($0.sessions)), ("revoked", String($0.tokens))] } ?? [])
        case .accountForm(let form): (["account"] + form.rawValue.split(separator: "/").map(String.init), [])
        case .revokeToken(let id): (["account", "tokens", id, "revoke"], [])
        case .users: (["admin", "users"], [])
        case .user(let id): (["admin", "users", id], [])
        case .userForm(let id, let form): (["admin", "users", id, form.rawValue], [])
        case .revokeRole(let id, let grant): (["admin", "users", id, "roles", grant, "revoke"], [])
        case .audit: (["audit"], [])
        case .auditCSV: (["audit.csv"], [])
        case .notifications: (["notifications"], [])
        case .notificationsRead: (["notifications", "read"], [])
        case .notificationsUnread: (["notifications", "unread"], [])
        case .stylesheet: (["app.css"], [])
        case .icon: (["favicon.svg"], [])
        case .countdownScript: (["countdown.js"], [])
        case .openAPI: (["openapi.yaml"], [])
        case .decisionRecord(let id): (["api", "v1", "decisions", id, "record"], [])
        }
    }

    /// A path segment with every byte outside RFC 3986's `pchar` (but `/`) percent-encoded, written without Foundation's
    /// `CharacterSet` (which took a sixth of a page's time in a profile).
    static func encodeSegment(_ segment: String) -> String { percentEncoded(segment, keeping: segmentAllowed) }

    /// A query value with `&`, `=`, `+`, `?` and `#` encoded as well, so that it stays one value.
    static func encodeQuery(_ value: String) -> String { percentEncoded(value, keeping: queryAllowed) }

    /// Which ASCII bytes stay as they are: the unreserved characters and the sub-delimiters that mean nothing here.
    private static let segmentAllowed: [Bool] = allowedTable(extra: "!$&'()*+,;=:@")
    private static let queryAllowed: [Bool] = allowedTable(extra: "!$'()*,;:@/")

    private static func allowedTable(extra: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8 { table[Int(byte)] = true }
        for byte in extra.utf8 { table[Int(byte)] = true }
        return table
    }

    private static func percentEncoded(_ text: String, keeping allowed: [Bool]) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 >= 128 || !allowed[Int($0)] }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if byte < 128 && allowed[Int(byte)] {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// A parameter named in a route: `.memberState(.parameter("code"))` registers `/member-states/:code`.
    static func parameter(_ name: String) -> String { SiteURL.parameterValue(name) }
}

extension RouterMethods where Context == AppRequestContext {
    /// Registers a page: GET at the page's address.
    @discardableResult
    func get(_ page: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> Response) -> Self {
        get(page.route, use: handler)
    }

    /// Registers a form: POST at its address.
    @discardableResult
    func post(_ page: SiteURL, use handler: @escaping @Sendable (Request, Context) async throws -> Response) -> Self {
        post(page.route, use: handler)
    }
}
