import SQLKit
import CICACore

/// The token that tells every instance when the reference facts it keeps in memory (`ReferenceReads`) were written to:
/// a trigger on each table they are read from sets a new random token in the writing transaction. On PostgreSQL the
/// triggers are per statement and also fire on TRUNCATE; SQLite has row triggers only, and no TRUNCATE.
struct ReadGenerations: Migration {
    let version = 25
    let name = "read generations"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "read_generations")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("token", type: .text, .notNull)
            .run()
        switch engine {
        case .sqlite:
            try await sql.raw("INSERT INTO read_generations (name, token) VALUES ('reference', lower(hex(randomblob(16))))").run()
            for table in ReferenceReads.watched {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_\(unsafeRaw: event.lowercased())_reference AFTER \(unsafeRaw: event) ON \(ident: table)
                        BEGIN UPDATE read_generations SET token = lower(hex(randomblob(16))) WHERE name = 'reference'; END
                        """).run()
                }
            }
        case .postgresql:
            try await sql.raw("INSERT INTO read_generations (name, token) VALUES ('reference', gen_random_uuid()::text)").run()
            try await sql.raw("""
                CREATE FUNCTION reference_written() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE read_generations SET token = gen_random_uuid()::text WHERE name = 'reference'; RETURN NULL; END $$
                """).run()
            for table in ReferenceReads.watched {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION reference_written()
                    """).run()
            }
        }
    }
}
