import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A user as the administration pages show them.
struct UserRow: Sendable {
    struct Grant: Sendable {
        var role: String
        var revokeHref: String
    }
    var id: String
    var href: String
    var email: String
    var name: String
    var roles: String
    var grants: [Grant]
    var disabled: Bool
    var created: String

    init(_ user: UserAccount, localizer l: Localizer) {
        id = user.id
        href = "/admin/users/\(user.id)"
        email = user.email
        name = user.displayName
        roles = RoleText.list(user.roles, localizer: l)
        grants = user.grants.map { Grant(role: RoleText.describe($0.role, localizer: l), revokeHref: "/admin/users/\(user.id)/roles/\($0.id)/revoke") }
        disabled = user.disabled
        created = l.date(CivilDate(user.createdAt))
    }
}

/// The list of users, with the form to add one.
struct UsersView: Sendable {
    var intro: String
    var users: [UserRow]
    var roleKinds: [SelectOption]
    /// Why the new account was refused, with what the administrator typed (never the password).
    var feedback: FormFeedback?
    var email = ""
    var name = ""
    var scope = ""
}

/// One user, with their roles and the forms to change them.
struct UserView: Sendable {
    var user: UserRow
    var roleKinds: [SelectOption]
    /// Why the last change was refused (a role for a state that is not a Member State, the last administrator…).
    var feedback: FormFeedback?
    var scope = ""
}

