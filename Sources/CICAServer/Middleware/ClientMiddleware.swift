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
