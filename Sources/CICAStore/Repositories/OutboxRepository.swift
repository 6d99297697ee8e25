import Foundation
import SQLKit
import CICACore

/// A letter in the outbox, as the instance that claimed it sends it.
public struct OutboxLetter: Sendable, Equatable {
    public var id: String
    public var recipient: String
    public var subject: String
    public var body: String
    /// Attempts so far, this one included.
    public var attempts: Int
}

/// The letters owed (`Letters`): written by the events' own transactions (`Outbox.owe`), claimed by one instance at a
/// time for a lease, and marked sent or failed by it.
public protocol OutboxRepository: Sendable {
    /// Claims up to `limit` letters due now that nobody holds, for `lease`: no other instance claims them meanwhile.
    func claim(by instance: String, limit: Int, lease: Duration, now: Date) async throws -> [OutboxLetter]
    /// The SMTP server took the letter: it is never sent again.
    func sent(_ id: String, by instance: String, now: Date) async throws
    /// The SMTP server refused it or could not be reached: tried again after `Letters.retryDelay`, up to
    /// `Letters.maximumAttempts` (given as `attempts`, the letter is given up).
    func failed(_ id: String, attempts: Int, by instance: String, error: String, now: Date) async throws
    /// Letters waiting (not sent, still to be tried), sent, and given up.
    func counts() async throws -> (waiting: Int, sent: Int, givenUp: Int)
}

/// Writes the letters an event owes, inside the event's transaction.
enum Outbox {
    /// The letters `changes` owe, if letters are on (`settings`), written with the step that made the changes.
    static func owe(_ changes: DecisionChanges, settings: Letters.Settings?, now: Date, sql: any SQLDatabase) async throws {
        guard let settings, let event = Letters.event(of: changes) else { return }
        var roles: [String: [Role]] = [:], emails: [String: String] = [:]
        for row in try await sql.raw("""
            SELECT users.id AS user_id, users.email AS email, role_bindings.scope AS scope FROM users
            JOIN role_bindings ON role_bindings.user_id = users.id
            WHERE users.disabled = \(bind: false) AND role_bindings.kind = \(bind: RoleKind.delegate.rawValue)
            """).all() {
            let user = try row.string("user_id")
            emails[user] = try row.string("email")
            let scope = try row.string("scope")
            if let role = Role(kind: .delegate, scope: scope.isEmpty ? nil : scope) { roles[user, default: []].append(role) }
        }
        let people = emails.keys.sorted().map { Letters.Person(userId: $0, email: emails[$0]!, roles: roles[$0] ?? []) }
        try await write(Letters.owed(by: event, to: people, memberStates: try await SQLDecisionRepository.memberStates(sql), settings: settings),
                        now: now, sql: sql)
    }

    /// Adds `letters`, each once: a letter whose key is already in the outbox is not written again.
    static func write(_ letters: [Letter], now: Date, sql: any SQLDatabase) async throws {
        guard !letters.isEmpty else { return }
        var insert = sql.insert(into: "outbox")
            .columns("id", "letter_key", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at")
        let at = Timestamp.string(now)
        for letter in letters {
            insert = insert.values([Cell.text(UUID().uuidString.lowercased()), .text(letter.key), .text(letter.recipient), .text(letter.subject),
                                    .text(letter.body), .text(at), .int(0), .text(at)].map(\.expression))
        }
        try await insert.ignoringConflicts(with: ["letter_key"]).run()
    }
}

/// `OutboxRepository` on SQLKit. A claim is one conditional update: on PostgreSQL the rows are picked with
/// `FOR UPDATE SKIP LOCKED`, so two instances claiming at once take different letters; SQLite has one writer.
public struct SQLOutboxRepository: OutboxRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public func claim(by instance: String, limit: Int, lease: Duration, now: Date) async throws -> [OutboxLetter] {
        let at = Timestamp.string(now), until = Timestamp.string(now.addingTimeInterval(TimeInterval(lease.components.seconds)))
        let engine = database.engine
        // Nothing here goes to the log: no checkpoint to sign.
        return try await database.write(sealed: false) { sql in
            let lock = engine == .postgresql ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
            let rows = try await sql.raw("""
                UPDATE outbox SET claimed_by = \(bind: instance), claimed_until = \(bind: until), attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < \(bind: Letters.maximumAttempts)
                             AND next_attempt_at <= \(bind: at) AND (claimed_until IS NULL OR claimed_until < \(bind: at))
                             ORDER BY created_at, id LIMIT \(bind: limit)\(lock))
                RETURNING id, recipient, subject, body, attempts
                """).all()
            return try rows.map {
                OutboxLetter(id: try $0.string("id"), recipient: try $0.string("recipient"), subject: try $0.string("subject"),
                             body: try $0.string("body"), attempts: try $0.int("attempts"))
            }.sorted { $0.id < $1.id }
        }
    }

    public func sent(_ id: String, by instance: String, now: Date) async throws {
        try await database.write(sealed: false) { sql in
            try await sql.update("outbox").set("sent_at", to: Timestamp.string(now)).set("claimed_until", to: SQLLiteral.null)
                .set("last_error", to: SQLLiteral.null).where("id", .equal, id).where("claimed_by", .equal, instance).run()
        }
    }

    public func failed(_ id: String, attempts: Int, by instance: String, error: String, now: Date) async throws {
        let next = now.addingTimeInterval(TimeInterval(Letters.retryDelay(afterAttempts: attempts).components.seconds))
        try await database.write(sealed: false) { sql in
            // `attempts` is the claim's count, or the maximum for a letter refused for good.
            try await sql.update("outbox").set("next_attempt_at", to: Timestamp.string(next)).set("claimed_until", to: SQLLiteral.null)
                .set("attempts", to: attempts)
                .set("last_error", to: String(error.prefix(500))).where("id", .equal, id).where("claimed_by", .equal, instance)
                .where("sent_at", .is, SQLLiteral.null).run()
        }
    }

    public func counts() async throws -> (waiting: Int, sent: Int, givenUp: Int) {
        try await database.read { sql in
            let row = try await sql.raw("""
                SELECT SUM(CASE WHEN sent_at IS NULL AND attempts < \(bind: Letters.maximumAttempts) THEN 1 ELSE 0 END) AS waiting,
                       SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END) AS sent,
                       SUM(CASE WHEN sent_at IS NULL AND attempts >= \(bind: Letters.maximumAttempts) THEN 1 ELSE 0 END) AS given_up
                FROM outbox
                """).first()
            func count(_ column: String) throws -> Int { try row.flatMap { try $0.decodeNil(column: column) ? nil : $0.decode(column: column, as: Int.self) } ?? 0 }
            return (try count("waiting"), try count("sent"), try count("given_up"))
        }
    }
}
