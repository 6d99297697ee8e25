import CICACore
import CICAStore

/// One meeting's page: its facts, agenda, decisions, list of participants, report and corrections, with the
/// Secretariat's steps and a delegation's registration as forms.
struct MeetingView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
        var url: SiteURL?
    }
    struct DocumentRow: Sendable {
        var title: String
        var url: SiteURL
        var kind: String
        /// The sources of a shipped document; nil for one the Secretariat registered.
        var provenance: ProvenanceView?
    }
    struct AgendaRow: Sendable {
        var title: String
        var decision: String?
        var decisionURL: SiteURL?
    }
    struct DecisionRow: Sendable {
        var symbol: String
        var title: String
        var status: String
        var url: SiteURL
    }
    struct DelegationRow: Sendable {
        var name: String
        var head: String
        var members: [String]
    }
    struct CorrectionRow: Sendable {
        var note: String
        var made: String
        var changes: [ChangeRow]
    }
    struct ChangeRow: Sendable {
        var label: String
        var before: String
        var after: String
    }
    struct Choice: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    var id: String
    var title: String
    var status: String
    var facts: [Fact]
    var cancellation: String?
    var provenance: ProvenanceView?
    var plannedNote: String?
    var outcomes: [String]
    var documents: [DocumentRow]
    var agendaHeading: String?
    var agenda: [AgendaRow]
    var decisions: [DecisionRow]
    var memberStates: [DelegationRow]
    var observers: [DelegationRow]
    /// Whether anyone has registered, or may still: the list of participants is shown.
    var showsParticipants: Bool
    var report: Fact?
    var draftReport: String?
    var corrections: [CorrectionRow]
    var notes: [NoteView]
    var sources: [SourceView]

    // What the reader may do, and the forms' choices.
    var steps: Set<SiteURL.MeetingForm>
    var meetingFields: MeetingFieldsForm?
    var agendaDecisions: [Choice]
    var registrable: [SelectOption]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
}

/// The fields of a meeting's facts as the planning and correcting forms show them.
struct MeetingFieldsForm: Sendable {
    var organs: [SelectOption]?
    var kinds: [SelectOption]
    var formats: [SelectOption]
    var countries: [SelectOption]
    var chairs: [SelectOption]
    var timeZones: [SelectOption]
    /// A held meeting's facts are corrected, with a reason.
    var correcting: Bool
    var values: [String: String]

    static let keys = ["title", "number", "start", "end", "opens", "closes", "city", "correction"]

    func keeping(_ form: Form) -> MeetingFieldsForm {
        var kept = self
        for key in Self.keys { kept.values[key] = form[key] ?? "" }
        kept.organs = organs?.selecting(form["organ"])
        kept.kinds = kinds.selecting(form["kind"])
        kept.formats = formats.selecting(form["format"])
        kept.countries = countries.selecting(form["country"])
        kept.chairs = chairs.selecting(form["chair"])
        kept.timeZones = timeZones.selecting(form["timeZone"])
        return kept
    }

