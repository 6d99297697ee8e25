import Foundation
import SQLKit
import CICACore

/// Why an account operation was refused; each names the field and what to do.
public enum AccountError: Error, Equatable, Sendable {
    case emailTaken(String)
    case noSuchUser(String)
    case role(RoleBindingError)
    case noSuchGrant(String)
    case noSuchToken(String)
    /// The last active administrator cannot be disabled or lose the role: nobody could manage accounts.
    case lastAdministrator
    /// The second factor is already on; turn it off (or have it reset) before setting up another app.
    case secondFactorAlreadyOn
    /// A code was sent to confirm an app, but no app is being set up in this session.
    case secondFactorNotStarted
    /// The second factor is not on, so there is nothing to renew or turn off.
    case secondFactorOff
    /// The account's roles need the second factor; it cannot be turned off.
    case secondFactorRequired
}

extension AccountError {
    /// What went wrong, for the pages, the API and the command line alike.
    public var message: Message {
        switch self {
        case .emailTaken(let email): Message("account.error.emailTaken", ["email": "\(email)"])
        case .noSuchUser(let id): Message("error.notFound", ["entity": .message(Message("entity.account")), "key": "\(id)"])
        case .noSuchGrant(let id): Message("error.notFound", ["entity": .message(Message("entity.role")), "key": "\(id)"])
        case .noSuchToken(let id): Message("error.notFound", ["entity": .message(Message("entity.token")), "key": "\(id)"])
        case .lastAdministrator: Message("account.error.lastAdministrator")
        case .secondFactorAlreadyOn: Message("error.secondFactor.alreadyOn")
        case .secondFactorNotStarted: Message("error.secondFactor.notStarted")
        case .secondFactorOff: Message("error.secondFactor.off")
        case .secondFactorRequired: Message("error.secondFactor.required")
        case .role(let error): error.message
        }
    }
}

/// A browser session as stored: who, since when, its CSRF token, and whether the second factor was given.
public struct StoredSession: Sendable, Equatable {
    public var user: UserAccount
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var secondFactor: Bool
    /// The secret of an app being set up on the account page in this session.
    public var enrolment: TOTP?
}

/// A session to open, with what opening it settles: the sign-in challenge it answers, the device it remembers.
public struct NewSession: Sendable, Equatable {
    public var userId: String
    public var secretDigest: String
    public var csrfToken: String
    public var address: String
    public var secondFactor: Bool
    public var at: Date
    /// The browser's device cookie, remembered as known to this account (its digest).
    public var deviceHash: String?
    /// The sign-in challenge this session answers, which ends with it (its digest).
    public var challengeHash: String?

    public init(userId: String, secretDigest: String, csrfToken: String, address: String, secondFactor: Bool, at: Date,
                deviceHash: String?, challengeHash: String?) {
        self.userId = userId
        self.secretDigest = secretDigest
        self.csrfToken = csrfToken
        self.address = address
        self.secondFactor = secondFactor
        self.at = at
        self.deviceHash = deviceHash
        self.challengeHash = challengeHash
    }
}

/// A person's authenticator secret, confirmed with a code from the app, and how far it has been used.
public struct StoredSecondFactor: Sendable, Equatable {
    public var totp: TOTP
    public var confirmedAt: Date
    public var lastStep: Int64?
    public var recoveryCodesLeft: Int
}

/// A sign-in that passed the password and waits for the second factor.
public struct SignInChallenge: Sendable, Equatable {
    public var userId: String
    public var createdAt: Date
    public var attempts: Int
    /// Where to go once signed in.
    public var next: String
    public var address: String
    /// The secret made for a person who must set up an app before this sign-in can finish.
    public var enrolment: TOTP?
}

/// What a password change ended besides the old password.
public struct PasswordChange: Sendable, Equatable {
    public var sessionsEnded: Int
    public var tokensRevoked: Int
}

/// Accounts, roles, sessions, API tokens and failed sign-ins. Every change is audited in its own transaction.
public protocol AccountRepository: Sendable {
    func createUser(email: String, displayName: String, passwordHash: String, roles: [(RoleKind, String?)], actor: Actor) async throws -> UserAccount
    func users() async throws -> [UserAccount]
    func user(id: String) async throws -> UserAccount?
    func user(email: String) async throws -> UserAccount?
    func count() async throws -> Int
    /// The user and their password hash, for signing in.
    func credentials(email: String) async throws -> (user: UserAccount, passwordHash: String)?
    func setDisabled(userId: String, _ disabled: Bool, actor: Actor) async throws -> UserAccount
    func grant(userId: String, kind: RoleKind, scope: String?, actor: Actor) async throws -> RoleGrant
    func revoke(userId: String, grantId: String, actor: Actor) async throws
    /// Sets a new password and ends every session but `keepingSession` (a digest), and revokes every active API token:
    /// whoever knew the old password is out.
    func setPassword(userId: String, passwordHash: String, keepingSession: String?, at: Date, actor: Actor) async throws -> PasswordChange

