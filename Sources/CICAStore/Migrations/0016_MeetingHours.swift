import SQLKit
import CICACore

/// The hours a meeting sits, in its venue's time zone (`opens` and `closes` as `HH:MM`, `time_zone` an IANA name); all
/// three or none.
struct MeetingHoursSchema: Migration {
    let version = 16
    let name = "meeting hours and time zone"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        for column in ["opens", "closes", "time_zone"] {
            try await sql.alter(table: "meetings").column(column, type: .text).run()
        }
    }
}
