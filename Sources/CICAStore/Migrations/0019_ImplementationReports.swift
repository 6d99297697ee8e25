import SQLKit
import CICACore

/// The yearly implementation reports: the deadline the Secretariat sets for a year, each Member State's report (first
/// submitted when and by whom, whether late), and its parts by priority area with their visibility.
struct ImplementationReportsSchema: Migration {
    let version = 19
    let name = "implementation reports"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "reporting_years")
            .column("year", type: .int, .primaryKey(autoIncrement: false))
            .column("deadline", type: .text, .notNull)
            .column("set_at", type: .text, .notNull)
            .column("set_by", type: .text, .notNull)
            .run()
        try await sql.create(table: "implementation_reports")
            .column("state", type: .text, .notNull, .references("member_states", "code"))
            .column("year", type: .int, .notNull)
            .column("submitted_at", type: .text, .notNull)
            .column("submitted_by", type: .text, .notNull)
            .column("edited_at", type: .text)
            .column("late", type: .int, .notNull)
            .primaryKey("state", "year")
            .run()
        try await sql.create(table: "implementation_report_parts")
            .column("state", type: .text, .notNull)
            .column("year", type: .int, .notNull)
            .column("priority_area", type: .text, .notNull, .references("priority_areas", "slug"))
            .column("position", type: .int, .notNull)
            .column("status", type: .text, .notNull)
            .column("since_year", type: .int)
            .column("narrative", type: .text)
            .column("visibility", type: .text, .notNull)
            .primaryKey("state", "year", "priority_area")
            .run()
    }
}
