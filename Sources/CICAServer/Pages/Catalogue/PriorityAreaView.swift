import CICACore
import CICAStore

/// A priority area's page.
struct PriorityAreaView: Sendable {
    typealias StateLink = CatalogueView.StateLink
    struct DecisionLink: Sendable {
        var symbol: String
        var url: SiteURL
    }
    struct TermRow: Sendable {
        var state: StateLink
        var role: String
        var from: String
        var until: String?
        var began: DecisionLink?
        var ending: String?
        var ended: DecisionLink?
    }
    struct Offer: Sendable {
        var text: String
        var decision: DecisionLink
    }
    var slug: String
    var name: String
    var dimension: String
    var coordinator: StateLink?
    var coCoordinators: [StateLink]
    var provenance: ProvenanceView
    var terms: [TermRow]
    var offers: [Offer]
    /// The states the reader may offer (none: no form).
    var states: [SelectOption]
    var roles: [SelectOption]
    var sources: [SourceView]
    var feedback: FormFeedback?

    struct PaperRow: Sendable {
        var id: String
        var kind: String
        var title: String
        var period: String?
        var status: String
        var statusClass: String
        var decision: DecisionLink?
        var document: DecisionLink?
        var provenance: ProvenanceView?
        /// The Secretariat may endorse it (a draft).
        var endorsable: Bool
    }
    struct ActivityRow: Sendable {
        var id: String
        var kind: String
        var title: String
        var dates: String
        var host: StateLink?
        var participants: [String]
        var status: String
        var statusClass: String
        var outcome: String?
        var proposedBy: String?
        /// The Secretariat's choices to record what came of it (none: no form).
        var statuses: [SelectOption]
    }
    var papers: [PaperRow] = []
    /// The Secretariat's form to record a paper (none: not offered).
    var paperKinds: [SelectOption] = []
    var activities: [ActivityRow] = []
    var activityKinds: [SelectOption] = []
    /// The Secretariat records activities (with a status); a coordinating state's delegate proposes them.
    var recordsActivities = false
    var activityStatuses: [SelectOption] = []
    /// The states the reader may propose an activity for (none, and not the Secretariat: no form).
    var activityStates: [SelectOption] = []
    /// Why a delegate has no form: their state does not coordinate the area.
    var activityNote: String?
    var hosts: [SelectOption] = []
    var values: [String: String] = [:]
    /// The paper or activity whose own form was refused, with what was sent.
    var refusedItem: String?
    var itemValues: [String: String] = [:]

    /// The refusal of a form of `kind`, to be shown by that form (`item`: the paper's or activity's own form; nil: the
    /// form that records a new one).
    func feedback(_ kind: FormFeedback.Kind, item: String?) -> FormFeedback? {
        guard let feedback, feedback.form == kind, refusedItem == item else { return nil }
        return feedback
    }
}