    func write(_ html: inout HTML, prefix: String, _ l: Localizer) {
        func value(_ key: String) -> String { values[key] ?? "" }
        if let organs {
            html("<label for=\"\(prefix)organ\">\(l("common.organ"))</label><select id=\"\(prefix)organ\" name=\"organ\" required>")
            html.options(organs)
            html("</select>\n")
        }
        html("""
            <label for="\(prefix)title">\(l("common.title"))</label><input id="\(prefix)title" name="title" required maxlength="\(MeetingRules.maximumTitle)" value="\(value("title"))">
            <label for="\(prefix)kind">\(l("common.kind"))</label><select id="\(prefix)kind" name="kind">
            """)
        html.options(kinds)
        html("""
            </select>
            <label for="\(prefix)number">\(l("meetings.number"))</label><input id="\(prefix)number" name="number" inputmode="numeric" value="\(value("number"))" aria-describedby="\(prefix)number-hint"><p id="\(prefix)number-hint" class="hint">\(l("meetings.numberHint"))</p>
            <label for="\(prefix)format">\(l("meetings.format"))</label><select id="\(prefix)format" name="format">
            """)
        html.options(formats)
        html("""
            </select>
            <label for="\(prefix)start">\(l("meetings.start"))</label><input id="\(prefix)start" name="start" type="date" required value="\(value("start"))">
            <label for="\(prefix)end">\(l("meetings.end"))</label><input id="\(prefix)end" name="end" type="date" value="\(value("end"))" aria-describedby="\(prefix)end-hint"><p id="\(prefix)end-hint" class="hint">\(l("meetings.endHint"))</p>
            <fieldset class="hours" aria-describedby="\(prefix)hours-hint"><legend>\(l("meetings.hours"))</legend>
            <p id="\(prefix)hours-hint" class="hint">\(l("meetings.hoursHint"))</p>
            <label for="\(prefix)opens">\(l("meetings.opens"))</label><input id="\(prefix)opens" name="opens" type="time" value="\(value("opens"))">
            <label for="\(prefix)closes">\(l("meetings.closes"))</label><input id="\(prefix)closes" name="closes" type="time" value="\(value("closes"))">
            <label for="\(prefix)timeZone">\(l("meetings.timeZone"))</label><select id="\(prefix)timeZone" name="timeZone">
            """)
        html.options(timeZones)
        html("""
            </select></fieldset>
            <label for="\(prefix)city">\(l("meetings.city"))</label><input id="\(prefix)city" name="city" maxlength="\(MeetingRules.maximumPlace)" value="\(value("city"))">
            <label for="\(prefix)country">\(l("meetings.country"))</label><select id="\(prefix)country" name="country">
            """)
        html.options(countries)
        html("</select>\n<label for=\"\(prefix)chair\">\(l("common.chair"))</label><select id=\"\(prefix)chair\" name=\"chair\">")
        html.options(chairs)
        html("</select>\n")
        if correcting {
            html("""
                <label for="\(prefix)correction">\(l("meetings.correction"))</label><textarea id="\(prefix)correction" name="correction" rows="3" required maxlength="\(MeetingRules.maximumNote)" aria-describedby="\(prefix)correction-hint">\(value("correction"))</textarea>
                <p id="\(prefix)correction-hint" class="hint">\(l("meetings.correctionHint"))</p>

                """)
        }
    }
}


