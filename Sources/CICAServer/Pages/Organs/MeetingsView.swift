import CICACore
import CICAStore

/// The meetings page, with its filters.
struct MeetingsView: Sendable {
    var intro: String
    var organs: [SelectOption]
    var kinds: [SelectOption]
    var year: String
    var rows: [MeetingRow]
    var count: String
    var next: String?
    var sources: [SourceView]
    /// The Secretariat plans meetings.
    var canPlan: Bool = false
}


extension MeetingsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("meetings.title"))</h1>
            <p class="lead">\(intro)</p>
            <p class="csv"><a href="\(SiteURL.csv(.meetings))">\(l("common.csv"))</a></p>

            """)
        if canPlan { html("<p><a href=\"\(SiteURL.newMeeting)\">\(l("meetings.new"))</a></p>\n") }
        html("""
            <form method="get" action="\(SiteURL.meetings)" class="filters">
            <label for="organ">\(l("common.organ"))</label>
            <select id="organ" name="organ">
            """)
        html.options(organs)
        html("</select>\n<label for=\"kind\">\(l("common.kind"))</label>\n<select id=\"kind\" name=\"kind\">")
        html.options(kinds)
        html("""
            </select>
            <label for="year">\(l("common.year"))</label>
            <input id="year" name="year" type="number" min="\(Limits.years.lowerBound)" max="\(Limits.years.upperBound)" value="\(year)" inputmode="numeric">
            <button type="submit">\(l("common.show"))</button>
            </form>
            <p class="muted">\(count)</p>
            <table>
            <thead><tr><th scope="col">\(l("common.meeting"))</th><th scope="col">\(l("common.dates"))</th><th scope="col">\(l("common.place"))</th><th scope="col">\(l("common.organ"))</th><th scope="col">\(l("common.kind"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead>
            <tbody>

            """)
        let platform = l("meetings.plannedOnPlatform")
        for row in rows {
            html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.title)</a>")
            if let badge = row.badge { html(" <span class=\"badge\">\(badge)</span>") }
            html("</th><td>\(row.dates)</td><td>\(row.place)</td><td>\(row.organ)</td><td>\(row.kind)</td><td>")
            if let provenance = row.provenance { html.provenance(provenance, l) } else { html("<span class=\"muted\">\(platform)</span>") }
            html("</td></tr>\n")
        }
        html("</tbody>\n</table>\n")
        if let next { html("<p><a href=\"\(next)\" rel=\"next\">\(l("common.more"))</a></p>\n") }
        html.pageSources(sources, l)
    }
}
