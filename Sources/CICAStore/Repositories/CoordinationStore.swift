import Foundation
import SQLKit
import CICACore

/// What the store reads and writes about coordination terms, shared by the catalogue, the seed and the decisions' effects.
enum CoordinationStore {
    static func term(_ row: any SQLRow) throws -> CoordinationTerm {
        CoordinationTerm(id: try row.string("id"), priorityArea: try row.string("priority_area"), state: try row.string("state"),
                         role: try row.value("role", as: CoordinationRole.self), from: try row.optionalString("from_date").flatMap(CivilDate.init),
                         until: try row.optionalString("until_date").flatMap(CivilDate.init), startedBy: try row.optionalString("started_by"),
                         endedBy: try row.optionalString("ended_by"), ending: try row.optionalValue("ending", as: CoordinationEnding.self))
    }

    /// The terms of one area (every area when nil), oldest first.
    static func terms(area: String?, runningOnly: Bool = false, sql: any SQLDatabase) async throws -> [CoordinationTerm] {
        let query = sql.select().column("*").from("coordination_terms")
        if let area { query.where("priority_area", .equal, area) }
        if runningOnly { query.where("ending", .is, SQLLiteral.null) }
        return try await query.orderBy("priority_area").orderBy("from_date").orderBy("id").all().map(term)
    }

    static func insert(_ t: CoordinationTerm, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "coordination_terms")
            .columns("id", "priority_area", "state", "role", "from_date", "until_date", "started_by", "ended_by", "ending")
            .values([Cell.text(t.id), .text(t.priorityArea), .text(t.state), .text(t.role.rawValue), .text(t.from?.description),
                     .text(t.until?.description), .text(t.startedBy), .text(t.endedBy), .text(t.ending?.rawValue)].map(\.expression))
            .run()
    }

    /// Writes how a term ended.
    static func end(_ t: CoordinationTerm, sql: any SQLDatabase) async throws {
        try await sql.update("coordination_terms").set("until_date", to: t.until?.description).set("ended_by", to: t.endedBy)
            .set("ending", to: t.ending?.rawValue).where("id", .equal, t.id).run()
    }

    static func newId() -> String { newRecordId("coordination") }

    /// Makes the terms agree with the current coordinations (the record's, after a seed, or those decided before terms
    /// were kept): a coordination without a running term gets one — begun by the adopted decision that assigned it, if
    /// any, else from a day the sources do not give — and a running term the coordinations no longer hold ends today
    /// (the shipped record changed).
    static func sync(_ sql: any SQLDatabase, today: CivilDate) async throws {
        let current = try await sql.select().columns("priority_area", "state", "role").from("coordinations").all().map { row in
            Coordination(priorityArea: try row.string("priority_area"), state: try row.string("state"), role: try row.value("role", as: CoordinationRole.self))
        }
        let running = try await terms(area: nil, runningOnly: true, sql: sql)
        var assigned: [Coordination: (decision: String, day: CivilDate?)] = [:]
        for row in try await sql.select().columns("id", "effect_parameters", "closed_at").from("decisions")
            .where("effect_kind", .equal, AssignCoordinator.kind).where("status", .equal, DecisionStatus.adopted.rawValue).orderBy("closed_at").all() {
            guard let parameters = try? JSONDecoder().decode([String: String].self, from: Data(try row.string("effect_parameters").utf8)),
                  let effect = try? AssignCoordinator(parameters: parameters) else { continue }
            assigned[Coordination(priorityArea: effect.priorityArea, state: effect.state, role: effect.role)] =
                (try row.string("id"), try row.optionalString("closed_at").flatMap(Timestamp.date).map { CivilDate($0) })
        }
        for c in current where !running.contains(where: { $0.priorityArea == c.priorityArea && $0.state == c.state && $0.role == c.role }) {
            let decided = assigned[c]
            try await insert(CoordinationTerm(id: newId(), priorityArea: c.priorityArea, state: c.state, role: c.role, from: decided?.day,
                                              startedBy: decided?.decision), sql: sql)
        }
        for t in running where !current.contains(Coordination(priorityArea: t.priorityArea, state: t.state, role: t.role)) {
            var ended = t
            ended.until = today
            ended.ending = .recordChanged
            try await end(ended, sql: sql)
        }
    }
}
