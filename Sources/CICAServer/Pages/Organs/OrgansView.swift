import CICACore
import CICAStore

/// The organs page.
struct OrgansView: Sendable {
    struct Row: Sendable {
        var name: String
        var slug: String
        var url: SiteURL
        var role: String
        var reportsTo: String?
        var cadence: String
        var provenance: ProvenanceView
        var cadenceProvenance: ProvenanceView
    }
    var intro: String
    var organs: [Row]
    var chairmanships: [ChairmanshipRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ records: [OrganRecord], chairs: [Sourced<Chairmanship>], names: [String: String], today: CivilDate,
                     localizer l: Localizer) -> OrgansView {
        let byName = l.organNames(records.map(\.organ))
        return OrgansView(
            intro: l("organs.intro"),
            organs: records.map { r in
                Row(name: l.name(of: r.organ), slug: r.organ.slug, url: .organ(r.organ.slug), role: l.role(of: r.organ),
                    reportsTo: r.organ.reportsTo.flatMap { byName[$0] }, cadence: l.cadence(r.organ.cadence),
                    provenance: ProvenanceView(r.provenance, localizer: l), cadenceProvenance: ProvenanceView(r.cadenceProvenance, localizer: l))
            },
            chairmanships: chairs.map { ChairmanshipRow($0, names: names, today: today, localizer: l) },
            notes: records.flatMap(\.notes).map(NoteView.init),
            sources: citedSources(records.flatMap { [$0.provenance, $0.cadenceProvenance] } + chairs.map(\.provenance)))
    }
}


extension OrgansView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("organs.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        for organ in organs {
            html("""
                <section class="organ" aria-labelledby="organ-\(organ.slug)">
                <h2 id="organ-\(organ.slug)"><a href="\(organ.url)">\(organ.name)</a></h2>
                <p>\(organ.role)</p>
                <dl class="facts">

                """)
            if let reportsTo = organ.reportsTo { html("<dt>\(l("organs.reportsTo"))</dt><dd>\(reportsTo)</dd>\n") }
            html("<dt>\(l("organs.cadence"))</dt><dd>\(organ.cadence) ")
            html.provenance(organ.cadenceProvenance, l)
            html("</dd>\n</dl>\n")
            html.provenance(organ.provenance, l)
            html("\n</section>\n")
        }
        html("""
            <section aria-labelledby="chairmanships"><h2 id="chairmanships">\(l("organs.chairmanships"))</h2>
            <table><thead><tr><th scope="col">\(l("common.chair"))</th><th scope="col">\(l("common.dates"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead><tbody>

            """)
        for chair in chairmanships {
            html("<tr><th scope=\"row\"><a href=\"\(chair.url)\">\(chair.state)</a>")
            if chair.current { html(" <span class=\"badge\">\(l("organs.current"))</span>") }
            html("</th><td>\(chair.dates)")
            if let note = chair.note { html(" <span class=\"muted\">(\(note))</span>") }
            html("</td><td>")
            html.provenance(chair.provenance, l)
            html("</td></tr>\n")
        }
        html("</tbody></table>\n<p><a href=\"\(SiteURL.chairmanship())\">\(l("chairmanship.link"))</a></p>\n</section>\n")
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
