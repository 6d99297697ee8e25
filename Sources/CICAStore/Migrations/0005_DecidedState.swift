import SQLKit
import CICACore

/// What adopted decisions changed, kept apart from the reference facts so that seeding never undoes it; the end of an
/// observer's period (an observer admitted as a Member State keeps its history); decisions that need the Secretariat's
/// attention because their effect could not be applied when they closed; historical decisions as the sources date them.
struct DecidedStateSchema: Migration {
    let version = 5
    let name = "decided facts, observer periods, decisions needing attention"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "decided_facts")
            .column("subject", type: .text, .notNull)
            .column("decision_id", type: .text, .notNull, .references("decisions", "id"))
            .primaryKey("subject", "decision_id")
            .run()
        // Decisions adopted before this migration changed facts too: recorded now, so that the next seed leaves them alone.
        try await Self.recordDecidedFacts(sql)
        try await sql.alter(table: "observers").column("until_date", type: .text).run()
        try await sql.alter(table: "observers").column("ended_by", type: .text).run()
        try await sql.alter(table: "decisions").column("attention_note", type: .text).run()
        try await sql.alter(table: "decisions").column("attention_at", type: .text).run()
        // Historical decisions: whether the sources name the organ, and the date at the precision they give.
        try await sql.alter(table: "decisions").column("organ_recorded", type: .custom(SQLRaw("BOOLEAN"))).run()
        try await sql.alter(table: "decisions").column("recorded_date", type: .text).run()
    }

    /// Records the facts every adopted decision changed (idempotent).
    static func recordDecidedFacts(_ sql: any SQLDatabase) async throws {
        for row in try await sql.select().columns("id", "effect_kind", "effect_parameters").from("decisions")
            .where("status", .equal, DecisionStatus.adopted.rawValue).where("historical", .equal, false).all() {
            let id = try row.string("id")
            guard case .object(let fields)? = CanonicalJSON(parsing: try row.string("effect_parameters")),
                  let effect = try? Effects.make(kind: try row.string("effect_kind"), parameters: fields.compactMapValues(\.stringValue)) else { continue }
            for subject in DecidedFact.subjects(of: effect, decision: id) {
                try await sql.insert(into: "decided_facts").columns("subject", "decision_id")
                    .values([Cell.text(subject.rawValue), .text(id)].map(\.expression)).ignoringConflicts(with: ["subject", "decision_id"]).run()
            }
        }
    }
}
