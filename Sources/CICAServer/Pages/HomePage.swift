import Hummingbird
import CICACore
import CICAStore

/// The home page: what CICA is, the counts, the current chair, the next CICA Day and the latest meetings.
struct HomeView: Sendable {
    struct Count: Sendable {
        var value: Int
        var label: String
        var href: String
    }
    var intro: [String]
    var counts: [Count]
    var chair: String?
    var chairHref: String?
    var chairProvenance: ProvenanceView?
    var cicaDay: String
    var cicaDayDescription: String
    var cicaDayProvenance: ProvenanceView?
    var latestMeetings: [MeetingRow]
    var sources: [SourceView]

    static func make(counts: MembershipCounts, priorityAreas: Int, chairs: [Sourced<Chairmanship>], names: [String: String],
                     cicaDay: Sourced<OfficialDay>?, meetings: [Sourced<Meeting>], organNames: [String: String],
                     countryNames: [String: String], today: CivilDate, localizer l: Localizer) -> HomeView {
        let current = chairs.last { $0.value.isHeld(on: today) }
        let next = cicaDay.map { $0.value.nextOccurrence(onOrAfter: today) }
        let cicaDayText: String
        if let next {
            let days = today.days(until: next)
            cicaDayText = days == 0 ? l("home.cicaDayToday") : l("home.cicaDayWhen", ["date": l.date(next), "days": String(days)])
        } else {
            cicaDayText = l("date.unknown")
        }
        return HomeView(
            intro: [l("home.intro1"), l("home.intro2")],
            counts: [
                Count(value: counts.memberStates, label: l("home.memberStates"), href: "/member-states"),
                Count(value: counts.foundingMembers, label: l("home.founding"), href: "/member-states?founding=true"),
                Count(value: counts.observerStates, label: l("home.observerStates"), href: "/observers"),
                Count(value: counts.observerOrganizations, label: l("home.observerOrganizations"), href: "/observers"),
                Count(value: counts.partners, label: l("home.partners"), href: "/observers"),
                Count(value: priorityAreas, label: l("home.priorityAreas"), href: "/catalogue"),
            ],
            chair: current.map { l("home.chairSince", ["state": names[$0.value.state] ?? $0.value.state, "date": l.date($0.value.start)]) },
            chairHref: current.map { "/member-states/\($0.value.state)" },
            chairProvenance: current.map { ProvenanceView($0.provenance, localizer: l) },
            cicaDay: cicaDayText,
            cicaDayDescription: cicaDay?.value.description ?? "",
            cicaDayProvenance: cicaDay.map { ProvenanceView($0.provenance, localizer: l) },
            latestMeetings: meetings.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            sources: citedSources([current?.provenance, cicaDay?.provenance].compactMap { $0 } + meetings.map(\.provenance)))
    }
}

/// The home page.
struct HomePage: Sendable {
    let repositories: Repositories
    let pages: PageRenderer
    let today: @Sendable () -> CivilDate

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, context in try await home(context) }
    }

    func home(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let today = today()
        let organs = try await repositories.organs.organs()
        let latest = try await repositories.organs.meetings(MeetingFilter(status: .held), page: PageRequest(limit: 5)).items
        let view = HomeView.make(
            counts: try await repositories.membership.counts(),
            priorityAreas: try await repositories.catalogue.priorityAreas(dimension: nil, state: nil).count,
            chairs: try await repositories.organs.chairmanships(),
            names: try await repositories.membership.memberStateNames(),
            cicaDay: try await repositories.documents.officialDays().first { $0.value.slug == "cica-day" },
            meetings: latest,
            organNames: Dictionary(uniqueKeysWithValues: organs.map { ($0.organ.slug, $0.organ.name) }),
            countryNames: Dictionary(uniqueKeysWithValues: try await repositories.membership.countryNames()),
            today: today, localizer: l)
        return try pages.render("home", page: view, title: l("home.title"), section: .home, context: context)
    }
}
