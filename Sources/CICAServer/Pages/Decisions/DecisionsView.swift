import Foundation
import CICACore
import CICAStore

/// The decisions page: open ones first, with the time left under silence procedure.
struct DecisionsView: Sendable {
    var intro: String
    var open: [DecisionRow]
    var rows: [DecisionRow]
    var statuses: [SelectOption]
    var organs: [SelectOption]
    var next: String?
    var canDraft: Bool
}


extension DecisionsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("decisions.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        html("<p class=\"csv\"><a href=\"\(SiteURL.csv(.decisions))\">\(l("common.csv"))</a></p>\n")
        if canDraft { html("<p><a class=\"button\" href=\"\(SiteURL.newDecision)\">\(l("decisions.new"))</a></p>\n") }
        if !open.isEmpty {
            html("""
                <section aria-labelledby="open"><h2 id="open">\(l("decisions.open"))</h2>
                <table><thead><tr><th scope="col">\(l("decisions.decision"))</th><th scope="col">\(l("common.organ"))</th><th scope="col">\(l("decisions.effect"))</th><th scope="col">\(l("decisions.deadline"))</th></tr></thead><tbody>

                """)
            for row in open {
                html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.symbol)</a><br>\(row.title)")
                if let attention = row.attention {
                    html("<p class=\"attention\"><strong>\(l("decision.attention.heading"))</strong> \(attention)</p>")
                }
                html("</th><td>\(row.organ)</td><td>\(row.effect)</td><td>")
                if let deadline = row.deadline {
                    html("\(deadline)<br><span class=\"countdown\"><time datetime=\"\(row.deadlineISO)\" data-countdown>\(row.remaining)</time> \(l("decisions.left"))</span>")
                } else {
                    html("\(l("procedure.inMeeting"))")
                }
                html("</td></tr>\n")
            }
            html("</tbody></table></section>")
        }
        html("""

            <section aria-labelledby="all"><h2 id="all">\(l("decisions.all"))</h2>
            <form method="get" action="\(SiteURL.decisions)" class="filters">
            <label for="status">\(l("common.status"))</label><select id="status" name="status">
            """)
        html.options(statuses)
        html("</select>\n<label for=\"organ\">\(l("common.organ"))</label><select id=\"organ\" name=\"organ\">")
        html.options(organs)
        html("""
            </select>
            <button type="submit">\(l("common.show"))</button>
            </form>
            <table><thead><tr><th scope="col">\(l("decisions.decision"))</th><th scope="col">\(l("common.organ"))</th><th scope="col">\(l("decisions.effect"))</th><th scope="col">\(l("common.status"))</th><th scope="col">\(l("common.date"))</th></tr></thead><tbody>

            """)
        for row in rows {
            html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.symbol)</a><br>\(row.title)")
            if row.historical { html(" <span class=\"badge\">\(l("decisions.historical"))</span>") }
            html("</th><td>\(row.organ)</td><td>\(row.effect)</td><td><span class=\"status \(row.status)\">\(row.statusLabel)</span></td><td>\(row.date)</td></tr>\n")
        }
        html("</tbody></table>\n")
        if let next { html("<p><a href=\"\(next)\" rel=\"next\">\(l("common.more"))</a></p>\n") }
        html("</section>\n")
        html.countdownScript(l)
    }
}
