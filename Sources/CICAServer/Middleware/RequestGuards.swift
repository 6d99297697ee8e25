import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import CICACore

/// Works out who the client is: its address (through trusted proxies only) and whether it came over TLS.
struct ClientMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: TrustedProxies
    let behindTLS: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let forwarded = request.headers[values: HTTPField.Name("X-Forwarded-For")!]
        context.address = ClientAddress.resolve(peer: context.peer, forwardedFor: forwarded, trusted: trustedProxies)
        context.overTLS = behindTLS || ClientAddress.forwardedOverTLS(peer: context.peer, forwardedProto: request.headers[HTTPField.Name("X-Forwarded-Proto")!],
                                                                      trusted: trustedProxies)
        return try await next(request, context)
    }
}

/// Each page has one address: `/login/`, `//login` and `/a//b` are not other spellings of it. A GET is sent to the
/// one spelling; anything else is refused, so that no check keyed to a route can be walked around by a slash.
struct CanonicalPathMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let canonical = SitePath.canonical(path) else { throw HTTPError(.notFound) }
        guard canonical == path else {
            guard request.method == .get || request.method == .head else { throw HTTPError(.notFound) }
            let target = canonical + (request.uri.query.map { "?" + $0 } ?? "")
            return Response(status: .permanentRedirect, headers: [.location: target])
        }
        return try await next(request, context)
    }
}

/// No request body may exceed `limit` (1 MiB), whatever its type or its route: a declared length over it is refused at
/// once, and a body sent without one stops being read at the limit. Nothing downstream can read more.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let limit = 1 << 20
    let limit: Int

    init(limit: Int = BodyLimitMiddleware.limit) { self.limit = limit }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw NIOTooManyBytesError(maxBytes: limit)
        }
        var request = request
        request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: limit))
        return try await next(request, context)
    }

    /// A body that throws `NIOTooManyBytesError` once more than `limit` bytes have come.
    struct LimitedBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let base: RequestBody
        let limit: Int

        struct AsyncIterator: AsyncIteratorProtocol {
            var base: RequestBody.AsyncIterator
            let limit: Int
            var seen = 0

            mutating func next() async throws -> ByteBuffer? {
                guard let buffer = try await base.next() else { return nil }
                seen += buffer.readableBytes
                if seen > limit { throw NIOTooManyBytesError(maxBytes: limit) }
                return buffer
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
    }
}

/// A request that changes something needs someone to make it: without a session or token it is refused before its
/// body is read, except on the few routes that take anonymous forms (signing in, its second step, signing out).
struct SignInRequiredMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The routes that accept a write from nobody in particular; paths are in their one spelling by now.
    static let anonymousWrites: Set<String> = ["/login", "/login/second-factor", "/logout"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if context.identity == nil, ![.get, .head, .options].contains(request.method), !Self.anonymousWrites.contains(request.uri.path) {
            throw AccessDenied(verdict: .signInRequired(reason: context.localizer("access.signInToChange")))
        }
        return try await next(request, context)
    }
}

/// Serves `/metrics` on the main listener to holders of the metrics token, and to no one else.
struct MetricsEndpointMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let token: String
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/metrics" else { return try await next(request, context) }
        let sent = request.headers[.authorization].flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)) : nil }
        guard let sent, Secret.equal(sent.trimmingCharacters(in: .whitespaces), token) else {
            throw Problem.unauthorized(context.localizer("metrics.tokenRequired"))
        }
        return metricsResponse(registry)
    }
}
