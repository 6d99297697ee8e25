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
    /// What waits for the signed-in person (the first few of it); nil for the public.
    struct Awaiting: Sendable {
        var rows: [AwaitedRow]
        var total: Int
        var unread: Int
    }
    var awaiting: Awaiting?
    static let awaitingShown = 5
    /// Last year's implementation heat map, as the reader may see it.
    var implementation: OverviewView?
    /// Drafts open for positions: the first few, silence deadlines soonest first.
    var openDecisions: [DecisionRow] = []
    static let openShown = 5
    /// How far the Road Map's milestones have come.
    struct RoadMapLine: Sendable {
        var text: String
        var percent: Int?
    }
    var roadMap: RoadMapLine?

    /// How CICA grew, year by year.
    var growth: GrowthChart

    static func make(memberStates: [Sourced<MemberState>], counts: MembershipCounts, priorityAreas: Int, chairs: [Sourced<Chairmanship>], names: [String: String],
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
            sources: citedSources([current?.provenance, cicaDay?.provenance].compactMap { $0 } + meetings.map(\.provenance) + memberStates.map(\.provenance)),
            growth: GrowthChart(MembershipGrowth.of(memberStates.map(\.value), through: today.year), names: names, localizer: l))
    }
}


extension HomeView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("home.title"))</h1>\n")
        if let awaiting {
            html("<section aria-labelledby=\"awaiting\" class=\"awaiting\"><h2 id=\"awaiting\">\(l("home.awaiting"))</h2>\n")
            if awaiting.rows.isEmpty {
                html("<p>\(l("home.awaitingNone"))</p>")
            } else {
                html("<p>\(l("notifications.unread", count: awaiting.unread))</p>\n<ul class=\"awaited-list\">")
                for row in awaiting.rows { row.write(&html, chrome, forms: false) }
                html("</ul>")
            }
            html("\n<p><a href=\"\(SiteURL.notifications)\">\(l("home.awaitingAll"))</a> (\(awaiting.total))</p>\n</section>\n")
        }
        for paragraph in intro { html("<p class=\"lead\">\(paragraph)</p>") }
        html("\n<section aria-labelledby=\"glance\"><h2 id=\"glance\">\(l("home.glance"))</h2>\n<ul class=\"counts\">")
        for count in counts { html("<li><a href=\"\(count.url)\"><strong>\(count.value)</strong> \(count.label)</a></li>") }
        html("</ul>\n</section>\n<section aria-labelledby=\"growth\"><h2 id=\"growth\">\(l("home.growth"))</h2>\n")
        growth.write(&html, l)
        html("</section>\n<div class=\"columns\">\n<section aria-labelledby=\"chair\"><h2 id=\"chair\">\(l("home.chair"))</h2>\n")
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
        html("<section aria-labelledby=\"open-decisions\"><h2 id=\"open-decisions\">\(l("home.openDecisions"))</h2>\n")
        if openDecisions.isEmpty {
            html("<p>\(l("home.noOpenDecisions"))</p>")
        } else {
            html("<ul class=\"meetings\">")
            for d in openDecisions {
                html("<li><a href=\"\(d.url)\">\(d.title)</a> <span class=\"muted\">(\(d.organ))</span>")
                if let deadline = d.deadline, let iso = d.deadlineISO, let remaining = d.remaining {
                    html("<br>\(l("home.silenceUntil", ["deadline": deadline])) <span class=\"countdown\"><time datetime=\"\(iso)\" data-countdown>\(remaining)</time> \(l("decisions.left"))</span>")
                }
                html("</li>")
            }
            html("</ul>")
        }
        html("\n<p><a href=\"\(SiteURL.decisions)\">\(l("home.allDecisions"))</a></p>\n</section>\n")
        html("<div class=\"columns\">\n<section aria-labelledby=\"home-road-map\"><h2 id=\"home-road-map\">\(l("roadMap.title"))</h2>\n<p>")
        if let roadMap {
            if let percent = roadMap.percent { html("<meter min=\"0\" max=\"100\" value=\"\(percent)\" aria-label=\"\(roadMap.text)\">\(percent)%</meter> ") }
            html("\(roadMap.text)")
        }
        html(" <a href=\"\(SiteURL.roadMap)\">\(l("home.roadMapLink"))</a></p>\n</section>\n")
        html("</div>\n<section aria-labelledby=\"home-implementation\"><h2 id=\"home-implementation\">\(l("home.implementation"))</h2>\n<p>\(l("home.implementationText")) <a href=\"\(SiteURL.overview())\">\(l("home.implementationLink"))</a></p>\n")
        if let implementation {
            implementation.heatMap(&html, l, id: "home-overview")
            html("<details><summary>\(l("home.implementationTable"))</summary>")
            implementation.table(&html, l)
            html("</details>\n")
        }
        html("</section>\n")
        if openDecisions.contains(where: { $0.deadlineISO != nil }) || awaiting?.rows.contains(where: { $0.dueISO != nil }) == true { html.countdownScript(l) }
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
