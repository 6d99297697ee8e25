import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Configuration
import Foundation
import Hummingbird
import Logging
import NIOPosix
import NIOCore
import Metrics
import Prometheus

@main
struct CICACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cica",
        abstract: cli("cli.cicaPlatformRegistryConference"),
        discussion: cli("cli.everyCommandTouchesData"),
        subcommands: [Serve.self, Migrate.self, Seed.self, EligibilityCommand.self, CadenceCommand.self, UserCommand.self, DecisionsCommand.self, VerifyCommand.self, LogCommand.self, ExportCommand.self, ImportCommand.self, BackupCommand.self, RestoreCommand.self]
    )

    /// Swift's tasks run on SwiftNIO's event loops, the threads that already read and write the connections, instead of on a
    /// second pool of threads: a request no longer crosses between the two pools at every await (the Member States page
    /// spent a sixth of its time switching threads). Done first, on the main thread, before any task starts, as SwiftNIO
    /// requires. Blocking work stays off these threads: password hashing and SQLite run on NIO's thread pool.
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}

/// The options every data command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.sqliteFilePathPostgres")))
    var database: String?

    @Option(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.howMuchLogTrace")))
    var logLevel: String?
}

/// Reads settings: command-line options, then CICA_* environment variables, then `.env`, then defaults.
func configReader(_ overrides: [String: ConfigContent?]) async throws -> ConfigReader {
    var values: [AbsoluteConfigKey: ConfigValue] = [:]
    for case let (key, value?) in overrides {
        values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(value, isSecret: key == "database.url")
    }
    let secrets = SecretsSpecifier<String, String>.specific(["CICA_DATABASE_URL", "CICA_METRICS_TOKEN"])
    return ConfigReader(providers: [
        InMemoryProvider(name: "command line", values: values),
        EnvironmentVariablesProvider(secretsSpecifier: secrets).prefixKeys(with: "cica"),
        try await EnvironmentVariablesProvider(environmentFilePath: ".env", allowMissing: true, secretsSpecifier: secrets).prefixKeys(with: "cica"),
    ])
}

func makeLogger(_ level: Logger.Level) -> Logger {
    var logger = Logger(label: "cica")
    logger.logLevel = level
    return logger
}

/// A configuration that cannot be used: print the fields and what to change.
func serverConfiguration(_ overrides: [String: ConfigContent?]) async throws -> ServerConfiguration {
    do {
        return try ServerConfiguration(reader: try await configReader(overrides))
    } catch let invalid as InvalidInput {
        throw ValidationError(invalid.errors.map { "\($0.field): \(cli($0.reason))" }.joined(separator: "\n"))
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: cli("cli.runPlatformWebPages"),
        discussion: cli("cli.migratesDatabaseLoadsCica")
    )

    @Option(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.addressListenDefaultEvery")))
    var hostname: String?

    @Option(name: .long, help: ArgumentHelp(stringLiteral: cli("cli.portListenDefault")))
    var port: Int?

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration([
            "http.hostname": hostname.map { .string($0) }, "http.port": port.map { .int($0) },
            "database.url": options.database.map { .string($0) }, "log.level": options.logLevel.map { .string($0) },
        ])
        let logger = makeLogger(config.logLevel)
        raiseOpenFileLimit(logger: logger)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        try await Platform.withOpen(config, logger: logger) { platform in
            let applied = try await MigrationRunner().run(on: platform.database)
            if !applied.isEmpty { logger.info("Applied migrations \(applied.map(String.init).joined(separator: ", ")) to \(config.database).") }
            if try await !ReferenceData.isLoaded(in: platform.database) {
                let summary = try await ReferenceData.seed(into: platform.database)
                say(cli("cli.seed.loaded", ["version": "\(summary.datasetVersion)", "facts": "\(summary.facts)", "database": "\(config.database)"]))
            }
            // Files a crashed process kept without committing the row that names them (docs/operations.md#files).
            if let swept = try await platform.sweepFiles() { logger.warning("\(swept)") }
            // Rows logged by a migration, or written before this deployment had a key, get their checkpoint now.
            try await platform.log.seal(now: platform.now(), force: false)
            if try await platform.accounts.count() == 0 {
                say(cli("cli.serve.firstAdministrator", ["database": "\(options.database.map { " --database \($0)" } ?? "")"]))
            }
            let app = try await buildApplication(platform, metrics: registry, logger: logger)
            say(cli("cli.serve.listening", ["hostname": "\(config.hostname)", "port": "\(config.port)", "database": "\(config.database)"]))
            try await app.runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: cli("cli.bringDatabaseSchemaUp"),
        discussion: cli("cli.appliesMigrationsBuildHas")
    )

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": options.logLevel.map { .string($0) }])
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            let applied = try await MigrationRunner().run(on: platform.database)
            if applied.isEmpty {
                say(cli("cli.migrate.upToDate", ["database": "\(config.database)", "version": "\(Migrations.all.map(\.version).max() ?? 0)"]))
            } else {
                for version in applied {
                    let name = Migrations.all.first { $0.version == version }?.name ?? ""
                    say(cli("cli.migrate.applied", ["version": "\(version)", "name": "\(name)"]))
                }
            }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: cli("cli.loadReloadCicaReference"),
        discussion: cli("cli.migratesDatabaseIfNeeded")
    )

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": options.logLevel.map { .string($0) }])
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            try await MigrationRunner().run(on: platform.database)
            let operator_ = Actor.commandLine(user: "\(ProcessInfo.processInfo.userName)@\(ProcessInfo.processInfo.hostName)")
            let summary = try await ReferenceData.seed(into: platform.database, actor: operator_, progress: saySeedProgress)
            say(cli("cli.seed.loaded", ["version": "\(summary.datasetVersion)", "facts": "\(summary.facts)", "database": "\(config.database)"]))
            for fact in summary.leftAlone {
                say(cli("cli.seed.leftAlone", ["subject": fact.subject.rawValue, "decision": fact.decision]))
            }
        }
    }
}

