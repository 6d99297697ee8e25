import SQLKit
import CICACore

/// The letters the platform owes (`Letters`), written in the transaction of the event that owes them and sent by
/// whichever instance claims them first: `claimed_until` is the lease, `sent_at` the end.
struct OutboxSchema: Migration {
    let version = 24
    let name = "outbox of letters"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "outbox")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            // One event, one recipient: written twice, sent once.
            .column("letter_key", type: .text, .notNull, .unique)
            .column("recipient", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("attempts", type: .int, .notNull)
            .column("next_attempt_at", type: .text, .notNull)
            .column("claimed_by", type: .text)
            .column("claimed_until", type: .text)
            .column("sent_at", type: .text)
            .column("last_error", type: .text)
            .run()
        try await sql.create(index: "outbox_due").on("outbox").column("sent_at").column("next_attempt_at").run()
    }
}
