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
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            do {
                let manifest = try await platform.exportDatabase(to: URL(fileURLWithPath: directory), progress: sayProgress)
                say(cli("cli.export.done", ["tables": "\(manifest.tables.count)", "rows": "\(manifest.tables.map(\.rows).reduce(0, +))",
                                            "directory": directory, "files": "\(manifest.files.count)",
                                            "filesDirectory": config.filesDirectory ?? "cica-files"]))
            } catch let refused as ImportRefused {
                try fail(cli("cli.export.refused", ["reason": cli(refused.reason)]))
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
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            let (manifest, added): (DatabaseExport.Manifest, [String])
            do {
                (manifest, added) = try await platform.importDatabase(from: URL(fileURLWithPath: directory), progress: sayProgress)
            } catch let refused as ImportRefused {
                try fail(cli("cli.import.refused", ["reason": cli(refused.reason)]))
            }
            say(cli("cli.import.done", ["tables": "\(manifest.tables.count)", "rows": "\(manifest.tables.map(\.rows).reduce(0, +))",
                                        "database": "\(config.database)"]))
            if !added.isEmpty { say(cli("cli.import.keys", ["keys": added.joined(separator: ", "), "file": config.logKeyFile ?? "cica-log.key"])) }
            let keys = platform.logKeys.verifiers + added.compactMap(NoteVerifier.init)
            let result = try await platform.log.verify(keys: keys, distrusted: platform.logKeys.distrusted + manifest.distrusted.compactMap(NoteVerifier.init))
            if let problem = result.problem {
                FileHandle.standardError.write(Data((cli("cli.import.verifyFailed", ["problem": cli(problem)]) + "\n").utf8))
                throw ExitCode(1)
            }
            say(cli("cli.okVerifies", ["what": cli("cli.verify.logOf", [
                "database": "\(config.database)", "leaves": "\(result.leaves)", "checkpoint": result.checkpoint.map(String.init) ?? "—",
                "decisions": "\(result.decisions)",
            ])]))
        }
    }
}
