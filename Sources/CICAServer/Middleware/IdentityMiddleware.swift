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
                throw Problem.unauthorized("Send the API token as “Authorization: Bearer TOKEN”.")
            }
            let secret = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            switch try await accounts.authenticate(bearer: secret, now: now()) {
            case .valid(let token, let user): context.identity = Identity(user: user, credential: .token(id: token.id), passedSecondFactor: token.secondFactor)
            case .unknown: throw Problem.unauthorized("The API token is not known: check that it was copied whole, or create a new one on your account page (/account) or with `cica user token EMAIL`.")
            case .revoked: throw Problem.unauthorized("The API token was revoked: create a new one on your account page (/account).")
            case .expired: throw Problem.unauthorized("The API token has expired: create a new one on your account page (/account).")
            case .accountDisabled: throw Problem.unauthorized("The account this API token belongs to is disabled; ask an administrator.")
            case .secondFactorMissing: throw Problem.unauthorized(context.localizer("token.secondFactorMissing"))
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
        if clearCookie { response.setCookie(Self.expired(Self.sessionCookie, path: "/", secure: context.overTLS)) }
        return response
    }

    /// A cookie that tells the browser to forget `name`.
    static func expired(_ name: String, path: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Checks the CSRF token of every state-changing request made with a browser session. Requests with an API token
/// carry no cookie and need none; anonymous requests reach only the sign-in routes (`SignInRequiredMiddleware`), whose
/// own check (`SignInFormCheck`) compares the form with the sign-in form's cookie.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let formCookie = "cica_form"
    static let field = "_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    static let maximumForm = BodyLimitMiddleware.limit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), let expected = context.identity?.csrfToken else {
            return try await next(request, context)
        }
        var request = request
        try await Self.check(&request, expected: expected, context: context)
        return try await next(request, context)
    }

    /// Refuses the request unless it carries `expected` in the `X-CSRF-Token` header or the form's `_csrf` field.
    static func check(_ request: inout Request, expected: String?, context: Context) async throws {
        var sent = request.headers[Self.header]
        if sent == nil, mediaTypeName(request.headers[.contentType]) == "application/x-www-form-urlencoded" {
            let body = try await request.collectBody(upTo: Self.maximumForm)
            sent = Form(body)[Self.field]
        }
        guard let expected, let sent, Secret.equal(expected, sent) else {
            let l = context.localizer
            throw Problem(status: .forbidden, title: l("error.formOutOfDate.title"), detail: l("error.formOutOfDate"))
        }
    }
}

/// The CSRF check of the sign-in forms, attached to their routes: there is no session yet, so the token is the one
/// in the sign-in form's own cookie (or the session's, for someone signed in already).
struct SignInFormCheck: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity?.csrfToken == nil, ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        var request = request
        try await CSRFMiddleware.check(&request, expected: request.cookies[CSRFMiddleware.formCookie]?.value, context: context)
        return try await next(request, context)
    }
}

/// A media type's name, lower-case and without parameters: `APPLICATION/JSON; charset=utf-8` is `application/json`.
func mediaTypeName(_ header: String?) -> String? {
    guard let header else { return nil }
    return header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
}

/// A submitted `application/x-www-form-urlencoded` form.
struct Form: Sendable {
    private var values: [String: [String]] = [:]

    init(_ body: ByteBuffer) {
        self.init(query: String(buffer: body))
    }

    /// Parses `name=value&…` as a form body or a URL's query is written.
    init(query text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first.flatMap({ Self.decode($0) }) else { continue }
            values[key, default: []].append(parts.count > 1 ? (Self.decode(parts[1]) ?? "") : "")
        }
    }

    /// Every field with its values, in no particular order.
    var fields: [(field: String, values: [String])] { values.map { ($0.key, $0.value) } }

    /// Every value of a field that may repeat (checkboxes).
    func all(_ key: String) -> [String] { values[key] ?? [] }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ key: String) -> String? { values[key]?.first }

    /// A field's trimmed value, nil when absent or empty.
    func text(_ key: String) -> String? {
        guard let value = values[key]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}

extension Request {
    /// The form the request carries (the CSRF check has already collected its body). A body of another type is not read
    /// as a form: what the pages read is what `StoredTextMiddleware` checked as a form.
    mutating func form() async throws -> Form {
        let body = try await collectBody(upTo: CSRFMiddleware.maximumForm)
        guard body.readableBytes == 0 || mediaTypeName(headers[.contentType]) == "application/x-www-form-urlencoded" else {
            throw NotAForm()
        }
        return Form(body)
    }
}

/// A page's form was sent with a body of another type than `application/x-www-form-urlencoded`.
struct NotAForm: Error {}
