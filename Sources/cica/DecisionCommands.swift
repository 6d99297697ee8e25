import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Foundation

/// `cica decisions …`: the work a scheduler may do instead of (or besides) the server.
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Work on decisions from the command line.",
        subcommands: [CloseDue.self]
    )

    struct CloseDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-due",
            abstract: "Close every silence procedure whose deadline has passed.",
            discussion: "Safe to run from a scheduler while servers run: each procedure is closed exactly once, whoever gets there first."
        )
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
            try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
                try await MigrationRunner().run(on: platform.database)
                let closed = try await platform.decisions.closeDue(actor: SilenceProcedureCloser.actor, now: platform.now())
                if closed.isEmpty { say("No silence procedure is due.") }
                for decision in closed { say("\(decision.symbol): \(decision.status.rawValue)") }
            }
        }
    }
}

/// `cica verify`: checks the record of decisions, in the database or in a downloaded file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the record of decisions: every hash, every link, every signature.",
        discussion: """
        Without --file, checks the whole ledger of the database: sequence numbers without gaps, each decision's \
        hash chain, and every signed position against the delegation's registered key. With --file, checks a \
        record downloaded from /api/v1/decisions/{id}/record, offline. Exits 0 when everything holds, 1 naming \
        the first bad entry otherwise.
        """
    )

    @Option(help: "A decision record (JSON) to check offline instead of the database.")
    var file: String?

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        if let file {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw ValidationError("Cannot read \(file): \(error.localizedDescription)")
            }
            let record: DecisionRecord
            do { record = try JSONDecoder.iso8601.decode(DecisionRecord.self, from: data) } catch {
                throw ValidationError("\(file) is not a decision record (download one from /api/v1/decisions/{id}/record): \(error)")
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
        say("OK: \(what) verifies.")
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