    /// Records a failed sign-in (or a wrong second-factor code); `deviceHash` is "" unless the browser is known to the account.
    func recordLoginFailure(email: String, address: String, deviceHash: String, at: Date, actor: Actor) async throws
    /// The failures the throttle weighs for an attempt, since `since`: the device's own when `deviceHash` is a device
    /// known to the account, otherwise those for the account and address, the address, and the account.
    func signInFailures(email: String, address: String, deviceHash: String?, since: Date) async throws -> SignInThrottle.Failures
    /// Opens a session; in the same transaction it ends the challenge it answers and remembers the device.
    func createSession(_ session: NewSession, actor: Actor) async throws
    func session(secretDigest: String) async throws -> StoredSession?
    func touchSession(secretDigest: String, at: Date) async throws
    func endSession(secretDigest: String, actor: Actor) async throws

    func createToken(userId: String, name: String, secretDigest: String, prefix: String, expiresAt: Date?, secondFactor: Bool, at: Date,
                     actor: Actor) async throws -> APIToken
    func tokens(userId: String) async throws -> [APIToken]
    func revokeToken(userId: String, tokenId: String, at: Date, actor: Actor) async throws
    /// The token with this digest and its user, whether or not it is still active.
    func token(secretDigest: String) async throws -> (token: APIToken, user: UserAccount)?
    func touchToken(id: String, at: Date) async throws

    /// The user's private calendar feed: when it was made, if there is one.
    func calendarFeed(userId: String) async throws -> Date?
    /// Replaces the user's feed with one whose secret has this digest (the old address stops working).
    func replaceCalendarFeed(userId: String, digest: String, at: Date, actor: Actor) async throws
    /// Revokes the user's feed; false when there was none.
    func revokeCalendarFeed(userId: String, at: Date, actor: Actor) async throws -> Bool
    /// The user whose feed's secret has this digest.
    func calendarFeedUser(digest: String) async throws -> UserAccount?

    func secondFactor(userId: String) async throws -> StoredSecondFactor?
    /// Keeps the secret of an app being set up with the session it is shown in (nil to forget it).
    func setEnrolment(_ totp: TOTP?, session digest: String) async throws
    /// Turns the second factor on with a secret confirmed at `step`, keeps the recovery codes' digests, and ends every
    /// session of the account but `keepingSession` (a digest), which counts from now on as having passed the second factor.
    /// Refused with `secondFactorAlreadyOn` when it is on.
    func enableSecondFactor(userId: String, totp: TOTP, step: Int64, recoveryCodeHashes: [String], keepingSession: String?,
                            at: Date, actor: Actor) async throws
    /// Accepts the code of `step` once: false when that step or a later one was used already.
    func useStep(userId: String, step: Int64) async throws -> Bool
    /// Uses one unused recovery code; false when there is none with this digest.
    func useRecoveryCode(userId: String, codeHash: String, at: Date, actor: Actor) async throws -> Bool
    func replaceRecoveryCodes(userId: String, hashes: [String], at: Date, actor: Actor) async throws
    /// Removes the second factor and its recovery codes; with `endSessions`, every session of the account ends too.
    func removeSecondFactor(userId: String, endSessions: Bool, at: Date, actor: Actor) async throws

    func createChallenge(digest: String, userId: String, next: String, address: String, enrolment: TOTP?, at: Date) async throws
    func challenge(digest: String) async throws -> SignInChallenge?
    /// Takes one attempt of the challenge, atomically: the challenge as it stands after, or nil when it is unknown, older
    /// than `since`, or has had `maximum` attempts already.
    func claimAttempt(challenge digest: String, maximum: Int, since: Date) async throws -> SignInChallenge?
    func endChallenge(digest: String) async throws
}

/// `AccountRepository` on SQLKit.
public struct SQLAccountRepository: AccountRepository {
    let database: Database
    /// The platform's clock, for accounts, grants and the accreditations they make (tests move it).
    let clock: @Sendable () -> Date
    init(database: Database, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.clock = clock
    }

