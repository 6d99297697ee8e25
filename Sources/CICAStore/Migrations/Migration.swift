import Foundation
import SQLKit
import CICACore

/// One numbered, append-only change to the schema. Never edit a migration that has shipped; add a new one.
public protocol Migration: Sendable {
    /// The migration's number; versions are applied in ascending order.
    var version: Int { get }
    /// What it does, in a few words.
    var name: String { get }
    /// Applies the change. Runs inside the runner's transaction.
    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws
}

/// Every migration of the platform, in order.
public enum Migrations {
    public static let all: [any Migration] = [
        ReferenceSchema(),
        AccountsSchema(),
        DecisionsSchema(),
        SignInSecuritySchema(),
        DecidedStateSchema(),
        TransparencyLogSchema(),
        DelegationSchema(),
        WorkingLanguagesSchema(),
        DocumentRegistrySchema(),
        CalendarFeedsSchema(),
        MeetingsAtWorkSchema(),
        AdmissionStepsSchema(),
        SecretariatStaffSchema(),
        MandatesSchema(),
        MemorandaSchema(),
        MeetingHoursSchema(),
        CoordinationTermsSchema(),
        RoadMapMilestonesSchema(),
        ImplementationReportsSchema(),
        CatalogueWorkSchema(),
        ReportMeasuresSchema(),
        SearchSchema(),
        AwaitedReadsSchema(),
        OutboxSchema(),
        ReadGenerations(),
    ]
}

/// A migration the database has applied that this build does not know: the database is newer than the code.
public struct UnknownMigration: Error, CustomStringConvertible {
    public var version: Int
    public var description: String {
        "The database has migration \(version), which this build of the platform does not know: run a newer build, or restore a backup made with this one."
    }
}

/// Applies pending migrations, recording each in `schema_migrations`.
public struct MigrationRunner: Sendable {
    public var migrations: [any Migration]

    public init(_ migrations: [any Migration] = Migrations.all) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration in one transaction and returns the versions applied.
    ///
    /// On PostgreSQL an advisory lock makes instances that start together on one schema take turns; the second finds
    /// nothing to do. The lock is the schema's own: deployments (and the tests' databases) in other schemas of the same
    /// server do not wait for each other.
    @discardableResult
    public func run(on database: Database) async throws -> [Int] {
        let migrations = self.migrations
        return try await database.write(sealed: false) { sql in
            if database.engine == .postgresql {
                try await sql.raw("SELECT pg_advisory_xact_lock(7411999, hashtext(current_schema()))").run()
            }
            try await sql.create(table: "schema_migrations")
                .ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .text, .notNull)
                .run()
            let applied = Set(try await sql.select().column("version").from("schema_migrations").all()
                .map { try $0.decode(column: "version", as: Int.self) })
            if let unknown = applied.subtracting(migrations.map(\.version)).max() {
                throw UnknownMigration(version: unknown)
            }
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                try await migration.up(sql, engine: database.engine)
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Timestamp.now()))
                    .run()
                done.append(migration.version)
            }
            return done
        }
    }

    /// The versions applied so far (empty for a new database).
    public func applied(on database: Database) async throws -> [Int] {
        try await database.read { sql in
            guard try await tableExists("schema_migrations", sql: sql, engine: database.engine) else { return [] }
            return try await sql.select().column("version").from("schema_migrations").orderBy("version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }
}

func tableExists(_ table: String, sql: any SQLDatabase, engine: Database.Engine) async throws -> Bool {
    switch engine {
    case .sqlite:
        try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)").first() != nil
    case .postgresql:
        try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = \(bind: table)").first() != nil
    }
}
