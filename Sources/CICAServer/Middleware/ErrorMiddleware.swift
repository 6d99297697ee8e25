import Foundation
import Hummingbird
import CICACore

/// Maps every error to RFC 9457 problem+json (API) or an HTML error page (pages), and logs unexpected ones.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let l = context.localizer
            let path = request.uri.path
            let problem: Problem
            if let described = Problem.describe(error, path: path, localizer: l) {
                problem = described
                if problem.status.code >= 500 {
                    context.logger.error("\(request.method) \(SitePath.forLog(path)) failed: \(String(reflecting: error))")
                } else {
                    context.logger.debug("\(request.method) \(SitePath.forLog(path)): \(problem.detail)")
                }
            } else {
                context.logger.error("\(request.method) \(SitePath.forLog(path)) failed unexpectedly: \(String(reflecting: error))")
                problem = Problem(status: .internalServerError, title: l("error.server.title"),
                                  detail: l("error.server", ["requestId": context.requestId]))
            }
            if Self.wantsJSON(request) {
                var headers = HTTPFields()
                headers[.contentType] = "application/problem+json"
                if problem.status == .methodNotAllowed { headers[.allow] = "GET, HEAD" }
                if problem.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"CICA Platform\"" }
                if let retryAfter = problem.retryAfter { headers[.retryAfter] = String(retryAfter) }
                return Response(status: problem.status, headers: headers,
                                body: .init(byteBuffer: problem.json(instance: path, requestId: context.requestId)))
            }
            if problem.status == .unauthorized {
                // A browser is sent to the sign-in page, and back here afterwards.
                let next = request.method == .get ? request.uri.description : SiteURL.home.href
                return Response(status: .seeOther, headers: [.location: SiteURL.login(next: next).href])
            }
            var response = pages.errorPage(problem, request: request, context: context)
            if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    /// API paths answer in JSON; so does any request that asks for JSON rather than HTML.
    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/health" || path == SiteURL.openAPI.href || path == "/metrics" { return true }
        if request.headers[.authorization] != nil { return true }
        let accept = request.headers[.accept] ?? ""
        return accept.contains("json") && !accept.contains("text/html")
    }
}

