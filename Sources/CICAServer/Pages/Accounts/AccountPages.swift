import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// Signing in and out, and the signed-in user's own account.
struct AccountPages: Sendable {
    let platform: Platform
    let pageIndex: PageIndex

    static let challengeCookie = "cica_challenge"
    static let deviceCookie = "cica_device"
    /// The cookies of the sign-in steps are sent to these pages only.
    static var signInPath: String { SiteURL.login().href }
    static let deviceLifetime = 180 * 86_400

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.login()) { request, context in try await loginForm(request, context) }
        router.get(.secondFactor) { request, context in try await secondFactorForm(request, context) }
        // The sign-in forms' CSRF check belongs to their routes, not to a spelling of their path.
        let signIn = router.group(SiteURL.login().route).add(middleware: SignInFormCheck())
        signIn.post { request, context in try await login(request, context) }
        signIn.post("second-factor") { request, context in try await secondFactor(request, context) }
        router.post(.logout) { _, context in try await logout(context) }
        router.get(.account()) { request, context in try await account(request, context) }
        router.post(.accountForm(.password)) { request, context in try await answering(request, context, action: changePassword) }
        router.post(.accountForm(.tokens)) { request, context in try await answering(request, context, action: createToken) }
        router.post(.revokeToken(.parameter("id"))) { _, context in try await revokeToken(context) }
        router.post(.accountForm(.secondFactor)) { request, context in try await answering(request, context, action: beginSecondFactor) }
        router.post(.accountForm(.confirmSecondFactor)) { request, context in try await answering(request, context, action: confirmSecondFactor) }
        router.post(.accountForm(.recoveryCodes)) { request, context in try await answering(request, context, action: renewRecoveryCodes) }
        router.post(.accountForm(.disableSecondFactor)) { request, context in try await answering(request, context, action: disableSecondFactor) }
        router.post(.accountForm(.calendar)) { request, context in
            try await answering(request, context) { _, request, context in
                let user = try Self.signedIn(context)
                let secret = try await platform.accounts.newCalendarFeed(userId: user.id, at: platform.now(), actor: context.actor)
                return try await account(request, context, extra: Extra(newCalendar: secret))
            }
        }
        router.post(.accountForm(.revokeCalendar)) { request, context in
            try await answering(request, context) { _, _, context in
                let user = try Self.signedIn(context)
                _ = try await platform.accounts.revokeCalendarFeed(userId: user.id, at: platform.now(), actor: context.actor)
                return Response(status: .seeOther, headers: [.location: SiteURL.account().href + "#calendar"])
            }
        }
    }

    /// Where a sign-in leads: a page of this site, or the account page.
    func safeNext(_ next: String?) -> String {
        SitePath.afterSignIn(next, fallback: SiteURL.account().href, isPage: pageIndex.serves)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?, path: String = SiteURL.home.href, sameSite: Cookie.SameSite = .lax, _ context: AppRequestContext) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: context.overTLS, httpOnly: true, sameSite: sameSite)
    }

    func loginForm(_ request: Request, _ context: AppRequestContext, email: String = "", error: String? = nil,
                   status: HTTPResponse.Status = .ok, retryAfter: Int? = nil, next: String? = nil) async throws -> Response {
        let l = context.localizer
        // The sign-in form is posted before there is a session, so its CSRF token lives in a cookie of its own.
        let formToken = request.cookies[CSRFMiddleware.formCookie]?.value ?? Secret.make()
        let view = LoginView(intro: l("login.intro"), email: email, next: next ?? safeNext(request.uri.queryParameters.get("next")), error: error)
        var response = Self.uncached(platform.pages.render(view, title: l("login.title"), section: .account, context: context, status: status,
                                                      formToken: formToken))
        response.setCookie(cookie(CSRFMiddleware.formCookie, formToken, maxAge: nil, sameSite: .strict, context))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form()
        let email = form.text("email") ?? ""
        let next = safeNext(form.text("next"))
        let l = context.localizer
        let outcome: Accounts.SignIn
        do {
            outcome = try await platform.accounts.signIn(email: email, password: form["password"] ?? "", attempt: attempt(request, context), next: next)
        } catch let busy as HashingBusy {
            return try await loginForm(request, context, email: email, error: l("login.busy"),
                                       status: busy.addressAtLimit ? .tooManyRequests : .serviceUnavailable, retryAfter: busy.retryAfter, next: next)
        }
        switch outcome {
        case .signedIn(let signedIn):
            return signedInResponse(signedIn, context)
        case .secondFactor(let challenge, _):
            var response = Response(status: .seeOther, headers: [.location: SiteURL.secondFactor.href])
            response.setCookie(cookie(Self.challengeCookie, challenge, maxAge: Int(SecondFactor.challengeLifetime), path: Self.signInPath,
                                      sameSite: .strict, context))
            return response
        case .refused:
            return try await loginForm(request, context, email: email, error: l("login.refused"), status: .unauthorized, next: next)
        case .throttled(let wait):
            context.logger.notice("sign-in throttled", metadata: ["reason": .string(wait.reason.rawValue), "address": .string(context.address)])
            return try await loginForm(request, context, email: email, error: Self.waitMessage(wait, l), status: .tooManyRequests,
                                       retryAfter: wait.seconds, next: next)
        }
    }

    /// Who is proving who they are with this request, for the throttle and the hashing gate.
    func attempt(_ request: Request, _ context: AppRequestContext) -> SignInAttempt {
        SignInAttempt(address: context.address, device: request.cookies[Self.deviceCookie]?.value, now: platform.now(), requestId: context.requestId)
    }

    /// How long to wait, and why, in a sentence.
    static func waitMessage(_ wait: SignInThrottle.Wait, _ l: Localizer) -> String {
        l("login.throttled.\(wait.reason.rawValue)", ["minutes": String(max(1, (wait.seconds + 59) / 60))])
    }

    /// The sign-in steps' pages hold a form token, and during enrolment a secret: no cache may keep them.
    static func uncached(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The session's cookie and the device's, and on to the page the person came for.
    func signedInResponse(_ signedIn: Accounts.SignedIn, _ context: AppRequestContext) -> Response {
        var response = Response(status: .seeOther, headers: [.location: signedIn.next])
        setSignInCookies(&response, signedIn, context)
        return response
    }

    func setSignInCookies(_ response: inout Response, _ signedIn: Accounts.SignedIn, _ context: AppRequestContext) {
        response.setCookie(cookie(IdentityMiddleware.sessionCookie, signedIn.sessionSecret, maxAge: Int(platform.accounts.sessionRules.absolute), context))
        response.setCookie(cookie(Self.deviceCookie, signedIn.deviceSecret, maxAge: Self.deviceLifetime, path: Self.signInPath, sameSite: .strict, context))
        response.setCookie(IdentityMiddleware.expired(CSRFMiddleware.formCookie, path: SiteURL.home.href, secure: context.overTLS))
        response.setCookie(IdentityMiddleware.expired(Self.challengeCookie, path: Self.signInPath, secure: context.overTLS))
    }

    func secondFactorForm(_ request: Request, _ context: AppRequestContext, error: String? = nil,
                          status: HTTPResponse.Status = .ok, retryAfter: Int? = nil) async throws -> Response {
        let l = context.localizer
        guard let challenge = request.cookies[Self.challengeCookie]?.value,
              let pending = try await platform.accounts.pendingSignIn(challenge: challenge, now: platform.now()) else {
            return try await loginForm(request, context, error: l("secondFactor.expired"), status: .unauthorized)
        }
        let formToken = request.cookies[CSRFMiddleware.formCookie]?.value ?? Secret.make()
        let view = SecondFactorView(name: pending.user.displayName, error: error,
                                    enrolment: pending.enrolment.map { EnrolmentView(totp: $0, account: pending.user.email, localizer: l) })
        var response = Self.uncached(platform.pages.render(view, title: l("secondFactor.title"), section: .account,
                                                      context: context, status: status, formToken: formToken))
        response.setCookie(cookie(CSRFMiddleware.formCookie, formToken, maxAge: nil, sameSite: .strict, context))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    func secondFactor(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form()
        let l = context.localizer
        guard let challenge = request.cookies[Self.challengeCookie]?.value else {
            return try await loginForm(request, context, error: l("secondFactor.expired"), status: .unauthorized)
        }
        switch try await platform.accounts.completeSignIn(challenge: challenge, answer: form["code"] ?? "", attempt: attempt(request, context)) {
        case .signedIn(let signedIn):
            guard let codes = signedIn.recoveryCodes else { return signedInResponse(signedIn, context) }
            var response = Self.uncached(platform.pages.render(RecoveryCodesView(codes: codes, next: signedIn.next),
                                                          title: l("secondFactor.recoveryCodes"), section: .account, context: context))
            setSignInCookies(&response, signedIn, context)
            return response
        case .wrongCode(let left):
            return try await secondFactorForm(request, context, error: l("secondFactor.wrongCode", ["left": String(left)]), status: .unauthorized)
        case .throttled(let wait):
            return try await secondFactorForm(request, context, error: Self.waitMessage(wait, l), status: .tooManyRequests, retryAfter: wait.seconds)
        case .expired:
            var response = try await loginForm(request, context, error: l("secondFactor.tooManyOrLate"), status: .unauthorized)
            response.setCookie(IdentityMiddleware.expired(Self.challengeCookie, path: Self.signInPath, secure: context.overTLS))
            return response
        }
    }

    func logout(_ context: AppRequestContext) async throws -> Response {
        if case .session(let secret, _)? = context.identity?.credential {
            try await platform.accounts.signOut(secret: secret, actor: context.actor)
        }
        var response = Response(status: .seeOther, headers: [.location: SiteURL.home.href])
        response.setCookie(IdentityMiddleware.expired(IdentityMiddleware.sessionCookie, path: SiteURL.home.href, secure: context.overTLS))
        return response
    }

    /// The signed-in user, or the policy's request to sign in.
    static func signedIn(_ context: AppRequestContext) throws(AccessDenied) -> UserAccount {
        guard let user = context.identity?.user else { throw AccessDenied(verdict: .signInRequired(reason: Message("account.signInToSee"))) }
        try context.authorize(.manageOwnAccount, on: .user(user.id))
        return user
    }

    /// What the account page shows besides the form that was sent: a token just made, new recovery codes.
    struct Extra {
        var newToken: (APIToken, String)?
        var recoveryCodes: [String] = []
        /// The secret of a private calendar feed just made, shown once in its address.
        var newCalendar: String?
    }

    /// The browser session's secret; the second factor is set up in a browser, never with an API token.
    static func sessionSecret(_ context: AppRequestContext) throws -> String {
        guard case .session(let secret, _)? = context.identity?.credential else { throw AccountError.secondFactorNotStarted }
        return secret
    }

    func account(_ request: Request, _ context: AppRequestContext, extra: Extra = Extra(), refused: (Form, FormFeedback)? = nil,
                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try Self.signedIn(context)
        let l = context.localizer
        let query = request.uri.queryParameters
        let notice = query.get("changed") == "password"
            ? l("account.passwordChanged", ["sessions": String(query.get("ended").flatMap { Int($0) } ?? 0),
                                            "tokens": String(query.get("revoked").flatMap { Int($0) } ?? 0)])
            : nil
        var view = AccountView.make(user: user, tokens: try await platform.accounts.tokens(userId: user.id), now: platform.now(), newToken: extra.newToken,
                                    notice: notice, localizer: l)
        let factor = try await platform.accounts.secondFactor(userId: user.id)
        view.secondFactorOn = factor != nil
        view.secondFactorSince = factor.map { l.date(CivilDate($0.confirmedAt)) } ?? ""
        view.recoveryCodesLeft = l("secondFactor.codesLeft", ["count": String(factor?.recoveryCodesLeft ?? 0)])
        view.secondFactorRequired = SecondFactor.isRequired(for: user.roles)
        // An app being set up in this session (and only this one) is shown until it is confirmed.
        if factor == nil, case .session(let secret, _)? = context.identity?.credential, let totp = try await platform.accounts.enrolment(session: secret) {
            view.enrolment = EnrolmentView(totp: totp, account: user.email, localizer: l)
        }
        view.newRecoveryCodes = extra.recoveryCodes
        view.calendarSince = try await platform.accounts.calendarFeed(userId: user.id).map { l.date(CivilDate($0)) }
        // The whole address, as the browser reached this page (it is shown only to its owner), for a calendar application.
        let origin = request.head.authority.map { (context.overTLS ? "https://" : "http://") + $0 } ?? ""
        view.newCalendar = extra.newCalendar.map { origin + SiteURL.privateCalendar($0).href + (l.language == .en ? "" : "?lang=\(l.language.rawValue)") }
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.tokenName = form["name"] ?? ""
            view.tokenExpires = form["expiresInDays"] ?? ""
        }
        return platform.pages.render(view, title: l("account.title"), section: .account, context: context, status: status)
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
            throw InvalidInput(field: "confirmPassword", reason: Message("account.passwordsDiffer"))
        }
        var session: String?
        if case .session(let secret, _)? = context.identity?.credential { session = secret }
        let change = try await platform.accounts.changePassword(user: user, current: form["currentPassword"] ?? "", new: form["newPassword"] ?? "",
                                                       keepingSession: session, attempt: attempt(request, context), actor: context.actor)
        return Response(status: .seeOther,
                        headers: [.location: SiteURL.account(passwordChanged: (change.sessionsEnded, change.tokensRevoked)).href])
    }

    func createToken(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        var days: Int?
        if let text = form.text("expiresInDays") {
            guard let value = Int(text) else { throw InvalidInput(field: "expiresInDays", reason: Message("account.expiryNotANumber")) }
            days = value
        }
        let issued = try await platform.accounts.issueToken(userId: user.id, name: form["name"] ?? "", expiresInDays: days,
                                                   secondFactor: context.identity?.passedSecondFactor == true, now: platform.now(), actor: context.actor)
        return try await account(request, context, extra: Extra(newToken: (issued.token, issued.secret)), status: .created)
    }

    func revokeToken(_ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        try await platform.accounts.revokeToken(userId: user.id, tokenId: try context.parameters.require("id"), at: platform.now(), actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.account().href])
    }

    func beginSecondFactor(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        _ = try await platform.accounts.beginSecondFactor(user: user, session: try Self.sessionSecret(context))
        return try await account(request, context)
    }

    func confirmSecondFactor(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        let codes = try await platform.accounts.confirmSecondFactor(user: user, code: form["code"] ?? "", session: try Self.sessionSecret(context),
                                                           attempt: attempt(request, context), actor: context.actor)
        return Self.uncached(try await account(request, context, extra: Extra(recoveryCodes: codes)))
    }

    func renewRecoveryCodes(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        let codes = try await platform.accounts.renewRecoveryCodes(user: user, code: form["code"] ?? "", attempt: attempt(request, context), actor: context.actor)
        return Self.uncached(try await account(request, context, extra: Extra(recoveryCodes: codes)))
    }

    func disableSecondFactor(_ form: Form, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try Self.signedIn(context)
        try await platform.accounts.disableSecondFactor(user: user, code: form["code"] ?? "", attempt: attempt(request, context), actor: context.actor)
        return Response(status: .seeOther, headers: [.location: SiteURL.account().href])
    }
}
