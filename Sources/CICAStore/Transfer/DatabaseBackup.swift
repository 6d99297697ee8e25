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
    /// Copies the database to `file` and answers each table's rows as the copy holds them.
    ///
    /// SQLite: `VACUUM INTO` on a reader connection, one read transaction (writers go on; the copy is the database as it
    /// was when the statement began), then the rows counted in the copy. PostgreSQL: the rows counted in a REPEATABLE READ
    /// transaction whose snapshot `pg_dump --snapshot` then copies, so that the counts and the dump are of the same moment.
    public static func copy(_ database: Database, to file: URL, logger: Logger) async throws -> [String: Int] {
        switch database.location {
        case .sqlite:
            try await database.read { sql in try await sql.raw("VACUUM INTO \(literal: file.path)").run() }
            chmod(file.path, 0o600)
            return try await Database.withOpen(.sqlite(path: file.path), logger: logger) { copy in
                try await copy.read { sql in try await counts(sql, .sqlite) }
            }
        case .postgres(let url):
            let connection = try PostgresConnectionSettings(url: url)
            let client = try await run("pg_dump", ["--version"], environment: [:])
            let server = try await database.read { sql in try await sql.raw("SHOW server_version_num").first()?.string("server_version_num") }
            if let problem = Backup.pgDumpProblem(client: client, serverVersionNumber: Int(server ?? "") ?? 0) { throw BackupRefused(problem) }
            return try await database.snapshot { sql in
                guard let id = try await sql.raw("SELECT pg_export_snapshot() AS id").first()?.string("id") else {
                    throw BackupRefused(Message("reason.backup.snapshot"))
                }
                let counted = try await counts(sql, .postgresql)
                _ = try await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(id)", "--file=\(file.path)"],
                                  environment: connection.environment)
                chmod(file.path, 0o600)
                return counted
            }
        }
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
            let partial = path + ".restoring"
            try? FileManager.default.removeItem(atPath: partial)
            try FileManager.default.copyItem(atPath: file.path, toPath: partial)
            chmod(partial, 0o600)
            guard rename(partial, path) == 0 else { throw BackupRefused(Message("reason.export.write", ["path": .text(path)])) }
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
            environment = ["PGHOST": configuration.host ?? "127.0.0.1", "PGPORT": String(configuration.port ?? 5432),
                           "PGUSER": configuration.username, "PGDATABASE": database,
                           "PGSSLMODE": configuration.tls.isEnforced ? "require" : configuration.tls.isAllowed ? "prefer" : "disable"]
            if let password = configuration.password { environment["PGPASSWORD"] = password }
        }
    }

    /// Runs a PostgreSQL tool found on the `PATH`, waiting for it without holding a thread; its standard output, or a
    /// refusal with the first line of what it said on standard error.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BackupRefused(Message("reason.backup.tool", ["tool": .text(tool), "problem": .text("\(error)")])))
            }
        }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            let line = complaint.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
            throw BackupRefused(Message("reason.backup.tool", ["tool": .text(tool), "problem": .text(line)]))
        }
        return said
    }
}
