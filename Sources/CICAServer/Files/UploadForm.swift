import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import CICACore

/// A `multipart/form-data` form that may carry a file: read as it arrives, its first field the CSRF token (checked
/// before anything else is read), its text fields checked as every stored text is (`StoredText`), its file streamed to
/// `DocumentFiles` and never held in memory.
struct UploadForm {
    /// The text fields, as a form.
    var form: Form
    /// The file, when one was chosen; in `incoming/` until kept or discarded.
    var file: DocumentFiles.Received?
    var filename: String?
    var declaredType: String?

    /// The most text the fields may hold together, as for any other form.
    static let maximumFields = BodyLimitMiddleware.limit
    /// The most a part's headers may take (the parser holds them until they end).
    static let maximumHeaders = 16 * 1024
    /// The longest CSRF token read.
    static let maximumToken = 256

    /// A part of the form being read.
    private struct Part {
        var headers: [String: String] = [:]
        var started = false
        var name = ""
        var text: [UInt8] = []
        var receiving: DocumentFiles.Receiving?
        var filename: String?
    }

    private enum Event {
        case header(String, String)
        case body(ByteBuffer)
        case end
    }

    /// Collects the parser's callbacks, which are synchronous, for the reading loop, which writes files asynchronously.
    private final class Events {
        var items: [Event] = []
    }

    static func read(_ request: Request, context: AppRequestContext, files: DocumentFiles) async throws -> UploadForm {
        guard let type = request.headers[.contentType], mediaTypeName(type) == "multipart/form-data",
              let boundary = ContentDisposition.parameters("multipart/form-data;" + (type.split(separator: ";", maxSplits: 1).dropFirst().first ?? ""))["boundary"],
              !boundary.isEmpty, boundary.count <= 70 else {
            throw NotAForm()
        }
        let parser = MultipartParser(boundary: boundary)
        let events = Events()
        parser.onHeader = { events.items.append(.header($0.lowercased(), $1)) }
        parser.onBody = { events.items.append(.body($0)) }
        parser.onPartComplete = { events.items.append(.end) }

        var result = UploadForm(form: Form(query: ""))
        var fields: [(String, String)] = []
        var textBytes = 0
        var part = Part()
        var checkedToken = false
        let expected = context.identity?.csrfToken
        // Bytes fed while the current part is still in its headers, and the body's last bytes (the closing delimiter).
        var headerBytes = 0
        var tail: [UInt8] = []
        let closing = Array("--\(boundary)--".utf8)

        func start(_ part: inout Part) async throws {
            part.started = true
            let disposition = ContentDisposition.parameters(part.headers["content-disposition"] ?? "")
            part.name = disposition["name"] ?? ""
            if !checkedToken, part.name != CSRFMiddleware.field { throw Self.outOfDate(context) }
            if part.name == "file", let filename = disposition["filename"], !filename.isEmpty {
                guard result.file == nil, part.receiving == nil else { throw InvalidInput(field: "file", reason: Message("reason.file.one")) }
                part.filename = filename
                part.receiving = try DocumentFiles.Receiving(files: files)
            }
        }

        do {
            for try await chunk in request.body {
                do { try parser.execute(chunk) } catch { throw InvalidInput(field: "body", reason: Message("reason.file.form")) }
                tail = Array((tail + chunk.readableBytesView).suffix(closing.count + 64))
                let batch = events.items
                events.items.removeAll(keepingCapacity: true)
                let progressed = batch.contains { if case .header = $0 { false } else { true } }
                for event in batch {
                    switch event {
                    case .header(let name, let value):
                        part.headers[name] = value
                    case .body(let buffer):
                        if !part.started { try await start(&part) }
                        if part.receiving != nil {
                            try await part.receiving!.write(buffer)
                        } else {
                            textBytes += buffer.readableBytes
                            if textBytes > maximumFields { throw NIOTooManyBytesError(maxBytes: maximumFields) }
                            part.text += buffer.readableBytesView
                            if !checkedToken, part.text.count > maximumToken { throw Self.outOfDate(context) }
                        }
                    case .end:
                        if !part.started { try await start(&part) }
                        if let receiving = part.receiving {
                            part.receiving = nil
                            let received = try receiving.finish()
                            result.file = received
                            result.filename = part.filename
                            result.declaredType = part.headers["content-type"]
                        } else {
                            guard let text = String(validating: part.text, as: UTF8.self) else {
                                throw InvalidInput(field: part.name, reason: Message("reason.utfTextSendBody"))
                            }
                            if let problem = StoredText.problem(field: part.name, value: text) { throw InvalidInput([problem]) }
                            if part.name == CSRFMiddleware.field, !checkedToken {
                                guard let expected, Secret.equal(expected, text) else { throw Self.outOfDate(context) }
                                checkedToken = true
                            } else if part.name != "file" {
                                fields.append((part.name, text))
                            }
                        }
                        part = Part()
                    }
                }
                // Headers that go on chunk after chunk without a part's content beginning may not grow without bound.
                headerBytes = progressed || part.started ? 0 : headerBytes + chunk.readableBytes
                if headerBytes > maximumHeaders + 2 * boundary.utf8.count {
                    throw checkedToken ? InvalidInput(field: "body", reason: Message("reason.file.form")) : Self.outOfDate(context)
                }
            }
            // A body cut off before its closing delimiter is not a form: a part left open is refused, not half kept.
            let trimmed = Array(tail.reversed().drop { $0 == 0x0D || $0 == 0x0A || $0 == 0x20 || $0 == 0x09 }.reversed())
            if part.receiving != nil || part.started || trimmed.count < closing.count || Array(trimmed.suffix(closing.count)) != closing {
                throw InvalidInput(field: "body", reason: Message("reason.file.form"))
            }
        } catch {
            part.receiving?.abandon()
            if let file = result.file { files.discard(file) }
            throw error
        }
        guard checkedToken else { throw Self.outOfDate(context) }
        result.form = Form(fields: fields)
        return result
    }

    static func outOfDate(_ context: AppRequestContext) -> Problem {
        let l = context.localizer
        return Problem(status: .forbidden, title: l("error.formOutOfDate.title"), detail: l("error.formOutOfDate"))
    }
}
