import Foundation
import Logging
import SQLKit
import CICACore
import CICAStore

/// The engines store and server tests run on: SQLite always, PostgreSQL when `CICA_TEST_POSTGRES_URL` is set.
///
/// With `CICA_REQUIRE_POSTGRES=1` (as CI sets it) PostgreSQL is always in the list, so a missing URL
/// makes the PostgreSQL cases fail instead of silently not running.
public enum TestEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgresql

    public var description: String { rawValue }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CICA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["CICA_REQUIRE_POSTGRES"] == "1" }

    /// The engines to run each database test on.
    public static var all: [TestEngine] {
        postgresURL != nil || postgresRequired ? [.sqlite, .postgresql] : [.sqlite]
    }
}

/// PostgreSQL tests were required but no server was named.
public struct PostgresNotConfigured: Error, CustomStringConvertible {
    public var description: String {
        "CICA_REQUIRE_POSTGRES=1 but CICA_TEST_POSTGRES_URL is not set: point it at a PostgreSQL server, e.g. postgres://cica:cica@127.0.0.1:5432/cica_test"
    }
}

/// A fresh database for one test: a new SQLite file, or a new PostgreSQL schema, migrated (and seeded unless asked not to).
public enum TestDatabase {
    /// The platform key store tests sign checkpoints with.
    public static let logKey = PlatformKey.generate(name: "cica-test")

    /// Has every later write of `database` end by signing a checkpoint with `logKey`, as the platform's store does.
    @discardableResult
    public static func sealing(_ database: Database) -> Store { Store(database: database, logKey: logKey) }

    /// Runs a statement around the platform, as an insider with write access to the database would: nothing logged,
    /// no checkpoint.
    public static func aroundThePlatform(_ database: Database, _ statement: String) async throws {
        try await database.write(sealed: false) { sql in try await sql.raw("\(unsafeRaw: statement)").run() }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "cica.test")
        logger.logLevel = .warning
        return logger
    }()

    /// How long a test waits for a PostgreSQL connection: the whole suite opens hundreds of databases at once on a
    /// machine of two cores, where a new connection can take longer than the five seconds a request of the running
    /// server waits before it is answered 503 (which the reliability tests check, in `Tests/e2e`).
    public static let connectionWait: Duration = .seconds(60)

    @discardableResult
    public static func withFresh<R: Sendable>(
        _ engine: TestEngine, migrated: Bool = true, seeded: Bool = true, _ body: (Database) async throws -> R
    ) async throws -> R {
        func prepared(_ database: Database) async throws -> R {
            if migrated || seeded { try await MigrationRunner().run(on: database) }
            if seeded { try await ReferenceData.seed(into: database) }
            return try await body(database)
        }
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("cica-test-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            return try await Database.withOpen(.sqlite(path: path), logger: logger) { try await prepared($0) }
        case .postgresql:
            guard let url = TestEngine.postgresURL else { throw PostgresNotConfigured() }
            return try await PostgresTurns.shared.take {
                try await withFreshSchema(url: url) { try await prepared($0) }
            }
        }
    }

    /// A second instance of the platform's database on the same data as `database` (the same SQLite file, or the same
    /// PostgreSQL schema), as another server would open it.
    public static func withAnotherInstance<R: Sendable>(of database: Database, _ body: (Database) async throws -> R) async throws -> R {
        switch database.location {
        case .sqlite:
            return try await Database.withOpen(database.location, logger: logger, body)
        case .postgres:
            let schema = try await database.read { sql in
                try await sql.raw("SELECT current_schema() AS schema").first()?.decode(column: "schema", as: String.self)
            }
            return try await Database.withOpen(database.location, logger: logger, schema: schema, leaseTimeout: connectionWait, body)
        }
    }

    /// A new schema on the test server for `body`, dropped after it however it ends: one connection pool does it all
    /// (its connections start with the schema on their search path; `CREATE SCHEMA` does not need it to exist).
    static func withFreshSchema<R: Sendable>(url: String, _ body: (Database) async throws -> R) async throws -> R {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return try await Database.withOpen(.postgres(url: url), logger: logger, schema: String(schema), leaseTimeout: connectionWait) { database in
            try await database.write(sealed: false) { sql in try await sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run() }
            do {
                let result = try await body(database)
                try? await dropSchema(String(schema), database)
                return result
            } catch {
                try? await dropSchema(String(schema), database)
                throw error
            }
        }
    }

    static func dropSchema(_ schema: String, _ database: Database) async throws {
        try await database.write(sealed: false) { sql in try await sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
    }
}

/// How many PostgreSQL test databases are open at once. Every store and server test runs on PostgreSQL too, and the
/// suite starts them all together: unbounded, hundreds of pools would ask the server for more connections than its
/// `max_connections` (each pool may hold 16), and refused connections make pools back off for longer than a test waits.
/// A test takes a turn for as long as its database is open; one already holding a turn (a test that opens a second
/// database inside the first) does not take another, so nesting cannot wait on itself.
public actor PostgresTurns {
    public static let shared = PostgresTurns(turns: 16)

    @TaskLocal static var holding = false

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(turns: Int) { free = turns }

    public nonisolated func take<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        if Self.holding { return try await body() }
        await acquire()
        do {
            let result = try await Self.$holding.withValue(true) { try await body() }
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