    // MARK: users

    static func loadUsers(_ rows: [any SQLRow], sql: any SQLDatabase) async throws -> [UserAccount] {
        let ids = try rows.map { try $0.string("id") }
        var grants: [String: [RoleGrant]] = [:]
        if !ids.isEmpty {
            for row in try await sql.select().column("*").from("role_bindings").where("user_id", .in, SQLBind.group(ids))
                .orderBy("granted_at").orderBy("id").all() {
                let scope = try row.string("scope")
                guard let kind = RoleKind(rawValue: try row.string("kind")), let role = Role(kind: kind, scope: scope.isEmpty ? nil : scope) else {
                    throw CorruptRow(table: "role_bindings", column: "kind", value: try row.string("kind"))
                }
                grants[try row.string("user_id"), default: []].append(RoleGrant(id: try row.string("id"), role: role, grantedAt: try row.instant("granted_at")))
            }
        }
        return try rows.map { row in
            let id = try row.string("id")
            return UserAccount(id: id, email: try row.string("email"), displayName: try row.string("display_name"),
                               disabled: try row.bool("disabled"), createdAt: try row.instant("created_at"), grants: grants[id] ?? [])
        }
    }

    static func user(id: String, sql: any SQLDatabase) async throws -> UserAccount? {
        try await loadUsers(try await sql.select().column("*").from("users").where("id", .equal, id).all(), sql: sql).first
    }

    static func summary(_ user: UserAccount) -> String {
        "\(user.email) (\(user.displayName))\(user.disabled ? ", disabled" : "")"
            + (user.roles.isEmpty ? "" : "; roles: " + user.roles.map(\.description).joined(separator: ", "))
    }

    /// The role checked against the registry: delegates of Member States, observers of observers.
    static func validatedRole(_ kind: RoleKind, _ scope: String?, held: [Role], sql: any SQLDatabase) async throws -> Role {
        let members = Set(try await sql.select().column("code").from("member_states").all().map { try $0.string("code") })
        let observers = try await SQLMembershipRepository.observerIDs(sql)
        do {
            return try RoleBinding.validate(kind: kind, scope: scope, isMemberState: members.contains, isObserver: observers.contains, held: held)
        } catch {
            throw AccountError.role(error)
        }
    }

    static func insertGrant(_ role: Role, userId: String, actor: Actor, at: Date, sql: any SQLDatabase) async throws -> RoleGrant {
        let grant = RoleGrant(id: UUID().uuidString.lowercased(), role: role, grantedAt: at)
        try await sql.insert(into: "role_bindings").columns("id", "user_id", "kind", "scope", "granted_by", "granted_at")
            .values([Cell.text(grant.id), .text(userId), .text(role.kind.rawValue), .text(role.scope ?? ""), .text(actor.userId),
                     .text(Timestamp.string(at))].map(\.expression))
            .run()
        return grant
    }

    public func createUser(email: String, displayName: String, passwordHash: String, roles: [(RoleKind, String?)],
                           actor: Actor) async throws -> UserAccount {
        try await database.write { sql in
            if try await sql.select().column("id").from("users").where("email", .equal, email).first() != nil {
                throw AccountError.emailTaken(email)
            }
            let id = UUID().uuidString.lowercased()
            let now = clock()
            try await sql.insert(into: "users").columns("id", "email", "display_name", "password_hash", "disabled", "created_at", "sort_key")
                .values([Cell.text(id), .text(email), .text(displayName), .text(passwordHash), .bool(false), .text(Timestamp.string(now)),
                         .text(SortKey.byName(displayName, id: id))].map(\.expression))
                .run()
            var held: [Role] = []
            for (kind, scope) in roles {
                let role = try await Self.validatedRole(kind, scope, held: held, sql: sql)
                _ = try await Self.insertGrant(role, userId: id, actor: actor, at: now, sql: sql)
                if case .delegate(let state) = role {
                    try await DelegationStore.accreditOnGrant(userId: id, name: displayName, state: state, actor: actor, now: now, sql: sql)
                }
                held.append(role)
            }
            guard let user = try await Self.user(id: id, sql: sql) else { throw AccountError.noSuchUser(id) }
            try await AuditLog.append(sql, actor: actor, action: "user.create", entity: "user/\(id)", before: nil, after: Self.summary(user))
            return user
        }
    }

    public func users() async throws -> [UserAccount] {
        try await database.read { sql in
            try await Self.loadUsers(try await sql.select().column("*").from("users").orderBy("sort_key").all(), sql: sql)
        }
    }

