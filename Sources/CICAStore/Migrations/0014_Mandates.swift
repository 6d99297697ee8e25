import SQLKit
import CICACore

/// The mandates the Senior Officials Committee gives the Special Working Group, with the Group's reports, and the
/// follow-up of the Committee's decisions.
struct MandatesSchema: Migration {
    let version = 14
    let name = "mandates and follow-up"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "mandates")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("task", type: .text, .notNull)
            .column("deadline", type: .text, .notNull)
            .column("decision", type: .text, .references("decisions", "id"))
            .column("given_at", type: .text, .notNull)
            .column("given_by", type: .text, .notNull)
            .column("report", type: .text, .references("documents", "id"))
            .column("reported_on", type: .text)
            .run()
        try await sql.create(table: "follow_ups")
            .column("decision", type: .text, .primaryKey(autoIncrement: false), .references("decisions", "id"))
            .column("status", type: .text, .notNull)
            .column("note", type: .text)
            .column("updated_at", type: .text, .notNull)
            .column("updated_by", type: .text, .notNull)
            .run()
    }
}
