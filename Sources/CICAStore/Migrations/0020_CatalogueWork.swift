import SQLKit
import CICACore

/// The rest of the Catalogue at work: the measures of each edition (an edition is a registry document of the kind
/// `catalogueEdition`), the priority areas' concept papers and action plans with their status, and their activities.
struct CatalogueWorkSchema: Migration {
    let version = 20
    let name = "catalogue measures, papers and activities"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "catalogue_measures")
            .column("edition", type: .text, .notNull, .references("documents", "id"))
            .column("number", type: .text, .notNull)
            .column("dimension", type: .text, .notNull, .references("dimensions", "slug"))
            .column("priority_area", type: .text, .references("priority_areas", "slug"))
            .column("title", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("procedure", type: .text)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("edited_at", type: .text)
            .primaryKey("edition", "number")
            .run()
        try await sql.create(table: "area_papers")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("priority_area", type: .text, .notNull, .references("priority_areas", "slug"))
            .column("kind", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("period", type: .text)
            .column("status", type: .text, .notNull)
            .column("endorsed", type: .text)
            .column("endorsed_by", type: .text)
            .column("decision", type: .text)
            .column("document", type: .text)
            .column("superseded_by", type: .text)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("edited_at", type: .text)
            .run()
        try await sql.create(table: "area_activities")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("priority_area", type: .text, .notNull, .references("priority_areas", "slug"))
            .column("kind", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("start_date", type: .text, .notNull)
            .column("end_date", type: .text, .notNull)
            .column("host", type: .text)
            .column("participants", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("outcome", type: .text)
            .column("proposed_by", type: .text)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("edited_at", type: .text)
            .run()
        try await sql.create(index: "area_activities_by_area").on("area_activities").column("priority_area").run()
    }
}
