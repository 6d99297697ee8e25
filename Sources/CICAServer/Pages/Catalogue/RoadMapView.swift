import CICACore
import CICAStore

/// The Road Map page: its eight areas, each with its milestones and progress, a timeline of the milestones, and the
/// Secretariat's forms.
struct RoadMapView: Sendable {
    struct Link: Sendable {
        var label: String
        var url: SiteURL
    }
    struct MilestoneRow: Sendable {
        var id: String
        var title: String
        var due: String
        var status: String
        var statusClass: String
        var done: String?
        /// The day it was done as the form's date field takes it.
        var doneValue: String
        var links: [Link]
        /// The Secretariat's choices to change its status.
        var statuses: [SelectOption]
    }
    struct Area: Sendable {
        var number: Int
        var title: String
        var provenance: ProvenanceView
        var progress: String
        var percent: Int?
        var milestones: [MilestoneRow]
    }
    var intro: String
    var endorsedAt: String?
    var endorsedAtURL: SiteURL?
    var provenance: ProvenanceView
    var areas: [Area]
    var overall: String
    var timeline: RoadMapTimeline?
    var uncertain: Bool
    var sources: [SourceView]
    /// The Secretariat's form to record a milestone (nil: not offered).
    var areaChoices: [SelectOption]?
    var statusChoices: [SelectOption]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
}

extension RoadMapView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("roadMap.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        if let endorsedAt, let endorsedAtURL { html("<p>\(l("roadMap.endorsedAt")): <a href=\"\(endorsedAtURL)\">\(endorsedAt)</a></p>\n") }
        html.provenance(provenance, l)
        html("<p>\(overall)</p>\n")
        timeline?.write(&html)
        html.formFeedback(feedback, l)
        html("\n<section aria-labelledby=\"areas\"><h2 id=\"areas\">\(l("roadMap.areas"))</h2>\n")
        if uncertain { html("<p class=\"warning\">\(l("roadMap.uncertain"))</p>\n") }
        for area in areas {
            html("<article class=\"reform-area\" id=\"area-\(area.number)\"><h3>\(area.number). \(area.title)</h3>\n")
            html.provenance(area.provenance, l)
            html("<p>")
            if let percent = area.percent { html("<meter min=\"0\" max=\"100\" value=\"\(percent)\" aria-label=\"\(area.progress)\">\(percent)%</meter> ") }
            html("\(area.progress)</p>\n")
            if area.milestones.isEmpty {
                html("<p class=\"muted\">\(l("roadMap.noMilestones"))</p>\n")
            } else {
                html("""
                    <table class="milestones"><caption>\(l("roadMap.milestonesOf", ["area": String(area.number)]))</caption><thead><tr><th scope="col">\(l("roadMap.milestone"))</th><th scope="col">\(l("roadMap.due"))</th><th scope="col">\(l("common.status"))</th><th scope="col">\(l("roadMap.links"))</th></tr></thead><tbody>

                    """)
                for m in area.milestones {
                    html("<tr id=\"\(m.id)\"><th scope=\"row\">\(m.title)</th><td>\(m.due)</td><td><span class=\"milestone \(m.statusClass)\">\(m.status)</span>")
                    if let done = m.done { html(" \(done)") }
                    html("</td><td>")
                    for (index, link) in m.links.enumerated() { html("\(index == 0 ? "" : ", ")<a href=\"\(link.url)\">\(link.label)</a>") }
                    html("</td></tr>\n")
                    if !m.statuses.isEmpty {
                        html("""
                            <tr class="milestone-form"><td colspan="4"><form method="post" action="\(SiteURL.milestone(m.id))" class="inline">
                            \(trusted: chrome.csrfField)
                            <label for="status-\(m.id)">\(l("roadMap.changeStatus"))</label><select id="status-\(m.id)" name="status">
                            """)
                        html.options(m.statuses)
                        html("""
                            </select>
                            <label for="done-\(m.id)">\(l("roadMap.doneOn"))</label><input id="done-\(m.id)" name="done" type="date" value="\(m.doneValue)">
                            <button type="submit">\(l("roadMap.save"))</button></form></td></tr>

                            """)
                    }
                }
                html("</tbody></table>\n")
            }
            html("</article>\n")
        }
        html("</section>\n")
        if let areaChoices {
            func value(_ key: String) -> String { values[key] ?? "" }
            html("""
                <section aria-labelledby="record-milestone"><h2 id="record-milestone">\(l("roadMap.record"))</h2>
                <form method="post" action="\(SiteURL.milestones)" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="milestone-area">\(l("roadMap.area"))</label><select id="milestone-area" name="area" required>
                """)
            html.options(areaChoices)
            html("""
                </select>
                <label for="milestone-title">\(l("roadMap.milestone"))</label><input id="milestone-title" name="title" required maxlength="\(RoadMapRules.maximumTitle)" value="\(value("title"))">
                <label for="milestone-due">\(l("roadMap.due"))</label><input id="milestone-due" name="due" type="date" value="\(value("due"))">
                <label for="milestone-status">\(l("common.status"))</label><select id="milestone-status" name="status">
                """)
            html.options(statusChoices)
            html("""
                </select>
                <label for="milestone-done">\(l("roadMap.doneOn"))</label><input id="milestone-done" name="done" type="date" value="\(value("done"))">
                <label for="milestone-decisions">\(l("roadMap.decisions"))</label><input id="milestone-decisions" name="decisions" value="\(value("decisions"))" aria-describedby="milestone-links-hint">
                <label for="milestone-documents">\(l("roadMap.documents"))</label><input id="milestone-documents" name="documents" value="\(value("documents"))" aria-describedby="milestone-links-hint">
                <p id="milestone-links-hint" class="hint">\(l("roadMap.linksHint"))</p>
                <p><button type="submit">\(l("roadMap.recordButton"))</button></p>
                </form></section>

                """)
        }
        html.pageSources(sources, l)
    }
}

