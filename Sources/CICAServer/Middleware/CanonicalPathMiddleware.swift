import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import CICACore

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
