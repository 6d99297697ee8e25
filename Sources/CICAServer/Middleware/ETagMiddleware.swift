import CICACore
import Foundation
import Crypto
import Hummingbird
import NIOCore

/// Sends an `ETag` with every successful GET and answers `304 Not Modified` when the client already has that version.
///
/// The tag is a hash of the body, so it is the same on every instance and changes exactly when the content does.
struct ETagMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Bodies larger than this are streamed untouched.
    static var maximumBody: Int { 4 * 1024 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method == .get || request.method == .head, response.status == .ok, response.headers[.eTag] == nil,
              (response.body.contentLength ?? 0) <= Self.maximumBody else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector.writer)
        let body = collector.buffer
        let digest = body.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        let tag = "\"" + Hex.string(digest.prefix(12)) + "\""
        response.headers[.eTag] = tag
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            let candidate = $0.trimmingCharacters(in: .whitespaces)
            return candidate == tag || candidate == "W/" + tag || candidate == "*"
        }) {
            var notModified = Response(status: .notModified, headers: response.headers)
            notModified.headers[.contentLength] = nil
            notModified.headers[.contentType] = nil
            return notModified
        }
        response.body = ResponseBody(byteBuffer: body)
        return response
    }
}

/// Collects a response body into one buffer.
final class BodyCollector: @unchecked Sendable {
    // Only touched by the one task that writes the body.
    var buffer = ByteBuffer()

    struct Writer: ResponseBodyWriter {
        let collector: BodyCollector
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collector.buffer.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    var writer: Writer { Writer(collector: self) }
}
