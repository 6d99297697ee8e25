import Foundation
import HTTPTypes
import Hummingbird
import CICACore

/// Chooses the reader's language (`LanguageChoice`): `?lang=` (remembered in a cookie), the cookie, `Accept-Language`,
/// English. Answers say which language they are in and that they vary with what chose it.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookie = "cica_lang"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let choice = LanguageChoice.choose(query: request.uri.queryParameters.get("lang"), remembered: request.cookies[Self.cookie]?.value,
                                           acceptLanguage: request.headers[.acceptLanguage])
        context.language = choice.language
        context.address(of: request)
        context.notice = request.method == .get ? Notice.kind(request) : nil
        var response = try await next(request, context)
        // A page that showed the "saved" line clears it, so that it is shown once.
        if context.notice != nil, request.method == .get, response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.setCookie(IdentityMiddleware.expired(Notice.name, path: "/", secure: context.overTLS))
        }
        if choice.remember {
            response.setCookie(Cookie(name: Self.cookie, value: choice.language.rawValue, maxAge: 365 * 86_400, path: SiteURL.home.href,
                                      secure: context.overTLS, httpOnly: true, sameSite: .lax))
        }
        response.headers[.contentLanguage] = choice.language.rawValue
        response.headers[.vary] = "Accept-Language, Cookie"
        return response
    }
}
