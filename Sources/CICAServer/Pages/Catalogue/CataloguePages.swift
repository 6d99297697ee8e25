import Hummingbird
import CICACore
import CICAStore

/// Pages about the Catalogue of CBMs and the Road Map.
struct CataloguePages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.catalogue()) { _, context in try await catalogue(context) }
        router.get(.roadMap) { _, context in try await roadMap(context) }
    }

    func catalogue(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = CatalogueView.make(dimensions: try await platform.catalogue.dimensions(),
                                      areas: try await platform.catalogue.priorityAreas(dimension: nil, state: nil),
                                      names: l.countries(try await platform.membership.memberStateNames()),
                                      notes: try await platform.sources.notes(about: [.catalogue]), localizer: l)
        return platform.pages.render(view, title: l("catalogue.title"), section: .catalogue, context: context)
    }

    func roadMap(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        guard let record = try await platform.catalogue.roadMap() else { throw NotFound(entity: Message("entity.roadMap"), key: SiteURL.roadMap.href) }
        var meeting: MeetingRecord?
        if let id = record.roadMap.value.endorsedAt { meeting = try await platform.organs.meeting(id: id, readership: context.readership) }
        let view = RoadMapView(
            intro: l("roadMap.intro", ["date": l.date(record.roadMap.value.endorsed)]),
            endorsedAt: meeting.map { l.title(of: $0.meeting.value) + ", " + l.dateRange($0.meeting.value.start, $0.meeting.value.end) },
            endorsedAtURL: meeting.map { .meeting($0.meeting.value.id) },
            provenance: ProvenanceView(record.roadMap.provenance, localizer: l),
            areas: record.areas.map { RoadMapView.Area(number: $0.value.number, title: l.title(of: $0.value), provenance: ProvenanceView($0.provenance, localizer: l)) },
            uncertain: record.areas.contains { $0.provenance.confidence != .confirmed },
            sources: citedSources([record.roadMap.provenance] + record.areas.map(\.provenance)))
        return platform.pages.render(view, title: l("roadMap.title"), section: .roadMap, context: context)
    }
}
