import CICACore
import CICAStore

/// One organ's page, with whether it has met as its rule requires.
struct OrganView: Sendable {
    /// The organ's meetings as an iCalendar feed.
    var calendar: SiteURL
    struct Interval: Sendable {
        var from: String
        var to: String
        var exceeded: Bool
        var label: String
    }
    struct Year: Sendable {
        var year: Int
        var count: Int
        var status: String
        var label: String
        var met: Bool
        var informal: Int
    }
    var name: String
    var shortName: String
    var formerName: String?
    var renamedOn: String?
    var role: String
    var reportsTo: String?
    var reportsToURL: SiteURL?
    var seat: String?
    var cadence: String
    var provenance: ProvenanceView
    var cadenceProvenance: ProvenanceView
    var lastMeeting: String?
    var nextDue: String?
    var overdue: Bool
    var planned: String?
    var intervals: [Interval]
    var years: [Year]
    var hasReport: Bool
    var timeline: CadenceTimeline?
    /// The Committee's mandates to the Special Working Group (on both organs' pages).
    var mandates: [MandateRow]?
    /// The follow-up of the Committee's decisions (on its page).
    var followUps: [FollowUpRow]?
    /// The Secretariat records mandates, reports and follow-up.
    var canManage = false
    var followUpStatuses: [SelectOption] = []
    var values: [String: String] = [:]
    var feedback: FormFeedback?
    /// Whether the platform keeps the organ's record, so that a year short of meetings is missed rather than unrecorded.
    var completeNote: Bool
    var meetings: [MeetingRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ record: OrganRecord, report: CadenceReport, meetings: [Sourced<Meeting>], organNames: [String: String],
                     countryNames: [String: String], asOf: CivilDate, localizer l: Localizer) -> OrganView {
        let o = record.organ
        let titles = Dictionary(uniqueKeysWithValues: meetings.map { ($0.value.id, l.title(of: $0.value)) })
        return OrganView(
            calendar: .organCalendar(o.slug), name: l.name(of: o), shortName: l.shortName(of: o), formerName: l.formerName(of: o), renamedOn: o.renamedOn.map { l.date($0) }, role: l.role(of: o),
            reportsTo: o.reportsTo.flatMap { organNames[$0] }, reportsToURL: o.reportsTo.map { .organ($0) }, seat: l.seat(of: o),
            cadence: l.cadence(o.cadence),
            provenance: ProvenanceView(record.provenance, localizer: l), cadenceProvenance: ProvenanceView(record.cadenceProvenance, localizer: l),
            lastMeeting: report.lastMeeting.map { "\(titles[$0] ?? $0), \(l.date(report.lastMeetingDate))" },
            nextDue: report.nextDue.map { l.date($0) }, overdue: report.overdue,
            planned: report.plannedMeeting.flatMap { titles[$0] },
            intervals: report.intervals.map {
                Interval(from: l.date($0.fromDate), to: l.date($0.toDate), exceeded: $0.exceeded,
                         label: l($0.exceeded ? "cadence.interval.exceeded" : "cadence.interval.within"))
            },
            years: report.years.map {
                Year(year: $0.year, count: $0.count, status: $0.status.rawValue, label: l("cadence.year.\($0.status.rawValue)"),
                     met: $0.status == .met || $0.status == .inProgress, informal: $0.informal)
            },
            hasReport: !report.intervals.isEmpty || !report.years.isEmpty || report.nextDue != nil,
            timeline: CadenceTimeline.make(report, organ: l.name(of: o), id: "cadence-\(o.slug)", asOf: asOf, localizer: l),
            completeNote: report.completeFrom != nil,
            meetings: meetings.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            notes: record.notes.map(NoteView.init),
            sources: citedSources([record.provenance, record.cadenceProvenance] + meetings.map(\.provenance)))
    }
}