extension PriorityAreaView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(SiteURL.catalogue())\">\(l("catalogue.title"))</a> · \(dimension)</p>\n<h1>\(name)</h1>\n<dl class=\"facts\">\n")
        html("<dt>\(l("catalogue.coordinator"))</dt><dd>")
        if let coordinator { html("<a href=\"\(coordinator.url)\">\(coordinator.name)</a>") } else { html("<span class=\"muted\">\(l("catalogue.unknownCoordinator"))</span>") }
        html("</dd>\n")
        if !coCoordinators.isEmpty {
            html("<dt>\(l("catalogue.coCoordinators", count: coCoordinators.count))</dt><dd>")
            for (index, state) in coCoordinators.enumerated() { html("\(index == 0 ? "" : ", ")<a href=\"\(state.url)\">\(state.name)</a>") }
            html("</dd>\n")
        }
        html("</dl>\n")
        html.provenance(provenance, l)
        // A refused paper or activity form shows its reasons by that form, further down.
        if feedback?.form == .coordination { html.formFeedback(feedback, l) }

        html("<section aria-labelledby=\"history\"><h2 id=\"history\">\(l("coordination.history"))</h2>\n")
        if terms.isEmpty {
            html("<p class=\"muted\">\(l("coordination.noHistory"))</p>\n")
        } else {
            html("""
                <div class="scroll"><table><thead><tr><th scope="col">\(l("coordination.state"))</th><th scope="col">\(l("coordination.role"))</th><th scope="col">\(l("coordination.from"))</th><th scope="col">\(l("coordination.until"))</th></tr></thead><tbody>

                """)
            for t in terms {
                html("<tr><th scope=\"row\"><a href=\"\(t.state.url)\">\(t.state.name)</a></th><td>\(t.role)</td><td>\(t.from)")
                if let began = t.began { html(" <span class=\"muted\">(\(l("coordination.byDecision")) <a href=\"\(began.url)\">\(began.symbol)</a>)</span>") }
                html("</td><td>")
                if let until = t.until {
                    html("\(until)")
                    if let ending = t.ending { html(" — \(ending)") }
                    if let ended = t.ended { html(" <span class=\"muted\">(\(l("coordination.byDecision")) <a href=\"\(ended.url)\">\(ended.symbol)</a>)</span>") }
                } else {
                    html("<strong>\(l("coordination.running"))</strong>")
                }
                html("</td></tr>\n")
            }
            html("</tbody></table></div>\n")
        }
        html("</section>\n")

        if !offers.isEmpty || !states.isEmpty {
            html("<section aria-labelledby=\"offers\"><h2 id=\"offers\">\(l("coordination.offers"))</h2>\n")
            if !offers.isEmpty {
                html("<ul>\n")
                for offer in offers { html("<li>\(offer.text): <a href=\"\(offer.decision.url)\">\(offer.decision.symbol)</a></li>\n") }
                html("</ul>\n")
            }
            if !states.isEmpty {
                html("""
                    <form method="post" action="\(SiteURL.coordinationOffers(slug))" class="stacked">
                    \(trusted: chrome.csrfField)
                    <p class="hint" id="offer-hint">\(l("coordination.offerHint"))</p>
                    <label for="offer-state">\(l("coordination.state"))</label><select id="offer-state" name="state" aria-describedby="offer-hint">
                    """)
                html.options(states)
                html("</select>\n<label for=\"offer-role\">\(l("coordination.role"))</label><select id=\"offer-role\" name=\"role\">")
                html.options(roles)
                html("</select>\n<p><button type=\"submit\">\(l("coordination.offer"))</button></p>\n</form>\n")
            }
            html("</section>\n")
        }
        writePapers(&html, chrome)
        writeActivities(&html, chrome)
        html("<p><a href=\"\(SiteURL.overview())\">\(l("overview.link"))</a> · <a href=\"\(SiteURL.reports())\">\(l("reports.link"))</a></p>\n")
        html.pageSources(sources, l)
    }

    func writePapers(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"papers\"><h2 id=\"papers\">\(l("paper.heading"))</h2>\n")
        if papers.isEmpty { html("<p class=\"muted\">\(l("paper.none"))</p>\n") }
        for p in papers {
            html("<article class=\"paper \(p.statusClass)\" id=\"paper-\(p.id)\"><h3>\(p.title)</h3>\n<p>\(p.kind)")
            if let period = p.period { html(" · \(period)") }
            html(" · <strong>\(p.status)</strong>")
            if let decision = p.decision { html(" (<a href=\"\(decision.url)\">\(decision.symbol)</a>)") }
            if let document = p.document { html(" · \(l("paper.text")): <a href=\"\(document.url)\">\(document.symbol)</a>") }
            html("</p>\n")
            html.provenance(p.provenance, l)
            if p.endorsable {
                html.formFeedback(feedback(.paper, item: p.id), l)
                html("""
                    <form method="post" action="\(SiteURL.paperEndorsement(slug, p.id))" class="inline">\(trusted: chrome.csrfField)
                    <label for="endorse-\(p.id)">\(l("paper.endorsingDecision"))</label><input id="endorse-\(p.id)" name="decision" required value="\(refusedItem == p.id ? itemValues["decision"] ?? "" : "")">
                    <button type="submit">\(l("paper.endorse"))</button></form>

                    """)
            }
            html("</article>\n")
        }
        if !paperKinds.isEmpty {
            html("<details\(attribute: "open", when: feedback(.paper, item: nil) != nil)><summary>\(l("paper.record"))</summary>")
            html.formFeedback(feedback(.paper, item: nil), l)
            html("<form method=\"post\" action=\"\(SiteURL.areaPapers(slug))\" class=\"stacked\">\(trusted: chrome.csrfField)\n")
            html("<p class=\"hint\" id=\"paper-hint\">\(l("paper.hint"))</p>\n<label for=\"paper-kind\">\(l("field.kind"))</label><select id=\"paper-kind\" name=\"kind\">")
            html.options(paperKinds)
            html("</select>\n<label for=\"paper-title\">\(l("field.title"))</label><input id=\"paper-title\" name=\"title\" required maxlength=\"\(PaperRules.maximumTitle)\" value=\"\(values["title"] ?? "")\">\n")
            html("<label for=\"paper-period\">\(l("field.period"))</label><input id=\"paper-period\" name=\"period\" placeholder=\"2027-2029\" value=\"\(values["period"] ?? "")\">\n")
            html("<label for=\"paper-document\">\(l("field.document"))</label><input id=\"paper-document\" name=\"document\" value=\"\(values["document"] ?? "")\">\n")
            html("<label for=\"paper-decision\">\(l("field.decision"))</label><input id=\"paper-decision\" name=\"decision\" aria-describedby=\"paper-hint\" value=\"\(values["decision"] ?? "")\">\n")
            html("<p><button type=\"submit\">\(l("paper.recordButton"))</button></p></form></details>\n")
        }
        html("</section>\n")
    }

    func writeActivities(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"activities\"><h2 id=\"activities\">\(l("activity.heading"))</h2>\n")
        if activities.isEmpty { html("<p class=\"muted\">\(l("activity.none"))</p>\n") }
        for a in activities {
            html("<article class=\"activity \(a.statusClass)\" id=\"\(a.id)\"><h3>\(a.title)</h3>\n<p>\(a.kind) · \(a.dates) · <strong>\(a.status)</strong>")
            if let proposedBy = a.proposedBy { html(" (\(proposedBy))") }
            html("</p>\n<dl class=\"facts\">")
            if let host = a.host { html("<dt>\(l("field.host"))</dt><dd><a href=\"\(host.url)\">\(host.name)</a></dd>") }
            if !a.participants.isEmpty { html("<dt>\(l("field.participants"))</dt><dd>\(a.participants.joined(separator: ", "))</dd>") }
            if let outcome = a.outcome { html("<dt>\(l("field.outcome"))</dt><dd class=\"decision-text\">\(outcome)</dd>") }
            html("</dl>\n")
            if !a.statuses.isEmpty {
                let refused = refusedItem == a.id
                html("<details\(attribute: "open", when: refused)><summary>\(l("activity.recordOutcome"))</summary>")
                html.formFeedback(feedback(.activity, item: a.id), l)
                html("<form method=\"post\" action=\"\(SiteURL.areaActivity(slug, a.id))\" class=\"stacked\">\(trusted: chrome.csrfField)\n")
                html("<label for=\"status-\(a.id)\">\(l("field.status"))</label><select id=\"status-\(a.id)\" name=\"status\">")
                html.options(refused ? a.statuses.selecting(itemValues["status"]) : a.statuses)
                html("</select>\n<label for=\"outcome-\(a.id)\">\(l("field.outcome"))</label><textarea id=\"outcome-\(a.id)\" name=\"outcome\" rows=\"3\" maxlength=\"\(ActivityRules.maximumOutcome)\">\(refused ? itemValues["outcome"] ?? "" : a.outcome ?? "")</textarea>\n")
                html("<p><button type=\"submit\">\(l("activity.save"))</button></p></form></details>\n")
            }
            html("</article>\n")
        }
        if let note = activityNote { html("<p class=\"muted\">\(note)</p>\n") }
        if recordsActivities || !activityStates.isEmpty {
            html("<details\(attribute: "open", when: feedback(.activity, item: nil) != nil)><summary>\(l(recordsActivities ? "activity.record" : "activity.propose"))</summary>")
            html.formFeedback(feedback(.activity, item: nil), l)
            html("<form method=\"post\" action=\"\(SiteURL.areaActivities(slug))\" class=\"stacked\">\(trusted: chrome.csrfField)\n")
            if !recordsActivities {
                html("<label for=\"activity-state\">\(l("coordination.state"))</label><select id=\"activity-state\" name=\"state\">")
                html.options(activityStates)
                html("</select>\n")
            }
            html("<label for=\"activity-kind\">\(l("field.kind"))</label><select id=\"activity-kind\" name=\"kind\">")
            html.options(activityKinds)
            html("</select>\n<label for=\"activity-title\">\(l("field.title"))</label><input id=\"activity-title\" name=\"title\" required maxlength=\"\(ActivityRules.maximumTitle)\" value=\"\(values["title"] ?? "")\">\n")
            html("<label for=\"activity-start\">\(l("field.start"))</label><input type=\"date\" id=\"activity-start\" name=\"start\" required value=\"\(values["start"] ?? "")\">\n")
            html("<label for=\"activity-end\">\(l("field.end"))</label><input type=\"date\" id=\"activity-end\" name=\"end\" value=\"\(values["end"] ?? "")\">\n")
            html("<label for=\"activity-host\">\(l("field.host"))</label><select id=\"activity-host\" name=\"host\">")
            html.options(hosts.selecting(values["host"]))
            html("</select>\n<p class=\"hint\" id=\"participants-hint\">\(l("activity.participantsHint"))</p>\n")
            html("<label for=\"activity-participants\">\(l("field.participants"))</label><input id=\"activity-participants\" name=\"participants\" aria-describedby=\"participants-hint\" value=\"\(values["participants"] ?? "")\">\n")
            if recordsActivities {
                html("<label for=\"activity-status\">\(l("field.status"))</label><select id=\"activity-status\" name=\"status\">")
                html.options(activityStatuses)
                html("</select>\n<label for=\"activity-outcome\">\(l("field.outcome"))</label><textarea id=\"activity-outcome\" name=\"outcome\" rows=\"3\" maxlength=\"\(ActivityRules.maximumOutcome)\">\(values["outcome"] ?? "")</textarea>\n")
            }
            html("<p><button type=\"submit\">\(l(recordsActivities ? "activity.recordButton" : "activity.proposeButton"))</button></p></form></details>\n")
        }
        html("</section>\n")
    }
}
