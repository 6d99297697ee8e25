import SQLKit
import CICACore

/// The Road Map's milestones, entered by the Secretariat: per area, what is due by when, its status, the day it was done,
/// and the decisions and documents that did it (JSON arrays of ids).
struct RoadMapMilestonesSchema: Migration {
    let version = 18
    let name = "road map milestones"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "road_map_milestones")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("area", type: .int, .notNull, .references("reform_areas", "number"))
            .column("title", type: .text, .notNull)
            .column("due", type: .text)
            .column("status", type: .text, .notNull)
            .column("done", type: .text)
            .column("decisions", type: .text, .notNull)
            .column("documents", type: .text, .notNull)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("edited_at", type: .text)
            .run()
    }
}
