import CICACore
import CICAStore

/// The list of sources, with how many facts cite each, and the notes on where they disagree.
struct SourcesView: Sendable {
    struct Row: Sendable {
        var id: String
        var title: String
        var external: String?
        var url: SiteURL
        var facts: Int
    }
    var intro: String
    var dataset: String
    var rows: [Row]
    var notes: [NoteView]
}


extension SourcesView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("sources.title"))</h1>
            <p class="lead">\(intro)</p>
            <p class="muted">\(dataset)</p>
            <table><thead><tr><th scope="col">\(l("common.title"))</th><th scope="col">\(l("sources.facts"))</th></tr></thead><tbody>

            """)
        for row in rows {
            html("<tr id=\"\(row.id)\"><th scope=\"row\"><a href=\"\(row.url)\">\(recorded: row.title, l)</a>")
            if let external = row.external { html(" · <a href=\"\(external)\" rel=\"external noopener\">\(l("sources.open"))</a>") }
            html("</th><td>\(row.facts)</td></tr>\n")
        }
        html("</tbody></table>\n")
        html.notes(notes, l)
    }
}
