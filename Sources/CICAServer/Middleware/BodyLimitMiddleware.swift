import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import CICACore

/// No request body may exceed `limit` (1 MiB), whatever its type or its route: a declared length over it is refused at
/// once, and a body sent without one stops being read at the limit. Nothing downstream can read more. The two routes a
/// file arrives by (`UploadRules.isUpload`) may carry the configured largest file and 1 MiB of form fields besides;
/// the file itself is held to the largest file as it is written.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let limit = 1 << 20
    let limit: Int
    let fileLimit: Int

    init(limit: Int = BodyLimitMiddleware.limit, fileLimit: Int = UploadRules.defaultLimit) {
        self.limit = limit
        self.fileLimit = fileLimit
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let upload = UploadRules.isUpload(method: request.method.rawValue, path: request.uri.path)
        let limit = upload ? fileLimit + self.limit : self.limit
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            if upload { throw FileTooLarge(limit: fileLimit) }
            throw NIOTooManyBytesError(maxBytes: limit)
        }
        var request = request
        request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: limit, fileLimit: upload ? fileLimit : nil))
        return try await next(request, context)
    }

    /// A body that throws `NIOTooManyBytesError` once more than `limit` bytes have come (`FileTooLarge` on a file's route).
    struct LimitedBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let base: RequestBody
        let limit: Int
        let fileLimit: Int?

        struct AsyncIterator: AsyncIteratorProtocol {
            var base: RequestBody.AsyncIterator
            let limit: Int
            let fileLimit: Int?
            var seen = 0

            mutating func next() async throws -> ByteBuffer? {
                guard let buffer = try await base.next() else { return nil }
                seen += buffer.readableBytes
                if seen > limit {
                    if let fileLimit { throw FileTooLarge(limit: fileLimit) }
                    throw NIOTooManyBytesError(maxBytes: limit)
                }
                return buffer
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit, fileLimit: fileLimit) }
    }
}
