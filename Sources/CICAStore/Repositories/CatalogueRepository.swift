import Foundation
import SQLKit
import CICACore

/// The Road Map for CICA Transformation with the provenance of each area.
public struct RoadMapRecord: Sendable {
    public var roadMap: Sourced<RoadMap>
    public var areas: [Sourced<ReformArea>]
}

/// The Catalogue of CBMs (dimensions, priority areas and their coordinators) and the Road Map.
public protocol CatalogueRepository: Sendable {
    func dimensions() async throws -> [Sourced<CICACore.Dimension>]
    /// Priority areas in Catalogue order; throws `InvalidInput` naming `dimension` when it does not exist.
    func priorityAreas(dimension: String?, state: String?) async throws -> [Sourced<PriorityArea>]
    func roadMap() async throws -> RoadMapRecord?
    /// An area's coordination terms, running and ended, oldest first.
    func coordinationTerms(area: String) async throws -> [CoordinationTerm]
    /// The offers to coordinate that are drafts or open decisions before the Senior Officials Committee, by decision id.
    func pendingOffers(area: String) async throws -> [(decision: String, offer: CoordinationRules.Offer)]
    /// A Member State's offer to coordinate an area, checked (`CoordinationRules.offer`) and drafted in the same
    /// transaction as a decision of the Senior Officials Committee with the `assignCoordinator` effect, worded in each
    /// working language by `wording`.
    func offerCoordination(area: String, _ offer: CoordinationRules.Offer, wording: @escaping @Sendable (String) -> (title: String, text: String),
                           actor: Actor, now: Date) async throws -> Decision
    /// The Road Map's milestones, by area and due day.
    func milestones() async throws -> [Milestone]
    /// Records a milestone (the Secretariat; audited).
    func recordMilestone(_ fields: MilestoneFields, actor: Actor, now: Date, today: CivilDate) async throws -> Milestone
    /// Changes a milestone: its status, the day it was done, its title, due day or links (audited).
    func editMilestone(id: String, _ fields: MilestoneFields, actor: Actor, now: Date, today: CivilDate) async throws -> Milestone
}

/// `CatalogueRepository` on SQLKit.
public struct SQLCatalogueRepository: CatalogueRepository {
    let database: Database
    let workingLanguages: WorkingLanguages
    init(database: Database, workingLanguages: WorkingLanguages = .english) {
        self.database = database
        self.workingLanguages = workingLanguages
    }

    public func milestones() async throws -> [Milestone] {
        try await database.read { sql in
            try await sql.select().column("*").from("road_map_milestones").orderBy("area").orderBy("due").orderBy("recorded_at").all().map(Self.milestone)
        }
    }

    static func milestone(_ row: any SQLRow) throws -> Milestone {
        let decoder = JSONDecoder()
        return Milestone(id: try row.string("id"), area: try row.int("area"), title: try row.string("title"),
                         due: try row.optionalString("due").flatMap(CivilDate.init), status: try row.value("status", as: MilestoneStatus.self),
                         done: try row.optionalString("done").flatMap(CivilDate.init),
                         decisions: try decoder.decode([String].self, from: Data(try row.string("decisions").utf8)),
                         documents: try decoder.decode([String].self, from: Data(try row.string("documents").utf8)),
                         recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    static func milestoneContext(_ sql: any SQLDatabase) async throws -> RoadMapRules.Context {
        let decisions = try await sql.select().columns("id", "symbol").from("decisions").all().map { (try $0.string("id"), try $0.optionalString("symbol")) }
        let documents = try await sql.select().columns("id", "symbol").from("documents").all().map { (try $0.string("id"), try $0.optionalString("symbol")) }
        func bySymbol(_ rows: [(String, String?)]) -> [String: String] {
            Dictionary(rows.compactMap { id, symbol in symbol.flatMap { $0.isEmpty ? nil : ($0, id) } }, uniquingKeysWith: { first, _ in first })
        }
        return RoadMapRules.Context(areas: Set(try await sql.select().column("number").from("reform_areas").all().map { try $0.int("number") }),
                                    decisions: Set(decisions.map(\.0)), documents: Set(documents.map(\.0)),
                                    decisionSymbols: bySymbol(decisions), documentSymbols: bySymbol(documents))
    }

    static func json(_ ids: [String]) -> String { CanonicalJSON.array(ids.map(CanonicalJSON.string)).text }

    static func summary(_ m: Milestone) -> String {
        "area \(m.area); \(m.title); due \(m.due?.description ?? "-"); \(m.status.rawValue)\(m.done.map { " \($0)" } ?? "")"
    }

    public func recordMilestone(_ fields: MilestoneFields, actor: Actor, now: Date, today: CivilDate) async throws -> Milestone {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let m = try RoadMapRules.milestone(fields, context: try await Self.milestoneContext(sql),
                                               id: newRecordId("milestone"),
                                               today: today, stamp: Stamp(at: now, by: actor.recordName))
            try await sql.insert(into: "road_map_milestones")
                .columns("id", "area", "title", "due", "status", "done", "decisions", "documents", "recorded_at", "recorded_by")
                .values([Cell.text(m.id), .int(m.area), .text(m.title), .text(m.due?.description), .text(m.status.rawValue), .text(m.done?.description),
                         .text(Self.json(m.decisions)), .text(Self.json(m.documents)), .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "milestone.record", entity: "milestone/\(m.id)", before: nil, after: Self.summary(m), at: now)
            return m
        }
    }

    public func editMilestone(id: String, _ fields: MilestoneFields, actor: Actor, now: Date, today: CivilDate) async throws -> Milestone {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let row = try await sql.select().column("*").from("road_map_milestones").where("id", .equal, id).first() else {
                throw NotFound(entity: Message("entity.milestone"), key: id, list: "/road-map")
            }
            let before = try Self.milestone(row)
            let m = try RoadMapRules.milestone(fields, existing: before, context: try await Self.milestoneContext(sql), id: id, today: today,
                                               stamp: before.recorded)
            try await sql.update("road_map_milestones").set("area", to: m.area).set("title", to: m.title).set("due", to: m.due?.description)
                .set("status", to: m.status.rawValue).set("done", to: m.done?.description).set("decisions", to: Self.json(m.decisions))
                .set("documents", to: Self.json(m.documents)).set("edited_at", to: Timestamp.string(now)).where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "milestone.edit", entity: "milestone/\(id)", before: Self.summary(before),
                                      after: Self.summary(m), at: now)
            return m
        }
    }

