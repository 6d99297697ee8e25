import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import CICACore

/// Serves `/metrics` on the main listener to holders of the metrics token, and to no one else.
struct MetricsEndpointMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let token: String
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/metrics" else { return try await next(request, context) }
        let sent = request.headers[.authorization].flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)) : nil }
        guard let sent, Secret.equal(sent.trimmingCharacters(in: .whitespaces), token) else {
            throw Problem.unauthorized(Message("metrics.tokenRequired"), context.localizer)
        }
        return metricsResponse(registry)
    }
}
