import Crypto
import Foundation

/// The whole database as files, to move a deployment (from SQLite to PostgreSQL and back) or to keep a copy: what
/// travels, what must not, in which order tables are restored, and how values are written so that the same record
/// gives the same bytes on either engine.
public enum DatabaseExport {
    /// The format of the directory `cica export` writes.
    public static let format = "cica-export/1"

    /// Why a table does not travel.
    public enum Exclusion: String, Sendable, CaseIterable, Codable {
        /// Secrets of sign-in: sessions, API tokens' hashes, second-factor secrets and recovery codes, private feeds'
        /// secrets. After a move, people sign in again, set up their second factor again and make new tokens and feeds.
        case secret
        /// State that lasts minutes: sign-in challenges, failed sign-ins counted for throttling, devices remembered, and
        /// the letters in the outbox (sent by the deployment that wrote them, never again by the one they move to).
        case transient
        /// Made from the rest: the search index (made again after an import) and the schema's version (the manifest
        /// says it; the importing build's migrations make it).
        case derived
    }

    /// Every table of the schema that does not travel, and why. A table of the schema must be here or in `tables`; the
    /// export refuses a database with a table it does not know (a newer build's), and a test checks both lists.
    public static let excluded: [String: Exclusion] = [
        "sessions": .secret, "api_tokens": .secret, "second_factors": .secret, "recovery_codes": .secret, "calendar_feeds": .secret,
        "sign_in_challenges": .transient, "login_failures": .transient, "known_devices": .transient, "outbox": .transient,
        "schema_migrations": .derived, "read_generations": .derived, "search_entries": .derived, "search_dirty": .derived,
        // SQLite's full-text index and the tables FTS5 keeps it in.
        "search_fts": .derived, "search_fts_config": .derived, "search_fts_content": .derived, "search_fts_data": .derived,
        "search_fts_docsize": .derived, "search_fts_idx": .derived,
    ]

    /// Every table that travels.
    public static let tables: Set<String> = [
        "admission_steps", "amendments", "area_activities", "awaited_reads", "area_papers", "audit_log", "catalogue_measures", "chairmanships", "checkpoints",
        "coordination_terms", "coordinations", "countries", "dataset_info", "decided_facts", "decision_versions", "decisions", "delegation_acts",
        "delegation_keys", "dimensions", "document_versions", "documents", "external_relations", "follow_ups", "implementation_report_measures",
        "implementation_report_parts", "implementation_reports", "ledger", "log_leaves", "mandates", "meeting_agenda_items", "meeting_corrections",
        "meeting_outcomes", "meeting_participants", "meeting_registrations", "meetings", "member_states", "memoranda", "observers",
        "official_days", "organs", "partners", "positions", "priority_areas", "provenance", "provenance_sources", "reform_areas",
        "reporting_years", "road_map_milestones", "road_maps", "role_bindings", "secretariat_appointments", "secretariat_staff",
        "source_note_subjects", "source_notes", "sources", "users",
    ]

    /// The tables of a schema neither exported nor excluded: what a new migration added without saying whether it travels.
    public static func unknown(_ schema: Set<String>) -> [String] {
        schema.subtracting(tables).subtracting(excluded.keys).sorted()
    }

    /// How a column's values are written, from the type the database declares.
    public enum ColumnKind: String, Sendable, Codable {
        case integer, boolean, text

        public init(declared: String) {
            let type = declared.lowercased()
            if type.contains("bool") { self = .boolean } else if type.contains("int") { self = .integer } else { self = .text }
        }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: ColumnKind
        public init(name: String, kind: ColumnKind) {
            self.name = name
            self.kind = kind
        }
    }

    /// A table as the export knows it: its columns in name order, the columns of its primary key, and a column that
    /// refers to another row of the same table (`decisions.continues`), with the column it refers to.
    public struct Table: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        public var key: [String]
        public var selfReference: (column: String, referenced: String)?

        public init(name: String, columns: [Column], key: [String], selfReference: (column: String, referenced: String)?) {
            self.name = name
            self.columns = columns.sorted { $0.name < $1.name }
            self.key = key
            self.selfReference = selfReference
        }

