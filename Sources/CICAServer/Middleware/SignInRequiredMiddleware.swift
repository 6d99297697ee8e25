import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import CICACore

/// A request that changes something needs someone to make it: without a session or token it is refused before its
/// body is read, except on the few routes that take anonymous forms (signing in, its second step, signing out).
struct SignInRequiredMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The routes that accept a write from nobody in particular; paths are in their one spelling by now.
    static let anonymousWrites: Set<String> = ["/login", "/login/second-factor", "/logout"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if context.identity == nil, ![.get, .head, .options].contains(request.method), !Self.anonymousWrites.contains(request.uri.path) {
            throw AccessDenied(verdict: .signInRequired(reason: Message("access.signInToChange")))
        }
        return try await next(request, context)
    }
}
