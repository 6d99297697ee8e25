import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The sign-in page.
struct LoginView: Sendable {
    var intro: String
    var email: String
    var next: String
    var error: String?
}

/// The account page: roles, API tokens, password.
struct AccountView: Sendable {
    struct TokenRow: Sendable {
        var id: String
        var name: String
        var prefix: String
        var created: String
        var lastUsed: String
        var expires: String
        var status: String
        var active: Bool
    }
    var email: String
    var name: String
    var roles: [String]
    var tokens: [TokenRow]
    var newToken: String?
    var newTokenLabel: String?
    var notice: String?
    /// Why the token or password form was refused, with the token form's input kept (passwords are never sent back).
    var feedback: FormFeedback?
    var tokenName = ""
    var tokenExpires = ""

    static func make(user: UserAccount, tokens: [APIToken], now: Date, newToken: (APIToken, String)?, notice: String?,
                     localizer l: Localizer) -> AccountView {
        func instant(_ date: Date?) -> String {
            guard let date else { return l("account.never") }
            return l.date(CivilDate(date))
        }
        return AccountView(
            email: user.email, name: user.displayName, roles: user.roles.map { RoleText.describe($0, localizer: l) },
            tokens: tokens.map { token in
                let status = token.revokedAt != nil ? l("account.revoked") : (token.isActive(at: now) ? l("account.active") : l("account.expired"))
                return TokenRow(id: token.id, name: token.name, prefix: token.prefix, created: instant(token.createdAt),
                                lastUsed: instant(token.lastUsedAt), expires: instant(token.expiresAt), status: status,
                                active: token.isActive(at: now))
            },
            newToken: newToken?.1, newTokenLabel: newToken.map { l("account.newToken", ["name": $0.0.name]) }, notice: notice)
    }
}

/// Signing in and out, and the signed-in user's own account.
struct AccountPages: Sendable {
    let accounts: Accounts
    let pages: PageRenderer
    let now: @Sendable () -> Date
    let secureCookies: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context in try await loginForm(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { _, context in try await logout(context) }
        router.get("/account") { request, context in try await account(request, context) }
        router.post("/account/password") { request, context in try await answering(request, context, action: changePassword) }
        router.post("/account/tokens") { request, context in try await answering(request, context, action: createToken) }
        router.post("/account/tokens/:id/revoke") { _, context in try await revokeToken(context) }
    }

    /// Only a path on this site is a place to go back to after signing in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), !next.contains("\r"), !next.contains("\n") else {
            return "/account"
        }
        return next
    }

    func loginForm(_ request: Request, _ context: AppRequestContext, email: String = "", error: String? = nil,
                   status: HTTPResponse.Status = .ok, retryAfter: Int? = nil) async throws -> Response {
        let l = context.localizer
        // The sign-in form is posted before there is a session, so its CSRF token lives in a cookie of its own.
        let formToken = request.cookies[CSRFMiddleware.formCookie]?.value ?? Secret.make()
        let view = LoginView(intro: l("login.intro"), email: email, next: Self.safeNext(request.uri.queryParameters.get("next")), error: error)
        var response = try pages.render("login", page: view, title: l("login.title"), section: .account, context: context, status: status,
                                        formToken: formToken)
        response.setCookie(Cookie(name: CSRFMiddleware.formCookie, value: formToken, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form()
        let email = form.text("email") ?? ""
        let l = context.localizer
        switch try await accounts.signIn(email: email, password: form["password"] ?? "", address: context.address, now: now(),
                                         requestId: context.requestId) {
        case .signedIn(_, let secret, _):
            var response = Response(status: .seeOther, headers: [.location: Self.safeNext(form.text("next"))])
            response.setCookie(Cookie(name: IdentityMiddleware.sessionCookie, value: secret, maxAge: Int(accounts.sessionRules.absolute), path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
            response.setCookie(IdentityMiddleware.expired(CSRFMiddleware.formCookie))
            return response
        case .refused:
            return try await loginForm(request, context, email: email, error: l("login.refused"), status: .unauthorized)
        case .throttled(let seconds):
            let minutes = String(max(1, (seconds + 59) / 60))
            return try await loginForm(request, context, email: email, error: l("login.throttled", ["minutes": minutes]),
                                       status: .tooManyRequests, retryAfter: seconds)
        }
    }

    func logout(_ context: AppRequestContext) async throws -> Response {
        if case .session(let secret, _)? = context.identity?.credential {
            try await accounts.signOut(secret: secret, actor: context.actor)
        }
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(IdentityMiddleware.expired(IdentityMiddleware.sessionCookie))
        return response
    }

    /// The signed-in user, or the policy's request to sign in.
    static func signedIn(_ context: AppRequestContext) throws(AccessDenied) -> UserAccount {
        guard let user = context.identity?.user else { throw AccessDenied(verdict: .signInRequired(reason: "Sign in to see your account.")) }
        try context.authorize(.manageOwnAccount, on: .user(user.id))
        return user
    }

    func account(_ request: Request, _ context: AppRequestContext, newToken: (APIToken, String)? = nil, refused: (Form, FormFeedback)? = nil,
                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try Self.signedIn(context)
        let l = context.localizer
        let notice = request.uri.queryParameters.get("changed") == "password" ? l("account.passwordChanged") : nil
        var view = AccountView.make(user: user, tokens: try await accounts.repository.tokens(userId: user.id), now: now(), newToken: newToken,
                                    notice: notice, localizer: l)
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.tokenName = form["name"] ?? ""
            view.tokenExpires = form["expiresInDays"] ?? ""
        }
        return try pages.render("account", page: view, title: l("account.title"), section: .account, context: context, status: status)
    }

    /// Runs a form of the account page; a refusal shows the page again with the reasons.
    private func answering(_ request: Request, _ context: AppRequestContext,
                           action: (Form, Request, AppRequestContext) async throws -> Response) async throws -> Response {
        try await FormFeedback.answering(.account, request, context: context, action: { try await action($0, request, context) }) {
            try await account(request, context, refused: ($0, $1), status: $2)
        }
    }

    func changePassword(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        guard form["newPassword"] == form["confirmPassword"] else {
            throw InvalidInput(field: "confirmPassword", reason: "does not match the new password; type the same password twice.")
        }
        try await accounts.changePassword(user: user, current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "", actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/account?changed=password"])
    }

    func createToken(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        var days: Int?
        if let text = form.text("expiresInDays") {
            guard let value = Int(text) else { throw InvalidInput(field: "expiresInDays", reason: "must be a whole number of days, or empty.") }
            days = value
        }
        let issued = try await accounts.issueToken(userId: user.id, name: form["name"] ?? "", expiresInDays: days, now: now(), actor: context.actor)
        return try await account(request, context, newToken: (issued.token, issued.secret), status: .created)
    }

    func revokeToken(_ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        try await accounts.repository.revokeToken(userId: user.id, tokenId: try context.parameters.require("id"), at: now(), actor: context.actor)
        return Response(status: .seeOther, headers: [.location: "/account"])
    }
}
