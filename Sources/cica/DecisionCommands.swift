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

/// `cica verify`: checks the log and the tables it covers in the database, a downloaded record against the platform's
/// public key alone, or that one checkpoint extends another.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: cli("cli.checkRecordDecisionsEvery"),
        discussion: cli("cli.withoutFileChecksWhole")
    )

    @Option(help: ArgumentHelp(stringLiteral: cli("cli.decisionRecordJsonCheck")))
    var file: String?

    @Option(help: ArgumentHelp(stringLiteral: cli("cli.verify.key")))
    var key: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp(stringLiteral: cli("cli.verify.consistency")))
    var consistency: [String] = []

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let given = try key.map(Self.verifier)
        if let file {
            guard let given else { throw ValidationError(cli("cli.verify.keyNeeded")) }
            try report(try Self.record(file).verify(trusting: given).map { $0.worded(CommandLineLanguage.localizer) },
                       what: cli("cli.verify.recordOf", ["file": file]))
            return
        }
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel), createKey: given == nil) { platform in
            let keys = given.map { [$0] } ?? platform.logKeys.verifiers
            if !consistency.isEmpty {
                guard consistency.count == 2 else { throw ValidationError(cli("cli.verify.consistencyTwo")) }
                try report(try await Self.consistency(old: consistency[0], new: consistency[1], keys: keys, log: platform.log),
                           what: cli("cli.verify.consistencyOf", ["old": consistency[0], "new": consistency[1]]))
                return
            }
            let result = try await platform.log.verify(keys: keys, distrusted: platform.logKeys.distrusted, progress: sayVerifyProgress)
            try report(result.problem.map(cli), what: cli("cli.verify.logOf", [
                "database": "\(config.database)", "leaves": "\(result.leaves)", "checkpoint": result.checkpoint.map(String.init) ?? "—",
                "decisions": "\(result.decisions)",
            ]))
        }
    }

    /// A verifier key given as text or as a file holding it.
    static func verifier(_ text: String) throws -> NoteVerifier {
        if let key = NoteVerifier(text) { return key }
        if let data = FileManager.default.contents(atPath: text), let key = NoteVerifier(String(decoding: data, as: UTF8.self)) { return key }
        throw ValidationError(cli("cli.verify.notAKey", ["key": text]))
    }

    static func record(_ file: String) throws -> DecisionRecord {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw ValidationError(cli("cli.cannotRead", ["file": "\(file)", "error": "\(error.localizedDescription)"]))
        }
        do { return try JSONDecoder.iso8601.decode(DecisionRecord.self, from: data) } catch {
            throw ValidationError(cli("cli.decisionRecordDownloadOne", ["file": "\(file)", "error": "\(error)"]))
        }
    }

    /// Both checkpoints signed by a trusted key, and the database's proof that the older tree is a prefix of the newer.
    static func consistency(old oldFile: String, new newFile: String, keys: [NoteVerifier], log: any LogRepository) async throws -> String? {
        func opened(_ file: String) throws -> Checkpoint? {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError(cli("cli.cannotRead", ["file": file, "error": "—"]))
            }
            let note = String(decoding: data, as: UTF8.self)
            return keys.lazy.compactMap { try? Checkpoint.open(note, key: $0) }.first
        }
        guard let old = try opened(oldFile) else { return cli("cli.verify.checkpointUnsigned", ["file": oldFile]) }
        guard let new = try opened(newFile) else { return cli("cli.verify.checkpointUnsigned", ["file": newFile]) }
        guard old.size <= new.size, let proof = try await log.consistency(old: old.size, new: new.size),
              MerkleLog.verifyConsistency(old: old.size, new: new.size, oldRoot: old.root, newRoot: new.root, proof: proof) else {
            return cli("cli.verify.notExtended", ["old": "\(old.size)", "new": "\(new.size)"])
        }
        return nil
    }

    private func report(_ problem: String?, what: String) throws {
        if let problem {
            FileHandle.standardError.write(Data((cli("cli.verify.failed", ["what": what, "problem": problem]) + "\n").utf8))
            throw ExitCode(1)
        }
        say(cli("cli.okVerifies", ["what": "\(what)"]))
    }
}

/// `cica log …`: the platform's key and checkpoints.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: cli("cli.log.abstract"),
        subcommands: [Key.self, CheckpointCommand.self, RotateKey.self]
    )

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: cli("cli.log.key"))
        @OptionGroup var options: DatabaseOptions
        func run() async throws {
            let config = try await serverConfiguration(["log.level": .string(options.logLevel ?? "warning")])
            guard let path = config.logKeyFile else { return }
            say("\(try PlatformKeyFile.load(path: path, name: config.logName, create: false).key.verifier)")
        }
    }

    struct CheckpointCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: cli("cli.log.checkpoint"))
        @OptionGroup var options: DatabaseOptions
        func run() async throws {
            let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
            try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
                try await platform.log.seal(now: platform.now(), force: false)
                guard let checkpoint = try await platform.log.checkpoint(size: nil) else { return }
                FileHandle.standardOutput.write(Data(checkpoint.note.utf8))
            }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-key", abstract: cli("cli.log.rotate"),
                                                        discussion: cli("cli.log.rotateDiscussion"))
        @Flag(help: ArgumentHelp(stringLiteral: cli("cli.log.compromised")))
        var compromised = false
        @OptionGroup var options: DatabaseOptions
        func run() async throws {
            let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
            guard let path = config.logKeyFile else { return }
            // The log must hold before a new key vouches for it.
            try await Platform.withOpen(config, logger: makeLogger(config.logLevel), createKey: false) { platform in
                let result = try await platform.log.verify(keys: platform.logKeys.verifiers, distrusted: platform.logKeys.distrusted)
                if let problem = result.problem, !compromised {
                    throw ValidationError(cli("cli.log.rotateRefused", ["problem": cli(problem)]))
                }
                let rotated = platform.logKeys.rotated(name: config.logName, compromised: compromised)
                try rotated.write(to: path)
                say(cli("cli.log.rotated", ["key": "\(rotated.key.verifier)"]))
            }
            // The new key signs the log as it stands, so the newest checkpoint is the new key's.
            try await Platform.withOpen(config, logger: makeLogger(config.logLevel), createKey: false) { platform in
                try await platform.log.seal(now: platform.now(), force: true)
            }
        }
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
