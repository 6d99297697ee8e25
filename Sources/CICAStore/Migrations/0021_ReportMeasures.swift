import SQLKit
import CICACore

/// A part of a yearly report may say where the state stands on each measure of the Catalogue in force in the part's
/// priority area: one line per measure, read by the part's readers.
struct ReportMeasuresSchema: Migration {
    let version = 21
    let name = "implementation reports per measure"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "implementation_report_measures")
            .column("state", type: .text, .notNull)
            .column("year", type: .int, .notNull)
            .column("priority_area", type: .text, .notNull)
            .column("number", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("status", type: .text, .notNull)
            .column("note", type: .text)
            .primaryKey("state", "year", "priority_area", "number")
            .run()
    }
}
