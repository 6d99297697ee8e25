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
    /// Whether the site is served over TLS (directly or behind a proxy), which marks cookies `Secure`.
    public var behindTLS: Bool
    /// The current instant, for sessions, tokens and the audit log; tests move it.
    public var now: @Sendable () -> Date
    /// Today's date for "next CICA Day" and cadence reports; tests pin it.
    public var today: @Sendable () -> CivilDate
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy that sets it).
    public var trustForwardedFor: Bool
    /// Bcrypt's work factor for new passwords.
    public var passwordCost: UInt8
    public var sessionRules: SessionRules
    public var loginThrottle: LoginThrottle
    /// How often the server closes silence procedures whose deadline has passed; nil to leave it to
    /// `cica decisions close-due`.
    public var silenceCheckInterval: Duration?

    public init(hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultSQLite,
                logLevel: Logger.Level = .info, behindTLS: Bool = false, now: @escaping @Sendable () -> Date = { Date() },
                today: (@Sendable () -> CivilDate)? = nil, trustForwardedFor: Bool = false, passwordCost: UInt8 = 12,
                sessionRules: SessionRules = SessionRules(), loginThrottle: LoginThrottle = LoginThrottle(),
                silenceCheckInterval: Duration? = .seconds(30)) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.behindTLS = behindTLS
        self.now = now
        self.today = today ?? { CivilDate(now()) }
        self.trustForwardedFor = trustForwardedFor
        self.passwordCost = passwordCost
        self.sessionRules = sessionRules
        self.loginThrottle = loginThrottle
        self.silenceCheckInterval = silenceCheckInterval
    }

    /// Reads the keys `http.hostname`, `http.port`, `database.url`, `log.level`, `http.tls`, `http.trustForwardedFor`,
    /// `session.idleMinutes` and `session.absoluteHours`.
    public init(reader: ConfigReader) throws {
        var errors: [FieldError] = []
        let port = reader.int(forKey: "http.port", default: 8080)
        if !(1...65535).contains(port) {
            errors.append(FieldError(field: "http.port", reason: "must be between 1 and 65535; got \(port)."))
        }
        var database = DatabaseLocation.defaultSQLite
        if let text = reader.string(forKey: "database.url") {
            do { database = try DatabaseLocation(text) } catch { errors += error.errors }
        }
        let levelText = reader.string(forKey: "log.level", default: "info")
        let level = Logger.Level(rawValue: levelText.lowercased())
        if level == nil {
            errors.append(FieldError(field: "log.level", reason: "must be one of trace, debug, info, notice, warning, error, critical; got '\(levelText)'."))
        }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        self.init(hostname: reader.string(forKey: "http.hostname", default: "127.0.0.1"), port: port, database: database,
                  logLevel: level ?? .info, behindTLS: reader.bool(forKey: "http.tls", default: false),
                  trustForwardedFor: reader.bool(forKey: "http.trustForwardedFor", default: false),
                  sessionRules: SessionRules(idle: Double(reader.int(forKey: "session.idleMinutes", default: 60)) * 60,
                                             absolute: Double(reader.int(forKey: "session.absoluteHours", default: 12)) * 3600),
                  silenceCheckInterval: reader.int(forKey: "decisions.silenceCheckSeconds", default: 30) > 0
                      ? .seconds(reader.int(forKey: "decisions.silenceCheckSeconds", default: 30)) : nil)
    }
}