extension MeetingView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(title) <span class=\"badge\">\(status)</span></h1>\n<dl class=\"facts\">\n")
        for fact in facts {
            html("<dt>\(fact.label)</dt><dd>")
            if let url = fact.url { html("<a href=\"\(url)\">\(fact.value)</a>") } else { html("\(fact.value)") }
            html("</dd>\n")
        }
        if let cancellation { html("<dt>\(l("meetings.cancellation"))</dt><dd>\(cancellation)</dd>\n") }
        html("</dl>\n")
        if let provenance { html.provenance(provenance, l) }
        if let plannedNote { html("<p class=\"muted\">\(plannedNote)</p>\n") }
        html.formFeedback(feedback, l)

        if let agendaHeading {
            html("<section aria-labelledby=\"agenda\"><h2 id=\"agenda\">\(agendaHeading)</h2>\n<ol>")
            for item in agenda {
                html("<li>\(item.title)")
                if let decision = item.decision, let url = item.decisionURL { html(" (<a href=\"\(url)\">\(decision)</a>)") }
                html("</li>")
            }
            html("</ol></section>\n")
        }
        if !decisions.isEmpty {
            html("<section aria-labelledby=\"decisions\"><h2 id=\"decisions\">\(l("meetings.decisions"))</h2>\n<table><thead><tr><th scope=\"col\">\(l("field.symbol"))</th><th scope=\"col\">\(l("common.title"))</th><th scope=\"col\">\(l("common.status"))</th></tr></thead><tbody>\n")
            for d in decisions { html("<tr><td><a href=\"\(d.url)\">\(d.symbol)</a></td><td>\(d.title)</td><td>\(d.status)</td></tr>\n") }
            html("</tbody></table></section>\n")
        }
        if showsParticipants { writeParticipants(&html, l) }
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
        if let report {
            html("\n<section aria-labelledby=\"report\"><h2 id=\"report\">\(l("meetings.report"))</h2><p><a href=\"\(report.url ?? .documents)\">\(report.value)</a></p><p class=\"hint\">\(l("meetings.reportFrozen"))</p></section>")
        }
        if !corrections.isEmpty {
            html("\n<section aria-labelledby=\"corrections\"><h2 id=\"corrections\">\(l("meetings.corrections"))</h2><ol>")
            for c in corrections {
                html("<li><p>\(c.note) <span class=\"muted\">(\(c.made))</span></p><table class=\"changes\"><thead><tr><th scope=\"col\">\(l("meetings.fact"))</th><th scope=\"col\">\(l("meetings.correctionBefore"))</th><th scope=\"col\">\(l("meetings.correctionAfter"))</th></tr></thead><tbody>")
                for change in c.changes { html("<tr><th scope=\"row\">\(change.label)</th><td>\(change.before)</td><td>\(change.after)</td></tr>") }
                html("</tbody></table></li>")
            }
            html("</ol></section>")
        }
        html("\n")
        writeForms(&html, chrome)
        html.notes(notes, l)
        html.pageSources(sources, l)
    }

    private func writeParticipants(_ html: inout HTML, _ l: Localizer) {
        html("<section aria-labelledby=\"participants\" class=\"participants\"><h2 id=\"participants\">\(l("meetings.participants"))</h2>\n")
        if memberStates.isEmpty && observers.isEmpty { html("<p class=\"muted\">\(l("meetings.noneRegistered"))</p>\n") }
        for (heading, rows) in [(l("meetings.memberStates"), memberStates), (l("meetings.observers"), observers)] where !rows.isEmpty {
            html("<h3>\(heading)</h3>\n<table><thead><tr><th scope=\"col\">\(l("meetings.delegation"))</th><th scope=\"col\">\(l("meetings.head"))</th><th scope=\"col\">\(l("meetings.members"))</th></tr></thead><tbody>\n")
            for row in rows {
                html("<tr><th scope=\"row\">\(row.name)</th><td>\(row.head)</td><td>")
                for (index, member) in row.members.enumerated() { html(index == 0 ? "\(member)" : "<br>\(member)") }
                html("</td></tr>\n")
            }
            html("</tbody></table>\n")
        }
        html("</section>\n")
    }

    private func writeForms(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        func value(_ key: String) -> String { values[key] ?? "" }
        func open(_ form: SiteURL.MeetingForm, heading: String, hint: String?) {
            html("<section aria-labelledby=\"form-\(form.rawValue)\" class=\"no-print\"><h2 id=\"form-\(form.rawValue)\">\(heading)</h2>\n")
            if let hint { html("<p class=\"hint\">\(hint)</p>\n") }
            html("<form method=\"post\" action=\"\(SiteURL.meetingForm(id, form))\" class=\"stacked\">\n\(trusted: chrome.csrfField)\n<input type=\"hidden\" name=\"form\" value=\"\(form.rawValue)\">\n")
        }
        func close(_ button: String) { html("<p><button type=\"submit\">\(button)</button></p>\n</form></section>\n") }

        if steps.contains(.registrations) {
            open(.registrations, heading: l("meetings.register"), hint: l("meetings.registerHint"))
            html("<label for=\"delegation\">\(l("meetings.delegation"))</label><select id=\"delegation\" name=\"delegation\">")
            html.options(registrable)
            html("""
                </select>
                <label for="head">\(l("meetings.headName"))</label><input id="head" name="head" required maxlength="\(MeetingRules.maximumName)" value="\(value("registrations.head"))">
                <label for="headTitle">\(l("meetings.headTitle"))</label><input id="headTitle" name="headTitle" maxlength="\(MeetingRules.maximumName)" value="\(value("registrations.headTitle"))">
                <label for="members">\(l("meetings.members"))</label><textarea id="members" name="members" rows="5" aria-describedby="members-hint">\(value("registrations.members"))</textarea>
                <p id="members-hint" class="hint">\(l("meetings.membersHint"))</p>

                """)
            close(l("meetings.registerButton"))
        }
        if steps.contains(.agenda) {
            open(.agenda, heading: l("meetings.circulateAgenda"), hint: l("meetings.agendaHint"))
            html("<label for=\"items\">\(l("meetings.agendaItems"))</label><textarea id=\"items\" name=\"items\" rows=\"6\">\(value("agenda.items"))</textarea>\n")
            if !agendaDecisions.isEmpty {
                html("<fieldset><legend>\(l("meetings.agendaDecisions"))</legend>\n")
                for (index, choice) in agendaDecisions.enumerated() {
                    html("<label class=\"choice\" for=\"agenda-decision-\(index)\"><input type=\"checkbox\" id=\"agenda-decision-\(index)\" name=\"decision\" value=\"\(choice.value)\"\(attribute: "checked", when: choice.checked)> \(choice.label)</label>\n")
                }
                html("</fieldset>\n")
            }
            close(l("meetings.circulateButton"))
        }
        if steps.contains(.open) {
            open(.open, heading: l("meetings.open"), hint: l("meetings.openHint"))
            html("<label for=\"adopted\">\(l("meetings.adoptedAgenda"))</label><textarea id=\"adopted\" name=\"agenda\" rows=\"6\">\(value("open.agenda"))</textarea>\n")
            close(l("meetings.openButton"))
        }
        if steps.contains(.close) {
            open(.close, heading: l("meetings.close"), hint: l("meetings.closeHint"))
            close(l("meetings.closeButton"))
        }
        if steps.contains(.report), let draftReport {
            open(.report, heading: l("meetings.adoptReport"), hint: l("meetings.adoptReportHint"))
            html("<details><summary>\(l("meetings.draftReport"))</summary><pre class=\"report-draft\">\(draftReport)</pre></details>\n")
            close(l("meetings.adoptReportButton"))
        }
        if steps.contains(.facts), let meetingFields {
            open(.facts, heading: meetingFields.correcting ? l("meetings.correct") : l("meetings.edit"), hint: meetingFields.correcting ? l("meetings.correctHint") : nil)
            meetingFields.write(&html, prefix: "facts-", l)
            close(meetingFields.correcting ? l("meetings.correctButton") : l("meetings.editButton"))
        }
        if steps.contains(.cancel) {
            open(.cancel, heading: l("meetings.cancel"), hint: l("meetings.cancelHint"))
            html("<label for=\"cancel-reason\">\(l("field.reason"))</label><textarea id=\"cancel-reason\" name=\"reason\" rows=\"3\" required maxlength=\"\(MeetingRules.maximumNote)\">\(value("cancel.reason"))</textarea>\n")
            close(l("meetings.cancelButton"))
        }
    }
}

/// The Secretariat's form to plan a meeting.
struct NewMeetingView: Sendable {
    var fields: MeetingFieldsForm
    var feedback: FormFeedback?
}

extension NewMeetingView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("meetings.new"))</h1>\n<p class=\"lead\">\(l("meetings.newIntro"))</p>\n")
        html.formFeedback(feedback, l)
        html("<form method=\"post\" action=\"\(SiteURL.newMeeting)\" class=\"stacked\">\n\(trusted: chrome.csrfField)\n")
        fields.write(&html, prefix: "", l)
        html("<p><button type=\"submit\">\(l("meetings.planButton"))</button></p>\n</form>\n")
    }
}
