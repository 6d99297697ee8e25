import Foundation
import CICACore

/// Where the data lives: a SQLite file (the default) or a PostgreSQL server.
///
/// Everywhere a database is named (`--database`, `CICA_DATABASE_URL`), a file path means SQLite and a
/// `postgres://` (or `postgresql://`) URL means PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default: `cica.sqlite` in the working directory.
    public static let defaultSQLite = DatabaseLocation.sqlite(path: "cica.sqlite")

    public init(_ text: String) throws(InvalidInput) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            throw InvalidInput(field: "database", reason: Message("reason.emptyGiveSqliteFile"))
        }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            guard let url = URLComponents(string: trimmed), url.host?.isEmpty == false else {
                throw InvalidInput(field: "database", reason: Message("reason.postgresqlUrlWritePostgres", ["trimmed": "\(Self.redacted(trimmed))"]))
            }
            self = .postgres(url: trimmed)
        } else if lower.hasPrefix("sqlite://") {
            self = .sqlite(path: String(trimmed.dropFirst("sqlite://".count)))
        } else if lower.contains("://") {
            throw InvalidInput(field: "database", reason: Message("reason.namesNeitherFileNor", ["trimmed": "\(Self.redacted(trimmed))"]))
        } else {
            self = .sqlite(path: trimmed)
        }
    }

    /// The location with any password hidden, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres(let url): "PostgreSQL at \(Self.redacted(url))"
        }
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
