import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit on one SQLite connection: the queries SQLiteKit's own adapter would send, serialized and bound as it does,
/// and rows that hand over text and integers as SQLite gave them. SQLiteKit's rows decode every value through a
/// generic `Decoder`, and an optional one through a nested decoder: on the Member States page that decoding took a
/// tenth of the time. Everything else (other types, optionals, JSON) still goes through SQLiteKit's decoder.
struct SQLiteSession: SQLDatabase {
    let connection: SQLiteConnection
    private static let encoder = SQLiteDataEncoder()

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { SQLiteDialect() }
    var version: (any SQLDatabaseReportedVersion)? { connection.sql().version }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            let (sql, binds) = try statement(query)
            return connection.query(sql, binds, logger: logger) { onRow(SQLiteValues(row: $0)) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = try statement(query)
        try await connection.query(sql, binds) { onRow(SQLiteValues(row: $0)) }
    }

    private func statement(_ query: any SQLExpression) throws -> (String, [SQLiteData]) {
        let (sql, binds) = serialize(query)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        }
        return (sql, try binds.map { try Self.encoder.encode($0) })
    }
}

/// A row of SQLite values, read as `SQLRow`.
struct SQLiteValues: SQLRow {
    let row: SQLiteRow
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = row.column(column) else { throw ColumnNotSelected(column: column) }
        switch value {
        case .text(let text) where D.self == String.self: return unsafeBitCast(text, to: D.self)
        case .integer(let number) where D.self == Int.self: return unsafeBitCast(number, to: D.self)
        default: return try Self.decoder.decode(D.self, from: value)
        }
    }
}

/// A row was asked for a column its query did not select: a mistake in the repository, not in the data.
struct ColumnNotSelected: Error, CustomStringConvertible {
    var column: String
    var description: String { "the query did not select the column \(column)" }
}