/// The milestones on a time axis from the Road Map's endorsement: a row per area, a mark per milestone at the day it
/// was done or is due, shaped by its status; the tables on the page hold the same data.
struct RoadMapTimeline: Sendable {
    struct Mark: Sendable {
        var area: Int
        var day: CivilDate
        var statusClass: String
        var title: String
    }
    var title: String
    var description: String
    var areas: [Int]
    var marks: [Mark]
    var firstYear: Int
    var lastYear: Int
    var today: CivilDate

    static let width = 720.0, row = 18.0, left = 28.0, top = 8.0, bottom = 22.0

    private var span: Double { Double(max(1, lastYear - firstYear + 1)) }
    private func x(_ day: CivilDate) -> Double {
        let year = Double(day.year) + (Double(day.month) - 1) / 12 + (Double(day.day) - 1) / 366
        return Self.left + (Self.width - Self.left - 8) * (year - Double(firstYear)) / span
    }

    func write(_ html: inout HTML) {
        let height = Self.top + Self.row * Double(areas.count) + Self.bottom
        html("<figure class=\"road-map-timeline\"><svg viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\" aria-labelledby=\"road-map-timeline-title road-map-timeline-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        html("<title id=\"road-map-timeline-title\">\(title)</title><desc id=\"road-map-timeline-desc\">\(description)</desc>")
        for (index, area) in areas.enumerated() {
            let y = Self.top + Self.row * (Double(index) + 0.5)
            html("<text class=\"area\" x=\"2\" y=\"\(String(format1: y + 4))\">\(String(area))</text>")
            html("<line class=\"lane\" x1=\"\(String(format1: Self.left))\" y1=\"\(String(format1: y))\" x2=\"\(String(format1: Self.width - 4))\" y2=\"\(String(format1: y))\"/>")
        }
        let axis = height - Self.bottom
        for year in firstYear...lastYear {
            let at = x(CivilDate(year: year, month: 1, day: 1))
            html("<line class=\"axis\" x1=\"\(String(format1: at))\" y1=\"\(String(format1: Self.top))\" x2=\"\(String(format1: at))\" y2=\"\(String(format1: axis))\"/>")
            html("<text class=\"year\" x=\"\(String(format1: at + 4))\" y=\"\(String(format1: height - 6))\">\(String(year))</text>")
        }
        let now = x(today)
        html("<line class=\"today\" x1=\"\(String(format1: now))\" y1=\"\(String(format1: Self.top))\" x2=\"\(String(format1: now))\" y2=\"\(String(format1: axis))\"/>")
        for mark in marks {
            guard let index = areas.firstIndex(of: mark.area) else { continue }
            let y = Self.top + Self.row * (Double(index) + 0.5)
            html("<circle class=\"milestone \(mark.statusClass)\" cx=\"\(String(format1: x(mark.day)))\" cy=\"\(String(format1: y))\" r=\"5\"><title>\(mark.title)</title></circle>")
        }
        html("</svg></figure>\n")
    }
}
