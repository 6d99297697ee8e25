import Foundation
import SQLKit
import CICACore

/// The document registry: every document gets a symbol (unique; marked as assigned by the platform where CICA's own is
/// not known), the organ and decision it belongs to, what it revises, corrects or adds to; and language versions, each
/// revision a row that is never changed (title, text, file). Documents registered before get their English version,
/// kinds named before the registry take their registry names.
struct DocumentRegistrySchema: Migration {
    let version = 9
    let name = "document registry: symbols, language versions, files"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        let bool = SQLDataType.custom(SQLRaw("BOOLEAN"))
        for column in ["symbol", "organ", "decision", "successor_of", "relation", "registered_at", "registered_by", "edited_at"] {
            try await sql.alter(table: "documents").column(column, type: .text).run()
        }
        try await sql.alter(table: "documents").column("symbol_assigned", type: bool).run()
        for (old, new) in [("politicalDeclaration", DocumentKind.declaration), ("regulations", .rules), ("guidelines", .rules)] {
            try await sql.update("documents").set("kind", to: new.rawValue).where("kind", .equal, old).run()
        }
        try await sql.raw("UPDATE documents SET organ = (SELECT organ FROM meetings WHERE meetings.id = documents.meeting) WHERE meeting IS NOT NULL").run()
        // Documents a decision adopted belong to it.
        for row in try await sql.raw("SELECT subject, decision_id FROM decided_facts WHERE subject LIKE 'document/%'").all() {
            let id = String(try row.string("subject").dropFirst("document/".count))
            try await sql.update("documents").set("decision", to: try row.string("decision_id")).where("id", .equal, id).run()
        }

        let organs = try await sql.raw("SELECT slug, short_name FROM organs").all()
            .reduce(into: [String: String]()) { $0[try $1.string("slug")] = try $1.string("short_name") }
        let decisions = try await sql.raw("SELECT id, symbol FROM decisions").all()
            .reduce(into: [String: String]()) { $0[try $1.string("id")] = try $1.string("symbol") }
        let documents = try await sql.raw("SELECT * FROM documents").all().map(SQLDocumentRepository.document)
        let symbols = DocumentSymbol.assign(documents, organShortNames: organs, decisionSymbols: decisions, taken: Set(decisions.values))
        for (id, symbol) in symbols {
            try await sql.update("documents").set("symbol", to: symbol).set("symbol_assigned", to: true).where("id", .equal, id).run()
        }
        try await sql.create(index: "documents_symbol").unique().on("documents").column("symbol").run()

        try await sql.create(table: "document_versions")
            .column("document", type: .text, .notNull, .references("documents", "id"))
            .column("language", type: .text, .notNull)
            .column("revision", type: .int, .notNull)
            .column("title", type: .text, .notNull)
            .column("text", type: .text)
            .column("file_sha256", type: .text)
            .column("file_size", type: .bigint)
            .column("file_type", type: .text)
            .column("filename", type: .text)
            .column("created_at", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .primaryKey("document", "language", "revision")
            .run()
        switch engine {
        case .sqlite:
            try await sql.raw("CREATE TRIGGER document_versions_no_update BEFORE UPDATE ON document_versions BEGIN SELECT RAISE(ABORT, 'a document''s versions are never changed: add a revision'); END").run()
            try await sql.raw("CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions BEGIN SELECT RAISE(ABORT, 'a document''s versions are never changed: add a revision'); END").run()
        case .postgresql:
            try await sql.raw("CREATE TRIGGER document_versions_no_change BEFORE UPDATE OR DELETE ON document_versions FOR EACH ROW EXECUTE FUNCTION log_append_only()").run()
        }
        let now = Timestamp.string(Date())
        for document in documents {
            try await sql.insert(into: "document_versions").columns("document", "language", "revision", "title", "created_at", "created_by")
                .values(SQLBind(document.id), SQLBind("en"), SQLBind(1), SQLBind(document.title), SQLBind(now), SQLBind(LanguageVersion.datasetAuthor))
                .run()
        }
    }
}
