import SQLKit
import CICACore

/// The Secretariat's personnel appointed on the platform: category, post, name, the seconding Member State of a
/// professional, the contract's end of support staff, and the term.
struct SecretariatStaffSchema: Migration {
    let version = 13
    let name = "the Secretariat's personnel"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "secretariat_staff")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("category", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("seconded_by", type: .text, .references("countries", "code"))
            .column("contract_end", type: .text)
            .column("start_date", type: .text, .notNull)
            .column("end_date", type: .text)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .run()
    }
}