/// A seed's progress, a line per step on standard error (standard output stays the summary).
@Sendable func saySeedProgress(_ step: ReferenceData.Step) {
    let line = switch step {
    case .checked(let version, let facts): cli("cli.seed.checked", ["version": version, "facts": "\(facts)"])
    case .table(let table, let rows): cli("cli.seed.table", ["table": table, "rows": "\(rows)"])
    case .admissions: cli("cli.seed.admissions")
    case .coordinations: cli("cli.seed.coordinations")
    }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A verification's progress, a line per step on standard error.
@Sendable func sayVerifyProgress(_ step: VerifyStep) {
    let line = switch step {
    case .log(let leaves, let checkpoints): cli("cli.verify.progressLog", ["leaves": "\(leaves)", "checkpoints": "\(checkpoints)"])
    case .ledger(let entries): cli("cli.verify.progressLedger", ["entries": "\(entries)"])
    case .decisions(let done, let of): cli("cli.verify.progressDecisions", ["done": "\(done)", "count": "\(of)"])
    }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

struct EligibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: cli("cli.sayWhetherCountryMay"),
        discussion: cli("cli.codeIsoAlphaCode")
    )

    @Argument(help: ArgumentHelp(stringLiteral: cli("cli.countryTwoLetterIso")))
    var code: String

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
        let answer: EligibilityAnswer
        do {
            answer = try await assess(config)
        } catch let error as EligibilityError {
            let l = CommandLineLanguage.localizer
            switch error {
            case .malformedCode(let text): say(l("eligibility.error.malformed", ["code": text]))
            case .unknownCode(let text): say(l("eligibility.error.unknown", ["code": text]))
            }
            throw ExitCode(2)
        }
        let l = CommandLineLanguage.localizer
        say(cli("cli.eligibility.answer", ["name": "\(l.country(answer.country))", "code": "\(answer.country.alpha2)", "verdict": "\(cli("eligibility.verdict.\(answer.verdict.rawValue)"))"]))
        say(l.explanation(of: answer))
    }

    private func assess(_ config: ServerConfiguration) async throws -> EligibilityAnswer {
        // Asking a question never creates a database: without one, the shipped dataset answers.
        if case .sqlite(let path) = config.database, !FileManager.default.fileExists(atPath: path) {
            return try Self.fromDataset(code)
        }
        return try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            guard try await MigrationRunner().applied(on: platform.database).isEmpty == false, try await ReferenceData.isLoaded(in: platform.database) else {
                return try Self.fromDataset(code)
            }
            return try await platform.membership.eligibility(code: code)
        }
    }

    static func fromDataset(_ code: String) throws -> EligibilityAnswer {
        let dataset = try ReferenceDataset.shipped()
        let countries = Dictionary(uniqueKeysWithValues: dataset.countries.map { ($0.alpha2, $0) })
        let members = Dictionary(uniqueKeysWithValues: dataset.memberStates.map { ($0.code, $0) })
        let observers = Dictionary(uniqueKeysWithValues: dataset.observers.compactMap { o in o.countryCode.map { ($0, o) } })
        return try Eligibility.assess(code: code, countries: { countries[$0] }, memberState: { members[$0] }, observer: { observers[$0] })
    }
}

/// Writes a line to standard output at once (print is buffered when output goes to a file or a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Raises the limit of open files to the most the system allows this process: every connection is a file, and the
/// common default of 1,024 would let a thousand idle connections shut everyone else out (docs/operations.md).
func raiseOpenFileLimit(logger: Logger) {
    #if os(Linux)
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    let resource = RLIMIT_NOFILE
    #endif
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    let before = limit.rlim_cur
    limit.rlim_cur = limit.rlim_max
    if setrlimit(resource, &limit) == 0 {
        logger.debug("Raised the limit of open files from \(before) to \(limit.rlim_max).")
    }
}
