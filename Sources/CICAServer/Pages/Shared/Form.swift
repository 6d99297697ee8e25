import Foundation
import Hummingbird

/// A media type's name, lower-case and without parameters: `APPLICATION/JSON; charset=utf-8` is `application/json`.
func mediaTypeName(_ header: String?) -> String? {
    guard let header else { return nil }
    return header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
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

    /// The fields of a form read by parts (`UploadForm`), in the order they came.
    init(fields: [(String, String)]) {
        for (key, value) in fields { values[key, default: []].append(value) }
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
    /// The form the request carries (the CSRF check has already collected its body). A body of another type is not read
    /// as a form: what the pages read is what `StoredTextMiddleware` checked as a form.
    mutating func form() async throws -> Form {
        let body = try await collectBody(upTo: CSRFMiddleware.maximumForm)
        guard body.readableBytes == 0 || mediaTypeName(headers[.contentType]) == "application/x-www-form-urlencoded" else {
            throw NotAForm()
        }
        return Form(body)
    }
}

/// A page's form was sent with a body of another type than `application/x-www-form-urlencoded`.
struct NotAForm: Error {}
