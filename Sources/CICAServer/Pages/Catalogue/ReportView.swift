import CICACore
import CICAStore

/// Who reported for a year.
struct ReportsView: Sendable {
    struct Row: Sendable {
        var state: String
        var url: SiteURL
        var parts: String
        var submitted: String
        var late: Bool
    }
    var year: Int
    var deadline: String
    var rows: [Row]
    /// For the Secretariat: the Member States that have not reported.
    var missing: [(String, SiteURL)]?
    /// For a delegate: their state's report for the year.
    var own: [(String, SiteURL)]
    var years: [Int]
    /// For the Secretariat: the deadline as the form shows it.
    var deadlineForm: String?
    var feedback: FormFeedback?
}

extension ReportsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("reports.title", ["year": String(year)]))</h1>\n")
        html("<p class=\"lead\">\(l("reports.intro"))</p>\n<p>\(deadline) · <a href=\"\(SiteURL.overview(year: year))\">\(l("overview.link"))</a> · <a href=\"\(SiteURL.csv(.reports, year: year))\">\(l("common.csv"))</a></p>\n<nav aria-label=\"\(l("reports.years"))\"><p>")
        for (index, y) in years.enumerated() {
            html(index == 0 ? "" : " · ")
            if y == year { html("<strong aria-current=\"page\">\(String(y))</strong>") } else { html("<a href=\"\(SiteURL.reports(year: y))\">\(String(y))</a>") }
        }
        html("</p></nav>\n")
        html.formFeedback(feedback, l)
        for (state, url) in own { html("<p><a class=\"button\" href=\"\(url)\">\(l("reports.fileOwn", ["state": state]))</a></p>\n") }
        html("<section aria-labelledby=\"reported\"><h2 id=\"reported\">\(l("reports.reported", count: rows.count))</h2>\n")
        if rows.isEmpty {
            html("<p class=\"muted\">\(l("reports.none"))</p>\n")
        } else {
            html("<table><thead><tr><th scope=\"col\">\(l("coordination.state"))</th><th scope=\"col\">\(l("reports.partsHeading"))</th><th scope=\"col\">\(l("reports.submitted"))</th></tr></thead><tbody>\n")
            for row in rows {
                html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.state)</a></th><td>\(row.parts)</td><td\(attribute: "class=\"late\"", when: row.late)>\(row.submitted)</td></tr>\n")
            }
            html("</tbody></table>\n")
        }
        html("</section>\n")
        if let missing {
            html("<section aria-labelledby=\"missing\"><h2 id=\"missing\">\(l("reports.missing", count: missing.count))</h2>\n<p>")
            for (index, (state, url)) in missing.enumerated() { html("\(index == 0 ? "" : ", ")<a href=\"\(url)\">\(state)</a>") }
            html("</p></section>\n")
        }
        if let deadlineForm {
            html("""
                <section aria-labelledby="set-deadline"><h2 id="set-deadline">\(l("reports.setDeadline"))</h2>
                <form method="post" action="\(SiteURL.reportingDeadline(String(year)))" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="deadline">\(l("reports.deadlineLabel"))</label><input id="deadline" name="deadline" type="date" required value="\(deadlineForm)">
                <p><button type="submit">\(l("reports.setDeadlineButton"))</button></p>
                </form></section>

                """)
        }
    }
}

/// A state's report for a year: the parts the reader may read, and for the state's delegates the form to file it.
struct ReportView: Sendable {
    struct Part: Sendable {
        var area: String
        var areaURL: SiteURL
        var status: String
        var narrative: String?
        /// The earlier report whose part this one carries forward.
        var carriedFrom: SiteURL?
        /// Who may read it, when not everyone.
        var visibility: String?
        /// Where the state stands on each measure of the Catalogue in force it reported on.
        var measures: [(number: String, title: String, status: String, note: String?)] = []
    }
    struct FormRow: Sendable {
        var slug: String
        var area: String
        var statuses: [SelectOption]
        var since: String
        var narrative: String
        var visibilities: [SelectOption]
        /// The measures of the Catalogue in force in the area, each with its status and note.
        var measures: [(number: String, title: String, statuses: [SelectOption], note: String)] = []
    }
    var state: String
    var stateURL: SiteURL
    var year: Int
    /// What the page says when there is no report to show: "not filed yet" to readers of every part, a neutral line to others.
    var empty: String
    var deadline: String
    var submitted: String?
    /// The parts the reader may read; the others are neither shown nor counted.
    var parts: [Part]
    var form: [FormRow]?
    var action: SiteURL
    var feedback: FormFeedback?
}

