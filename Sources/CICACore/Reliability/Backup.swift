import Crypto
import Foundation

/// A backup of a deployment (`cica backup DIR`, `cica restore DIR`): the database as its engine copies it while the
/// server runs (SQLite's `VACUUM INTO`, PostgreSQL's `pg_dump` on the snapshot the rows were counted on), every file of
/// the registry, and the public keys that signed the log. Unlike an export (`DatabaseExport`) it keeps everything —
/// sessions, tokens, second factors — and restores only onto the same engine: it is for getting a deployment back, not
/// for moving it.
public enum Backup {
    public static let format = "cica-backup/1"
    /// The shortest passphrase that may seal the platform's key in a backup: it is all that protects it offline.
    public static let minimumPassphrase = 12
    /// The database's file in the backup directory, by engine.
    public static func databaseFile(_ engine: String) -> String { engine == "sqlite" ? "database.sqlite" : "database.pgdump" }

    /// What the backup directory holds, written last (a directory without it is not a backup).
    public struct Manifest: Sendable, Equatable {
        public typealias FileEntry = DatabaseExport.Manifest.FileEntry
        /// `sqlite` or `postgresql`.
        public var engine: String
        public var schemaVersion: Int
        /// When it was taken (UTC, ISO 8601).
        public var taken: String
        /// The database file's checksum and size.
        public var database: FileEntry
        /// Each table's rows, counted on the snapshot the database was copied from.
        public var tables: [String: Int]
        /// The registry's files, copied into `files/`.
        public var files: [FileEntry]
        /// The verifier keys (public) this deployment trusted and distrusted when the backup was taken.
        public var trusted: [String]
        public var distrusted: [String]
        /// The platform's key file sealed with a passphrase (`platform-key.sealed`), when the backup was asked to carry it.
        public var sealedKey: FileEntry?

        public init(engine: String, schemaVersion: Int, taken: String, database: FileEntry, tables: [String: Int], files: [FileEntry],
                    trusted: [String], distrusted: [String], sealedKey: FileEntry? = nil) {
            self.engine = engine
            self.schemaVersion = schemaVersion
            self.taken = taken
            self.database = database
            self.tables = tables
            self.files = files.sorted { $0.sha256 < $1.sha256 }
            self.trusted = trusted
            self.distrusted = distrusted
            self.sealedKey = sealedKey
        }

        public var text: String {
            CanonicalJSON.object([
                "format": .string(Backup.format),
                "engine": .string(engine),
                "schemaVersion": .int(schemaVersion),
                "taken": .string(taken),
                "database": .object(["file": .string(Backup.databaseFile(engine)), "sha256": .string(database.sha256), "size": .int(database.size)]),
                "tables": .object(tables.mapValues(CanonicalJSON.int)),
                "files": .array(files.map(\.json)),
                "log": .object(["trusted": .array(trusted.map(CanonicalJSON.string)), "distrusted": .array(distrusted.map(CanonicalJSON.string))]),
                "privateKey": sealedKey?.json ?? .null,
            ]).text + "\n"
        }

        /// Reads a manifest; the reason it cannot be used otherwise.
        public static func read(_ text: String) throws(InvalidInput) -> Manifest {
            func refused(_ key: String, _ values: [String: String] = [:]) -> InvalidInput {
                InvalidInput(field: "manifest.json", reason: Message(key, values.mapValues { .text($0) }))
            }
            guard case .object(let fields)? = CanonicalJSON(parsing: text) else { throw refused("reason.backup.manifest") }
            guard fields["format"]?.stringValue == Backup.format else {
                throw refused("reason.import.format", ["format": fields["format"]?.stringValue ?? "?", "expected": Backup.format])
            }
            guard let engine = fields["engine"]?.stringValue, ["sqlite", "postgresql"].contains(engine),
                  let version = fields["schemaVersion"]?.intValue, let taken = fields["taken"]?.stringValue,
                  case .object(let database)? = fields["database"], let databaseEntry = FileEntry(database),
                  case .object(let tables)? = fields["tables"], case .array(let files)? = fields["files"],
                  case .object(let log)? = fields["log"], case .array(let trusted)? = log["trusted"], case .array(let distrusted)? = log["distrusted"]
            else { throw refused("reason.backup.manifest") }
            var counts: [String: Int] = [:]
            for (name, rows) in tables {
                guard let rows = rows.intValue, rows >= 0 else { throw refused("reason.backup.manifest") }
                counts[name] = rows
            }
            var entries: [FileEntry] = []
            for item in files {
                guard case .object(let fields) = item, let entry = FileEntry(fields) else { throw refused("reason.backup.manifest") }
                entries.append(entry)
            }
            var sealed: FileEntry?
            if case .object(let key)? = fields["privateKey"] {
                guard let entry = FileEntry(key) else { throw refused("reason.backup.manifest") }
                sealed = entry
            }
            return Manifest(engine: engine, schemaVersion: version, taken: taken, database: databaseEntry, tables: counts, files: entries,
                            trusted: trusted.compactMap(\.stringValue), distrusted: distrusted.compactMap(\.stringValue), sealedKey: sealed)
        }
    }

    public static func isChecksum(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public static func sha256(_ data: some DataProtocol) -> String { Hex.string(SHA256.hash(data: data)) }

    /// The tables whose rows differ between the backup's count and the restored database's, named with both counts.
    public static func differences(expected: [String: Int], restored: [String: Int]) -> [String] {
        Set(expected.keys).union(restored.keys).sorted().compactMap { table in
            let want = expected[table], have = restored[table]
            return want == have ? nil : "\(table) (\(want.map(String.init) ?? "—") → \(have.map(String.init) ?? "—"))"
        }
    }

    /// Whether `pg_dump` can copy the server: it must be of the server's major version or newer (an older one refuses,
    /// or misses what it does not know). `client` is what `pg_dump --version` prints ("pg_dump (PostgreSQL) 15.10 …"),
    /// `serverVersionNumber` the server's `server_version_num` (150010). The reason when it cannot.
    public static func pgDumpProblem(client: String, serverVersionNumber: Int) -> Message? {
        let server = serverVersionNumber / 10_000
        let words = client.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let number = words.first(where: { $0.first?.isNumber == true }),
              let major = Int(number.prefix(while: \.isNumber)) else {
            return Message("reason.backup.pgDumpUnknown", ["output": .text(String(client.prefix(80)))])
        }
        guard major >= server else {
            return Message("reason.backup.pgDumpOld", ["client": "\(major)", "server": "\(server)"])
        }
        return nil
    }
}
