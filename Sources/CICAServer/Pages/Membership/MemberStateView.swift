import CICACore
import CICAStore

/// One Member State's page.
struct MemberStateView: Sendable {
    struct CoordinationRow: Sendable {
        var area: String
        var url: SiteURL
        var role: String
    }
    struct ChairRow: Sendable {
        var dates: String
        var provenance: ProvenanceView
    }
    /// A period of the state's history: observer, then Member State.
    struct PeriodRow: Sendable {
        var text: String
        var decision: SiteURL?
        var provenance: ProvenanceView?
    }
    var name: String
    var code: String
    var officialName: String?
    var founding: Bool
    var accession: String
    var context: String?
    var geography: String
    var provenance: ProvenanceView
    var coordinations: [CoordinationRow]
    var chairmanships: [ChairRow]
    /// Empty for a state that was never an observer.
    var history: [PeriodRow]
    var eligibilityLink: SiteURL
    var eligibilityLabel: String
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ profile: MemberStateProfile, localizer l: Localizer) -> MemberStateView {
        let state = profile.memberState.value
        let answer = Eligibility.assess(profile.country, memberState: state, observer: nil)
        return MemberStateView(
            name: l.country(state.code, recorded: state.name), code: state.code, officialName: profile.country.officialName, founding: state.founding,
            accession: l.date(state.accession), context: l.context(of: state),
            geography: l.territory(of: answer),
            provenance: ProvenanceView(profile.memberState.provenance, localizer: l),
            coordinations: profile.coordinations.map {
                CoordinationRow(area: l.areaName($0.priorityArea, recorded: $0.priorityAreaName), url: .catalogue(anchor: $0.priorityArea), role: l("coordination.\($0.role.rawValue)"))
            },
            chairmanships: profile.chairmanships.map {
                ChairRow(dates: l.dateRange($0.value.start, $0.value.end), provenance: ProvenanceView($0.provenance, localizer: l))
            },
            history: profile.observerPeriods.isEmpty ? [] : profile.observerPeriods.map { period in
                PeriodRow(text: period.value.sinceDate == nil && period.value.since == nil
                              ? l("memberStates.observerUntil", ["until": l.date(period.value.until)])
                              : l("memberStates.observerPeriod", ["since": period.value.sinceDate.map { l.date($0) } ?? period.value.since ?? "",
                                                                  "until": l.date(period.value.until)]),
                          decision: period.value.endedBy.map { .decision($0) }, provenance: ProvenanceView(period.provenance, localizer: l))
            } + [PeriodRow(text: l("memberStates.memberSince", ["date": l.date(state.accession)]), decision: nil, provenance: nil)],
            eligibilityLink: .eligibility(code: state.code),
            eligibilityLabel: l("memberStates.eligibility", ["name": l.country(state.code, recorded: state.name)]),
            notes: profile.notes.map(NoteView.init),
            sources: citedSources([profile.memberState.provenance] + profile.chairmanships.map(\.provenance) + profile.observerPeriods.map(\.provenance)))
    }
}


extension MemberStateView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(name) <span class=\"muted\">\(code)</span></h1>\n")
        if let officialName { html("<p class=\"muted\">\(recorded: officialName, l)</p>\n") }
        html("<dl class=\"facts\">\n<dt>\(l("memberStates.accession"))</dt><dd>\(accession)")
        if founding { html(" <span class=\"badge\">\(l("memberStates.founding"))</span>") }
        html("</dd>\n")
        if let context { html("<dt>\(l("memberStates.how"))</dt><dd>\(context)</dd>\n") }
        html("<dt>\(l("memberStates.geography"))</dt><dd>\(geography)</dd>\n</dl>\n")
        html("<p><a href=\"\(SiteURL.delegation(code))\">\(l("delegation.link"))</a></p>\n")
        html("<p><a href=\"\(SiteURL.admission(code))\">\(l("admission.howJoined"))</a></p>\n")
        html.provenance(provenance, l)
        if !history.isEmpty {
            html("\n<section aria-labelledby=\"history\"><h2 id=\"history\">\(l("memberStates.history"))</h2><ol class=\"history\">")
            for period in history {
                html("<li>\(period.text)")
                if let decision = period.decision { html(" (<a href=\"\(decision)\">\(l("memberStates.endedByDecision"))</a>)") }
                html.provenance(period.provenance, l)
                html("</li>")
            }
            html("</ol></section>")
        }
        html("\n<section aria-labelledby=\"coordinations\"><h2 id=\"coordinations\">\(l("memberStates.coordinations"))</h2>\n")
        if coordinations.isEmpty {
            html("<p>\(l("memberStates.noCoordinations"))</p>\n")
        } else {
            html("<ul>")
            for row in coordinations { html("<li><a href=\"\(row.url)\">\(row.area)</a> — \(row.role)</li>") }
            html("</ul>\n")
        }
        html("</section>\n")
        if !chairmanships.isEmpty {
            html("<section aria-labelledby=\"chairs\"><h2 id=\"chairs\">\(l("memberStates.chairmanships"))</h2><ul>")
            for row in chairmanships {
                html("<li>\(row.dates) ")
                html.provenance(row.provenance, l)
                html("</li>")
            }
            html("</ul></section>\n")
        }
        html("<p><a href=\"\(eligibilityLink)\">\(eligibilityLabel)</a></p>\n")
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
