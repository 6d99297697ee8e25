import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Foundation

/// Progress on the terminal: a line per table, on standard error so that standard output stays the summary.
@Sendable func sayProgress(_ step: TransferStep) {
    let line: String
    switch step {
    case .table(let name, let index, let count, let rows):
        line = cli("cli.transfer.table", ["index": "\(index)", "count": "\(count)", "table": name, "rows": "\(rows)"])
    case .indexing:
        line = cli("cli.transfer.indexing")
    }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// One readable line on standard error, and the exit status 1.
func fail(_ line: String) throws -> Never {
    FileHandle.standardError.write(Data((line + "\n").utf8))
    throw ExitCode(1)
}

/// `cica export DIR`: the whole database as files.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: cli("cli.export.abstract"), discussion: cli("cli.export.discussion"))

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.export.directory")))
    var directory: String

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        // Opening a SQLite file that is not there would make an empty one: a mistyped path is said, not exported.
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            try fail(cli("cli.export.refused", ["reason": cli(Message("reason.export.noDatabase", ["path": .text(path)]))]))
        }
        let target = URL(fileURLWithPath: directory)
        let existed = FileManager.default.fileExists(atPath: target.path)
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            do {
                let manifest = try await platform.exportDatabase(to: target, progress: sayProgress)
                say(cli("cli.export.done", ["tables": "\(manifest.tables.count)", "rows": "\(manifest.tables.map(\.rows).reduce(0, +))",
                                            "directory": directory]))
                if !manifest.files.isEmpty {
                    say(CommandLineLanguage.localizer("cli.export.files", count: manifest.files.count, ["filesDirectory": config.filesDirectory ?? "cica-files"]))
                }
            } catch {
                // A directory this export made and could not finish is not left half-written.
                if !existed { try? FileManager.default.removeItem(at: target) }
                if let refused = error as? ImportRefused { try fail(cli("cli.export.refused", ["reason": cli(refused.reason)])) }
                throw error
            }
        }
    }
}

/// `cica import DIR`: an export restored into an empty database, then verified.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: cli("cli.import.abstract"), discussion: cli("cli.import.discussion"))

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.import.directory")))
    var directory: String

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        // A SQLite file this import creates and then refuses to fill is removed, so that a refusal leaves nothing behind.
        var created: String?
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) { created = path }
        var refusal: String?
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            let imported: (manifest: DatabaseExport.Manifest, trusted: [NoteVerifier], distrusted: [NoteVerifier])
            do {
                imported = try await platform.importDatabase(from: URL(fileURLWithPath: directory), progress: sayProgress)
            } catch let refused as ImportRefused {
                refusal = cli("cli.import.refused", ["reason": cli(refused.reason)])
                return
            }
            let manifest = imported.manifest
            say(cli("cli.import.done", ["tables": "\(manifest.tables.count)", "rows": "\(manifest.tables.map(\.rows).reduce(0, +))",
                                        "database": "\(config.database)"]))
            // The log is checked with the keys whose signatures are on its checkpoints; they are added to the key file
            // only when it verifies, so that a damaged or forged export never widens what this deployment believes.
            let result = try await platform.log.verify(keys: platform.logKeys.verifiers + imported.trusted,
                                                       distrusted: platform.logKeys.distrusted + imported.distrusted)
            if let problem = result.problem {
                FileHandle.standardError.write(Data((cli("cli.import.verifyFailed", ["problem": cli(problem)]) + "\n").utf8))
                throw ExitCode(1)
            }
            try platform.trust(imported.trusted, distrusted: imported.distrusted)
            let added = (imported.trusted + imported.distrusted).map(\.description)
            if !added.isEmpty { say(cli("cli.import.keys", ["keys": added.joined(separator: ", "), "file": config.logKeyFile ?? "cica-log.key"])) }
            say(cli("cli.okVerifies", ["what": cli("cli.verify.logOf", [
                "database": "\(config.database)", "leaves": "\(result.leaves)", "checkpoint": result.checkpoint.map(String.init) ?? "—",
                "decisions": "\(result.decisions)",
            ])]))
        }
        if let refusal {
            for suffix in ["", "-wal", "-shm"] { if let created { try? FileManager.default.removeItem(atPath: created + suffix) } }
            try fail(refusal)
        }
    }
}
