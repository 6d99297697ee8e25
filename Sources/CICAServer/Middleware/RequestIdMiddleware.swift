import CICACore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id, puts it on every log line and in the `X-Request-Id` response header, and logs the outcome.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestId = Self.acceptable(request.headers[Self.header]) ?? Self.make()
        context.logger[metadataKey: "request_id"] = .string(context.requestId)
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestId
        let elapsed = ContinuousClock.now - start
        context.logger.info("\(request.method) \(SitePath.forLog(request.uri.path)) \(response.status.code)",
                            metadata: ["duration_ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)])
        return response
    }

    /// A caller's id is kept if it is short and plain, so that it cannot inject anything into logs.
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...64).contains(value.count),
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return value
    }

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.string((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
