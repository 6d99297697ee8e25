import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// Finds who is asking: an API token (`Authorization: Bearer …`) or a browser session (the `cica_session` cookie).
///
/// A bad token is refused with 401 and the reason, so that a program never silently acts as the public;
/// a session that has ended just makes the browser anonymous again (and clears its cookie).
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let sessionCookie = "cica_session"

    let accounts: Accounts
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var clearCookie = false
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw Problem.unauthorized(Message("token.notBearer"), context.localizer)
            }
            let secret = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            switch try await accounts.authenticate(bearer: secret, now: now()) {
            case .valid(let token, let user): context.identity = Identity(user: user, credential: .token(id: token.id), passedSecondFactor: token.secondFactor)
            case .unknown: throw Problem.unauthorized(Message("token.unknown"), context.localizer)
            case .revoked: throw Problem.unauthorized(Message("token.revoked"), context.localizer)
            case .expired: throw Problem.unauthorized(Message("token.expired"), context.localizer)
            case .accountDisabled: throw Problem.unauthorized(Message("token.accountDisabled"), context.localizer)
            case .secondFactorMissing: throw Problem.unauthorized(Message("token.secondFactorMissing"), context.localizer)
            }
        } else if let secret = request.cookies[Self.sessionCookie]?.value {
            if let session = try await accounts.session(secret: secret, now: now()) {
                context.identity = Identity(user: session.user, credential: .session(secret: secret, csrfToken: session.csrfToken),
                                            passedSecondFactor: session.secondFactor)
            } else {
                clearCookie = true
            }
        }
        context.logger[metadataKey: "user"] = context.identity.map { .string($0.user.email) }
        let info = RequestInfo(context: context, logger: context.logger)
        var response = try await RequestInfo.$current.withValue(info) { try await next(request, context) }
        for field in info.verbatimHeaders.all { response.headers[field.name] = field.value }
        if clearCookie { response.setCookie(Self.expired(Self.sessionCookie, path: "/", secure: context.overTLS)) }
        return response
    }

    /// A cookie that tells the browser to forget `name`.
    static func expired(_ name: String, path: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}

