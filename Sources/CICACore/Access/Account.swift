import Crypto
import Foundation

/// A role held by a user, as granted.
public struct RoleGrant: Sendable, Equatable {
    public var id: String
    public var role: Role
    public var grantedAt: Date

    public init(id: String, role: Role, grantedAt: Date) {
        self.id = id
        self.role = role
        self.grantedAt = grantedAt
    }
}

/// A person who signs in: delegates, Secretariat officers, observers, administrators.
public struct UserAccount: Sendable, Equatable {
    public var id: String
    /// Lower-case; unique.
    public var email: String
    public var displayName: String
    public var disabled: Bool
    public var createdAt: Date
    public var grants: [RoleGrant]

    public init(id: String, email: String, displayName: String, disabled: Bool, createdAt: Date, grants: [RoleGrant]) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.disabled = disabled
        self.createdAt = createdAt
        self.grants = grants
    }

    public var roles: [Role] { grants.map(\.role) }
    /// The user as the access policy sees them; a disabled account has no roles.
    public var principal: Principal { Principal(userId: id, roles: disabled ? [] : roles) }
}

/// An API token: a secret shown once, stored as its hash, acting with its user's roles.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var userId: String
    public var name: String
    /// The first characters of the secret, to recognise it in a list.
    public var prefix: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    /// Made by someone who had passed the second factor, or by an operator: only such a token acts for roles that need it.
    public var secondFactor: Bool

    public init(id: String, userId: String, name: String, prefix: String, createdAt: Date, expiresAt: Date?, revokedAt: Date?, lastUsedAt: Date?,
                secondFactor: Bool = false) {
        self.id = id
        self.userId = userId
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.secondFactor = secondFactor
    }

    /// Usable at `now`: not revoked and not expired.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

/// Random secrets (session ids, API tokens, CSRF tokens) and how they are stored.
public enum Secret {
    /// 32 random bytes as base64url text (43 characters), with an optional readable prefix.
    public static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the database keeps of a secret: its SHA-256, hex. A stolen table reveals no usable secret.
    public static func digest(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// How long a browser session lasts.
public struct SessionRules: Sendable, Equatable {
    /// A session unused this long ends.
    public var idle: TimeInterval
    /// A session ends this long after sign-in, however active.
    public var absolute: TimeInterval

    public init(idle: TimeInterval = 60 * 60, absolute: TimeInterval = 12 * 60 * 60) {
        self.idle = idle
        self.absolute = absolute
    }

    public func isValid(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idle && now.timeIntervalSince(createdAt) < absolute
    }
}

/// What accounts accept as input.
public enum AccountInput {
    /// A trimmed, lower-case e-mail address with one @ and a dot in the domain.
    public static func email(_ text: String) throws(InvalidInput) -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.count <= 254, !email.contains(where: \.isWhitespace) else {
            throw InvalidInput(field: "email", reason: Message("reason.eMailAddressWrite"))
        }
        return email
    }

    /// The e-mail a sign-in claims, as the failure log and the throttle keep it: the address when it reads as one,
    /// otherwise its first 64 characters (control characters replaced) and how long it was, never the whole text.
    public static func claimedEmail(_ text: String) -> String {
        if let email = try? email(text) { return email }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let kept = AuditText.bounded(String(trimmed.prefix(64)), limit: 64)
        return trimmed.count > 64 ? "\(kept)… (\(trimmed.utf8.count) bytes)" : kept
    }

    public static func displayName(_ text: String) throws(InvalidInput) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maximumNameLength).contains(name.count) else {
            throw InvalidInput(field: "name", reason: Message("reason.mustBetweenCharacters", ["maximumNameLength": "\(maximumNameLength)"]))
        }
        if let problem = StoredText.nameProblem(field: "name", value: name) { throw InvalidInput([problem]) }
        return name
    }

    public static let minimumPasswordLength = 12
    /// The longest name a person may go by here.
    public static let maximumNameLength = 120
    /// The longest name an API token may have.
    public static let maximumTokenNameLength = 80

    /// A password long enough to resist guessing; its content is the user's choice.
    public static func password(_ text: String, field: String = "password") throws(InvalidInput) {
        guard text.count >= minimumPasswordLength else {
            throw InvalidInput(field: field, reason: Message("reason.mustAtLeastCharacters", ["minimumPasswordLength": "\(minimumPasswordLength)"]))
        }
        guard text.utf8.count <= 72 else {
            throw InvalidInput(field: field, reason: Message("reason.mustAtMostBytes"))
        }
    }

    public static func tokenName(_ text: String) throws(InvalidInput) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maximumTokenNameLength).contains(name.count) else {
            throw InvalidInput(field: "name", reason: Message("reason.mustBetweenCharactersE", ["maximumTokenNameLength": "\(maximumTokenNameLength)"]))
        }
        if let problem = StoredText.nameProblem(field: "name", value: name) { throw InvalidInput([problem]) }
        return name
    }

    /// Days until a token expires: 1 to 3650, or none.
    public static func expiryDays(_ days: Int?) throws(InvalidInput) -> Int? {
        guard let days else { return nil }
        guard (1...3650).contains(days) else {
            throw InvalidInput(field: "expiresInDays", reason: Message("reason.mustBetweenDaysEmpty"))
        }
        return days
    }
}
