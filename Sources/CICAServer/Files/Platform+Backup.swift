import Foundation
import Logging
import CICACore
import CICAStore

/// What `cica backup` and `cica restore` report as they go.
public enum BackupStep: Sendable, Equatable {
    case database(rows: Int)
    case files(count: Int, bytes: Int)
}

/// Backups (`Backup` has the rules, `DatabaseBackup` the engines' part): the database, the registry's files and the
/// log's public keys, taken while the server runs; restored into an empty deployment on the same engine.
extension Platform {
    /// Takes a backup into `directory` (new or empty; made readable by its owner alone). The database is copied first and
    /// the files after: files are never changed once kept and are kept before the row that names them is committed, so
    /// every file the copied database names is in the files directory by then. The manifest is written last.
    /// With a `passphrase`, the platform's key file goes too, sealed with it (`SealedKey`); never otherwise.
    public func backup(to directory: URL, passphrase: String? = nil, logger: Logger, progress: @Sendable (BackupStep) -> Void) async throws -> Backup.Manifest {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path), let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw BackupRefused(Message("reason.export.notEmpty", ["directory": .text(directory.path)]))
        }
        try manager.createDirectory(at: directory.appendingPathComponent("files"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        var sealedKey: Backup.Manifest.FileEntry?
        if let passphrase {
            guard let path = configuration.logKeyFile, let keyFile = FileManager.default.contents(atPath: path) else {
                throw BackupRefused(Message("reason.log.keyFileMissing", ["path": .text(configuration.logKeyFile ?? "cica-log.key")]))
            }
            let sealed = Data(try SealedKey.seal(String(decoding: keyFile, as: UTF8.self), passphrase: passphrase).utf8)
            guard PrivateFile.write(sealed, to: directory.appendingPathComponent(SealedKey.fileName).path, replacing: false) else {
                throw BackupRefused(Message("reason.export.write", ["path": .text(directory.path)]))
            }
            sealedKey = .init(sha256: Backup.sha256(sealed), size: sealed.count)
        }
        let engine = database.engine.rawValue
        let databaseFile = directory.appendingPathComponent(Backup.databaseFile(engine))
        let tables = try await DatabaseBackup.copy(database, to: databaseFile, logger: logger)
        progress(.database(rows: tables.values.reduce(0, +)))
        let copied = try Self.copyFiles(from: URL(fileURLWithPath: files.directory), to: directory.appendingPathComponent("files"))
        progress(.files(count: copied.count, bytes: copied.map(\.size).reduce(0, +)))
        guard let data = manager.contents(atPath: databaseFile.path) else {
            throw BackupRefused(Message("reason.export.write", ["path": .text(databaseFile.path)]))
        }
        let manifest = Backup.Manifest(
            engine: engine, schemaVersion: Migrations.all.map(\.version).max() ?? 0, taken: Timestamp.string(now()),
            database: .init(sha256: Backup.sha256(data), size: data.count), tables: tables, files: copied,
            trusted: logKeys.verifiers.map(\.description), distrusted: logKeys.distrusted.map(\.description), sealedKey: sealedKey)
        guard PrivateFile.write(Data(manifest.text.utf8), to: directory.appendingPathComponent("manifest.json").path, replacing: false) else {
            throw BackupRefused(Message("reason.export.write", ["path": .text(directory.path)]))
        }
        return manifest
    }

    /// Checks a backup and puts it in place for the deployment `configuration` describes: the database (which must not
    /// hold any table yet) and the files into the files directory. Refused, changing nothing, when the directory is not a
    /// backup this build reads, the database's copy or a file does not have its checksum, or the engine differs. The
    /// command then opens the platform, compares the counts and verifies the log (`restored`).
    ///
    /// With a `passphrase`, the sealed key file the backup carries is opened first (a wrong passphrase is refused before
    /// anything is written) and becomes this deployment's key file, unless that file exists already.
    public static func restoreBackup(from directory: URL, passphrase: String? = nil, configuration: ServerConfiguration, logger: Logger,
                                     progress: @Sendable (BackupStep) -> Void) async throws -> (manifest: Backup.Manifest, keyRestored: Bool) {
        guard let text = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path) else {
            throw BackupRefused(Message("reason.backup.noManifest", ["directory": .text(directory.path)]))
        }
        let manifest: Backup.Manifest
        do { manifest = try Backup.Manifest.read(String(decoding: text, as: UTF8.self)) } catch { throw BackupRefused(error.errors.first?.reason ?? Message("reason.backup.manifest")) }
        let databaseFile = directory.appendingPathComponent(Backup.databaseFile(manifest.engine))
        guard let data = FileManager.default.contents(atPath: databaseFile.path), data.count == manifest.database.size,
              Backup.sha256(data) == manifest.database.sha256 else {
            throw BackupRefused(Message("reason.backup.changed", ["file": .text(databaseFile.lastPathComponent)]))
        }
        for entry in manifest.files {
            let path = directory.appendingPathComponent("files/" + entry.relativePath).path
            guard let file = FileManager.default.contents(atPath: path), file.count == entry.size, Backup.sha256(file) == entry.sha256 else {
                throw BackupRefused(Message("reason.backup.changed", ["file": .text("files/" + entry.relativePath)]))
            }
        }
        var keyFile: String?
        if let passphrase {
            guard let entry = manifest.sealedKey else { throw BackupRefused(Message("reason.backup.noSealedKey")) }
            guard let sealed = FileManager.default.contents(atPath: directory.appendingPathComponent(SealedKey.fileName).path),
                  sealed.count == entry.size, Backup.sha256(sealed) == entry.sha256 else {
                throw BackupRefused(Message("reason.backup.changed", ["file": .text(SealedKey.fileName)]))
            }
            keyFile = try SealedKey.open(String(decoding: sealed, as: UTF8.self), passphrase: passphrase)
        }
        try await DatabaseBackup.restore(databaseFile, engine: manifest.engine, to: configuration.database, logger: logger)
        progress(.database(rows: manifest.tables.values.reduce(0, +)))
        let target = URL(fileURLWithPath: configuration.filesDirectory ?? "cica-files")
        for entry in manifest.files {
            let destination = target.appendingPathComponent(entry.relativePath)
            guard !FileManager.default.fileExists(atPath: destination.path) else { continue }
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: directory.appendingPathComponent("files/" + entry.relativePath), to: destination)
        }
        progress(.files(count: manifest.files.count, bytes: manifest.files.map(\.size).reduce(0, +)))
        var keyRestored = false
        if let keyFile, let path = configuration.logKeyFile, !FileManager.default.fileExists(atPath: path) {
            keyRestored = PrivateFile.write(Data(keyFile.utf8), to: path, replacing: false)
        }
        return (manifest, keyRestored)
    }

    /// After a restore, on the restored deployment: the tables whose rows differ from the backup's counts (none when
    /// all is well), and the backup's keys this deployment does not know yet, for the command to verify the log with
    /// and then `trust`.
    public func restored(_ manifest: Backup.Manifest) async throws -> (differences: [String], trusted: [NoteVerifier], distrusted: [NoteVerifier]) {
        let counts = try await DatabaseBackup.counts(database)
        let known = Set((logKeys.verifiers + logKeys.distrusted).map(\.description))
        return (Backup.differences(expected: manifest.tables, restored: counts),
                manifest.trusted.filter { !known.contains($0) }.compactMap(NoteVerifier.init),
                manifest.distrusted.filter { !known.contains($0) }.compactMap(NoteVerifier.init))
    }

    /// Copies every kept file (`ab/abcdef…`; not `incoming/`), checking each against its name: a damaged file is not
    /// copied into a backup as if it were sound.
    static func copyFiles(from source: URL, to target: URL) throws -> [Backup.Manifest.FileEntry] {
        let manager = FileManager.default
        var entries: [Backup.Manifest.FileEntry] = []
        for prefix in (try? manager.contentsOfDirectory(atPath: source.path))?.sorted() ?? [] where prefix.count == 2 && prefix != "in" {
            for name in (try? manager.contentsOfDirectory(atPath: source.appendingPathComponent(prefix).path))?.sorted() ?? []
            where Backup.isChecksum(name) && name.hasPrefix(prefix) {
                let path = source.appendingPathComponent("\(prefix)/\(name)")
                guard let data = manager.contents(atPath: path.path) else { continue }
                guard Backup.sha256(data) == name else { throw BackupRefused(Message("reason.backup.damagedFile", ["file": .text(path.path)])) }
                try manager.createDirectory(at: target.appendingPathComponent(prefix), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard PrivateFile.write(data, to: target.appendingPathComponent("\(prefix)/\(name)").path, replacing: false) else {
                    throw BackupRefused(Message("reason.export.write", ["path": .text(target.path)]))
                }
                entries.append(.init(sha256: name, size: data.count))
            }
        }
        return entries
    }
}
