import SQLKit
import CICACore

/// A private calendar feed per user: the digest of the secret in its address (the secret itself is shown once), replaced
/// when the user makes a new one and deleted when they revoke it.
struct CalendarFeedsSchema: Migration {
    let version = 10
    let name = "private calendar feeds"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "calendar_feeds")
            .column("user_id", type: .text, .primaryKey(autoIncrement: false), .references("users", "id"))
            .column("digest", type: .text, .notNull, .unique)
            .column("created_at", type: .text, .notNull)
            .run()
    }
}
