import Hummingbird
import CICACore
import CICAStore

/// The home page.
struct HomePage: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.home) { _, context in try await home(context) }
    }

    func home(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let today = platform.today()
        let organs = try await platform.organs.organs()
        let organNames = l.organNames(organs.map(\.organ))
        let latest = try await platform.organs.meetings(MeetingFilter(status: .held), page: PageRequest(limit: 5)).items
        var view = HomeView.make(
            memberStates: try await Page.all { try await platform.membership.memberStates(founding: nil, page: $0) },
            counts: try await platform.membership.counts(),
            priorityAreas: try await platform.catalogue.priorityAreas(dimension: nil, state: nil).count,
            chairs: try await platform.organs.chairmanships(),
            names: l.countries(try await platform.membership.memberStateNames()),
            cicaDay: try await platform.documents.officialDays().first { $0.value.slug == "cica-day" },
            meetings: latest,
            organNames: organNames,
            countryNames: l.countries(try await platform.membership.countryNames()),
            today: today, localizer: l)
        let progress = RoadMapRules.progress(try await platform.catalogue.milestones(), today: today)
        view.roadMap = HomeView.RoadMapLine(text: CataloguePages.progress(progress, l), percent: progress.percent)
        let (overview, overviewNames) = try await platform.overview(year: today.year - 1, principal: context.principal, l)
        view.implementation = OverviewView.make(overview, names: overviewNames, last: today.year, l)
        let open = try await platform.decisions.decisions(DecisionFilter(status: .open), page: PageRequest(limit: PageRequest.maximumLimit)).items
        let now = platform.now()
        view.openDecisions = DecisionRow.soonestDeadlineFirst(open).prefix(HomeView.openShown).map { DecisionRow($0, organNames: organNames, now: now, localizer: l) }
        if !context.principal.isAnonymous {
            let awaited = try await platform.awaited(context.principal)
            view.awaiting = HomeView.Awaiting(rows: try await NotificationPages.rows(awaited, limit: HomeView.awaitingShown, platform: platform, localizer: l),
                                              total: awaited.acts.count, unread: awaited.unread)
        }
        for record in organs where [.atLeast, .everyYears].contains(record.organ.cadence.kind) {
            let report = CadenceReport.evaluate(record.organ.cadence, meetings: try await platform.allMeetings(organ: record.organ.slug), asOf: today)
            if let timeline = CadenceTimeline.make(report, organ: l.name(of: record.organ), id: "home-cadence-\(record.organ.slug)", asOf: today, localizer: l) {
                view.cadences.append((l.name(of: record.organ), .organ(record.organ.slug), timeline))
            }
        }
        return platform.pages.render(view, title: l("home.title"), section: .home, context: context)
    }
}
