import Foundation
import HTTPTypes
import Hummingbird
import CICACore

/// Checks the CSRF token of every state-changing request made with a browser session. Requests with an API token
/// carry no cookie and need none; anonymous requests reach only the sign-in routes (`SignInRequiredMiddleware`), whose
/// own check (`SignInFormCheck`) compares the form with the sign-in form's cookie.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let formCookie = "cica_form"
    static let field = "_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    static let maximumForm = BodyLimitMiddleware.limit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), let expected = context.identity?.csrfToken else {
            return try await next(request, context)
        }
        // A form with a file carries its token as its first field, checked before any file is read (`UploadForm`).
        if request.headers[Self.header] == nil, mediaTypeName(request.headers[.contentType]) == "multipart/form-data",
           UploadRules.isUpload(method: request.method.rawValue, path: request.uri.path) {
            return try await next(request, context)
        }
        var request = request
        try await Self.check(&request, expected: expected, context: context)
        return try await next(request, context)
    }

    /// Refuses the request unless it carries `expected` in the `X-CSRF-Token` header or the form's `_csrf` field.
    static func check(_ request: inout Request, expected: String?, context: Context) async throws {
        var sent = request.headers[Self.header]
        if sent == nil, mediaTypeName(request.headers[.contentType]) == "application/x-www-form-urlencoded" {
            let body = try await request.collectBody(upTo: Self.maximumForm)
            sent = Form(body)[Self.field]
        }
        guard let expected, let sent, Secret.equal(expected, sent) else {
            let l = context.localizer
            throw Problem(status: .forbidden, title: l("error.formOutOfDate.title"), detail: l("error.formOutOfDate"))
        }
    }
}