    public func coordinationTerms(area: String) async throws -> [CoordinationTerm] {
        try await database.read { sql in try await CoordinationStore.terms(area: area, sql: sql) }
    }

    public func pendingOffers(area: String) async throws -> [(decision: String, offer: CoordinationRules.Offer)] {
        try await database.read { sql in try await Self.pending(area: area, sql: sql) }
    }

    static func pending(area: String, sql: any SQLDatabase) async throws -> [(decision: String, offer: CoordinationRules.Offer)] {
        try await sql.select().columns("id", "effect_parameters").from("decisions").where("effect_kind", .equal, AssignCoordinator.kind)
            .where("status", .in, SQLBind.group([DecisionStatus.drafting.rawValue, DecisionStatus.open.rawValue])).orderBy("created_at").all()
            .compactMap { row in
                guard let parameters = try? JSONDecoder().decode([String: String].self, from: Data(try row.string("effect_parameters").utf8)),
                      let effect = try? AssignCoordinator(parameters: parameters), effect.priorityArea == area else { return nil }
                return (try row.string("id"), CoordinationRules.Offer(state: effect.state, role: effect.role))
            }
    }

    public func offerCoordination(area: String, _ offer: CoordinationRules.Offer, wording: @escaping @Sendable (String) -> (title: String, text: String),
                                  actor: Actor, now: Date) async throws -> Decision {
        let working = workingLanguages
        let engine = database.engine
        return try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let areas = Set(try await sql.select().column("slug").from("priority_areas").all().map { try $0.string("slug") })
            let effect = try CoordinationRules.offer(offer, area: area, areas: areas, memberStates: try await SQLDecisionRepository.memberStates(sql),
                                                     running: try await CoordinationStore.terms(area: area, runningOnly: true, sql: sql),
                                                     pending: try await Self.pending(area: area, sql: sql).map(\.offer))
            let primary = wording(working.primary)
            var translations: [String: String] = [:]
            for code in working.codes.dropFirst() { translations[code] = wording(code).text }
            return try await SQLDecisionRepository.create(
                NewDraft(title: primary.title, organ: "senior-officials-committee", meeting: nil, text: primary.text, translations: translations,
                         effectKind: AssignCoordinator.kind, effectParameters: effect.parameters),
                working: working, actor: actor, now: now, sql: sql, engine: engine)
        }
    }

    public func dimensions() async throws -> [Sourced<CICACore.Dimension>] {
        try await database.read { sql in
            let dimensions = try await sql.select().column("*").from("dimensions").orderBy("position").all().map { row in
                CICACore.Dimension(slug: try row.string("slug"), name: try row.string("name"), order: try row.int("position"),
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
