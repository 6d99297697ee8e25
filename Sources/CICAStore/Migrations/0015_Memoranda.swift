import SQLKit
import CICACore

/// Memoranda with partner organizations recorded by the Secretariat.
struct MemorandaSchema: Migration {
    let version = 15
    let name = "memoranda with partners"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "memoranda")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("partner", type: .text, .notNull, .references("partners", "id"))
            .column("instrument", type: .text, .notNull)
            .column("signed", type: .text, .notNull)
            .column("place", type: .text)
            .column("document", type: .text, .references("documents", "id"))
            .column("status", type: .text, .notNull)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .run()
    }
}
