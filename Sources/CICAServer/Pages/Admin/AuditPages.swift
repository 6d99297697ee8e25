import Foundation
import Hummingbird
import CICACore
import CICAStore

/// The audit log page and its CSV export, for the Secretariat and administrators.
struct AuditPages: Sendable {
    let platform: Platform

    struct Row: Sendable {
        var sequence: Int
        var at: String
        var actor: String
        /// How public records name the actor: the Secretariat's key from a pseudonym to an account.
        var pseudonym: String?
        var role: String?
        var action: String
        var entity: String
        var before: String?
        var after: String?
        var requestId: String?
    }

    struct View: PageView {
        var intro: String
        var actor: String
        var entity: String
        var action: String
        var from: String
        var to: String
        var rows: [Row]
        var csv: String
        var next: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.audit) { request, context in try await page(request, context) }
        router.get(.auditCSV) { request, context in try await csv(request, context) }
    }

    /// The filters of the audit log, as query parameters; dates are days in UTC, `to` inclusive.
    static func filter(_ request: Request) throws(InvalidInput) -> AuditFilter {
        try AuditFilter(actor: QueryParameters.string(request, "actor"), entity: QueryParameters.string(request, "entity"),
                        action: QueryParameters.string(request, "action"), fromDay: QueryParameters.string(request, "from"),
                        toDay: QueryParameters.string(request, "to"))
    }

    static func query(_ request: Request) -> [(String, String?)] {
        ["actor", "entity", "action", "from", "to"].map { ($0, QueryParameters.string(request, $0)) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.readAuditLog)
        let l = context.localizer
        let filter = try Self.filter(request)
        let page = try await platform.audit.entries(filter, page: try PageRequest.parse(limit: 100, cursor: QueryParameters.string(request, "cursor")))
        let query = Self.query(request)
        let view = View(
            intro: l("audit.intro"), actor: filter.actor ?? "", entity: filter.entity ?? "", action: filter.action ?? "",
            from: QueryParameters.string(request, "from") ?? "", to: QueryParameters.string(request, "to") ?? "",
            rows: page.items.map {
                Row(sequence: $0.sequence, at: AuditCSV.iso8601($0.at), actor: $0.actor, pseudonym: $0.actorId.map(Actor.pseudonym(userId:)),
                    role: $0.role, action: $0.action, entity: $0.entity,
                    before: $0.before, after: $0.after, requestId: $0.requestId)
            },
            csv: SiteURL.auditCSV.href(adding: query),
            next: nextPageLink(.audit, query: query, cursor: page.nextCursor))
        return platform.pages.render(view, title: l("audit.title"), section: .audit, context: context)
    }

    func csv(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.readAuditLog)
        let text = AuditCSV.render(try await AuditExport.all(platform.audit, filter: try Self.filter(request)))
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"cica-audit.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}


extension AuditPages.View {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("audit.title"))</h1>
            <p class="lead">\(intro)</p>
            <form method="get" action="\(SiteURL.audit)" class="filters">
            <label for="actor">\(l("audit.actor"))</label><input id="actor" name="actor" value="\(actor)">
            <label for="action">\(l("audit.action"))</label><input id="action" name="action" value="\(action)">
            <label for="entity">\(l("audit.entity"))</label><input id="entity" name="entity" value="\(entity)">
            <label for="from">\(l("audit.from"))</label><input id="from" name="from" type="date" value="\(from)">
            <label for="to">\(l("audit.to"))</label><input id="to" name="to" type="date" value="\(to)">
            <button type="submit">\(l("common.show"))</button>
            </form>
            <p><a href="\(csv)">\(l("audit.csv"))</a></p>

            """)
        if rows.isEmpty {
            html("<p>\(l("audit.empty"))</p>\n")
        } else {
            html("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">\(l("audit.at"))</th><th scope=\"col\">\(l("audit.actor"))</th><th scope=\"col\">\(l("audit.action"))</th><th scope=\"col\">\(l("audit.entity"))</th><th scope=\"col\">\(l("audit.change"))</th></tr></thead><tbody>\n")
            for row in rows {
                html("<tr><td>\(row.sequence)</td><td>\(row.at)</td><td>\(row.actor)")
                if let role = row.role { html("<br><span class=\"muted\">\(role)</span>") }
                if let pseudonym = row.pseudonym { html("<br><code class=\"muted\">\(pseudonym)</code>") }
                html("</td><td>\(row.action)</td><td>\(row.entity)</td><td>")
                if let before = row.before { html("<span class=\"muted\">\(before)</span><br>") }
                html("\(row.after)")
                if let requestId = row.requestId { html("<br><code class=\"muted\">\(requestId)</code>") }
                html("</td></tr>\n")
            }
            html("</tbody></table>\n")
        }
        if let next { html("<p><a href=\"\(next)\" rel=\"next\">\(l("common.more"))</a></p>\n") }
    }
}
