import Crypto
import Foundation

/// Who makes a write: the user (or the command line), in which role, from which request.
public struct Actor: Sendable, Equatable {
    public var userId: String?
    /// E-mail of the user, or "command line (user@host)".
    public var label: String
    /// The role the write was made in, in words.
    public var role: String?
    public var requestId: String?
    public var address: String?

    public init(userId: String?, label: String, role: String?, requestId: String?, address: String?) {
        self.userId = userId
        self.label = label
        self.role = role
        self.requestId = requestId
        self.address = address
    }

    /// How the public record names the actor: a stable pseudonym for an account (never its e-mail address), "operator"
    /// for the command line, the platform's own label for the platform. The Secretariat sees which account a pseudonym is.
    public var recordName: String {
        if let userId { return Self.pseudonym(userId: userId) }
        return role == "operator" ? "operator" : label
    }

    /// `participant-` and twelve hex digits of SHA-256 over the account's id.
    public static func pseudonym(userId: String) -> String {
        "participant-" + Hex.string(SHA256.hash(data: Data(("cica/actor/" + userId).utf8)).prefix(6))
    }

    /// The operator at the command line.
    public static func commandLine(user: String) -> Actor {
        Actor(userId: nil, label: "command line (\(user))", role: "operator", requestId: nil, address: nil)
    }
}

/// One line of the append-only audit log.
public struct AuditEntry: Sendable, Equatable {
    public var sequence: Int
    public var at: Date
    public var actorId: String?
    public var actor: String
    public var role: String?
    /// What was done, e.g. `user.create`, `role.grant`, `login.failed`.
    public var action: String
    /// What it was done to, e.g. `user/5f…`.
    public var entity: String
    public var before: String?
    public var after: String?
    public var requestId: String?
    public var address: String?

    public init(sequence: Int, at: Date, actorId: String?, actor: String, role: String?, action: String, entity: String,
                before: String?, after: String?, requestId: String?, address: String?) {
        self.sequence = sequence
        self.at = at
        self.actorId = actorId
        self.actor = actor
        self.role = role
        self.action = action
        self.entity = entity
        self.before = before
        self.after = after
        self.requestId = requestId
        self.address = address
    }
}

/// Which audit entries to list.
public struct AuditFilter: Sendable, Equatable {
    public var actor: String?
    public var entity: String?
    public var action: String?
    public var from: Date?
    public var to: Date?

    public init(actor: String? = nil, entity: String? = nil, action: String? = nil, from: Date? = nil, to: Date? = nil) {
        self.actor = actor
        self.entity = entity
        self.action = action
        self.from = from
        self.to = to
    }

    /// The filter as a page's query or the API's parameters give it: days written YYYY-MM-DD, in UTC, `to` inclusive.
    public init(actor: String?, entity: String?, action: String?, fromDay: String?, toDay: String?) throws(InvalidInput) {
        func day(_ text: String?, _ field: String) throws(InvalidInput) -> Date? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = PartialDate(text)?.civilDate else {
                throw InvalidInput(field: field, reason: Message("reason.mustDateWrittenYyyy", ["text": "\(text)"]))
            }
            return date.startOfDay
        }
        self.init(actor: actor, entity: entity, action: action, from: try day(fromDay, "from"),
                  to: try day(toDay, "to").map { $0.addingTimeInterval(86_400) })
    }
}

/// CSV (RFC 4180) of audit entries: CRLF line ends, fields quoted when they hold a comma, quote or line break.
public enum AuditCSV {
    public static let header = ["sequence", "at", "actor", "role", "action", "entity", "before", "after", "request_id", "address"]

    public static func render(_ entries: [AuditEntry]) -> String {
        CSVTable(header: header, rows: entries.map { e in
            [String(e.sequence), iso8601(e.at), e.actor, e.role ?? "", e.action, e.entity, e.before ?? "", e.after ?? "", e.requestId ?? "", e.address ?? ""]
        }).text
    }

    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

/// Text that reaches a log (the audit log, the failed sign-ins, the server's log lines), kept readable and small.
///
/// Anything an anonymous request sends may end up in a log: an e-mail typed into the sign-in form, an address
/// from a proxy header, a path. The log is append-only, so every value is bounded before it is written:
/// control characters become U+FFFD and the text is cut at `limit` characters, saying how much was left out.
public enum AuditText {
    /// The most characters a value keeps in the audit log.
    public static let defaultLimit = 500

    public static func bounded(_ text: String, limit: Int = defaultLimit) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        var dropped = 0
        for scalar in text.unicodeScalars {
            if count >= limit { dropped += 1; continue }
            scalars.append(StoredText.isRefused(scalar) ? "\u{FFFD}" : scalar)
            count += 1
        }
        let kept = String(scalars)
        return dropped == 0 ? kept : kept + "… (\(dropped) more)"
    }
}
