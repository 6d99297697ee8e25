import CICACore
import CICAStore

/// One meeting's page.
struct MeetingView: Sendable {
    struct DocumentRow: Sendable {
        var title: String
        var url: SiteURL
        var kind: String
        /// The sources of a shipped document; nil for one the Secretariat registered.
        var provenance: ProvenanceView?
    }
    var title: String
    var organ: String
    var organURL: SiteURL
    var kind: String
    var status: String
    var planned: Bool
    var dates: String
    var place: String
    var chair: String?
    var chairURL: SiteURL?
    var outcomes: [String]
    var documents: [DocumentRow]
    var provenance: ProvenanceView
    var notes: [NoteView]
    var sources: [SourceView]
}


extension MeetingView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(title)</h1>
            <dl class="facts">
            <dt>\(l("common.organ"))</dt><dd><a href="\(organURL)">\(organ)</a></dd>
            <dt>\(l("common.kind"))</dt><dd>\(kind)</dd>
            <dt>\(l("common.status"))</dt><dd>\(status)</dd>
            <dt>\(l("common.dates"))</dt><dd>\(dates)</dd>
            <dt>\(l("common.place"))</dt><dd>\(place)</dd>

            """)
        if let chair, let chairURL { html("<dt>\(l("common.chair"))</dt><dd><a href=\"\(chairURL)\">\(chair)</a></dd>\n") }
        html("</dl>\n")
        html.provenance(provenance, l)
        if !outcomes.isEmpty {
            html("\n<section aria-labelledby=\"outcomes\"><h2 id=\"outcomes\">\(l("common.outcomes"))</h2><ul>")
            for outcome in outcomes { html("<li>\(outcome)</li>") }
            html("</ul></section>")
        }
        if !documents.isEmpty {
            html("\n<section aria-labelledby=\"documents\"><h2 id=\"documents\">\(l("meetings.adopted"))</h2><ul>")
            for document in documents {
                html("<li><a href=\"\(document.url)\">\(document.title)</a> <span class=\"muted\">(\(document.kind))</span> ")
                if let provenance = document.provenance { html.provenance(provenance, l) }
                html("</li>")
            }
            html("</ul></section>")
        }
        html("\n")
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
