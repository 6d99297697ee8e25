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
        // A file is not text; the form it comes with is checked field by field as it is read (`UploadForm`).
        if ![.get, .head, .options].contains(request.method), !UploadRules.isUpload(method: request.method.rawValue, path: path) {
            let body = try await request.collectBody(upTo: Self.maximumBody)
            if body.readableBytes > 0 {
                problems += Self.bodyProblems(body, declaredType: mediaTypeName(request.headers[.contentType]))
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return try await next(request, context)
    }

    /// What is wrong with a body, read as a handler would read it: it must be UTF-8 text without a refused character
    /// anywhere; a declared form is checked field by field (the pages read only declared forms); anything else that is
    /// declared JSON, or undeclared and looks like it (the API reads a body without a type as JSON), must pass
    /// `StrictJSON`, so that the API's decoder cannot read into it anything this check did not see.
    static func bodyProblems(_ body: ByteBuffer, declaredType: String?) -> [FieldError] {
        let bytes = Array(body.readableBytesView)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return [FieldError(field: "body", reason: Message("reason.utfTextSendBody"))]
        }
        if let problem = StoredText.problem(field: "body", value: text) { return [problem] }
        if declaredType == "application/x-www-form-urlencoded" { return problems(in: Form(query: text)) }
        let declaredJSON = declaredType.map { $0 == "application/json" || $0.hasSuffix("+json") } ?? false
        if declaredJSON || StrictJSON.looksLikeJSON(bytes) { return StrictJSON.problems(in: bytes) }
        return []
    }

    /// Each field of a form or query string whose name or a value holds a refused character.
    static func problems(in form: Form) -> [FieldError] {
        form.fields.compactMap { field, values in
            StoredText.problem(field: field, value: field) ?? values.lazy.compactMap { StoredText.problem(field: field, value: $0) }.first
        }
    }
}
