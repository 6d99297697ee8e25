import Foundation
import SQLKit
import CICACore

/// Appends to the audit log, inside the transaction of the write it records.
///
/// The log is append-only, so what goes into it is bounded here, whoever sent it (`AuditText`): an actor or
/// entity keeps at most 320 characters, a summary 2,000, an address 64.
enum AuditLog {
    static func append(_ sql: any SQLDatabase, actor: Actor, action: String, entity: String, before: String?, after: String?,
                       at: Date = Date()) async throws {
        func short(_ text: String?) -> String? { text.map { AuditText.bounded($0, limit: 320) } }
        func long(_ text: String?) -> String? { text.map { AuditText.bounded($0, limit: 2_000) } }
        let columns: [(String, String?)] = [
            ("at", Timestamp.string(at)), ("actor_id", actor.userId), ("actor", short(actor.label)), ("role", short(actor.role)), ("action", action),
            ("entity", short(entity)), ("before", long(before)), ("after", long(after)), ("request_id", short(actor.requestId)),
            ("address", actor.address.map { AuditText.bounded($0, limit: 64) }),
        ]
        let inserted = try await sql.insert(into: "audit_log").columns(columns.map(\.0)).values(columns.map { Cell.text($0.1).expression })
            .returning("seq").first()
        guard let sequence = try inserted?.decode(column: "seq", as: Int.self) else { throw CorruptRow(table: "audit_log", column: "seq", value: "") }
        try await TransparencyLog.add(LogLeaf.audit(sequence: sequence, columns: Dictionary(uniqueKeysWithValues: columns)), sql: sql)
    }

    /// The columns of a line its leaf holds: all of them but the sequence number, which is its key.
    static let logged = ["at", "actor_id", "actor", "role", "action", "entity", "before", "after", "request_id", "address"]

    /// The leaf of a line as stored.
    static func leaf(_ row: any SQLRow) throws -> LogLeaf {
        var columns: [String: String?] = [:]
        for name in logged {
            columns.updateValue(try row.optionalString(name), forKey: name)
        }
        return LogLeaf.audit(sequence: try row.int("seq"), columns: columns)
    }

    static func entry(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(sequence: try row.int("seq"), at: try row.instant("at"), actorId: try row.optionalString("actor_id"),
                   actor: try row.string("actor"), role: try row.optionalString("role"), action: try row.string("action"),
                   entity: try row.string("entity"), before: try row.optionalString("before"), after: try row.optionalString("after"),
                   requestId: try row.optionalString("request_id"), address: try row.optionalString("address"))
    }
}

/// The audit log, read with filters, newest first.
public protocol AuditRepository: Sendable {
    func entries(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEntry>
}

/// `AuditRepository` on SQLKit.
public struct SQLAuditRepository: AuditRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public func entries(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEntry> {
        try await database.read { sql in
            let query = sql.select().column("*").from("audit_log")
            if let actor = filter.actor { query.where("actor", .equal, actor) }
            if let entity = filter.entity { query.where("entity", .equal, entity) }
            if let action = filter.action { query.where("action", .equal, action) }
            if let from = filter.from { query.where("at", .greaterThanOrEqual, Timestamp.string(from)) }
            if let to = filter.to { query.where("at", .lessThan, Timestamp.string(to)) }
            if let after = page.after, let sequence = Int(after) { query.where("seq", .lessThan, sequence) }
            let entries = try await query.orderBy("seq", .descending).limit(page.limit + 1).all().map(AuditLog.entry)
            return Page(fetched: entries, limit: page.limit) { String($0.sequence) }
        }
    }
}

extension SQLRow {
    /// An instant stored as ISO 8601 text.
    func instant(_ column: String) throws -> Date {
        let text = try string(column)
        guard let date = Timestamp.date(text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return date
    }

    func optionalInstant(_ column: String) throws -> Date? {
        guard let text = try optionalString(column) else { return nil }
        guard let date = Timestamp.date(text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return date
    }
}
