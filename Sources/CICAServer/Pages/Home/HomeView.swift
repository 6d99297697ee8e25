import CICACore
import CICAStore

/// The home page: what CICA is, the counts, the current chair, the next CICA Day and the latest meetings.
struct HomeView: Sendable {
    struct Count: Sendable {
        var value: Int
        var label: String
        var url: SiteURL
    }
    var intro: [String]
    var counts: [Count]
    var chair: String?
    var chairURL: SiteURL?
    var chairProvenance: ProvenanceView?
    var cicaDay: String
    var cicaDayDescription: String
    var cicaDayProvenance: ProvenanceView?
    var latestMeetings: [MeetingRow]
    /// Each organ with a cadence rule: its name, page and timeline.
    var cadences: [(name: String, url: SiteURL, timeline: CadenceTimeline)] = []
    var sources: [SourceView]

    static func make(counts: MembershipCounts, priorityAreas: Int, chairs: [Sourced<Chairmanship>], names: [String: String],
                     cicaDay: Sourced<OfficialDay>?, meetings: [Sourced<Meeting>], organNames: [String: String],
                     countryNames: [String: String], today: CivilDate, localizer l: Localizer) -> HomeView {
        let current = chairs.last { $0.value.isHeld(on: today) }
        let next = cicaDay.map { $0.value.nextOccurrence(onOrAfter: today) }
        let cicaDayText: String
        if let next {
            let days = today.days(until: next)
            cicaDayText = days == 0 ? l("home.cicaDayToday") : l("home.cicaDayWhen", count: days, ["date": l.date(next)])
        } else {
            cicaDayText = l("date.unknown")
        }
        return HomeView(
            intro: [l("home.intro1"), l("home.intro2")],
            counts: [
                Count(value: counts.memberStates, label: l("home.memberStates", count: counts.memberStates), url: .memberStates()),
                Count(value: counts.foundingMembers, label: l("home.founding", count: counts.foundingMembers), url: .memberStates(founding: true)),
                Count(value: counts.observerStates, label: l("home.observerStates", count: counts.observerStates), url: .observers),
                Count(value: counts.observerOrganizations, label: l("home.observerOrganizations", count: counts.observerOrganizations), url: .observers),
                Count(value: counts.partners, label: l("home.partners", count: counts.partners), url: .observers),
                Count(value: priorityAreas, label: l("home.priorityAreas", count: priorityAreas), url: .catalogue()),
            ],
            chair: current.map { l("home.chairSince", ["state": names[$0.value.state] ?? $0.value.state, "date": l.date($0.value.start, governed: true)]) },
            chairURL: current.map { .memberState($0.value.state) },
            chairProvenance: current.map { ProvenanceView($0.provenance, localizer: l) },
            cicaDay: cicaDayText,
            cicaDayDescription: cicaDay.map { l.description(of: $0.value) } ?? "",
            cicaDayProvenance: cicaDay.map { ProvenanceView($0.provenance, localizer: l) },
            latestMeetings: meetings.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            sources: citedSources([current?.provenance, cicaDay?.provenance].compactMap { $0 } + meetings.map(\.provenance)))
    }
}


extension HomeView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("home.title"))</h1>\n")
        for paragraph in intro { html("<p class=\"lead\">\(paragraph)</p>") }
        html("\n<section aria-labelledby=\"glance\"><h2 id=\"glance\">\(l("home.glance"))</h2>\n<ul class=\"counts\">")
        for count in counts { html("<li><a href=\"\(count.url)\"><strong>\(count.value)</strong> \(count.label)</a></li>") }
        html("</ul>\n</section>\n<div class=\"columns\">\n<section aria-labelledby=\"chair\"><h2 id=\"chair\">\(l("home.chair"))</h2>\n")
        if let chair, let chairURL {
            html("<p><a href=\"\(chairURL)\">\(chair)</a></p>")
            html.provenance(chairProvenance, l)
        } else {
            html("<p>\(l("home.noChair"))</p>")
        }
        html("\n</section>\n<section aria-labelledby=\"cica-day\"><h2 id=\"cica-day\">\(l("home.cicaDay"))</h2>\n<p>\(cicaDay)</p><p>\(cicaDayDescription)</p>")
        html.provenance(cicaDayProvenance, l)
        html("\n</section>\n</div>\n<section aria-labelledby=\"latest\"><h2 id=\"latest\">\(l("home.latestMeetings"))</h2>\n<ul class=\"meetings\">")
        for meeting in latestMeetings {
            html("<li><a href=\"\(meeting.url)\">\(meeting.title)</a> — \(meeting.dates)")
            if !meeting.place.isEmpty { html(", \(meeting.place)") }
            html(" <span class=\"muted\">(\(meeting.organ))</span></li>")
        }
        html("</ul>\n<p><a href=\"\(SiteURL.meetings)\">\(l("home.allMeetings"))</a></p>\n</section>\n")
        if !cadences.isEmpty {
            html("<section aria-labelledby=\"cadences\"><h2 id=\"cadences\">\(l("home.cadences"))</h2>\n<p class=\"hint\">\(l("home.cadencesHint"))</p>\n")
            for cadence in cadences {
                html("<h3><a href=\"\(cadence.url)\">\(cadence.name)</a></h3>\n")
                cadence.timeline.write(&html)
            }
            html("</section>\n")
        }
        html("<p><a href=\"\(SiteURL.eligibility())\">\(l("home.eligibility"))</a></p>\n")
        html.pageSources(sources, l)
    }
}
