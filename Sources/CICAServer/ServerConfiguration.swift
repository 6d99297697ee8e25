import Configuration
import Foundation
import Logging
import CICACore
import CICAStore

/// How the server runs: where it listens, where the data is, how much it logs.
///
/// Read with swift-configuration: command-line flags, then environment variables (`CICA_HTTP_PORT`,
/// `CICA_DATABASE_URL`, …), then a `.env` file in the working directory, then the defaults here.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    public var logLevel: Logger.Level
    /// Whether the site is served over TLS (behind a TLS-terminating proxy), which marks cookies `Secure` and sends
    /// `Strict-Transport-Security`. A trusted proxy's `X-Forwarded-Proto: https` does the same for its requests.
    public var behindTLS: Bool
    /// The current instant, for sessions, tokens and the audit log; tests move it.
    public var now: @Sendable () -> Date
    /// Today's date for "next CICA Day" and cadence reports; tests pin it.
    public var today: @Sendable () -> CivilDate
    /// The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed; none by default.
    public var trustedProxies: TrustedProxies
    /// Bcrypt's work factor for new passwords.
    public var passwordCost: UInt8
    public var sessionRules: SessionRules
    public var signInThrottle: SignInThrottle
    /// Admits password hashing: how many run at once, wait, and come from one address. One gate for the server.
    public var hashing: HashingGate
    /// Where `/metrics` is served: nowhere, on its own listener, or on the main one to holders of a token.
    public var metrics: MetricsExposure
    /// How often the server closes silence procedures whose deadline has passed; nil to leave it to
    /// `cica decisions close-due`.
    public var silenceCheckInterval: Duration?
    /// The file of the platform's key that signs the log's checkpoints, outside the database; nil for a key made
    /// afresh in memory (tests).
    public var logKeyFile: String?
    /// The name a new platform key gets (the checkpoints' origin line).
    public var logName: String
    /// The languages every decision's text must be in before it is tabled or circulated; the first is the drafting one.
    public var workingLanguages: WorkingLanguages
    /// Where uploaded files are kept, each named by its SHA-256 (shared by every instance); nil for a directory made
    /// afresh under the system's temporary directory (tests).
    public var filesDirectory: String?
    /// The largest file accepted, in bytes.
    public var fileLimit: Int
    /// How long a connection may stay open without a request: between requests, and before a request's head has come
    /// in whole (a client sending its headers a byte at a time is closed after this long).
    public var idleTimeout: Duration
    /// The SMTP server letters are handed to; nil (the default) for no letters at all.
    public var mail: SMTPRelay?

    public init(hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultSQLite,
                logLevel: Logger.Level = .info, behindTLS: Bool = false, now: @escaping @Sendable () -> Date = { Date() },
                today: (@Sendable () -> CivilDate)? = nil, trustedProxies: TrustedProxies = .none, passwordCost: UInt8 = 12,
                sessionRules: SessionRules = SessionRules(), signInThrottle: SignInThrottle = SignInThrottle(),
                hashing: HashingGate = HashingGate(HashingAdmission(concurrent: ProcessInfo.processInfo.activeProcessorCount)),
                metrics: MetricsExposure = .off, silenceCheckInterval: Duration? = .seconds(30), logKeyFile: String? = nil,
                logName: String = "cica-platform", workingLanguages: WorkingLanguages = .default, filesDirectory: String? = nil,
                fileLimit: Int = UploadRules.defaultLimit, idleTimeout: Duration = .seconds(30), mail: SMTPRelay? = nil) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.behindTLS = behindTLS
        self.now = now
        self.today = today ?? { CivilDate(now()) }
        self.trustedProxies = trustedProxies
        self.passwordCost = passwordCost
        self.sessionRules = sessionRules
        self.signInThrottle = signInThrottle
        self.hashing = hashing
        self.metrics = metrics
        self.silenceCheckInterval = silenceCheckInterval
        self.logKeyFile = logKeyFile
        self.logName = logName
        self.workingLanguages = workingLanguages
        self.filesDirectory = filesDirectory
        self.fileLimit = fileLimit
        self.idleTimeout = idleTimeout
        self.mail = mail
    }

    /// Reads the keys `http.hostname`, `http.port`, `database.url`, `log.level`, `http.tls`, `http.trustedProxies`,
    /// `session.idleMinutes`, `session.absoluteHours`, `metrics.port`, `metrics.hostname`, `metrics.token` and
    /// `decisions.silenceCheckSeconds`, `decisions.workingLanguages`, `log.keyFile`, `log.name`, `files.directory` and
    /// `files.maxMegabytes`, `http.idleTimeoutSeconds`, and for letters `mail.smtpHost`, `mail.smtpPort`, `mail.from`,
    /// `mail.site`, `mail.checkSeconds`.
    public init(reader: ConfigReader) throws {
        var errors: [FieldError] = []
        let port = reader.int(forKey: "http.port", default: 8080)
        if !(1...65535).contains(port) {
            errors.append(FieldError(field: "http.port", reason: Message("reason.mustBetweenGot2", ["port": "\(port)"])))
        }
        var database = DatabaseLocation.defaultSQLite
        if let text = reader.string(forKey: "database.url") {
            do { database = try DatabaseLocation(text) } catch { errors += error.errors }
        }
        let levelText = reader.string(forKey: "log.level", default: "info")
        let level = Logger.Level(rawValue: levelText.lowercased())
        if level == nil {
            errors.append(FieldError(field: "log.level", reason: Message("reason.mustOneTraceDebug", ["levelText": "\(levelText)"])))
        }
        var proxies = TrustedProxies.none
        do { proxies = try TrustedProxies(list: reader.string(forKey: "http.trustedProxies", default: "")) } catch { errors += error.errors }
        if reader.bool(forKey: "http.trustForwardedFor", default: false) {
            errors.append(FieldError(field: "http.trustForwardedFor",
                                     reason: Message("reason.longerReadNameProxies")))
        }
        var metrics = MetricsExposure.off
        do { metrics = try MetricsExposure(port: reader.int(forKey: "metrics.port"), hostname: reader.string(forKey: "metrics.hostname"),
                                          token: reader.string(forKey: "metrics.token", isSecret: true)) } catch { errors += error.errors }
        let logName = reader.string(forKey: "log.name", default: "cica-platform")
        var working = WorkingLanguages.default
        do { working = try WorkingLanguages(reader.string(forKey: "decisions.workingLanguages", default: "en,ru")) } catch { errors += error.errors }
        if !NoteVerifier.isValidName(logName) {
            errors.append(FieldError(field: "log.name", reason: Message("reason.log.name")))
        }
        let megabytes = reader.int(forKey: "files.maxMegabytes", default: UploadRules.defaultLimit >> 20)
        if !(1...4096).contains(megabytes) {
            errors.append(FieldError(field: "files.maxMegabytes", reason: Message("reason.file.limitSetting")))
        }
        let idleSeconds = reader.int(forKey: "http.idleTimeoutSeconds", default: 30)
        if !(1...3600).contains(idleSeconds) {
            errors.append(FieldError(field: "http.idleTimeoutSeconds", reason: Message("reason.idleTimeoutSetting")))
        }
        var mail: SMTPRelay?
        do {
            mail = try SMTPRelay(host: reader.string(forKey: "mail.smtpHost"), port: reader.int(forKey: "mail.smtpPort", default: 25),
                                 from: reader.string(forKey: "mail.from"), site: reader.string(forKey: "mail.site"),
                                 intervalSeconds: reader.int(forKey: "mail.checkSeconds", default: 5))
        } catch { errors += error.errors }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        self.init(hostname: reader.string(forKey: "http.hostname", default: "127.0.0.1"), port: port, database: database,
                  logLevel: level ?? .info, behindTLS: reader.bool(forKey: "http.tls", default: false),
                  trustedProxies: proxies,
                  sessionRules: SessionRules(idle: Double(reader.int(forKey: "session.idleMinutes", default: 60)) * 60,
                                             absolute: Double(reader.int(forKey: "session.absoluteHours", default: 12)) * 3600),
                  metrics: metrics,
                  silenceCheckInterval: reader.int(forKey: "decisions.silenceCheckSeconds", default: 30) > 0
                      ? .seconds(reader.int(forKey: "decisions.silenceCheckSeconds", default: 30)) : nil,
                  logKeyFile: reader.string(forKey: "log.keyFile", default: "cica-log.key"),
                  logName: logName, workingLanguages: working, filesDirectory: reader.string(forKey: "files.directory", default: "cica-files"),
                  fileLimit: megabytes << 20, idleTimeout: .seconds(idleSeconds), mail: mail)
    }
}

/// Who may read the Prometheus metrics. They describe the server's traffic and errors, which is no one else's
/// business: they are not served on the public listener unless a token is set.
public enum MetricsExposure: Sendable, Equatable {
    /// Not served (the default).
    case off
    /// On a listener of their own, e.g. 127.0.0.1:9090 for a local Prometheus.
    case listener(hostname: String, port: Int)
    /// On the main listener, to requests with `Authorization: Bearer TOKEN`.
    case token(String)

    init(port: Int?, hostname: String?, token: String?) throws(InvalidInput) {
        switch (port, token) {
        case (nil, nil):
            self = .off
        case (let port?, nil):
            guard (1...65535).contains(port) else {
                throw InvalidInput(field: "metrics.port", reason: Message("reason.mustBetweenGot2", ["port": "\(port)"]))
            }
            self = .listener(hostname: hostname ?? "127.0.0.1", port: port)
        case (nil, let token?):
            guard token.count >= 16 else {
                throw InvalidInput(field: "metrics.token", reason: Message("reason.mustAtLeastCharacters2"))
            }
            self = .token(token)
        case (_?, _?):
            throw InvalidInput(field: "metrics.token", reason: Message("reason.goesWithoutMetricsPort"))
        }
    }
}
