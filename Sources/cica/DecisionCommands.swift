import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Foundation

/// `cica decisions …`: the work a scheduler may do instead of (or besides) the server.
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: cli("cli.workDecisionsFromCommand"),
        subcommands: [CloseDue.self]
    )

    struct CloseDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-due",
            abstract: cli("cli.closeEverySilenceProcedure"),
            discussion: cli("cli.safeRunFromScheduler")
        )
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
            try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
                try await MigrationRunner().run(on: platform.database)
                let closed = try await platform.decisions.closeDue(actor: SilenceProcedureCloser.actor, now: platform.now())
                if closed.isEmpty { say(cli("cli.silenceProcedureDue")) }
                for decision in closed {
                    if let attention = decision.attention {
                        say(cli("cli.decisions.needsAttention", ["symbol": decision.symbol, "reason": cli(attention.reason)]))
                    } else {
                        say(cli("cli.decisions.closed", ["symbol": "\(decision.symbol)", "status": "\(cli("decision.status.\(decision.status.rawValue)"))"]))
                    }
                }
            }
        }
    }
}

/// `cica verify`: checks the record of decisions, in the database or in a downloaded file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: cli("cli.checkRecordDecisionsEvery"),
        discussion: cli("cli.withoutFileChecksWhole")
    )

    @Option(help: ArgumentHelp(stringLiteral: cli("cli.decisionRecordJsonCheck")))
    var file: String?

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        if let file {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw ValidationError(cli("cli.cannotRead", ["file": "\(file)", "error": "\(error.localizedDescription)"]))
            }
            let record: DecisionRecord
            do { record = try JSONDecoder.iso8601.decode(DecisionRecord.self, from: data) } catch {
                throw ValidationError(cli("cli.decisionRecordDownloadOne", ["file": "\(file)", "error": "\(error)"]))
            }
            try report(record.verify(), what: "the record of decision \(record.decision) (\(record.entries.count) entries)")
            return
        }
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            let (entries, keys) = try await platform.decisions.ledger()
            try report(Ledger.verify(entries, keys: keys, gapless: true), what: "the ledger of \(config.database) (\(entries.count) entries)")
        }
    }

    private func report(_ problem: Ledger.Problem?, what: String) throws {
        if let problem {
            FileHandle.standardError.write(Data("FAILED: \(what): \(problem)\n".utf8))
            throw ExitCode(1)
        }
        say(cli("cli.okVerifies", ["what": "\(what)"]))
    }
}

extension JSONDecoder {
    /// Reads dates as the API writes them (ISO 8601).
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = Timestamp.date(text) ?? (try? Date(text, strategy: .iso8601)) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date")
        }
        return decoder
    }
}