/// User administration, for administrators.
struct AdminPages: Sendable {
    let accounts: Accounts
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/admin/users") { _, context in try await users(context) }
        router.post("/admin/users") { request, context in
            try await answering(request, context, action: addUser) { form, feedback, status in try await users(context, refused: (form, feedback), status: status) }
        }
        router.get("/admin/users/:id") { _, context in try await user(context) }
        router.post("/admin/users/:id/disable") { request, context in try await onUser(request, context) { _, context in try await setDisabled(true, context) } }
        router.post("/admin/users/:id/enable") { request, context in try await onUser(request, context) { _, context in try await setDisabled(false, context) } }
        router.post("/admin/users/:id/roles") { request, context in try await onUser(request, context, action: grant) }
        router.post("/admin/users/:id/roles/:grant/revoke") { request, context in try await onUser(request, context) { _, context in try await revoke(context) } }
    }

    /// Runs a form of the administration pages (for administrators only); a refusal shows `redisplay` with the reasons.
    private func answering(_ request: Request, _ context: AppRequestContext, action: (Form, AppRequestContext) async throws -> Response,
                           redisplay: (Form, FormFeedback, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        try context.authorize(.manageAccounts)
        return try await FormFeedback.answering(.account, request, context: context, action: { try await action($0, context) }, redisplay: redisplay)
    }

    /// A form of one user's page.
    private func onUser(_ request: Request, _ context: AppRequestContext, action: (Form, AppRequestContext) async throws -> Response) async throws -> Response {
        try await answering(request, context, action: action) { form, feedback, status in try await user(context, refused: (form, feedback), status: status) }
    }

    static func roleKinds(localizer l: Localizer) -> [SelectOption] {
        RoleKind.allCases.map { SelectOption(value: $0.rawValue, label: l("role.kind.\($0.rawValue)"), selected: $0 == .delegate) }
    }

    func users(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.manageAccounts)
        let l = context.localizer
        var view = UsersView(intro: l("users.intro"), users: try await accounts.repository.users().map { UserRow($0, localizer: l) },
                             roleKinds: Self.roleKinds(localizer: l))
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.email = form["email"] ?? ""
            view.name = form["name"] ?? ""
            view.scope = form["scope"] ?? ""
            view.roleKinds = view.roleKinds.selecting(form["role"])
        }
        return try pages.render("users", page: view, title: l("users.title"), section: .users, context: context, status: status)
    }

    /// The role a form asks for: a kind, and the state or observer it acts for.
    static func role(_ form: Form) throws(InvalidInput) -> (RoleKind, String?)? {
        guard let text = form.text("role") else { return nil }
        guard let kind = RoleKind(rawValue: text) else {
            throw InvalidInput(field: "role", reason: "must be one of \(RoleKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return (kind, form.text("scope"))
    }

    func addUser(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let user = try await accounts.addUser(email: form["email"] ?? "", displayName: form["name"] ?? "", password: form["password"] ?? "",
                                              roles: try Self.role(form).map { [$0] } ?? [], actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/users/\(user.id)"])
    }

    private func found(_ context: AppRequestContext) async throws -> UserAccount {
        let id = try context.parameters.require("id")
        guard let user = try await accounts.repository.user(id: id) else { throw AccountError.noSuchUser(id) }
        return user
    }

    func user(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.manageAccounts)
        let l = context.localizer
        let user = try await found(context)
        var view = UserView(user: UserRow(user, localizer: l), roleKinds: Self.roleKinds(localizer: l))
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.scope = form["scope"] ?? ""
            if form["role"] != nil { view.roleKinds = view.roleKinds.selecting(form["role"]) }
        }
        return try pages.render("user", page: view, title: user.displayName, section: .users, context: context, status: status)
    }

    func setDisabled(_ disabled: Bool, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.manageAccounts)
        let user = try await accounts.repository.setDisabled(userId: try await found(context).id, disabled, actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/users/\(user.id)"])
    }

    func grant(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let user = try await found(context)
        guard let (kind, scope) = try Self.role(form) else {
            throw InvalidInput(field: "role", reason: "is required: choose the role to grant.")
        }
        _ = try await accounts.repository.grant(userId: user.id, kind: kind, scope: scope, actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/users/\(user.id)"])
    }

    func revoke(_ context: AppRequestContext) async throws -> Response {
        try context.authorize(.manageAccounts)
        let user = try await found(context)
        try await accounts.repository.revoke(userId: user.id, grantId: try context.parameters.require("grant"), actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/admin/users/\(user.id)"])
    }
}

/// The audit log page and its CSV export, for the Secretariat and administrators.
struct AuditPages: Sendable {
    let audit: any AuditRepository
    let pages: PageRenderer

    struct Row: Sendable {
        var sequence: Int
        var at: String
        var actor: String
        var role: String?
        var action: String
        var entity: String
        var before: String?
        var after: String?
        var requestId: String?
    }

    struct View: Sendable {
        var intro: String
        var actor: String
        var entity: String
        var action: String
        var from: String
        var to: String
        var rows: [Row]
        var csv: String
        var next: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/audit") { request, context in try await page(request, context) }
        router.get("/audit.csv") { request, context in try await csv(request, context) }
    }

    /// The filters of the audit log, as query parameters; dates are days in UTC, `to` inclusive.
    static func filter(_ request: Request) throws(InvalidInput) -> AuditFilter {
        try PlatformAPI.auditFilter(actor: QueryParameters.string(request, "actor"), entity: QueryParameters.string(request, "entity"),
                                    action: QueryParameters.string(request, "action"), from: QueryParameters.string(request, "from"),
                                    to: QueryParameters.string(request, "to"))
    }

    static func query(_ request: Request) -> [(String, String?)] {
        ["actor", "entity", "action", "from", "to"].map { ($0, QueryParameters.string(request, $0)) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.readAuditLog)
        let l = context.localizer
        let filter = try Self.filter(request)
        let page = try await audit.entries(filter, page: try PageRequest.parse(limit: 100, cursor: QueryParameters.string(request, "cursor")))
        let query = Self.query(request)
        let view = View(
            intro: l("audit.intro"), actor: filter.actor ?? "", entity: filter.entity ?? "", action: filter.action ?? "",
            from: QueryParameters.string(request, "from") ?? "", to: QueryParameters.string(request, "to") ?? "",
            rows: page.items.map {
                Row(sequence: $0.sequence, at: AuditCSV.iso8601($0.at), actor: $0.actor, role: $0.role, action: $0.action, entity: $0.entity,
                    before: $0.before, after: $0.after, requestId: $0.requestId)
            },
            csv: link(path: "/audit.csv", query: query),
            next: nextPageLink(path: "/audit", query: query, cursor: page.nextCursor))
        return try pages.render("audit", page: view, title: l("audit.title"), section: .audit, context: context)
    }

    func csv(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.readAuditLog)
        let text = AuditCSV.render(try await AuditExport.all(audit, filter: try Self.filter(request)))
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"cica-audit.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Every audit entry matching a filter, page by page.
enum AuditExport {
    static func all(_ audit: any AuditRepository, filter: AuditFilter) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var page = try await audit.entries(filter, page: PageRequest(limit: PageRequest.maximumLimit))
        entries += page.items
        while let cursor = page.nextCursor {
            page = try await audit.entries(filter, page: try PageRequest.parse(limit: PageRequest.maximumLimit, cursor: cursor))
            entries += page.items
        }
        return entries
    }
}