extension OrganView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(name)</h1>\n<p class=\"lead\">\(role)</p>\n<dl class=\"facts\">\n")
        if let formerName {
            html("<dt>\(l("organs.formerName"))</dt><dd>\(formerName)")
            if let renamedOn { html(" (\(l("organs.renamed")) \(renamedOn))") }
            html("</dd>\n")
        }
        if let reportsTo, let reportsToURL { html("<dt>\(l("organs.reportsTo"))</dt><dd><a href=\"\(reportsToURL)\">\(reportsTo)</a></dd>\n") }
        if let seat { html("<dt>\(l("organs.seat"))</dt><dd>\(seat)</dd>\n") }
        html("<dt>\(l("organs.cadence"))</dt><dd>\(cadence)</dd>\n</dl>\n")
        html("<p>\(l("organ.calendar")) <a href=\"\(calendar)\"><code>\(calendar.href)</code></a></p>\n")
        html.provenance(cadenceProvenance, l)
        if hasReport {
            html("""

                <section aria-labelledby="cadence"><h2 id="cadence">\(l("cadence.heading"))</h2>
                <p class="muted">\(l("cadence.recordNote"))</p>
                <dl class="facts">

                """)
            if let lastMeeting { html("<dt>\(l("cadence.lastMeeting"))</dt><dd>\(lastMeeting)</dd>\n") }
            if let nextDue { html("<dt>\(l("cadence.nextDue"))</dt><dd>\(nextDue)</dd>\n") }
            if let planned { html("<dt>\(l("cadence.planned"))</dt><dd>\(planned)</dd>\n") }
            html("</dl>\n")
            if overdue { html("<p class=\"warning\">\(l("cadence.overdue"))</p>\n") }
            html("<div class=\"chart-with-data\">")
            timeline?.write(&html)
            if !intervals.isEmpty {
                html("<table><thead><tr><th scope=\"col\">\(l("common.dates"))</th><th scope=\"col\">\(l("common.status"))</th></tr></thead><tbody>\n")
                for interval in intervals {
                    html("<tr><td>\(interval.from) → \(interval.to)</td><td class=\"\(interval.exceeded ? "warning" : "")\">\(interval.label)</td></tr>")
                }
                html("\n</tbody></table>\n")
            }
            if !years.isEmpty {
                html("<table><caption>\(l("cadence.tableCaption"))</caption><thead><tr><th scope=\"col\">\(l("common.year"))</th><th scope=\"col\">\(l("cadence.counted"))</th><th scope=\"col\">\(l("cadence.informal"))</th><th scope=\"col\">\(l("common.status"))</th></tr></thead><tbody>\n")
                for year in years {
                    html("<tr><td>\(year.year)</td><td>\(year.count)</td><td>\(year.informal)</td><td class=\"\(year.met ? "" : "warning")\">\(year.label)</td></tr>")
                }
                html("\n</tbody></table>\n")
            }
            html("</div>\n")
            if completeNote { html("<p class=\"hint\">\(l("cadence.completeFrom"))</p>\n") } else { html("<p class=\"hint\">\(l("cadence.notComplete"))</p>\n") }
            html("</section>")
        }
        html.formFeedback(feedback, l)
        if let mandates { writeMandates(&html, mandates, chrome) }
        if let followUps { writeFollowUps(&html, followUps, chrome) }
        html("\n<section aria-labelledby=\"meetings\"><h2 id=\"meetings\">\(l("organs.meetings"))</h2>\n")
        if meetings.isEmpty {
            html("<p>\(l("common.none"))</p>\n")
        } else {
            html("<ul class=\"meetings\">")
            for meeting in meetings {
                html("<li><a href=\"\(meeting.url)\">\(meeting.title)</a> — \(meeting.dates)")
                if !meeting.place.isEmpty { html(", \(meeting.place)") }
                html(" <span class=\"muted\">(\(meeting.kind))</span></li>")
            }
            html("</ul>\n")
        }
        html("</section>\n")
        html.provenance(provenance, l)
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}

/// A mandate as the organs' pages show it.
struct MandateRow: Sendable {
    var id: String
    var task: String
    var deadline: String
    var status: String
    var late: Bool
    var decision: (String, SiteURL)?
    var report: (String, SiteURL)?
}

/// The follow-up of a decision as the Committee's page shows it.
struct FollowUpRow: Sendable {
    var id: String
    var decision: String
    var url: SiteURL
    var status: String
    var note: String?
}

