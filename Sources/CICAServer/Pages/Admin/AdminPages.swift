import Foundation
import Hummingbird
import CICACore
import CICAStore

/// User administration, for administrators.
struct AdminPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.users) { _, context in try await users(context) }
        router.post(.users) { request, context in
            try await answering(request, context, action: addUser) { form, feedback, status in try await users(context, refused: (form, feedback), status: status) }
        }
        router.get(.user(id)) { _, context in try await user(context) }
        router.post(.userForm(id, .disable)) { request, context in try await onUser(request, context) { _, context in try await setDisabled(true, context) } }
        router.post(.userForm(id, .enable)) { request, context in try await onUser(request, context) { _, context in try await setDisabled(false, context) } }
        router.post(.userForm(id, .roles)) { request, context in try await onUser(request, context, action: grant) }
        router.post(.revokeRole(id, .parameter("grant"))) { request, context in try await onUser(request, context) { _, context in try await revoke(context) } }
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
        var view = UsersView(intro: l("users.intro"), users: try await platform.accounts.users().map { UserRow($0, localizer: l) },
                             roleKinds: Self.roleKinds(localizer: l))
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.email = form["email"] ?? ""
            view.name = form["name"] ?? ""
            view.scope = form["scope"] ?? ""
            view.roleKinds = view.roleKinds.selecting(form["role"])
        }
        return platform.pages.render(view, title: l("users.title"), section: .users, context: context, status: status)
    }

    /// The role a form asks for: a kind, and the state or observer it acts for.
    static func role(_ form: Form) throws(InvalidInput) -> (RoleKind, String?)? {
        guard let text = form.text("role") else { return nil }
        guard let kind = RoleKind(rawValue: text) else {
            throw InvalidInput(field: "role", reason: Message("reason.mustOne2", ["RoleKind": "\(RoleKind.allCases.map(\.rawValue).joined(separator: ", "))"]))
        }
        return (kind, form.text("scope"))
    }

    func addUser(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let user = try await platform.accounts.addUser(email: form["email"] ?? "", displayName: form["name"] ?? "", password: form["password"] ?? "",
                                              roles: try Self.role(form).map { [$0] } ?? [], actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.user(user.id).href])
    }

    private func found(_ context: AppRequestContext) async throws -> UserAccount {
        let id = try context.parameters.require("id")
        guard let user = try await platform.accounts.user(id: id) else { throw AccountError.noSuchUser(id) }
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
        return platform.pages.render(view, title: user.displayName, section: .users, context: context, status: status)
    }

    func setDisabled(_ disabled: Bool, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.manageAccounts)
        let user = try await platform.accounts.setDisabled(userId: try await found(context).id, disabled, actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.user(user.id).href])
    }

    func grant(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let user = try await found(context)
        guard let (kind, scope) = try Self.role(form) else {
            throw InvalidInput(field: "role", reason: Message("reason.requiredChooseRoleGrant"))
        }
        _ = try await platform.accounts.grant(userId: user.id, kind: kind, scope: scope, actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.user(user.id).href])
    }

    func revoke(_ context: AppRequestContext) async throws -> Response {
        try context.authorize(.manageAccounts)
        let user = try await found(context)
        try await platform.accounts.revoke(userId: user.id, grantId: try context.parameters.require("grant"), actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.user(user.id).href])
    }
}

