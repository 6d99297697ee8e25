import Foundation
import Logging
import PostgresKit
import SQLKit
import CICACore

/// A refused backup or restore: why, in words a person can act on.
public struct BackupRefused: Error, Sendable, Equatable {
    public var reason: Message
    public init(_ reason: Message) { self.reason = reason }
}

/// The database's part of a backup (`Backup` has the rules): copied by its engine while the server runs, each table's
/// rows counted on the same snapshot; and put back into an empty database of the same engine.
public enum DatabaseBackup {
    /// What a copy holds, read on the snapshot it was copied from.
    public struct Snapshot: Sendable {
        /// Each table's rows.
        public var tables: [String: Int]
        /// The newest migration applied to it.
        public var schemaVersion: Int
        /// The checksums of the files its versions name.
        public var namedFiles: Set<String>
    }

    /// Copies the database to `file` and answers what the copy holds.
    ///
    /// SQLite: `VACUUM INTO` on a reader connection, one read transaction (writers go on; the copy is the database as it
    /// was when the statement began), then read in the copy. PostgreSQL: read in a REPEATABLE READ transaction whose
    /// snapshot `pg_dump --snapshot` then copies, so that what is read and the dump are of the same moment.
    public static func copy(_ database: Database, to file: URL, logger: Logger) async throws -> Snapshot {
        switch database.location {
        case .sqlite:
            try await database.read { sql in try await sql.raw("VACUUM INTO \(literal: file.path)").run() }
            chmod(file.path, 0o600)
            return try await Database.withOpen(.sqlite(path: file.path), logger: logger) { copy in
                try await copy.read { sql in try await snapshot(sql, .sqlite) }
            }
        case .postgres(let url):
            let connection = try PostgresConnectionSettings(url: url)
            let client = try await run("pg_dump", ["--version"], environment: connection.environment)
            let server = try await database.read { sql in try await sql.raw("SHOW server_version_num").first()?.string("server_version_num") }
            if let problem = Backup.pgDumpProblem(client: client, serverVersionNumber: Int(server ?? "") ?? 0) { throw BackupRefused(problem) }
            return try await database.snapshot { sql in
                guard let id = try await sql.raw("SELECT pg_export_snapshot() AS id").first()?.string("id") else {
                    throw BackupRefused(Message("reason.backup.snapshot"))
                }
                let read = try await snapshot(sql, .postgresql)
                _ = try await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(id)", "--file=\(file.path)"],
                                  environment: connection.environment)
                chmod(file.path, 0o600)
                return read
            }
        }
    }

    static func snapshot(_ sql: any SQLDatabase, _ engine: Database.Engine) async throws -> Snapshot {
        let version = try await sql.raw("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first()?.int("version") ?? 0
        let named = Set(try await sql.raw("SELECT DISTINCT file_sha256 FROM document_versions WHERE file_sha256 IS NOT NULL").all()
            .map { try $0.string("file_sha256") })
        return Snapshot(tables: try await counts(sql, engine), schemaVersion: version, namedFiles: named)
    }

    /// The newest migration applied to the database.
    public static func schemaVersion(_ database: Database) async throws -> Int {
        try await database.read { sql in try await snapshot(sql, database.engine).schemaVersion }
    }

    /// Puts a copy back: for SQLite, the file in place of the database (which must not exist yet), through a temporary
    /// name so that a half-copied file is never taken for the database; for PostgreSQL, `pg_restore` into the empty
    /// database in one transaction.
    public static func restore(_ file: URL, engine: String, to location: DatabaseLocation, logger: Logger) async throws {
        switch location {
        case .sqlite(let path):
            guard engine == "sqlite" else { throw BackupRefused(Message("reason.backup.engine", ["engine": "PostgreSQL", "target": "SQLite"])) }
            guard !FileManager.default.fileExists(atPath: path) else {
                throw BackupRefused(Message("reason.backup.notEmpty", ["database": .text(path)]))
            }
            // A journal left beside the path by an earlier database would be replayed into the restored one.
            for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
                throw BackupRefused(Message("reason.backup.staleJournal", ["file": .text(path + suffix)]))
            }
            let partial = path + ".restoring"
            unlink(partial)
            guard PrivateFile.copy(from: file.path, to: partial) else { throw BackupRefused(Message("reason.export.write", ["path": .text(partial)])) }
            // link() never replaces: a database that appeared meanwhile is refused, not overwritten.
            defer { unlink(partial) }
            guard link(partial, path) == 0 else {
                throw BackupRefused(errno == EEXIST ? Message("reason.backup.notEmpty", ["database": .text(path)]) : Message("reason.export.write", ["path": .text(path)]))
            }
        case .postgres(let url):
            guard engine == "postgresql" else { throw BackupRefused(Message("reason.backup.engine", ["engine": "SQLite", "target": "PostgreSQL"])) }
            let tables = try await Database.withOpen(location, logger: logger) { database in
                try await database.read { sql in try await DatabaseTransfer.schemaTables(sql, .postgresql) }
            }
            guard tables.isEmpty else { throw BackupRefused(Message("reason.backup.notEmpty", ["database": .text("\(location)")])) }
            let connection = try PostgresConnectionSettings(url: url)
            _ = try await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                             "--dbname=\(connection.database)", file.path], environment: connection.environment)
        }
    }

    /// Each table's rows.
    public static func counts(_ database: Database) async throws -> [String: Int] {
        let engine = database.engine
        return try await database.snapshot { sql in try await counts(sql, engine) }
    }

    static func counts(_ sql: any SQLDatabase, _ engine: Database.Engine) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in try await DatabaseTransfer.schemaTables(sql, engine) where !table.hasPrefix("search_fts") {
            result[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.int("n") ?? 0
        }
        return result
    }

    /// How `pg_dump` and `pg_restore` reach the database: the password in the environment, never on the command line
    /// (where every user of the machine could read it).
    struct PostgresConnectionSettings {
        var environment: [String: String]
        var database: String

        init(url: String) throws {
            let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
            database = configuration.database ?? configuration.username
            // As strict as the platform's own connection: a required TLS connection verifies the server's certificate.
            environment = ["PGHOST": configuration.host ?? "127.0.0.1", "PGPORT": String(configuration.port ?? 5432),
                           "PGUSER": configuration.username, "PGDATABASE": database,
                           "PGSSLMODE": configuration.tls.isEnforced ? "verify-full" : configuration.tls.isAllowed ? "prefer" : "disable"]
            if let password = configuration.password { environment["PGPASSWORD"] = password }
        }
    }

    /// Runs a PostgreSQL tool found on the `PATH`, waiting for it without holding a thread; its standard output, or a
    /// refusal with the first line of what it said on standard error. The tool's own `PG…` settings from the environment
    /// are left out (they could send it elsewhere); its output goes to files, which never fill up as a pipe would.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }.merging(environment) { $1 }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cica-\(tool)-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: scratch.path + ".out", contents: nil, attributes: [.posixPermissions: 0o600])
        _ = FileManager.default.createFile(atPath: scratch.path + ".err", contents: nil, attributes: [.posixPermissions: 0o600])
        defer {
            unlink(scratch.path + ".out")
            unlink(scratch.path + ".err")
        }
        process.standardOutput = FileHandle(forWritingAtPath: scratch.path + ".out")
        process.standardError = FileHandle(forWritingAtPath: scratch.path + ".err")
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BackupRefused(Message("reason.backup.noTool", ["tool": .text(tool)])))
            }
        }
        let said = String(decoding: FileManager.default.contents(atPath: scratch.path + ".out") ?? Data(), as: UTF8.self)
        let complaint = String(decoding: FileManager.default.contents(atPath: scratch.path + ".err") ?? Data(), as: UTF8.self)
        guard status == 0 else {
            guard let line = complaint.split(separator: "\n").first.map(String.init) else {
                throw BackupRefused(Message("reason.backup.toolStatus", ["tool": .text(tool), "status": "\(status)"]))
            }
            throw BackupRefused(Message("reason.backup.tool", ["tool": .text(tool), "problem": .text(line)]))
        }
        return said
    }
}