extension OrganView {
    func writeMandates(_ html: inout HTML, _ rows: [MandateRow], _ chrome: Chrome) {
        let l = chrome.l
        func value(_ key: String) -> String { values[key] ?? "" }
        html("<section aria-labelledby=\"mandates\"><h2 id=\"mandates\">\(l("mandates.heading"))</h2>\n")
        if rows.isEmpty { html("<p class=\"muted\">\(l("mandates.none"))</p>\n") } else {
            html("<table><thead><tr><th scope=\"col\">\(l("mandates.task"))</th><th scope=\"col\">\(l("mandates.deadline"))</th><th scope=\"col\">\(l("common.status"))</th><th scope=\"col\">\(l("mandates.report"))</th></tr></thead><tbody>\n")
            for row in rows {
                html("<tr><td>\(row.task)")
                if let (label, url) = row.decision { html("<br><a href=\"\(url)\">\(label)</a>") }
                html("</td><td>\(row.deadline)</td><td class=\"\(row.late ? "warning" : "")\">\(row.status)</td><td>")
                if let (label, url) = row.report { html("<a href=\"\(url)\">\(label)</a>") } else if canManage {
                    html("<form method=\"post\" action=\"\(SiteURL.mandateReport(row.id))\" class=\"inline\">\(trusted: chrome.csrfField)<label for=\"report-\(row.id)\" class=\"visually-hidden\">\(l("mandates.reportDocument"))</label><input id=\"report-\(row.id)\" name=\"document\" required placeholder=\"CICA/SWG/REP/…\"> <button type=\"submit\">\(l("mandates.recordReport"))</button></form>")
                }
                html("</td></tr>\n")
            }
            html("</tbody></table>\n")
        }
        if canManage {
            html("""
                <form method="post" action="\(SiteURL.mandates)" class="stacked">
                \(trusted: chrome.csrfField)
                <h3>\(l("mandates.give"))</h3>
                <label for="mandate-task">\(l("mandates.task"))</label><textarea id="mandate-task" name="task" rows="3" required maxlength="\(MandateRules.maximumTask)">\(value("task"))</textarea>
                <label for="mandate-deadline">\(l("mandates.deadline"))</label><input id="mandate-deadline" name="deadline" type="date" required value="\(value("deadline"))">
                <label for="mandate-decision">\(l("mandates.decision"))</label><input id="mandate-decision" name="decision" value="\(value("decision"))" aria-describedby="mandate-decision-hint"><p id="mandate-decision-hint" class="hint">\(l("mandates.decisionHint"))</p>
                <p><button type="submit">\(l("mandates.giveButton"))</button></p>
                </form>

                """)
        }
        html("</section>\n")
    }

    func writeFollowUps(_ html: inout HTML, _ rows: [FollowUpRow], _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"follow-up\"><h2 id=\"follow-up\">\(l("followUp.heading"))</h2>\n")
        if rows.isEmpty { html("<p class=\"muted\">\(l("followUp.none"))</p>\n</section>\n"); return }
        html("<table><thead><tr><th scope=\"col\">\(l("documents.decision"))</th><th scope=\"col\">\(l("common.status"))</th>")
        if canManage { html("<th scope=\"col\">\(l("followUp.update"))</th>") }
        html("</tr></thead><tbody>\n")
        for row in rows {
            html("<tr><td><a href=\"\(row.url)\">\(row.decision)</a></td><td>\(row.status)")
            if let note = row.note { html("<br><span class=\"muted\">\(note)</span>") }
            html("</td>")
            if canManage {
                html("<td><form method=\"post\" action=\"\(SiteURL.followUps)\" class=\"inline\">\(trusted: chrome.csrfField)<input type=\"hidden\" name=\"decision\" value=\"\(row.id)\"><label for=\"follow-\(row.id)\" class=\"visually-hidden\">\(l("common.status")) \(row.decision)</label><select id=\"follow-\(row.id)\" name=\"status\">")
                html.options(followUpStatuses)
                html("</select> <label for=\"follow-note-\(row.id)\" class=\"visually-hidden\">\(l("admission.note"))</label><input id=\"follow-note-\(row.id)\" name=\"note\" placeholder=\"\(l("admission.note"))\"> <button type=\"submit\">\(l("followUp.save"))</button></form></td>")
            }
            html("</tr>\n")
        }
        html("</tbody></table>\n</section>\n")
    }
}

