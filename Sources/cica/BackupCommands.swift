import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Foundation

/// Progress of a backup or a restore, on standard error.
@Sendable func sayBackupProgress(_ step: BackupStep) {
    let line: String
    switch step {
    case .database(let rows): line = cli("cli.backup.database", ["rows": "\(rows)"])
    case .files(let count, let bytes): line = cli("cli.backup.files", ["count": "\(count)", "bytes": "\(bytes)"])
    }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `cica backup DIR`: the database, the registry's files and the log's public keys, while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: cli("cli.backup.abstract"), discussion: cli("cli.backup.discussion"))

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.export.directory")))
    var directory: String

    @Flag(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.backup.includeKey")))
    var includePrivateKey = false

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        let passphrase = includePrivateKey ? try readPassphrase(confirm: true) : nil
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            try fail(cli("cli.backup.refused", ["reason": cli(Message("reason.export.noDatabase", ["path": .text(path)]))]))
        }
        let target = URL(fileURLWithPath: directory)
        let existed = FileManager.default.fileExists(atPath: target.path)
        let logger = makeLogger(config.logLevel)
        // The key file must exist (a backup of a deployment that never had one would make one): `verify`'s rule.
        try await Platform.withOpen(config, logger: logger, createKey: false) { platform in
            do {
                let manifest = try await platform.backup(to: target, passphrase: passphrase, logger: logger, progress: sayBackupProgress)
                say(cli("cli.backup.done", ["directory": directory, "engine": manifest.engine == "sqlite" ? "SQLite" : "PostgreSQL", "rows": "\(manifest.tables.values.reduce(0, +))",
                                            "files": "\(manifest.files.count)"]))
                say(cli(manifest.sealedKey == nil ? "cli.backup.key" : "cli.backup.keySealed", ["file": config.logKeyFile ?? "cica-log.key"]))
            } catch {
                if !existed { try? FileManager.default.removeItem(at: target) }
                if let refused = error as? BackupRefused { try fail(cli("cli.backup.refused", ["reason": cli(refused.reason)])) }
                throw error
            }
        }
    }
}

/// `cica restore DIR`: a backup into an empty deployment on the same engine, then the counts compared and the log verified.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: cli("cli.restore.abstract"), discussion: cli("cli.restore.discussion"))

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.restore.directory")))
    var directory: String

    @Flag(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.restore.privateKey")))
    var privateKey = false

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        let logger = makeLogger(config.logLevel)
        let passphrase = privateKey ? try readPassphrase(confirm: false) : nil
        let manifest: Backup.Manifest
        do {
            let restored = try await Platform.restoreBackup(from: URL(fileURLWithPath: directory), passphrase: passphrase, configuration: config,
                                                            logger: logger, progress: sayBackupProgress)
            manifest = restored.manifest
            if passphrase != nil {
                say(cli(restored.keyRestored ? "cli.restore.keyRestored" : "cli.restore.keyKept", ["file": config.logKeyFile ?? "cica-log.key"]))
            }
        } catch let refused as BackupRefused {
            try fail(cli("cli.restore.refused", ["reason": cli(refused.reason)]))
        }
        try await Platform.withOpen(config, logger: logger) { platform in
            let check = try await platform.restored(manifest)
            guard check.differences.isEmpty else {
                try fail(cli("cli.restore.counts", ["tables": check.differences.joined(separator: ", ")]))
            }
            say(cli("cli.restore.done", ["database": "\(config.database)", "taken": manifest.taken, "rows": "\(manifest.tables.values.reduce(0, +))",
                                         "files": "\(manifest.files.count)"]))
            let result = try await platform.log.verify(keys: platform.logKeys.verifiers + check.trusted,
                                                       distrusted: platform.logKeys.distrusted + check.distrusted)
            if let problem = result.problem {
                try fail(cli("cli.restore.verifyFailed", ["problem": cli(problem)]))
            }
            try platform.trust(check.trusted, distrusted: check.distrusted)
            let added = (check.trusted + check.distrusted).map(\.description)
            if !added.isEmpty { say(cli("cli.import.keys", ["keys": added.joined(separator: ", "), "file": config.logKeyFile ?? "cica-log.key"])) }
            say(cli("cli.okVerifies", ["what": cli("cli.verify.logOf", [
                "database": "\(config.database)", "leaves": "\(result.leaves)", "checkpoint": result.checkpoint.map(String.init) ?? "—",
                "decisions": "\(result.decisions)",
            ])]))
        }
    }
}

/// Reads the passphrase that seals the platform's key: at a terminal without echo (twice, when confirming), otherwise the
/// first line of standard input.
func readPassphrase(confirm: Bool) throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        guard let first = getpass(cli("cli.passphrase.prompt", ["length": "\(Backup.minimumPassphrase)"])).map({ String(cString: $0) }), !first.isEmpty else {
            throw ValidationError(cli("cli.passphrase.none"))
        }
        if confirm {
            guard let second = getpass(cli("cli.passphrase.again")).map({ String(cString: $0) }), second == first else {
                throw ValidationError(cli("cli.passphrase.differ"))
            }
        }
        return first
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError(cli("cli.passphrase.none")) }
    return line
}
