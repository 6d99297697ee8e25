import Hummingbird
import CICACore
import CICAStore

/// Pages about the organs and their meetings.
struct OrganPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.organs) { _, context in try await organs(context) }
        router.get(.organ(.parameter("slug"))) { _, context in try await organ(context) }
        router.get(.meetings) { request, context in try await meetings(request, context) }
    }

    private func countryNames(_ l: Localizer) async throws -> [String: String] {
        l.countries(try await platform.membership.countryNames())
    }

    private func organNames(_ l: Localizer) async throws -> [String: String] {
        l.organNames(try await platform.organs.organs().map(\.organ))
    }

    func organs(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = OrgansView.make(try await platform.organs.organs(), chairs: try await platform.organs.chairmanships(),
                                   names: l.countries(try await platform.membership.memberStateNames()), today: platform.today(), localizer: l)
        return platform.pages.render(view, title: l("organs.title"), section: .organs, context: context)
    }

    func organ(_ context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let record = try await platform.organs.organ(slug: slug) else {
            throw NotFound(entity: Message("entity.organ"), key: slug, list: SiteURL.organs.href)
        }
        let meetings = try await platform.organs.meetings(MeetingFilter(organ: slug), page: PageRequest(limit: PageRequest.maximumLimit)).items
        let report = CadenceReport.evaluate(record.organ.cadence, meetings: meetings.map(\.value), asOf: platform.today())
        let view = OrganView.make(record, report: report, meetings: meetings, organNames: try await organNames(context.localizer),
                                  countryNames: try await countryNames(context.localizer), asOf: platform.today(), localizer: context.localizer)
        return platform.pages.render(view, title: context.localizer.name(of: record.organ), section: .organs, context: context)
    }

    func meetings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = MeetingFilter(organ: QueryParameters.string(request, "organ"),
                                   kind: try QueryParameters.value(request, "kind", as: MeetingKind.self),
                                   year: try QueryParameters.int(request, "year", in: Limits.years))
        let pageRequest = try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor"))
        let page = try await platform.organs.meetings(filter, page: pageRequest)
        let organs = try await platform.organs.organs()
        let organNames = l.organNames(organs.map(\.organ))
        let countryNames = try await countryNames(l)
        let view = MeetingsView(
            intro: l("meetings.intro"),
            organs: [SelectOption(value: "", label: l("common.all"), selected: filter.organ == nil)]
                + organs.map { SelectOption(value: $0.organ.slug, label: l.name(of: $0.organ), selected: $0.organ.slug == filter.organ) },
            kinds: SelectOption.all(MeetingKind.self, selected: filter.kind, allLabel: l("common.all")) { l("meeting.kind.\($0.rawValue)") },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            count: l("common.count", count: page.items.count),
            next: nextPageLink(.meetings, query: [("organ", filter.organ), ("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init))],
                               cursor: page.nextCursor),
            sources: citedSources(page.items.map(\.provenance)),
            canPlan: Policy.decide(context.principal, .manageRecords).isAllowed)
        return platform.pages.render(view, title: l("meetings.title"), section: .meetings, context: context)
    }
}
