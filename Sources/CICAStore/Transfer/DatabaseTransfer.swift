import Foundation
import SQLKit
import CICACore

/// What `cica export` and `cica import` report as they go.
public enum TransferStep: Sendable, Equatable {
    /// A table written or restored: its place among the tables, and its rows.
    case table(name: String, index: Int, count: Int, rows: Int)
    /// The search index being made again after an import.
    case indexing
}

/// A refused import: why, in words a person can act on; nothing was written.
public struct ImportRefused: Error, Sendable, Equatable {
    public var reason: Message
    public init(_ reason: Message) { self.reason = reason }
}

/// The whole database to a directory and back (`DatabaseExport` has the rules): every table that travels, one file per
/// table, read on one consistent snapshot; restored into an empty database in one transaction, each table after the
/// tables it refers to.
public enum DatabaseTransfer {
    /// Writes the database to `directory` (created, or empty): `tables/<table>.jsonl` and `manifest.json`, readable by
    /// the owner only. `files` are the registry's files as the manifest lists them; `keys` the log's verifier keys this
    /// deployment trusts and distrusts, to name the checkpoints' signers.
    public static func export(_ database: Database, to directory: URL, keys: (trusted: [NoteVerifier], distrusted: [NoteVerifier]),
                              progress: @escaping @Sendable (TransferStep) -> Void) async throws -> DatabaseExport.Manifest {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path), let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw ImportRefused(Message("reason.export.notEmpty", ["directory": .text(directory.path)]))
        }
        try manager.createDirectory(at: directory.appendingPathComponent("tables"), withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        let engine = database.engine
        return try await database.snapshot { sql in
            let schema = try await schemaTables(sql, engine)
            let unknown = DatabaseExport.unknown(schema)
            guard unknown.isEmpty else { throw ImportRefused(Message("reason.export.unknownTables", ["tables": .text(unknown.joined(separator: ", "))])) }
            let order = try await insertionOrder(sql, engine)
            var entries: [DatabaseExport.Manifest.TableEntry] = []
            for (index, name) in order.enumerated() {
                let table = try await describe(name, sql, engine)
                let rows = try await read(table, sql)
                let text = DatabaseExport.file(table, rows: rows)
                try write(text, to: directory.appendingPathComponent("tables/\(name).jsonl"))
                entries.append(.init(name: name, rows: rows.count, sha256: DatabaseExport.sha256(text)))
                progress(.table(name: name, index: index + 1, count: order.count, rows: rows.count))
            }
            let files = try await sql.raw("SELECT DISTINCT file_sha256, file_size FROM document_versions WHERE file_sha256 IS NOT NULL").all()
                .map { DatabaseExport.Manifest.FileEntry(sha256: try $0.string("file_sha256"), size: try $0.int("file_size")) }
            let signers = Set(try await sql.raw("SELECT DISTINCT signer FROM checkpoints").all().map { try $0.string("signer") })
            func named(_ verifiers: [NoteVerifier]) -> [String] {
                verifiers.filter { signers.contains(Hex.string($0.keyHash)) }.map(\.description)
            }
            let manifest = DatabaseExport.Manifest(schemaVersion: Migrations.all.map(\.version).max() ?? 0, tables: entries, files: Array(Set(files)),
                                                   signers: named(keys.trusted), distrusted: named(keys.distrusted))
            try write(manifest.text, to: directory.appendingPathComponent("manifest.json"))
            return manifest
        }
    }

    /// Checks `directory` and restores it into `database`, which must hold no record yet (a new database, migrated here
    /// if need be). Refused, writing nothing, when the manifest is not one this build reads, a table's file is missing
    /// or not what the manifest says, the database already holds records, or a file of the registry is not where
    /// `hasFile` looks. The search index is made again afterwards.
    public static func restore(_ directory: URL, into database: Database, hasFile: (DatabaseExport.Manifest.FileEntry) -> Bool,
                               progress: @escaping @Sendable (TransferStep) -> Void) async throws -> DatabaseExport.Manifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportRefused(Message("reason.import.noDirectory", ["directory": .text(directory.path)]))
        }
        guard let manifestText = try? String(contentsOf: directory.appendingPathComponent("manifest.json"), encoding: .utf8) else {
            throw ImportRefused(Message("reason.import.noManifest", ["directory": .text(directory.path)]))
        }
        let manifest: DatabaseExport.Manifest
        do { manifest = try DatabaseExport.Manifest.read(manifestText) } catch { throw ImportRefused(error.errors.first?.reason ?? Message("reason.import.manifest")) }
        let current = Migrations.all.map(\.version).max() ?? 0
        guard manifest.schemaVersion == current else {
            throw ImportRefused(Message("reason.import.schema", ["exported": .text(String(manifest.schemaVersion)), "current": .text(String(current))]))
        }
        if let missing = DatabaseExport.tables.subtracting(manifest.tables.map(\.name)).sorted().first {
            throw ImportRefused(Message("reason.import.missingTable", ["table": .text(missing)]))
        }
        var contents: [String: (columns: [DatabaseExport.Column], rows: [DatabaseExport.Row])] = [:]
        for entry in manifest.tables {
            // A table's file is a plain file of the directory: not a link to another file or a device.
            let path = directory.appendingPathComponent("tables/\(entry.name).jsonl").path
            guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
                  let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ImportRefused(Message("reason.import.missingTable", ["table": .text(entry.name)]))
            }
            guard DatabaseExport.sha256(text) == entry.sha256, let read = DatabaseExport.read(text), read.table == entry.name, read.rows.count == entry.rows else {
                throw ImportRefused(Message("reason.import.checksum", ["table": .text(entry.name)]))
            }
            contents[entry.name] = (read.columns, read.rows)
        }
        // Every file a language version names is one the manifest lists (and so one checked below).
        let listed = Set(manifest.files.map(\.sha256))
        if let versions = contents["document_versions"], let column = versions.columns.firstIndex(where: { $0.name == "file_sha256" }),
           versions.rows.contains(where: { $0[column].stringValue.map { !listed.contains($0) } ?? false }) {
            throw ImportRefused(Message("reason.import.manifest"))
        }
        let missing = manifest.files.filter { !hasFile($0) }
        guard missing.isEmpty else {
            throw ImportRefused(Message("reason.import.files", ["count": .text(String(missing.count)), "first": .text(missing[0].sha256)]))
        }
        // A database that holds anything is not restored into: not one that was seeded, nor one restored before.
        let engine = database.engine
        let existing = try await database.read { sql in try await schemaTables(sql, engine) }
        if existing.contains("schema_migrations") {
            for table in existing.intersection(DatabaseExport.tables).sorted() {
                let count = try await database.read { sql in try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.int("n") ?? 0 }
                if count > 0 { throw ImportRefused(Message("reason.import.notEmpty", ["table": .text(table), "rows": .text(String(count))])) }
            }
        }
        try await MigrationRunner().run(on: database)
        let restored = contents
        try await database.write(sealed: false) { sql in
            let order = try await insertionOrder(sql, engine)
            for (index, name) in order.enumerated() {
                guard let content = restored[name] else {
                    throw ImportRefused(Message("reason.import.missingTable", ["table": .text(name)]))
                }
                let table = try await describe(name, sql, engine)
                guard table.columns == content.columns else { throw ImportRefused(Message("reason.import.columns", ["table": .text(name)])) }
                try await insert(DatabaseExport.ordered(content.rows, of: table), into: table, sql)
                progress(.table(name: name, index: index + 1, count: order.count, rows: content.rows.count))
            }
            if engine == .postgresql { try await advanceSequences(sql) }
        }
        progress(.indexing)
        _ = try await SearchIndex.refresh(database)
        // Only keys whose signature is on a checkpoint restored here are answered as the log's signers (a key the
        // manifest names that signed nothing, or whose hash a forged row borrows, is not).
        var restoredManifest = manifest
        if let checkpoints = contents["checkpoints"], let column = checkpoints.columns.firstIndex(where: { $0.name == "note" }) {
            let notes = checkpoints.rows.compactMap { $0[column].stringValue }
            let signedHere = { (text: String) in
                NoteVerifier(text).map { key in notes.contains { (try? Checkpoint.open($0, key: key)) != nil } } ?? false
            }
            restoredManifest.signers = manifest.signers.filter(signedHere)
            restoredManifest.distrusted = manifest.distrusted.filter(signedHere)
        } else {
            restoredManifest.signers = []
            restoredManifest.distrusted = []
        }
        return restoredManifest
    }

    static func write(_ text: String, to url: URL) throws {
        guard PrivateFile.write(Data(text.utf8), to: url.path, replacing: false) else {
            throw ImportRefused(Message("reason.export.write", ["path": .text(url.path)]))
        }
    }

    // MARK: The schema, as each engine tells it

    static func schemaTables(_ sql: any SQLDatabase, _ engine: Database.Engine) async throws -> Set<String> {
        let query: SQLQueryString = engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        return Set(try await sql.raw(query).all().map { try $0.string("name") })
    }

    /// The tables that travel, each after those it refers to.
    static func insertionOrder(_ sql: any SQLDatabase, _ engine: Database.Engine) async throws -> [String] {
        let tables = try await schemaTables(sql, engine).intersection(DatabaseExport.tables).sorted()
        var references: [String: Set<String>] = [:]
        for (table, _, referenced, _) in try await foreignKeys(sql, engine, tables: tables) { references[table, default: []].insert(referenced) }
        guard let order = DatabaseExport.insertionOrder(tables, references: references) else {
            throw ImportRefused(Message("reason.export.circular"))
        }
        return order
    }

    /// (table, column, referenced table, referenced column) for every foreign key among `tables`.
    static func foreignKeys(_ sql: any SQLDatabase, _ engine: Database.Engine, tables: [String]) async throws -> [(String, String, String, String)] {
        switch engine {
        case .sqlite:
            var keys: [(String, String, String, String)] = []
            for table in tables {
                for row in try await sql.raw("SELECT \"table\" AS referenced, \"from\" AS col, \"to\" AS target FROM pragma_foreign_key_list(\(bind: table))").all() {
                    keys.append((table, try row.string("col"), try row.string("referenced"), try row.optionalString("target") ?? "id"))
                }
            }
            return keys
        case .postgresql:
            return try await sql.raw("""
                SELECT tc.table_name AS tbl, kcu.column_name AS col, ccu.table_name AS referenced, ccu.column_name AS target
                FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
                WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
                """).all().map { (try $0.string("tbl"), try $0.string("col"), try $0.string("referenced"), try $0.string("target")) }
                .filter { tables.contains($0.0) }
        }
    }

    static func describe(_ name: String, _ sql: any SQLDatabase, _ engine: Database.Engine) async throws -> DatabaseExport.Table {
        var columns: [DatabaseExport.Column] = []
        var key: [(Int, String)] = []
        switch engine {
        case .sqlite:
            for row in try await sql.raw("SELECT name, type, pk FROM pragma_table_info(\(bind: name))").all() {
                let column = try row.string("name")
                columns.append(.init(name: column, kind: .init(declared: try row.string("type"))))
                let position = try row.int("pk")
                if position > 0 { key.append((position, column)) }
            }
        case .postgresql:
            for row in try await sql.raw("""
                SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: name)
                """).all() {
                columns.append(.init(name: try row.string("column_name"), kind: .init(declared: try row.string("data_type"))))
            }
            for row in try await sql.raw("""
                SELECT kcu.column_name, kcu.ordinal_position FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                WHERE tc.table_schema = current_schema() AND tc.table_name = \(bind: name) AND tc.constraint_type = 'PRIMARY KEY'
                """).all() {
                key.append((try row.int("ordinal_position"), try row.string("column_name")))
            }
        }
        let selfReference = try await foreignKeys(sql, engine, tables: [name]).first { $0.2 == name }.map { (column: $0.1, referenced: $0.3) }
        return DatabaseExport.Table(name: name, columns: columns, key: key.sorted { $0.0 < $1.0 }.map(\.1), selfReference: selfReference)
    }

    static func read(_ table: DatabaseExport.Table, _ sql: any SQLDatabase) async throws -> [DatabaseExport.Row] {
        try await sql.raw("SELECT * FROM \(ident: table.name)").all().map { row in
            try table.columns.map { column -> CanonicalJSON in
                if try row.decodeNil(column: column.name) { return .null }
                switch column.kind {
                case .integer: return .int(try row.decode(column: column.name, as: Int.self))
                case .boolean: return .bool(try row.decode(column: column.name, as: Bool.self))
                case .text: return .string(try row.decode(column: column.name, as: String.self))
                }
            }
        }
    }

    static func insert(_ rows: [DatabaseExport.Row], into table: DatabaseExport.Table, _ sql: any SQLDatabase) async throws {
        let batch = max(1, 500 / max(1, table.columns.count))
        var start = 0
        while start < rows.count {
            let insert = sql.insert(into: table.name).columns(table.columns.map(\.name))
            for row in rows[start..<min(rows.count, start + batch)] {
                insert.values(row.map { value -> any SQLExpression in
                    switch value {
                    case .int(let n): SQLBind(n)
                    case .bool(let b): SQLBind(b)
                    case .string(let s): SQLBind(s)
                    default: SQLLiteral.null
                    }
                })
            }
            try await insert.run()
            start += batch
        }
    }

    /// On PostgreSQL, a column numbered by a sequence (the audit log's) goes on from the highest number restored.
    static func advanceSequences(_ sql: any SQLDatabase) async throws {
        let numbered = try await sql.raw("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND (column_default LIKE 'nextval%' OR is_identity = 'YES')
            """).all().map { (try $0.string("table_name"), try $0.string("column_name")) }
        for (table, column) in numbered where DatabaseExport.tables.contains(table) {
            try await sql.raw("""
                SELECT setval(pg_get_serial_sequence(\(bind: table), \(bind: column)), COALESCE((SELECT MAX(\(ident: column)) FROM \(ident: table)), 0) + 1, false)
                """).run()
        }
    }
}
