import Hummingbird
import CICACore
import CICAStore

/// The Catalogue page: dimensions, their priority areas, and who coordinates each.
struct CatalogueView: Sendable {
    struct StateLink: Sendable {
        var name: String
        var href: String
    }
    struct Area: Sendable {
        var slug: String
        var name: String
        var coordinator: StateLink?
        var coordinatorConfidence: String?
        var coCoordinators: [StateLink]
        var provenance: ProvenanceView
    }
    struct DimensionGroup: Sendable {
        var slug: String
        var name: String
        var count: String
        var areas: [Area]
    }
    var intro: String
    var dimensions: [DimensionGroup]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(dimensions: [Sourced<Dimension>], areas: [Sourced<PriorityArea>], names: [String: String], notes: [SourceNote],
                     localizer l: Localizer) -> CatalogueView {
        func link(_ code: String) -> StateLink { StateLink(name: names[code] ?? code, href: "/member-states/\(code)") }
        return CatalogueView(
            intro: l("catalogue.intro"),
            dimensions: dimensions.map { d in
                let inDimension = areas.filter { $0.value.dimension == d.value.slug }
                return DimensionGroup(slug: d.value.slug, name: d.value.name, count: l("catalogue.areas", ["count": String(inDimension.count)]),
                                      areas: inDimension.map { a in
                    Area(slug: a.value.slug, name: a.value.name, coordinator: a.value.coordinator.map(link),
                         coordinatorConfidence: a.value.coordinatorConfidence.flatMap { $0 == .confirmed ? nil : l.confidence($0) },
                         coCoordinators: a.value.coCoordinators.map(link), provenance: ProvenanceView(a.provenance, localizer: l))
                })
            },
            notes: notes.map(NoteView.init),
            sources: citedSources(dimensions.map(\.provenance) + areas.map(\.provenance)))
    }
}

/// The Road Map page.
struct RoadMapView: Sendable {
    struct Area: Sendable {
        var number: Int
        var title: String
        var provenance: ProvenanceView
    }
    var intro: String
    var endorsedAt: String?
    var endorsedAtHref: String?
    var provenance: ProvenanceView
    var areas: [Area]
    var uncertain: Bool
    var sources: [SourceView]
}

/// Pages about the Catalogue of CBMs and the Road Map.
struct CataloguePages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/catalogue") { _, context in try await catalogue(context) }
        router.get("/road-map") { _, context in try await roadMap(context) }
    }

    func catalogue(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = CatalogueView.make(dimensions: try await repositories.catalogue.dimensions(),
                                      areas: try await repositories.catalogue.priorityAreas(dimension: nil, state: nil),
                                      names: try await repositories.membership.memberStateNames(),
                                      notes: try await repositories.sources.notes(about: [.catalogue]), localizer: l)
        return try pages.render("catalogue", page: view, title: l("catalogue.title"), section: .catalogue, context: context)
    }

    func roadMap(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        guard let record = try await repositories.catalogue.roadMap() else { throw NotFound(entity: "road map", key: "road-map") }
        var meeting: MeetingRecord?
        if let id = record.roadMap.value.endorsedAt { meeting = try await repositories.organs.meeting(id: id) }
        let view = RoadMapView(
            intro: l("roadMap.intro", ["date": l.date(record.roadMap.value.endorsed)]),
            endorsedAt: meeting.map { $0.meeting.value.title + ", " + l.dateRange($0.meeting.value.start, $0.meeting.value.end) },
            endorsedAtHref: meeting.map { "/meetings/\($0.meeting.value.id)" },
            provenance: ProvenanceView(record.roadMap.provenance, localizer: l),
            areas: record.areas.map { RoadMapView.Area(number: $0.value.number, title: $0.value.title, provenance: ProvenanceView($0.provenance, localizer: l)) },
            uncertain: record.areas.contains { $0.provenance.confidence != .confirmed },
            sources: citedSources([record.roadMap.provenance] + record.areas.map(\.provenance)))
        return try pages.render("road-map", page: view, title: l("roadMap.title"), section: .roadMap, context: context)
    }
}
