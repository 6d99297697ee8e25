import CICACore
import CICAStore

/// The registry: the documents the reader may read, filtered by kind, organ, year and language.
struct DocumentsView: Sendable {
    struct Row: Sendable {
        var symbol: String
        var title: String
        var url: SiteURL
        var kind: String
        var date: String
        var place: String?
        var meeting: String?
        var meetingURL: SiteURL?
        var languages: String
        var access: String
        /// The sources, for the shipped dataset; who registered it, for the rest.
        var provenance: ProvenanceView?
        var registered: String?
    }
    var intro: String
    var kinds: [SelectOption]
    var organs: [SelectOption]
    var languages: [SelectOption]
    var year: String
    var rows: [Row]
    var count: String
    var canRegister: Bool
    var next: String?
    var notes: [NoteView]
    var sources: [SourceView]
}


extension DocumentsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("documents.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        html("<p class=\"csv\"><a href=\"\(SiteURL.csv(.documents))\">\(l("common.csv"))</a></p>\n")
        if canRegister { html("<p><a class=\"button\" href=\"\(SiteURL.newDocument)\">\(l("documents.new"))</a></p>\n") }
        html("""
            <form method="get" action="\(SiteURL.documents)" class="filters">

            """)
        html.registryFilters(kinds: kinds, organs: organs, languages: languages, year: year, l)
        html("""
            <button type="submit">\(l("common.show"))</button>
            </form>
            <p class="muted">\(count)</p>
            <table>
            <thead><tr><th scope="col">\(l("documents.symbol"))</th><th scope="col">\(l("common.title"))</th><th scope="col">\(l("common.kind"))</th><th scope="col">\(l("common.date"))</th><th scope="col">\(l("common.place"))</th><th scope="col">\(l("documents.languages"))</th><th scope="col">\(l("documents.access"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead>
            <tbody>

            """)
        for row in rows {
            html("<tr><td><code>\(row.symbol)</code></td><th scope=\"row\"><a href=\"\(row.url)\">\(row.title)</a>")
            if let meeting = row.meeting, let url = row.meetingURL { html("<br><a class=\"muted\" href=\"\(url)\">\(meeting)</a>") }
            html("</th><td>\(row.kind)</td><td>\(row.date)</td><td>\(row.place)</td><td>\(row.languages)</td><td>\(row.access)</td><td>")
            if let provenance = row.provenance { html.provenance(provenance, l) }
            if let registered = row.registered { html("\(registered)") }
            html("</td></tr>\n")
        }
        html("</tbody>\n</table>\n")
        if rows.isEmpty { html("<p class=\"muted\">\(l("documents.none"))</p>\n") }
        if let next { html("<p><a href=\"\(next)\" rel=\"next\">\(l("common.more"))</a></p>\n") }
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
