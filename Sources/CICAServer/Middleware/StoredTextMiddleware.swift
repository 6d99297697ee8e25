import CICACore
import Foundation
import Hummingbird

/// Refuses control characters (`StoredText`) wherever a request carries text: an address containing one
/// names nothing that exists (404); a query parameter, form field or JSON string containing one is a 400
/// that names the field. Handlers and both databases then only ever see text a person can read.
struct StoredTextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let maximumBody = CSRFMiddleware.maximumForm

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let decoded = path.removingPercentEncoding, StoredText.firstRefused(in: decoded) != nil {
            throw HTTPError(.notFound)
        }
        var problems = request.uri.query.map { Self.problems(in: Form(query: $0)) } ?? []
        var request = request
        if ![.get, .head, .options].contains(request.method), let type = request.headers[.contentType] {
            if type.hasPrefix("application/x-www-form-urlencoded") {
                problems += Self.problems(in: Form(try await request.collectBody(upTo: Self.maximumBody)))
            } else if type.hasPrefix("application/json") || type.contains("+json") {
                let body = try await request.collectBody(upTo: Self.maximumBody)
                if let json = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) {
                    problems += Self.jsonProblems(json, at: "")
                }
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return try await next(request, context)
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
