import SQLKit
import CICACore

/// A decision version's text in every working language: the language it was drafted in and its translations
/// (canonical JSON, language → text). Versions written before are in English alone. Under silence procedure, the
/// Member States the circulation could not notify.
struct WorkingLanguagesSchema: Migration {
    let version = 8
    let name = "decision texts in every working language; states not notified"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.alter(table: "decision_versions").column("language", type: .text).run()
        try await sql.alter(table: "decision_versions").column("translations", type: .text).run()
        try await sql.alter(table: "decisions").column("not_notified", type: .text).run()
    }
}
