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
        html.formFeedback(feedback, l)

        html("<section aria-labelledby=\"history\"><h2 id=\"history\">\(l("coordination.history"))</h2>\n")
        if terms.isEmpty {
            html("<p class=\"muted\">\(l("coordination.noHistory"))</p>\n")
        } else {
            html("""
                <table><thead><tr><th scope="col">\(l("coordination.state"))</th><th scope="col">\(l("coordination.role"))</th><th scope="col">\(l("coordination.from"))</th><th scope="col">\(l("coordination.until"))</th></tr></thead><tbody>

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
            html("</tbody></table>\n")
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
        html.pageSources(sources, l)
    }
}