extension ReportView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(SiteURL.reports(year: year))\">\(l("reports.title", ["year": String(year)]))</a> · <a href=\"\(stateURL)\">\(state)</a></p>\n")
        html("<h1>\(l("reports.reportTitle", ["state": state, "year": String(year)]))</h1>\n<p>\(deadline)</p>\n")
        if let submitted { html("<p>\(submitted)</p>\n") } else if parts.isEmpty { html("<p class=\"muted\">\(empty)</p>\n") }
        html.formFeedback(feedback, l)
        for part in parts {
            html("<article class=\"report-part\"><h2><a href=\"\(part.areaURL)\">\(part.area)</a></h2><p><strong>\(part.status)</strong>")
            if let visibility = part.visibility { html(" — <span class=\"confidence\">\(visibility)</span>") }
            html("</p>\n")
            if let narrative = part.narrative { html("<p class=\"narrative\">\(narrative)</p>\n") }
            if let carriedFrom = part.carriedFrom { html("<p class=\"muted\"><a href=\"\(carriedFrom)\">\(l("reports.carried"))</a></p>\n") }
            if !part.measures.isEmpty {
                html("<h3>\(l("reports.measures"))</h3><ul class=\"measures\">")
                for m in part.measures {
                    html("<li><strong>\(m.number). \(m.title)</strong>: \(m.status)")
                    if let note = m.note { html(" — <span class=\"narrative\">\(note)</span>") }
                    html("</li>")
                }
                html("</ul>\n")
            }
            html("</article>\n")
        }
        if let form {
            html("""
                <section aria-labelledby="file"><h2 id="file">\(l("reports.file"))</h2>
                <p class="hint">\(l("reports.fileHint"))</p>
                <form method="post" action="\(action)" class="stacked report-form">
                \(trusted: chrome.csrfField)

                """)
            for row in form {
                html("""
                    <fieldset><legend>\(row.area)</legend>
                    <label for="status-\(row.slug)">\(l("reports.statusLabel"))</label><select id="status-\(row.slug)" name="status.\(row.slug)">
                    """)
                html.options(row.statuses)
                html("""
                    </select>
                    <label for="since-\(row.slug)">\(l("reports.sinceLabel"))</label><input id="since-\(row.slug)" name="since.\(row.slug)" inputmode="numeric" value="\(row.since)">
                    <label for="narrative-\(row.slug)">\(l("reports.narrative"))</label><textarea id="narrative-\(row.slug)" name="narrative.\(row.slug)" rows="3" maxlength="\(ReportingRules.maximumNarrative)">\(row.narrative)</textarea>
                    <label for="visibility-\(row.slug)">\(l("reports.visibilityLabel"))</label><select id="visibility-\(row.slug)" name="visibility.\(row.slug)">
                    """)
                html.options(row.visibilities)
                html("</select>\n")
                if !row.measures.isEmpty {
                    html("<fieldset class=\"measures\"><legend>\(l("reports.measuresLegend"))</legend>\n")
                    for m in row.measures {
                        let key = "\(row.slug).\(m.number)", id = "\(row.slug)-\(m.number.replacingOccurrences(of: ".", with: "-"))"
                        html("<label for=\"measure-\(id)\">\(m.number). \(m.title)</label><select id=\"measure-\(id)\" name=\"measure.\(key)\">")
                        html.options(m.statuses)
                        html("</select>\n<label for=\"measure-note-\(id)\">\(l("reports.measureNote", ["number": m.number]))</label><input id=\"measure-note-\(id)\" name=\"measureNote.\(key)\" maxlength=\"\(ReportingRules.maximumMeasureNote)\" value=\"\(m.note)\">\n")
                    }
                    html("</fieldset>\n")
                }
                html("</fieldset>\n")
            }
            html("<p><button type=\"submit\">\(l("reports.submit"))</button></p>\n</form></section>\n")
        }
    }
}
