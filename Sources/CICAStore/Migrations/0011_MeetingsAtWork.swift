import SQLKit
import CICACore

/// Meetings the Secretariat plans and conducts: the chair, the revision the calendar counts, why a meeting was cancelled,
/// its adopted report, who planned it; the provisional and adopted agendas; the delegations registered with their
/// participants; and the corrections of held meetings' facts, never changed once recorded.
struct MeetingsAtWorkSchema: Migration {
    let version = 11
    let name = "meetings at work: agendas, registrations, reports, corrections"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        for column in ["chair", "cancellation", "report", "planned_at", "planned_by", "edited_at"] {
            try await sql.alter(table: "meetings").column(column, type: .text).run()
        }
        try await sql.alter(table: "meetings").column("revision", type: .int).run()
        try await sql.create(table: "meeting_agenda_items")
            .column("meeting", type: .text, .notNull, .references("meetings", "id"))
            .column("stage", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("title", type: .text, .notNull)
            .column("decision", type: .text, .references("decisions", "id"))
            .primaryKey("meeting", "stage", "position")
            .run()
        try await sql.create(table: "meeting_registrations")
            .column("meeting", type: .text, .notNull, .references("meetings", "id"))
            .column("delegation", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("registered_at", type: .text, .notNull)
            .column("registered_by", type: .text, .notNull)
            .primaryKey("meeting", "delegation")
            .run()
        try await sql.create(table: "meeting_participants")
            .column("meeting", type: .text, .notNull)
            .column("delegation", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("name", type: .text, .notNull)
            .column("title", type: .text)
            .column("head", type: .int, .notNull)
            .primaryKey("meeting", "delegation", "position")
            .run()
        try await sql.create(table: "meeting_corrections")
            .column("meeting", type: .text, .notNull, .references("meetings", "id"))
            .column("number", type: .int, .notNull)
            .column("note", type: .text, .notNull)
            .column("before", type: .text, .notNull)
            .column("after", type: .text, .notNull)
            .column("made_at", type: .text, .notNull)
            .column("made_by", type: .text, .notNull)
            .primaryKey("meeting", "number")
            .run()
        switch engine {
        case .sqlite:
            try await sql.raw("CREATE TRIGGER meeting_corrections_no_update BEFORE UPDATE ON meeting_corrections BEGIN SELECT RAISE(ABORT, 'a correction is never changed: record another'); END").run()
            try await sql.raw("CREATE TRIGGER meeting_corrections_no_delete BEFORE DELETE ON meeting_corrections BEGIN SELECT RAISE(ABORT, 'a correction is never changed: record another'); END").run()
        case .postgresql:
            try await sql.raw("CREATE TRIGGER meeting_corrections_no_change BEFORE UPDATE OR DELETE ON meeting_corrections FOR EACH ROW EXECUTE FUNCTION log_append_only()").run()
        }
    }
}
