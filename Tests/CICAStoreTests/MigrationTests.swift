import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

@Suite("Migrations")
struct MigrationTests {
    @Test("migrate from empty, then again changes nothing", arguments: TestEngine.all)
    func fromEmpty(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine, migrated: false, seeded: false) { database in
            #expect(try await MigrationRunner().applied(on: database) == [])
            let applied = try await MigrationRunner().run(on: database)
            #expect(applied == Migrations.all.map(\.version))
            #expect(try await MigrationRunner().run(on: database) == [])
            #expect(try await MigrationRunner().applied(on: database) == Migrations.all.map(\.version))
            for table in ["member_states", "observers", "partners", "organs", "meetings", "priority_areas", "documents", "provenance"] {
                let exists = try await database.read { sql in try await tableExists(table, sql: sql, engine: database.engine) }
                #expect(exists, "\(table)")
            }
        }
    }

    @Test("a database newer than the code is refused, naming the migration", arguments: TestEngine.all)
    func newerDatabase(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine, seeded: false) { database in
            try await database.write { sql in
                try await sql.insert(into: "schema_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(9999), SQLBind("from the future"), SQLBind("2030-01-01T00:00:00.000Z")).run()
            }
            await #expect(throws: UnknownMigration.self) { try await MigrationRunner().run(on: database) }
        }
    }

    @Test("instances migrating at once apply each migration once", arguments: TestEngine.all)
    func concurrent(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine, migrated: false, seeded: false) { database in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await MigrationRunner().run(on: database) } }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Migrations.all.map(\.version))
        }
    }
}

@Suite("Transactions")
struct TransactionTests {
    struct Boom: Error {}

    @Test("a write that fails leaves nothing behind", arguments: TestEngine.all)
    func rollback(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            await #expect(throws: Boom.self) {
                try await database.write { sql in
                    try await sql.update("member_states").set("name", to: "Changed").where("code", .equal, "KZ").run()
                    try await sql.delete(from: "coordinations").run()
                    throw Boom()
                }
            }
            let name = try await database.read { sql in
                try await sql.select().column("name").from("member_states").where("code", .equal, "KZ").first()?.decode(column: "name", as: String.self)
            }
            #expect(name == "Kazakhstan")
            let coordinations = try await database.read { sql in try await sql.select().column("state").from("coordinations").all().count }
            #expect(coordinations > 0)
        }
    }

    @Test("foreign keys are enforced", arguments: TestEngine.all)
    func foreignKeys(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            // Brazil is not a Member State: the database itself refuses it as a foreign-key violation (SQLite says so in its
            // message, PostgreSQL with SQLSTATE 23503), not for any other reason.
            do {
                try await database.write { sql in
                    try await sql.insert(into: "coordinations").columns("priority_area", "state", "role", "position")
                        .values(SQLBind("finance"), SQLBind("BR"), SQLBind("coordinator"), SQLBind(0)).run()
                }
                Issue.record("a coordination by a state that is not a Member State was written")
            } catch {
                let text = String(reflecting: error)
                #expect(text.contains("FOREIGN KEY constraint failed") || text.contains("23503"), "\(text)")
            }
        }
    }
}

@Suite("Database location")
struct DatabaseLocationTests {
    @Test("a path is SQLite, a postgres URL is PostgreSQL", arguments: [
        ("cica.sqlite", DatabaseLocation.sqlite(path: "cica.sqlite")),
        ("/var/lib/cica/data.db", .sqlite(path: "/var/lib/cica/data.db")),
        ("sqlite:///tmp/x.sqlite", .sqlite(path: "/tmp/x.sqlite")),
        ("postgres://u:p@127.0.0.1:5432/cica", .postgres(url: "postgres://u:p@127.0.0.1:5432/cica")),
        ("postgresql://u@db/cica", .postgres(url: "postgresql://u@db/cica")),
    ])
    func parse(text: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(text) == expected)
    }

    @Test("anything else is refused, naming the field", arguments: ["", "  ", "mysql://x/y", "postgres://"])
    func refuse(text: String) {
        #expect(throws: InvalidInput.self) { try DatabaseLocation(text) }
        #expect((try? DatabaseLocation(text)) == nil)
    }

    @Test("passwords never show in descriptions")
    func redaction() throws {
        #expect(try DatabaseLocation("postgres://cica:secret@127.0.0.1/cica").description == "PostgreSQL at postgres://cica:***@127.0.0.1/cica")
    }
}

@Suite("PostgreSQL")
struct PostgresProbeTests {
    /// CI greps for this test's success: it fails when PostgreSQL is required but not configured or not answering.
    @Test("PostgreSQL answers for the database tests", .enabled(if: TestEngine.all.contains(.postgresql)))
    func probe() async throws {
        try await TestDatabase.withFresh(.postgresql, seeded: false) { database in
            #expect(database.engine == .postgresql)
            try await database.ping()
        }
    }
}
