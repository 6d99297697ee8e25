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
    /// every file the copied database names is in the files directory by then — and the backup is refused when one is
    /// not (a files directory other than the deployment's, say). The manifest is written last.
    ///
    /// With a `passphrase`, the platform's key file goes too, sealed with it (`SealedKey`); never otherwise.
    public func backup(to directory: URL, passphrase: String? = nil, logger: Logger, progress: @Sendable (BackupStep) -> Void) async throws -> Backup.Manifest {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path), let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw BackupRefused(Message("reason.export.notEmpty", ["directory": .text(directory.path)]))
        }
        do {
            try manager.createDirectory(at: directory.appendingPathComponent("files"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        } catch {
            throw BackupRefused(Message("reason.export.write", ["path": .text(directory.path)]))
        }
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
        let snapshot = try await DatabaseBackup.copy(database, to: databaseFile, logger: logger)
        progress(.database(rows: snapshot.tables.values.reduce(0, +)))
        let copied = try Self.copyFiles(from: URL(fileURLWithPath: files.directory), to: directory.appendingPathComponent("files"))
        let missing = snapshot.namedFiles.subtracting(copied.map(\.sha256))
        guard missing.isEmpty else {
            throw BackupRefused(Message("reason.backup.filesMissing", ["count": "\(missing.count)", "directory": .text(files.directory),
                                                                       "first": .text(missing.sorted()[0])]))
        }
        progress(.files(count: copied.count, bytes: copied.map(\.size).reduce(0, +)))
        guard let database = PrivateFile.checksum(of: databaseFile.path) else {
            throw BackupRefused(Message("reason.export.write", ["path": .text(databaseFile.path)]))
        }
        let manifest = Backup.Manifest(
            engine: engine, schemaVersion: snapshot.schemaVersion, taken: Timestamp.string(now()),
            database: .init(sha256: database.sha256, size: database.size), tables: snapshot.tables, files: copied,
            trusted: logKeys.verifiers.map(\.description), distrusted: logKeys.distrusted.map(\.description), sealedKey: sealedKey)
        guard PrivateFile.write(Data(manifest.text.utf8), to: directory.appendingPathComponent("manifest.json").path, replacing: false) else {
            throw BackupRefused(Message("reason.export.write", ["path": .text(directory.path)]))
        }
        return manifest
    }

    /// Checks a backup and puts it in place for the deployment `configuration` describes: the database (which must not
    /// exist or hold any table yet) and the files into the files directory. Refused, writing nothing, when the directory
    /// is not a backup this build reads (another format, a schema newer than this build's), the database's copy or a
    /// file does not have its checksum, the engine differs, or the sealed key does not open. The command then opens the
    /// platform, compares the counts and verifies the log (`restored`).
    ///
    /// With a `passphrase`, the sealed key file the backup carries is opened first and becomes this deployment's key
    /// file, unless that file exists already.
    public static func restoreBackup(from directory: URL, passphrase: String? = nil, configuration: ServerConfiguration, logger: Logger,
                                     progress: @Sendable (BackupStep) -> Void) async throws -> (manifest: Backup.Manifest, keyRestored: Bool) {
        guard let text = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path) else {
            throw BackupRefused(Message("reason.backup.noManifest", ["directory": .text(directory.path)]))
        }
        let manifest: Backup.Manifest
        do { manifest = try Backup.Manifest.read(String(decoding: text, as: UTF8.self)) } catch { throw BackupRefused(error.errors.first?.reason ?? Message("reason.backup.manifest")) }
        let newest = Migrations.all.map(\.version).max() ?? 0
        guard manifest.schemaVersion <= newest else {
            throw BackupRefused(Message("reason.backup.newerSchema", ["version": "\(manifest.schemaVersion)", "newest": "\(newest)"]))
        }
        let databaseFile = directory.appendingPathComponent(Backup.databaseFile(manifest.engine))
        guard let database = PrivateFile.checksum(of: databaseFile.path), database.size == manifest.database.size,
              database.sha256 == manifest.database.sha256 else {
            throw BackupRefused(Message("reason.backup.changed", ["file": .text(databaseFile.lastPathComponent)]))
        }
        for entry in manifest.files {
            guard let file = PrivateFile.checksum(of: directory.appendingPathComponent("files/" + entry.relativePath).path),
                  file.size == entry.size, file.sha256 == entry.sha256 else {
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
        // Each file through a temporary name, checked again as it lands; one already there with the right content stays.
        let target = URL(fileURLWithPath: configuration.filesDirectory ?? "cica-files")
        for entry in manifest.files {
            let destination = target.appendingPathComponent(entry.relativePath)
            if let present = PrivateFile.checksum(of: destination.path), present.sha256 == entry.sha256 { continue }
            try? FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let partial = destination.path + ".restoring"
            unlink(partial)
            guard PrivateFile.copy(from: directory.appendingPathComponent("files/" + entry.relativePath).path, to: partial),
                  PrivateFile.checksum(of: partial)?.sha256 == entry.sha256, rename(partial, destination.path) == 0 else {
                unlink(partial)
                throw BackupRefused(Message("reason.backup.fileNotRestored", ["file": .text(destination.path)]))
            }
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

    /// Copies every kept file (`ab/abcdef…`, regular files only; not `incoming/` or `unnamed/`), a chunk at a time, each
    /// checked against its name: a damaged file is not copied into a backup as if it were sound.
    static func copyFiles(from source: URL, to target: URL) throws -> [Backup.Manifest.FileEntry] {
        let manager = FileManager.default
        var entries: [Backup.Manifest.FileEntry] = []
        for prefix in (try? manager.contentsOfDirectory(atPath: source.path))?.sorted() ?? [] where prefix.count == 2 {
            for name in (try? manager.contentsOfDirectory(atPath: source.appendingPathComponent(prefix).path))?.sorted() ?? []
            where Backup.isChecksum(name) && name.hasPrefix(prefix) {
                let path = source.appendingPathComponent("\(prefix)/\(name)").path
                let copy = target.appendingPathComponent("\(prefix)/\(name)").path
                try? manager.createDirectory(at: target.appendingPathComponent(prefix), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                guard PrivateFile.copy(from: path, to: copy) else { throw BackupRefused(Message("reason.export.write", ["path": .text(copy)])) }
                guard let copied = PrivateFile.checksum(of: copy), copied.sha256 == name else {
                    throw BackupRefused(Message("reason.backup.damagedFile", ["file": .text(path)]))
                }
                entries.append(.init(sha256: name, size: copied.size))
            }
        }
        return entries
    }
}
