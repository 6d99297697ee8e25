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
}

/// A browser session as stored: who, since when, and its CSRF token.
public struct StoredSession: Sendable, Equatable {
    public var user: UserAccount
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
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
    func setPassword(userId: String, passwordHash: String, actor: Actor) async throws

    func recordLoginFailure(email: String, address: String, at: Date, actor: Actor) async throws
    func loginFailures(email: String, address: String, since: Date) async throws -> [Date]
    func createSession(userId: String, secretDigest: String, csrfToken: String, address: String?, at: Date, actor: Actor) async throws
    func session(secretDigest: String) async throws -> StoredSession?
    func touchSession(secretDigest: String, at: Date) async throws
    func endSession(secretDigest: String, actor: Actor) async throws

    func createToken(userId: String, name: String, secretDigest: String, prefix: String, expiresAt: Date?, at: Date, actor: Actor) async throws -> APIToken
    func tokens(userId: String) async throws -> [APIToken]
    func revokeToken(userId: String, tokenId: String, at: Date, actor: Actor) async throws
    /// The token with this digest and its user, whether or not it is still active.
    func token(secretDigest: String) async throws -> (token: APIToken, user: UserAccount)?
    func touchToken(id: String, at: Date) async throws
}

/// `AccountRepository` on SQLKit.
public struct SQLAccountRepository: AccountRepository {
    let database: Database
    public init(database: Database) { self.database = database }

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
        let observers = Set(try await sql.select().column("id").from("observers").all().map { try $0.string("id") })
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
            let now = Date()
            try await sql.insert(into: "users").columns("id", "email", "display_name", "password_hash", "disabled", "created_at", "sort_key")
                .values([Cell.text(id), .text(email), .text(displayName), .text(passwordHash), .bool(false), .text(Timestamp.string(now)),
                         .text(SortKey.byName(displayName, id: id))].map(\.expression))
                .run()
            var held: [Role] = []
            for (kind, scope) in roles {
                let role = try await Self.validatedRole(kind, scope, held: held, sql: sql)
                _ = try await Self.insertGrant(role, userId: id, actor: actor, at: now, sql: sql)
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
            let grant = try await Self.insertGrant(role, userId: userId, actor: actor, at: Date(), sql: sql)
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
            try await AuditLog.append(sql, actor: actor, action: "role.revoke", entity: "user/\(userId)",
                                      before: Self.summary(user), after: "\(user.email) no longer \(grant.role)")
        }
    }

    public func setPassword(userId: String, passwordHash: String, actor: Actor) async throws {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            try await sql.update("users").set("password_hash", to: passwordHash).where("id", .equal, userId).run()
            try await AuditLog.append(sql, actor: actor, action: "user.password", entity: "user/\(userId)",
                                      before: nil, after: "\(user.email): password changed")
        }
    }

    // MARK: sign-in

    public func recordLoginFailure(email: String, address: String, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            try await sql.insert(into: "login_failures").columns("id", "email", "address", "at")
                .values([Cell.text(UUID().uuidString.lowercased()), .text(email), .text(address), .text(Timestamp.string(at))].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "login.failed", entity: "account/\(email)", before: nil,
                                      after: "failed sign-in from \(address)", at: at)
        }
    }

    public func loginFailures(email: String, address: String, since: Date) async throws -> [Date] {
        try await database.read { sql in
            try await sql.select().column("at").from("login_failures").where("email", .equal, email).where("address", .equal, address)
                .where("at", .greaterThanOrEqual, Timestamp.string(since)).all().map { try $0.instant("at") }
        }
    }

    public func createSession(userId: String, secretDigest: String, csrfToken: String, address: String?, at: Date, actor: Actor) async throws {
        try await database.write { sql in
            try await sql.insert(into: "sessions").columns("id_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "address")
                .values([Cell.text(secretDigest), .text(userId), .text(csrfToken), .text(Timestamp.string(at)), .text(Timestamp.string(at)),
                         .text(address)].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "login", entity: "user/\(userId)", before: nil,
                                      after: "signed in from \(address ?? "unknown address")", at: at)
        }
    }

    public func session(secretDigest: String) async throws -> StoredSession? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("sessions").where("id_hash", .equal, secretDigest).first(),
                  let user = try await Self.user(id: try row.string("user_id"), sql: sql) else { return nil }
            return StoredSession(user: user, csrfToken: try row.string("csrf_token"), createdAt: try row.instant("created_at"),
                                 lastSeenAt: try row.instant("last_seen_at"))
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
                 revokedAt: try row.optionalInstant("revoked_at"), lastUsedAt: try row.optionalInstant("last_used_at"))
    }

    public func createToken(userId: String, name: String, secretDigest: String, prefix: String, expiresAt: Date?, at: Date,
                            actor: Actor) async throws -> APIToken {
        try await database.write { sql in
            guard let user = try await Self.user(id: userId, sql: sql) else { throw AccountError.noSuchUser(userId) }
            let token = APIToken(id: UUID().uuidString.lowercased(), userId: userId, name: name, prefix: prefix, createdAt: at,
                                 expiresAt: expiresAt, revokedAt: nil, lastUsedAt: nil)
            try await sql.insert(into: "api_tokens").columns("id", "user_id", "name", "token_hash", "prefix", "created_at", "expires_at")
                .values([Cell.text(token.id), .text(userId), .text(name), .text(secretDigest), .text(prefix), .text(Timestamp.string(at)),
                         .text(expiresAt.map(Timestamp.string))].map(\.expression))
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
}
