import SQLKit
import CICACore

/// Full-text search: an entry per record and language (its title and text as written, and as the search compares them:
/// `SearchText.indexable`), with what the filters and the readership need; SQLite's FTS5 or PostgreSQL's `tsvector`
/// over it. Triggers on every table an entry is made from mark the record as changed (`search_dirty`), in the same
/// transaction as the change, so that no write path can leave the index behind: the next search brings those entries
/// up to date before it answers (`SearchIndex.refresh`). Every record there is now is marked.
struct SearchSchema: Migration {
    let version = 22
    let name = "full-text search over documents, decisions, meetings and reports"

    /// The tables entries are made from: table, the kind of record, the columns that name the record (joined by `/`).
    static let sources: [(table: String, kind: SearchKind, key: [String])] = [
        ("documents", .document, ["id"]),
        ("document_versions", .document, ["document"]),
        ("decisions", .decision, ["id"]),
        ("decision_versions", .decision, ["decision_id"]),
        ("meetings", .meeting, ["id"]),
        ("meeting_outcomes", .meeting, ["meeting_id"]),
        ("implementation_report_parts", .report, ["state", "year"]),
    ]

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "search_entries")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("record", type: .text, .notNull)
            .column("language", type: .text)
            .column("title", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("symbol", type: .text)
            .column("day", type: .text)
            .column("year", type: .int)
            .column("organ", type: .text)
            .column("access", type: .text, .notNull)
            .column("state", type: .text)
            .run()
        try await sql.create(index: "search_entries_by_record").on("search_entries").column("kind").column("record").run()
        try await sql.create(table: "search_dirty")
            .column("kind", type: .text, .notNull)
            .column("record", type: .text, .notNull)
            .primaryKey("kind", "record")
            .run()
        switch engine {
        case .sqlite:
            // The folded words of the title and the text; `entry` is the entry's id. The triggers' insert is guarded by
            // NOT EXISTS rather than OR IGNORE: a statement's own conflict clause (the seed's) would override a trigger's.
            try await sql.raw("CREATE VIRTUAL TABLE search_fts USING fts5(entry UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')").run()
            for source in Self.sources {
                let key = { (row: String) in source.key.map { "\(row).\"\($0)\"" }.joined(separator: " || '/' || ") }
                for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                    try await sql.raw(SQLQueryString("""
                        CREATE TRIGGER search_dirty_\(unsafeRaw: source.table)_\(unsafeRaw: event.lowercased()) AFTER \(unsafeRaw: event) ON \(unsafeRaw: source.table)
                        BEGIN INSERT INTO search_dirty (kind, record) SELECT '\(unsafeRaw: source.kind.rawValue)', \(unsafeRaw: key(row))
                        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = '\(unsafeRaw: source.kind.rawValue)' AND record = \(unsafeRaw: key(row))); END
                        """)).run()
                }
            }
        case .postgresql:
            try await sql.raw("ALTER TABLE search_entries ADD COLUMN words tsvector NOT NULL DEFAULT ''::tsvector").run()
            try await sql.raw("ALTER TABLE search_entries ADD COLUMN stems tsvector NOT NULL DEFAULT ''::tsvector").run()
            try await sql.raw("CREATE INDEX search_entries_words ON search_entries USING GIN (words)").run()
            try await sql.raw("CREATE INDEX search_entries_stems ON search_entries USING GIN (stems)").run()
            try await sql.raw("""
                CREATE FUNCTION search_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE r jsonb; k text; c text;
                BEGIN
                  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
                  FOREACH c IN ARRAY string_to_array(TG_ARGV[1], ',') LOOP
                    k := CASE WHEN k IS NULL THEN r ->> c ELSE k || '/' || (r ->> c) END;
                  END LOOP;
                  INSERT INTO search_dirty (kind, record) VALUES (TG_ARGV[0], k) ON CONFLICT DO NOTHING;
                  RETURN NULL;
                END $$
                """).run()
            for source in Self.sources {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER search_dirty_\(unsafeRaw: source.table) AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: source.table)
                    FOR EACH ROW EXECUTE FUNCTION search_mark_dirty('\(unsafeRaw: source.kind.rawValue)', '\(unsafeRaw: source.key.joined(separator: ","))')
                    """)).run()
            }
        }
        for source in Self.sources {
            let key = source.key.map { "\"\($0)\"" }.joined(separator: " || '/' || ")
            let cast = engine == .postgresql && source.key.count > 1 ? "::text" : ""
            let (insert, conflict) = engine == .sqlite ? ("INSERT OR IGNORE", "") : ("INSERT", " ON CONFLICT DO NOTHING")
            try await sql.raw(SQLQueryString("""
                \(unsafeRaw: insert) INTO search_dirty (kind, record)
                SELECT DISTINCT '\(unsafeRaw: source.kind.rawValue)', \(unsafeRaw: key)\(unsafeRaw: cast) FROM \(unsafeRaw: source.table)\(unsafeRaw: conflict)
                """)).run()
        }
    }
}