        public static func == (a: Table, b: Table) -> Bool {
            a.name == b.name && a.columns == b.columns && a.key == b.key && a.selfReference?.column == b.selfReference?.column
        }
    }

    /// A value as it travels.
    public typealias Row = [CanonicalJSON]

    /// The order to restore tables in: each after the tables it refers to, ties by name. Nil when the references go in
    /// a circle (a table referring to itself is fine: its rows are ordered instead).
    public static func insertionOrder(_ tables: [String], references: [String: Set<String>]) -> [String]? {
        var waiting = Set(tables)
        var order: [String] = []
        while !waiting.isEmpty {
            let ready = waiting.filter { table in (references[table] ?? []).subtracting([table]).allSatisfy { !waiting.contains($0) } }.sorted()
            guard let next = ready.first else { return nil }
            order.append(next)
            waiting.remove(next)
        }
        return order
    }

    /// Rows in the order the export writes them: by primary key (numbers as numbers, text by its UTF-8 bytes), so that
    /// both engines give the same file; then, for a table whose rows refer to each other, each row after the row it
    /// refers to.
    public static func ordered(_ rows: [Row], of table: Table) -> [Row] {
        let names = table.columns.map(\.name)
        let keyIndexes = (table.key.isEmpty ? names : table.key).compactMap { names.firstIndex(of: $0) }
        var sorted = rows.sorted { a, b in
            for index in keyIndexes {
                let order = compare(a[index], b[index])
                if order != 0 { return order < 0 }
            }
            return false
        }
        guard let reference = table.selfReference, let from = names.firstIndex(of: reference.column),
              let to = names.firstIndex(of: reference.referenced) else { return sorted }
        let present = Set(rows.compactMap { $0[to].stringValue })
        var placed = Set<String>()
        var result: [Row] = []
        while !sorted.isEmpty {
            let before = sorted.count
            sorted.removeAll { row in
                let target = row[from].stringValue
                guard target.map({ placed.contains($0) || !present.contains($0) }) ?? true else { return false }
                result.append(row)
                if let key = row[to].stringValue { placed.insert(key) }
                return true
            }
            if sorted.count == before { return result + sorted }
        }
        return result
    }

    static func compare(_ a: CanonicalJSON, _ b: CanonicalJSON) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            let x = Array(a.text.utf8), y = Array(b.text.utf8)
            return x.lexicographicallyPrecedes(y) ? -1 : x == y ? 0 : 1
        }
    }

    /// A table's file: a header line (the table and its columns), then a line per row, each a JSON array in column order.
    public static func file(_ table: Table, rows: [Row]) -> String {
        var text = CanonicalJSON.object(["table": .string(table.name),
                                         "columns": .array(table.columns.map { .array([.string($0.name), .string($0.kind.rawValue)]) })]).text + "\n"
        for row in ordered(rows, of: table) { text += CanonicalJSON.array(row).text + "\n" }
        return text
    }

    /// Reads a table's file back: its columns and rows; nil when it is not one (its checksum is checked before).
    public static func read(_ text: String) -> (table: String, columns: [Column], rows: [Row])? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard let header = lines.popFirst().flatMap({ CanonicalJSON(parsing: String($0)) }), case .object(let fields) = header,
              let name = fields["table"]?.stringValue, case .array(let described)? = fields["columns"] else { return nil }
        var columns: [Column] = []
        for item in described {
            guard case .array(let pair) = item, pair.count == 2, let column = pair[0].stringValue,
                  let kind = pair[1].stringValue.flatMap(ColumnKind.init(rawValue:)) else { return nil }
            columns.append(Column(name: column, kind: kind))
        }
        var rows: [Row] = []
        for line in lines {
            guard case .array(let values)? = CanonicalJSON(parsing: String(line)), values.count == columns.count else { return nil }
            rows.append(values)
        }
        return (name, columns, rows)
    }

    public static func sha256(_ text: String) -> String { Hex.string(SHA256.hash(data: Array(text.utf8))) }

    /// What the directory holds, written last: the format, the schema's version, each table's rows and checksum, the
    /// tables left out and why, the files the registry refers to (by checksum: they are copied with the files
    /// directory, not into the export), and the keys that signed the log's checkpoints. No time of export, so that the
    /// same record gives the same bytes.
    public struct Manifest: Sendable, Equatable {
        public struct TableEntry: Sendable, Equatable {
            public var name: String
            public var rows: Int
            public var sha256: String
            public init(name: String, rows: Int, sha256: String) {
                self.name = name
                self.rows = rows
                self.sha256 = sha256
            }
        }
        /// A file of the registry by its checksum and size, as exports and backups list them.
        public struct FileEntry: Sendable, Equatable, Hashable {
            public var sha256: String
            public var size: Int
            public init(sha256: String, size: Int) {
                self.sha256 = sha256
                self.size = size
            }

            /// Where the file is kept, in a files directory or in a backup's `files/`.
            public var relativePath: String { "\(sha256.prefix(2))/\(sha256)" }

            var json: CanonicalJSON { .object(["sha256": .string(sha256), "size": .int(size)]) }

            /// An entry as a manifest writes it; nil unless the checksum is 64 lowercase hexadecimal digits (it names a file,
            /// and nothing else: no `..`, no `/`) and the size is not negative.
            init?(_ fields: [String: CanonicalJSON]) {
                guard let sha = fields["sha256"]?.stringValue, let size = fields["size"]?.intValue, size >= 0, Backup.isChecksum(sha) else { return nil }
                self.init(sha256: sha, size: size)
            }
        }
        public var schemaVersion: Int
        public var tables: [TableEntry]
        public var files: [FileEntry]
        /// The verifier keys of the checkpoints' signers this deployment trusts, and those it distrusts.
        public var signers: [String]
        public var distrusted: [String]

        public init(schemaVersion: Int, tables: [TableEntry], files: [FileEntry], signers: [String], distrusted: [String]) {
            self.schemaVersion = schemaVersion
            self.tables = tables
            self.files = files.sorted { $0.sha256 < $1.sha256 }
            self.signers = signers.sorted()
            self.distrusted = distrusted.sorted()
        }

        public var text: String {
            CanonicalJSON.object([
                "format": .string(DatabaseExport.format),
                "schemaVersion": .int(schemaVersion),
                "tables": .array(tables.map { .object(["name": .string($0.name), "rows": .int($0.rows), "sha256": .string($0.sha256),
                                                        "file": .string("tables/\($0.name).jsonl")]) }),
                "excluded": .object(DatabaseExport.excluded.mapValues { .string($0.rawValue) }),
                "files": .array(files.map(\.json)),
                "log": .object(["signers": .array(signers.map(CanonicalJSON.string)), "distrusted": .array(distrusted.map(CanonicalJSON.string))]),
            ]).text + "\n"
        }

        /// Reads a manifest; the reason it cannot be used otherwise.
        public static func read(_ text: String) throws(InvalidInput) -> Manifest {
            func refused(_ key: String, _ values: [String: String] = [:]) -> InvalidInput {
                InvalidInput(field: "manifest.json", reason: Message(key, values.mapValues { .text($0) }))
            }
            guard case .object(let fields)? = CanonicalJSON(parsing: text) else { throw refused("reason.import.manifest") }
            guard fields["format"]?.stringValue == DatabaseExport.format else {
                throw refused("reason.import.format", ["format": fields["format"]?.stringValue ?? "?", "expected": DatabaseExport.format])
            }
            guard let version = fields["schemaVersion"]?.intValue, case .array(let tables)? = fields["tables"], case .array(let files)? = fields["files"],
                  case .object(let log)? = fields["log"], case .array(let signers)? = log["signers"], case .array(let distrusted)? = log["distrusted"] else {
                throw refused("reason.import.manifest")
            }
            var entries: [TableEntry] = []
            for table in tables {
                guard case .object(let t) = table, let name = t["name"]?.stringValue, let rows = t["rows"]?.intValue, let sha = t["sha256"]?.stringValue,
                      DatabaseExport.tables.contains(name) else { throw refused("reason.import.manifest") }
                entries.append(TableEntry(name: name, rows: rows, sha256: sha))
            }
            var fileEntries: [FileEntry] = []
            for file in files {
                guard case .object(let f) = file, let entry = FileEntry(f) else { throw refused("reason.import.manifest") }
                fileEntries.append(entry)
            }
            return Manifest(schemaVersion: version, tables: entries, files: fileEntries, signers: signers.compactMap(\.stringValue),
                            distrusted: distrusted.compactMap(\.stringValue))
        }
    }
}
