import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// A state's admission, step by step: its page and the Secretariat's form to record a step.
struct AdmissionPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let code = String.parameter("code")
        router.get(.admission(code)) { _, context in try await page(context) }
        router.post(.admission(code)) { request, context in
            try context.authorize(.manageRecords)
            let state = try await record(context).state
            return try await FormFeedback.answering(.admission, request, context: context, action: { form in
                _ = try await platform.admissions.record(state: state, fields(form), actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.admission(state).href])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
    }

    func fields(_ form: Form) -> AdmissionStepFields {
        AdmissionStepFields(step: form["step"], date: form["date"], document: form["document"], decision: form["decision"], note: form["note"])
    }

    private func record(_ context: AppRequestContext) async throws -> AdmissionRecord {
        let code = try context.parameters.require("code")
        guard let record = try await platform.admissions.admission(state: code) else {
            throw NotFound(entity: Message("entity.country"), key: code, list: SiteURL.eligibility().href)
        }
        return record
    }

    func page(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let record = try await record(context)
        let answer = try await platform.membership.eligibility(code: record.state)
        let name = l.country(answer.country)
        var documents: [String: Document] = [:]
        var decisions: [String: DecisionDetail] = [:]
        for step in record.steps {
            if let id = step.document, let found = try await platform.documents.document(id: id, readership: context.readership) { documents[id] = found.document.value }
            if let id = step.decision, let found = try await platform.decisions.decision(id: id) { decisions[id] = found }
        }
        let rows = AdmissionStepKind.allCases.map { kind -> AdmissionView.Row in
            let step = record.step(kind)
            var links: [(String, SiteURL)] = []
            if let id = step?.document, let d = documents[id] { links.append(("\(d.symbol) \(l.title(of: d))", .document(id))) }
            if let id = step?.decision, let d = decisions[id] { links.append(("\(d.decision.symbol) \(d.decision.title)", .decision(id))) }
            let source: String? = step.map { s in
                s.recorded.map { l("admission.recordedBy", ["at": l.instant($0.at), "by": $0.by]) }
                    ?? (s.kind == .admission ? l("admission.fromDecision") : l("admission.fromSources"))
            }
            return AdmissionView.Row(step: l("admission.step.\(kind.rawValue)"), date: step?.date.map { l.date($0) },
                                     verdict: step?.verdict.map { l("eligibility.verdict.\($0.rawValue)") }, note: step?.note, links: links,
                                     source: source, next: record.next == kind && answer.memberState == nil)
        }
        let standing = answer.memberState != nil ? l("admission.member", ["state": name])
            : record.step(.application) != nil ? l("admission.applicant", ["state": name, "next": l("admission.step.\(record.next?.rawValue ?? "admission")")])
            : answer.verdict == .eligible ? l("admission.mayApply", ["state": name]) : l("admission.notEligible", ["state": name])
        let recordable = AdmissionRules.recordable.filter { record.step($0) == nil }
        var view = AdmissionView(state: record.state, title: l("admission.title", ["state": name]), standing: standing, rows: rows,
                                 canRecord: Policy.decide(context.principal, .manageRecords).isAllowed && !recordable.isEmpty,
                                 steps: recordable.map { SelectOption(value: $0.rawValue, label: l("admission.step.\($0.rawValue)"), selected: $0 == record.next) },
                                 memberURL: answer.memberState.map { .memberState($0.code) },
                                 sources: citedSources(try await platform.membership.memberState(code: record.state).map { [$0.memberState.provenance] } ?? []))
        if let (form, feedback) = refused {
            view.feedback = feedback
            for key in ["date", "document", "decision", "note"] { view.values[key] = form[key] ?? "" }
            view.steps = view.steps.selecting(form["step"])
        }
        return platform.pages.render(view, title: view.title, section: .memberStates, context: context, status: status)
    }
}

/// A state's admission page.
struct AdmissionView: Sendable {
    struct Row: Sendable {
        var step: String
        var date: String?
        var verdict: String?
        var note: String?
        var links: [(String, SiteURL)]
        /// Who recorded it, or where it comes from; nil when not recorded.
        var source: String?
        /// The step the process waits for.
        var next: Bool
    }
    var state: String
    var title: String
    var standing: String
    var rows: [Row]
    var canRecord: Bool
    var steps: [SelectOption]
    var memberURL: SiteURL?
    /// The sources of the Member State's record, where its admission comes from.
    var sources: [SourceView]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
}

extension AdmissionView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(title)</h1>\n<p class=\"lead\">\(standing)</p>\n")
        if let memberURL { html("<p><a href=\"\(memberURL)\">\(l("admission.memberPage"))</a></p>\n") }
        html.formFeedback(feedback, l)
        html("<ol class=\"steps\">\n")
        for row in rows {
            html("<li\(attribute: "aria-current=\"step\"", when: row.next)><strong>\(row.step)</strong>: ")
            if let date = row.date { html("\(date)") } else { html("<span class=\"muted\">\(l("admission.notRecorded"))</span>") }
            if let verdict = row.verdict { html(" — \(verdict)") }
            for (label, url) in row.links { html(" — <a href=\"\(url)\">\(label)</a>") }
            if let note = row.note { html("<br>\(note)") }
            if let source = row.source { html(" <span class=\"muted\">(\(source))</span>") }
            html("</li>\n")
        }
        html("</ol>\n")
        defer { html.pageSources(sources, l) }
        guard canRecord else { return }
        func value(_ key: String) -> String { values[key] ?? "" }
        html("""
            <section aria-labelledby="record-step"><h2 id="record-step">\(l("admission.recordStep"))</h2>
            <p class="hint">\(l("admission.recordHint"))</p>
            <form method="post" action="\(SiteURL.admission(state))" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="step">\(l("admission.stepField"))</label><select id="step" name="step">
            """)
        html.options(steps)
        html("""
            </select>
            <label for="date">\(l("common.date"))</label><input id="date" name="date" type="date" required value="\(value("date"))">
            <label for="document">\(l("admission.document"))</label><input id="document" name="document" value="\(value("document"))" aria-describedby="document-hint"><p id="document-hint" class="hint">\(l("admission.documentHint"))</p>
            <label for="decision">\(l("admission.decision"))</label><input id="decision" name="decision" value="\(value("decision"))" aria-describedby="decision-hint"><p id="decision-hint" class="hint">\(l("admission.decisionHint"))</p>
            <label for="note">\(l("admission.note"))</label><textarea id="note" name="note" rows="2" maxlength="\(AdmissionRules.maximumNote)">\(value("note"))</textarea>
            <p><button type="submit">\(l("admission.recordButton"))</button></p>
            </form></section>

            """)
    }
}
