import Foundation
import SQLKit
import CICACore

/// The history of coordination: a term per Member State, role and priority area, with the decisions that began and ended
/// it. The coordinations of the record and those decided before this version become running terms (begun by their
/// decision when one was adopted; otherwise from a day the sources do not give).
struct CoordinationTermsSchema: Migration {
    let version = 17
    let name = "coordination terms"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "coordination_terms")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("priority_area", type: .text, .notNull, .references("priority_areas", "slug"))
            .column("state", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("from_date", type: .text)
            .column("until_date", type: .text)
            .column("started_by", type: .text, .references("decisions", "id"))
            .column("ended_by", type: .text, .references("decisions", "id"))
            .column("ending", type: .text)
            .run()
        try await sql.create(index: "coordination_terms_by_area").on("coordination_terms").column("priority_area").run()
        try await CoordinationStore.sync(sql, today: CivilDate(Date()))
    }
}