    public func user(id: String) async throws -> UserAccount? {
        try await database.read { sql in try await Self.user(id: id, sql: sql) }
    }

    public func user(email: String) async throws -> UserAccount? {
        try await database.read { sql in
            try await Self.loadUsers(try await sql.select().column("*").from("users").where("email", .equal, email).all(), sql: sql).first
        }
    }

    public func count() async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users").first()?.int("n") ?? 0
        }
    }

    public func credentials(email: String) async throws -> (user: UserAccount, passwordHash: String)? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("users").where("email", .equal, email).first(),
                  let user = try await Self.loadUsers([row], sql: sql).first else { return nil }
            return (user, try row.string("password_hash"))
        }
    }

    /// Refuses a change that would leave no active administrator.
    static func keepAnAdministrator(excludingUser userId: String?, excludingGrant grantId: String?, sql: any SQLDatabase) async throws {
        let rows = try await sql.select().column(SQLColumn("id", table: "role_bindings")).column(SQLColumn("user_id", table: "role_bindings"))
            .from("role_bindings")
            .join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "role_bindings"))
            .where(SQLColumn("kind", table: "role_bindings"), .equal, SQLBind(RoleKind.administrator.rawValue))
            .where(SQLColumn("disabled", table: "users"), .equal, SQLBind(false))
            .all()
        let remaining = try rows.filter { row in
            try row.string("user_id") != userId && row.string("id") != grantId
        }
        if remaining.isEmpty && !rows.isEmpty { throw AccountError.lastAdministrator }
    }

    public func setDisabled(userId: String, _ disabled: Bool, actor: Actor) async throws -> UserAccount {
        try await database.write { sql in
            guard let before = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            if disabled { try await Self.keepAnAdministrator(excludingUser: userId, excludingGrant: nil, sql: sql) }
            try await sql.update("users").set("disabled", to: disabled).where("id", .equal, userId).run()
            if disabled {
                // A disabled account signs out everywhere and its tokens stop working.
                try await sql.delete(from: "sessions").where("user_id", .equal, userId).run()
            }
            guard let after = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            try await AuditLog.append(sql, actor: actor, action: disabled ? "user.disable" : "user.enable", entity: "user/\(userId)",
                                      before: Self.summary(before), after: Self.summary(after))
            return after
        }
    }

    public func grant(userId: String, kind: RoleKind, scope: String?, actor: Actor) async throws -> RoleGrant {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            let role = try await Self.validatedRole(kind, scope, held: user.roles, sql: sql)
            let now = clock()
            let grant = try await Self.insertGrant(role, userId: userId, actor: actor, at: now, sql: sql)
            if case .delegate(let state) = role {
                try await DelegationStore.accreditOnGrant(userId: userId, name: user.displayName, state: state, actor: actor, now: now, sql: sql)
            }
            try await AuditLog.append(sql, actor: actor, action: "role.grant", entity: "user/\(userId)",
                                      before: Self.summary(user), after: "\(user.email) granted \(role)")
            return grant
        }
    }

    public func revoke(userId: String, grantId: String, actor: Actor) async throws {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            guard let grant = user.grants.first(where: { $0.id == grantId }) else { throw AccountError.noSuchGrant(grantId) }
            if grant.role == .administrator, !user.disabled {
                try await Self.keepAnAdministrator(excludingUser: nil, excludingGrant: grantId, sql: sql)
            }
            try await sql.delete(from: "role_bindings").where("id", .equal, grantId).run()
            if case .delegate(let state) = grant.role {
                try await DelegationStore.withdrawOnRevoke(userId: userId, state: state, actor: actor, now: clock(), sql: sql)
            }
            try await AuditLog.append(sql, actor: actor, action: "role.revoke", entity: "user/\(userId)",
                                      before: Self.summary(user), after: "\(user.email) no longer \(grant.role)")
        }
    }

    public func setPassword(userId: String, passwordHash: String, keepingSession: String?, at: Date, actor: Actor) async throws -> PasswordChange {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            try await sql.update("users").set("password_hash", to: passwordHash).where("id", .equal, userId).run()
            let sessions = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("sessions").where("user_id", .equal, userId)
            let ending = sql.delete(from: "sessions").where("user_id", .equal, userId)
            if let keepingSession {
                sessions.where("id_hash", .notEqual, keepingSession)
                ending.where("id_hash", .notEqual, keepingSession)
            }
            let sessionsEnded = try await sessions.first()?.int("n") ?? 0
            try await ending.run()
            let active = try await sql.select().column("*").from("api_tokens").where("user_id", .equal, userId).where("revoked_at", .is, SQLLiteral.null)
                .all().map(Self.token).filter { $0.isActive(at: at) }
            if !active.isEmpty {
                try await sql.update("api_tokens").set("revoked_at", to: Timestamp.string(at)).where("id", .in, SQLBind.group(active.map(\.id))).run()
            }
            try await AuditLog.append(sql, actor: actor, action: "user.password", entity: "user/\(userId)", before: nil,
                                      after: "\(user.email): password changed; \(sessionsEnded) other session(s) ended, \(active.count) API token(s) revoked",
                                      at: at)
            return PasswordChange(sessionsEnded: sessionsEnded, tokensRevoked: active.count)
        }
    }

    // MARK: sign-in

    public func recordLoginFailure(email: String, address: String, deviceHash: String, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            // Failures older than a day weigh on nothing; the table keeps only what the throttle reads.
            try await sql.delete(from: "login_failures").where("at", .lessThan, Timestamp.string(at.addingTimeInterval(-86_400))).run()
            try await sql.insert(into: "login_failures").columns("id", "email", "address", "at", "device_hash")
                .values([Cell.text(UUID().uuidString.lowercased()), .text(email), .text(address), .text(Timestamp.string(at)),
                         .text(deviceHash)].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "login.failed", entity: "account/\(email)", before: nil,
                                      after: "failed sign-in from \(address)" + (deviceHash.isEmpty ? "" : " on a known device"), at: at)
        }
    }

    public func signInFailures(email: String, address: String, deviceHash: String?, since: Date) async throws -> SignInThrottle.Failures {
        try await database.read { sql in
            let from = Timestamp.string(since)
            func dates(_ query: SQLSelectBuilder) async throws -> [Date] {
                try await query.where("at", .greaterThanOrEqual, from).all().map { try $0.instant("at") }
            }
            if let deviceHash, !deviceHash.isEmpty,
               let userId = try await sql.select().column("id").from("users").where("email", .equal, email).first()?.string("id"),
               try await sql.select().column("device_hash").from("known_devices").where("device_hash", .equal, deviceHash)
                   .where("user_id", .equal, userId).first() != nil {
                return .knownDevice(try await dates(sql.select().column("at").from("login_failures").where("email", .equal, email)
                    .where("device_hash", .equal, deviceHash)))
            }
            return .unknownDevice(
                accountAndAddress: try await dates(sql.select().column("at").from("login_failures").where("email", .equal, email)
                    .where("address", .equal, address).where("device_hash", .equal, "")),
                address: try await dates(sql.select().column("at").from("login_failures").where("address", .equal, address)
                    .where("device_hash", .equal, "")),
                account: try await dates(sql.select().column("at").from("login_failures").where("email", .equal, email)
                    .where("device_hash", .equal, "")))
        }
    }

    public func createSession(_ new: NewSession, actor: Actor) async throws {
        try await database.write { sql in try await Self.open(new, actor: actor, sql: sql) }
    }

    static func open(_ new: NewSession, actor: Actor, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "sessions").columns("id_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "address", "second_factor")
            .values([Cell.text(new.secretDigest), .text(new.userId), .text(new.csrfToken), .text(Timestamp.string(new.at)),
                     .text(Timestamp.string(new.at)), .text(new.address), .bool(new.secondFactor)].map(\.expression))
            .run()
        if let challenge = new.challengeHash {
            try await sql.delete(from: "sign_in_challenges").where("id_hash", .equal, challenge).run()
        }
        if let device = new.deviceHash {
            try await sql.delete(from: "known_devices").where("device_hash", .equal, device).where("user_id", .equal, new.userId).run()
            try await sql.insert(into: "known_devices").columns("device_hash", "user_id", "created_at", "last_seen_at")
                .values([Cell.text(device), .text(new.userId), .text(Timestamp.string(new.at)), .text(Timestamp.string(new.at))].map(\.expression))
                .run()
        }
        try await AuditLog.append(sql, actor: actor, action: "login", entity: "user/\(new.userId)", before: nil,
                                  after: "signed in from \(new.address)" + (new.secondFactor ? " with the second factor" : ""), at: new.at)
    }

    public func session(secretDigest: String) async throws -> StoredSession? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("sessions").where("id_hash", .equal, secretDigest).first(),
                  let user = try await Self.user(id: try row.string("user_id"), sql: sql) else { return nil }
            return StoredSession(user: user, csrfToken: try row.string("csrf_token"), createdAt: try row.instant("created_at"),
                                 lastSeenAt: try row.instant("last_seen_at"), secondFactor: try row.bool("second_factor"),
                                 enrolment: try Self.optionalTOTP(row, "enrolment_secret", table: "sessions"))
        }
    }

    public func touchSession(secretDigest: String, at: Date) async throws {
        try await database.write { sql in
            try await sql.update("sessions").set("last_seen_at", to: Timestamp.string(at)).where("id_hash", .equal, secretDigest).run()
        }
    }

    public func endSession(secretDigest: String, actor: Actor) async throws {
        try await database.write { sql in
            guard let row = try await sql.select().column("user_id").from("sessions").where("id_hash", .equal, secretDigest).first() else { return }
            try await sql.delete(from: "sessions").where("id_hash", .equal, secretDigest).run()
            try await AuditLog.append(sql, actor: actor, action: "logout", entity: "user/\(try row.string("user_id"))", before: nil, after: "signed out")
        }
    }

    // MARK: API tokens

    static func token(_ row: any SQLRow) throws -> APIToken {
        APIToken(id: try row.string("id"), userId: try row.string("user_id"), name: try row.string("name"), prefix: try row.string("prefix"),
                 createdAt: try row.instant("created_at"), expiresAt: try row.optionalInstant("expires_at"),
                 revokedAt: try row.optionalInstant("revoked_at"), lastUsedAt: try row.optionalInstant("last_used_at"),
                 secondFactor: try row.bool("second_factor"))
    }

    public func createToken(userId: String, name: String, secretDigest: String, prefix: String, expiresAt: Date?, secondFactor: Bool, at: Date,
                            actor: Actor) async throws -> APIToken {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            let token = APIToken(id: UUID().uuidString.lowercased(), userId: userId, name: name, prefix: prefix, createdAt: at,
                                 expiresAt: expiresAt, revokedAt: nil, lastUsedAt: nil, secondFactor: secondFactor)
            try await sql.insert(into: "api_tokens").columns("id", "user_id", "name", "token_hash", "prefix", "created_at", "expires_at", "second_factor")
                .values([Cell.text(token.id), .text(userId), .text(name), .text(secretDigest), .text(prefix), .text(Timestamp.string(at)),
                         .text(expiresAt.map(Timestamp.string)), .bool(secondFactor)].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "token.create", entity: "token/\(token.id)", before: nil,
                                      after: "\(user.email): token “\(name)” \(prefix)…" + (expiresAt.map { ", expires \(Timestamp.string($0))" } ?? ""), at: at)
            return token
        }
    }

    public func tokens(userId: String) async throws -> [APIToken] {
        try await database.read { sql in
            try await sql.select().column("*").from("api_tokens").where("user_id", .equal, userId).orderBy("created_at", .descending).all()
                .map(Self.token)
        }
    }

    public func revokeToken(userId: String, tokenId: String, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            guard let row = try await sql.select().column("*").from("api_tokens").where("id", .equal, tokenId)
                .where("user_id", .equal, userId).first() else { throw AccountError.noSuchToken(tokenId) }
            let token = try Self.token(row)
            guard token.revokedAt == nil else { return }
            try await sql.update("api_tokens").set("revoked_at", to: Timestamp.string(at)).where("id", .equal, tokenId).run()
            try await AuditLog.append(sql, actor: actor, action: "token.revoke", entity: "token/\(tokenId)",
                                      before: "token “\(token.name)” \(token.prefix)… active", after: "revoked", at: at)
        }
    }

    public func calendarFeed(userId: String) async throws -> Date? {
        try await database.read { sql in
            try await sql.select().column("created_at").from("calendar_feeds").where("user_id", .equal, userId).first()
                .flatMap { Timestamp.date(try $0.string("created_at")) }
        }
    }

    public func replaceCalendarFeed(userId: String, digest: String, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            let existed = try await sql.delete(from: "calendar_feeds").where("user_id", .equal, userId).returning("user_id").all().isEmpty == false
            try await sql.insert(into: "calendar_feeds").columns("user_id", "digest", "created_at")
                .values(SQLBind(userId), SQLBind(digest), SQLBind(Timestamp.string(at))).run()
            try await AuditLog.append(sql, actor: actor, action: "calendar.feed", entity: "user/\(userId)",
                                      before: existed ? "private calendar feed" : nil, after: "new private calendar feed", at: at)
        }
    }

    public func revokeCalendarFeed(userId: String, at: Date, actor: Actor) async throws -> Bool {
        try await database.write { sql in
            let removed = try await sql.delete(from: "calendar_feeds").where("user_id", .equal, userId).returning("user_id").all()
            guard !removed.isEmpty else { return false }
            try await AuditLog.append(sql, actor: actor, action: "calendar.feed.revoke", entity: "user/\(userId)",
                                      before: "private calendar feed", after: "revoked", at: at)
            return true
        }
    }

    public func calendarFeedUser(digest: String) async throws -> UserAccount? {
        try await database.read { sql in
            guard let row = try await sql.select().column("user_id").from("calendar_feeds").where("digest", .equal, digest).first() else { return nil }
            return try await Self.user(id: try row.string("user_id"), sql: sql)
        }
    }

    public func token(secretDigest: String) async throws -> (token: APIToken, user: UserAccount)? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("api_tokens").where("token_hash", .equal, secretDigest).first() else { return nil }
            let token = try Self.token(row)
            guard let user = try await Self.user(id: token.userId, sql: sql) else { return nil }
            return (token, user)
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await database.write { sql in
            try await sql.update("api_tokens").set("last_used_at", to: Timestamp.string(at)).where("id", .equal, id).run()
        }
    }

    // MARK: second factor

    public func secondFactor(userId: String) async throws -> StoredSecondFactor? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("second_factors").where("user_id", .equal, userId).first() else { return nil }
            let left = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("recovery_codes")
                .where("user_id", .equal, userId).where("used_at", .is, SQLLiteral.null).first()?.int("n") ?? 0
            return StoredSecondFactor(totp: try Self.totp(row, "secret", table: "second_factors"), confirmedAt: try row.instant("confirmed_at"),
                                      lastStep: try row.decode(column: "last_step", as: Int64?.self), recoveryCodesLeft: left)
        }
    }

    static func totp(_ row: any SQLRow, _ column: String, table: String) throws -> TOTP {
        guard let secret = Base32.decode(try row.string(column)), !secret.isEmpty else { throw CorruptRow(table: table, column: column, value: "…") }
        return TOTP(secret: secret)
    }

    static func optionalTOTP(_ row: any SQLRow, _ column: String, table: String) throws -> TOTP? {
        try row.optionalString(column) == nil ? nil : try totp(row, column, table: table)
    }

    public func setEnrolment(_ totp: TOTP?, session digest: String) async throws {
        try await database.write { sql in
            try await sql.update("sessions").set("enrolment_secret", to: SQLBind(totp?.base32)).where("id_hash", .equal, digest).run()
        }
    }

    public func enableSecondFactor(userId: String, totp: TOTP, step: Int64, recoveryCodeHashes: [String], keepingSession: String?,
                                   at: Date, actor: Actor) async throws {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            guard try await sql.select().column("user_id").from("second_factors").where("user_id", .equal, userId).first() == nil else {
                throw AccountError.secondFactorAlreadyOn
            }
            try await sql.insert(into: "second_factors").columns("user_id", "secret", "confirmed_at", "last_step")
                .values([Cell.text(userId), .text(totp.base32), .text(Timestamp.string(at))].map(\.expression) + [SQLBind(step)])
                .run()
            try await Self.insertRecoveryCodes(recoveryCodeHashes, userId: userId, sql: sql)
            // The other sessions were opened with the password alone: they end.
            let ending = sql.delete(from: "sessions").where("user_id", .equal, userId)
            if let keepingSession { ending.where("id_hash", .notEqual, keepingSession) }
            try await ending.run()
            if let keepingSession {
                try await sql.update("sessions").set("second_factor", to: true).set("enrolment_secret", to: SQLLiteral.null)
                    .where("id_hash", .equal, keepingSession).where("user_id", .equal, userId).run()
            }
            try await AuditLog.append(sql, actor: actor, action: "secondFactor.enable", entity: "user/\(userId)", before: nil,
                                      after: "\(user.email): second factor on, \(recoveryCodeHashes.count) recovery codes issued, other sessions ended",
                                      at: at)
        }
    }

    static func insertRecoveryCodes(_ hashes: [String], userId: String, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "recovery_codes").where("user_id", .equal, userId).run()
        for hash in hashes {
            try await sql.insert(into: "recovery_codes").columns("id", "user_id", "code_hash")
                .values([Cell.text(UUID().uuidString.lowercased()), .text(userId), .text(hash)].map(\.expression))
                .run()
        }
    }

    public func useStep(userId: String, step: Int64) async throws -> Bool {
        try await database.write { sql in
            // One conditional update: of two requests with the same code, exactly one gets through.
            let rows = try await sql.update("second_factors").set("last_step", to: step)
                .where("user_id", .equal, userId)
                .where { $0.where("last_step", .is, SQLLiteral.null).orWhere("last_step", .lessThan, step) }
                .returning("user_id").all()
            return !rows.isEmpty
        }
    }

    public func useRecoveryCode(userId: String, codeHash: String, at: Date, actor: Actor) async throws -> Bool {
        try await database.write { sql in
            let rows = try await sql.update("recovery_codes").set("used_at", to: Timestamp.string(at))
                .where("user_id", .equal, userId).where("code_hash", .equal, codeHash).where("used_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            let left = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("recovery_codes")
                .where("user_id", .equal, userId).where("used_at", .is, SQLLiteral.null).first()?.int("n") ?? 0
            try await AuditLog.append(sql, actor: actor, action: "secondFactor.recoveryCode", entity: "user/\(userId)", before: nil,
                                      after: "a recovery code was used; \(left) left", at: at)
            return true
        }
    }

    public func replaceRecoveryCodes(userId: String, hashes: [String], at: Date, actor: Actor) async throws {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            try await Self.insertRecoveryCodes(hashes, userId: userId, sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "secondFactor.recoveryCodes", entity: "user/\(userId)", before: nil,
                                      after: "\(user.email): \(hashes.count) new recovery codes; the old ones no longer work", at: at)
        }
    }

    public func removeSecondFactor(userId: String, endSessions: Bool, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            try await sql.delete(from: "recovery_codes").where("user_id", .equal, userId).run()
            try await sql.delete(from: "second_factors").where("user_id", .equal, userId).run()
            try await sql.delete(from: "sign_in_challenges").where("user_id", .equal, userId).run()
            if endSessions { try await sql.delete(from: "sessions").where("user_id", .equal, userId).run() }
            try await AuditLog.append(sql, actor: actor, action: endSessions ? "secondFactor.reset" : "secondFactor.disable",
                                      entity: "user/\(userId)", before: "\(user.email): second factor on",
                                      after: endSessions ? "second factor reset; signed out everywhere; set up again at next sign-in" : "second factor off",
                                      at: at)
        }
    }

    // MARK: sign-in challenges

    public func createChallenge(digest: String, userId: String, next: String, address: String, enrolment: TOTP?, at: Date) async throws {
        try await database.write { sql in
            try await sql.delete(from: "sign_in_challenges")
                .where("created_at", .lessThan, Timestamp.string(at.addingTimeInterval(-SecondFactor.challengeLifetime))).run()
            try await sql.insert(into: "sign_in_challenges").columns("id_hash", "user_id", "created_at", "attempts", "next", "address", "enrolment_secret")
                .values([Cell.text(digest), .text(userId), .text(Timestamp.string(at)), .int(0), .text(next), .text(address),
                         .text(enrolment?.base32)].map(\.expression))
                .run()
        }
    }

    static func challenge(_ row: any SQLRow) throws -> SignInChallenge {
        SignInChallenge(userId: try row.string("user_id"), createdAt: try row.instant("created_at"), attempts: try row.int("attempts"),
                        next: try row.string("next"), address: try row.string("address"),
                        enrolment: try optionalTOTP(row, "enrolment_secret", table: "sign_in_challenges"))
    }

    public func challenge(digest: String) async throws -> SignInChallenge? {
        try await database.read { sql in
            try await sql.select().column("*").from("sign_in_challenges").where("id_hash", .equal, digest).first().map(Self.challenge)
        }
    }

    public func claimAttempt(challenge digest: String, maximum: Int, since: Date) async throws -> SignInChallenge? {
        try await database.write { sql in
            try await sql.update("sign_in_challenges").set("attempts", to: SQLRaw("attempts + 1"))
                .where("id_hash", .equal, digest).where("attempts", .lessThan, maximum)
                .where("created_at", .greaterThanOrEqual, Timestamp.string(since))
                .returning("*").first().map(Self.challenge)
        }
    }

    public func endChallenge(digest: String) async throws {
        try await database.write { sql in
            try await sql.delete(from: "sign_in_challenges").where("id_hash", .equal, digest).run()
        }
    }
}
