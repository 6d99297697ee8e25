import SQLKit
import CICACore

/// The Road Map for CICA Transformation with the provenance of each area.
public struct RoadMapRecord: Sendable {
    public var roadMap: Sourced<RoadMap>
    public var areas: [Sourced<ReformArea>]
}

/// The Catalogue of CBMs (dimensions, priority areas and their coordinators) and the Road Map.
public protocol CatalogueRepository: Sendable {
    func dimensions() async throws -> [Sourced<Dimension>]
    /// Priority areas in Catalogue order; throws `InvalidInput` naming `dimension` when it does not exist.
    func priorityAreas(dimension: String?, state: String?) async throws -> [Sourced<PriorityArea>]
    func roadMap() async throws -> RoadMapRecord?
}

/// `CatalogueRepository` on SQLKit.
public struct SQLCatalogueRepository: CatalogueRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public func dimensions() async throws -> [Sourced<Dimension>] {
        try await database.read { sql in
            let dimensions = try await sql.select().column("*").from("dimensions").orderBy("position").all().map { row in
                Dimension(slug: try row.string("slug"), name: try row.string("name"), order: try row.int("position"),
                          provenance: SQLOrganRepository.none)
            }
            return try await ProvenanceReader.sourced(dimensions, subject: { .dimension($0.slug) }, sql: sql)
        }
    }

    public func priorityAreas(dimension: String?, state: String?) async throws -> [Sourced<PriorityArea>] {
        try await database.read { sql in
            let areas = try await Self.priorityAreas(dimension: dimension, state: state, sql: sql)
            return try await ProvenanceReader.sourced(areas, subject: { .priorityArea($0.slug) }, sql: sql)
        }
    }

    /// The priority areas with their coordinations, without provenance.
    static func priorityAreas(dimension: String?, state: String?, sql: any SQLDatabase) async throws -> [PriorityArea] {
        if let dimension {
            let slugs = try await sql.select().column("slug").from("dimensions").orderBy("position").all().map { try $0.string("slug") }
            guard slugs.contains(dimension) else {
                throw InvalidInput(field: "dimension", reason: Message("reason.thereDimensionUseOne", ["dimension": "\(dimension)", "slugs": "\(slugs.joined(separator: ", "))"]))
            }
        }
        let query = sql.select().column("*").from("priority_areas")
        if let dimension { query.where("dimension", .equal, dimension) }
        if let state {
            query.where("slug", .in, SQLSubquery.select { $0.column("priority_area").from("coordinations").where("state", .equal, state) })
        }
        let rows = try await query.orderBy("position").all()
        let slugs = try rows.map { try $0.string("slug") }
        var coordinations: [String: [Coordination]] = [:]
        if !slugs.isEmpty {
            for row in try await sql.select().column("*").from("coordinations").where("priority_area", .in, SQLBind.group(slugs))
                .orderBy("priority_area").orderBy("position").all() {
                let area = try row.string("priority_area")
                coordinations[area, default: []].append(
                    Coordination(priorityArea: area, state: try row.string("state"), role: try row.value("role", as: CoordinationRole.self)))
            }
        }
        return try rows.map { row in
            let slug = try row.string("slug")
            let coordination = coordinations[slug] ?? []
            return PriorityArea(slug: slug, dimension: try row.string("dimension"), name: try row.string("name"),
                                order: try row.int("position"),
                                coordinator: coordination.first { $0.role == .coordinator }?.state,
                                coordinatorConfidence: try row.optionalValue("coordinator_confidence", as: Confidence.self),
                                coCoordinators: coordination.filter { $0.role == .coCoordinator }.map(\.state),
                                provenance: SQLOrganRepository.none)
        }
    }

    public func roadMap() async throws -> RoadMapRecord? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("road_maps").where("id", .equal, Subject.roadMap.rawValue).first() else {
                return nil
            }
            let areas = try await sql.select().column("*").from("reform_areas").orderBy("number").all().map { row in
                ReformArea(number: try row.int("number"), title: try row.string("title"), provenance: SQLOrganRepository.none)
            }
            guard let endorsed = try row.date("endorsed") else { return nil }
            let roadMap = RoadMap(title: try row.string("title"), endorsed: endorsed, endorsedAt: try row.optionalString("endorsed_at"),
                                  provenance: SQLOrganRepository.none, areas: areas)
            let provenance = try await ProvenanceReader.resolve([.roadMap] + areas.map { .reformArea($0.number) }, sql: sql)
            return RoadMapRecord(roadMap: Sourced(value: roadMap, provenance: provenance[.roadMap] ?? SQLOrganRepository.unknown),
                                 areas: areas.map { Sourced(value: $0, provenance: provenance[.reformArea($0.number)] ?? SQLOrganRepository.unknown) })
        }
    }
}
