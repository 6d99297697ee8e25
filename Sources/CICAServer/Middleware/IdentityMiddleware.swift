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
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").first {
            context.address = forwarded.trimmingCharacters(in: .whitespaces)
        }
        var clearCookie = false
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw Problem.unauthorized("Send the API token as “Authorization: Bearer TOKEN”.")
            }
            let secret = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            switch try await accounts.authenticate(bearer: secret, now: now()) {
            case .valid(let token, let user): context.identity = Identity(user: user, credential: .token(id: token.id))
            case .unknown: throw Problem.unauthorized("The API token is not known: check that it was copied whole, or create a new one on your account page (/account) or with `cica user token EMAIL`.")
            case .revoked: throw Problem.unauthorized("The API token was revoked: create a new one on your account page (/account).")
            case .expired: throw Problem.unauthorized("The API token has expired: create a new one on your account page (/account).")
            case .accountDisabled: throw Problem.unauthorized("The account this API token belongs to is disabled; ask an administrator.")
            }
        } else if let secret = request.cookies[Self.sessionCookie]?.value {
            if let session = try await accounts.session(secret: secret, now: now()) {
                context.identity = Identity(user: session.user, credential: .session(secret: secret, csrfToken: session.csrfToken))
            } else {
                clearCookie = true
            }
        }
        context.logger[metadataKey: "user"] = context.identity.map { .string($0.user.email) }
        let info = RequestInfo(context: context, logger: context.logger)
        var response = try await RequestInfo.$current.withValue(info) { try await next(request, context) }
        if clearCookie { response.setCookie(Self.expired(Self.sessionCookie)) }
        return response
    }

    /// A cookie that tells the browser to forget `name`.
    static func expired(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: false, httpOnly: true, sameSite: .lax)
    }
}

/// Checks the CSRF token of every state-changing request made with a browser session, and of the sign-in
/// form (against its own cookie, as there is no session yet). Requests with an API token carry no cookie and
/// need none; other anonymous requests change nothing and are sent to sign in by the policy.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let formCookie = "cica_form"
    static let field = "_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    static let maximumForm = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if case .token = context.identity?.credential { return try await next(request, context) }
        let expected: String?
        if let session = context.identity?.csrfToken {
            expected = session
        } else if request.uri.path == "/login" {
            expected = request.cookies[Self.formCookie]?.value
        } else {
            return try await next(request, context)
        }
        var request = request
        var sent = request.headers[Self.header]
        if sent == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: Self.maximumForm)
            sent = Form(body)[Self.field]
        }
        guard let expected, let sent, Secret.equal(expected, sent) else {
            throw Problem(status: .forbidden, title: "Form out of date",
                          detail: "This form is out of date or did not come from this site (its security token does not match). Reload the page and submit it again.")
        }
        return try await next(request, context)
    }
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
    /// The form the request carries (the CSRF check has already collected its body).
    mutating func form() async throws -> Form {
        Form(try await collectBody(upTo: CSRFMiddleware.maximumForm))
    }
}
