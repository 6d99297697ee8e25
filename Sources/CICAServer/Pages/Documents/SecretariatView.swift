import CICACore
import CICAStore

/// The Secretariat page: its heads and their titles over time.
struct SecretariatView: Sendable {
    struct Row: Sendable {
        var name: String
        var title: String
        var nationality: String?
        var term: String
        var provenance: ProvenanceView
    }
    var intro: String
    var heads: [Row]
    var deputies: [Row]
    var sources: [SourceView]
}


extension SecretariatView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("secretariat.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        for (id, heading, rows) in [("heads", l("secretariat.heads"), heads), ("deputies", l("secretariat.deputies"), deputies)] {
            html("""
                <section aria-labelledby="\(id)"><h2 id="\(id)">\(heading)</h2>
                <table><thead><tr><th scope="col">\(l("secretariat.person"))</th><th scope="col">\(l("secretariat.post"))</th><th scope="col">\(l("secretariat.nationality"))</th><th scope="col">\(l("secretariat.term"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead><tbody>

                """)
            for row in rows {
                html("<tr><th scope=\"row\">\(row.name)</th><td>\(row.title)</td><td>\(row.nationality)</td><td>\(row.term)</td><td>")
                html.provenance(row.provenance, l)
                html("</td></tr>\n")
            }
            html("</tbody></table>\n</section>\n")
        }
        html.pageSources(sources, l)
    }
}
