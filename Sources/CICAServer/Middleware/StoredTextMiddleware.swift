import CICACore
import Foundation
import Hummingbird

/// Refuses control characters (`StoredText`) wherever a request carries text: an address containing one
/// names nothing that exists (404); a query parameter, form field or JSON string containing one is a 400
/// that names the field. Handlers and both databases then only ever see text a person can read.
///
/// Every body is checked, whatever type it declares or fails to declare: a form as a form; anything else as
/// JSON when it parses as JSON (the API reads a body without `Content-Type` as JSON), and as raw text too.
struct StoredTextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let maximumBody = BodyLimitMiddleware.limit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let decoded = path.removingPercentEncoding, StoredText.firstRefused(in: decoded) != nil {
            throw HTTPError(.notFound)
        }
        var problems = request.uri.query.map { Self.problems(in: Form(query: $0)) } ?? []
        var request = request
        if ![.get, .head, .options].contains(request.method) {
            let body = try await request.collectBody(upTo: Self.maximumBody)
            if body.readableBytes > 0 {
                problems += Self.bodyProblems(body, declaredType: mediaTypeName(request.headers[.contentType]))
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return try await next(request, context)
    }

    /// The refused characters in a body: field by field in a form; string by string in JSON; else anywhere in its text.
    static func bodyProblems(_ body: ByteBuffer, declaredType: String?) -> [FieldError] {
        if declaredType == "application/x-www-form-urlencoded" { return problems(in: Form(body)) }
        let data = Data(buffer: body)
        if let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            return jsonProblems(json, at: "")
        }
        return StoredText.problem(field: "body", value: String(decoding: data, as: UTF8.self)).map { [$0] } ?? []
    }

    /// Each field of a form or query string whose name or a value holds a refused character.
    static func problems(in form: Form) -> [FieldError] {
        form.fields.compactMap { field, values in
            StoredText.problem(field: field, value: field) ?? values.lazy.compactMap { StoredText.problem(field: field, value: $0) }.first
        }
    }

    /// Each string in a JSON document that holds a refused character, named by its path (`effect.state`, `items[2]`).
    static func jsonProblems(_ value: Any, at path: String) -> [FieldError] {
        switch value {
        case let text as String:
            return StoredText.problem(field: path.isEmpty ? "body" : path, value: text).map { [$0] } ?? []
        case let object as [String: Any]:
            return object.sorted { $0.key < $1.key }.flatMap { key, member in
                let memberPath = path.isEmpty ? key : path + "." + key
                if let problem = StoredText.problem(field: memberPath, value: key) { return [problem] }
                return jsonProblems(member, at: memberPath)
            }
        case let array as [Any]:
            return array.enumerated().flatMap { index, element in jsonProblems(element, at: "\(path.isEmpty ? "body" : path)[\(index)]") }
        default:
            return []
        }
    }
}
