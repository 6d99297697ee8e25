import CICACore
import CICAStore

/// The Member States page: a table, filtered to founding members or those who joined later.
struct MemberStatesView: Sendable {
    struct Filter: Sendable {
        var label: String
        var url: SiteURL
        var current: Bool
    }
    var intro: String
    var filters: [Filter]
    var rows: [MemberStateRow]
    var count: String
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(states: [Sourced<MemberState>], founding: Bool?, notes: [SourceNote], localizer l: Localizer) -> MemberStatesView {
        let filters: [(String, Bool?)] = [("memberStates.filter.all", nil), ("memberStates.filter.founding", true), ("memberStates.filter.joined", false)]
        return MemberStatesView(
            intro: l("memberStates.intro"),
            filters: filters.map { Filter(label: l($0.0), url: .memberStates(founding: $0.1), current: $0.1 == founding) },
            rows: l.alphabetical(states.map { MemberStateRow($0, localizer: l) }, by: \.name),
            count: l("common.count", count: states.count),
            notes: notes.map(NoteView.init),
            sources: citedSources(states.map(\.provenance)))
    }
}


extension MemberStatesView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("memberStates.title"))</h1>
            <p class="lead">\(intro)</p>
            <p class="csv"><a href="\(SiteURL.csv(.memberStates))">\(l("common.csv"))</a></p>
            <nav aria-label="\(l("common.filter"))" class="filters"><ul>
            """)
        for filter in filters {
            html("<li><a href=\"\(filter.url)\"\(attribute: "aria-current=\"page\"", when: filter.current)>\(filter.label)</a></li>")
        }
        html("""
            </ul></nav>
            <p class="muted">\(count)</p>
            <table>
            <caption class="visually-hidden">\(l("memberStates.title"))</caption>
            <thead><tr><th scope="col">\(l("common.name"))</th><th scope="col">\(l("common.code"))</th><th scope="col">\(l("memberStates.accession"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead>
            <tbody>

            """)
        let founding = l("memberStates.founding")
        for row in rows {
            html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.name)</a>")
            if row.founding { html(" <span class=\"badge\">\(founding)</span>") }
            html("</th><td>\(row.code)</td><td>\(row.accession)</td><td>")
            html.provenance(row.provenance, l)
            html("</td></tr>\n")
        }
        html("</tbody>\n</table>\n")
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
