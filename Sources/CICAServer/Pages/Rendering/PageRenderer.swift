import Foundation
import Hummingbird
import CICACore

/// Renders pages: a view model's own content inside the site's layout, as bytes.
struct PageRenderer: Sendable {
    /// The HTML of a whole page.
    func html(_ page: some PageView, chrome: Chrome) -> HTML {
        var html = HTML()
        Layout.write(&html, chrome) { page.write(&$0, chrome) }
        return html
    }

    func render(_ page: some PageView, title: String, section: Section?, context: AppRequestContext,
                status: HTTPResponse.Status = .ok, formToken: String? = nil) -> Response {
        var chrome = Chrome(title: title, section: section, identity: context.identity, formToken: formToken, page: context.pageAddress,
                            localizer: context.localizer)
        if status == .ok { chrome.notice = context.notice.map { Notice.text($0, context.localizer) } }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages of a signed-in user are theirs alone; public pages may be revalidated with their ETag.
        headers[.cacheControl] = context.identity == nil ? "no-cache" : "private, no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: html(page, chrome: chrome).bytes)))
    }

    struct ErrorView: PageView {
        var status: Int
        var title: String
        var detail: String
        var errors: [Problem.FieldProblem]
        var requestId: String
        var list: String?

        func write(_ html: inout HTML, _ chrome: Chrome) {
            let l = chrome.l
            html("<h1>\(title)</h1>\n<p class=\"lead\" role=\"alert\">\(detail)</p>\n")
            if !errors.isEmpty {
                html("<h2>\(l("error.fields"))</h2><ul>")
                for error in errors { html("<li><strong>\(l.fieldLabel(error.field))</strong> \(error.reason)</li>") }
                html("</ul>\n")
            }
            if let list { html("<p><a href=\"\(list)\">\(l("error.seeList"))</a></p>\n") }
            html("<p class=\"muted\">\(l("error.requestId")): <code>\(requestId)</code></p>\n<p><a href=\"\(SiteURL.home)\">\(l("error.back"))</a></p>\n")
        }
    }

    func errorPage(_ problem: Problem, request: Request, context: AppRequestContext) -> Response {
        let view = ErrorView(status: Int(problem.status.code), title: problem.title, detail: problem.pageDetail(context.localizer), errors: problem.errors,
                             requestId: context.requestId, list: problem.list)
        return render(view, title: problem.title, section: nil, context: context, status: problem.status)
    }
}
