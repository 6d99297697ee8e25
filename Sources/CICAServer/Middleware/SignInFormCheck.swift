import Hummingbird

/// The CSRF check of the sign-in forms, attached to their routes: there is no session yet, so the token is the one
/// in the sign-in form's own cookie (or the session's, for someone signed in already).
struct SignInFormCheck: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity?.csrfToken == nil, ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        var request = request
        try await CSRFMiddleware.check(&request, expected: request.cookies[CSRFMiddleware.formCookie]?.value, context: context)
        return try await next(request, context)
    }
}

