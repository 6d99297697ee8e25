import SQLKit
import CICACore

/// The steps of admissions the Secretariat records (application, eligibility verdict, recommendation, signatures),
/// one row per state and step, never changed once recorded.
struct AdmissionStepsSchema: Migration {
    let version = 12
    let name = "admission step by step"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "admission_steps")
            .column("state", type: .text, .notNull, .references("countries", "code"))
            .column("step", type: .text, .notNull)
            .column("date", type: .text)
            .column("document", type: .text, .references("documents", "id"))
            .column("decision", type: .text, .references("decisions", "id"))
            .column("verdict", type: .text)
            .column("note", type: .text)
            .column("recorded_at", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .primaryKey("state", "step")
            .run()
        switch engine {
        case .sqlite:
            try await sql.raw("CREATE TRIGGER admission_steps_no_update BEFORE UPDATE ON admission_steps BEGIN SELECT RAISE(ABORT, 'a recorded step is never changed'); END").run()
            try await sql.raw("CREATE TRIGGER admission_steps_no_delete BEFORE DELETE ON admission_steps BEGIN SELECT RAISE(ABORT, 'a recorded step is never changed'); END").run()
        case .postgresql:
            try await sql.raw("CREATE TRIGGER admission_steps_no_change BEFORE UPDATE OR DELETE ON admission_steps FOR EACH ROW EXECUTE FUNCTION log_append_only()").run()
        }
    }
}
