import SQLKit
import CICACore

/// Which of the acts waiting for a person (`Awaiting`) they have marked read, by the act's key: the acts themselves are
/// worked out from the record each time and are not stored.
struct AwaitedReadsSchema: Migration {
    let version = 23
    let name = "awaited acts read"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "awaited_reads")
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("act", type: .text, .notNull)
            .column("read_at", type: .text, .notNull)
            .primaryKey("user_id", "act")
            .run()
    }
}
