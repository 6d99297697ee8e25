import Foundation
import CICACore

/// What the pages, the API and the command line do with accounts: the input checks, the hashing and the
/// repository, in one place.
public struct Accounts: Sendable {
    public let repository: any AccountRepository
    public let hasher: PasswordHasher
    public let sessionRules: SessionRules
    public let throttle: LoginThrottle

    public init(repository: any AccountRepository, hasher: PasswordHasher = PasswordHasher(), sessionRules: SessionRules = SessionRules(),
                throttle: LoginThrottle = LoginThrottle()) {
        self.repository = repository
        self.hasher = hasher
        self.sessionRules = sessionRules
        self.throttle = throttle
    }

    /// Creates an account after checking every field; all problems are reported at once.
    public func addUser(email: String, displayName: String, password: String, roles: [(RoleKind, String?)], actor: Actor) async throws -> UserAccount {
        var errors: [FieldError] = []
        var cleanEmail = ""
        var cleanName = ""
        do { cleanEmail = try AccountInput.email(email) } catch { errors += error.errors }
        do { cleanName = try AccountInput.displayName(displayName) } catch { errors += error.errors }
        do { try AccountInput.password(password) } catch { errors += error.errors }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return try await repository.createUser(email: cleanEmail, displayName: cleanName, passwordHash: try await hasher.hash(password),
                                               roles: roles, actor: actor)
    }

    /// The outcome of a sign-in attempt.
    public enum SignIn: Sendable, Equatable {
        /// Signed in: the session's secret goes into the cookie, the CSRF token into forms.
        case signedIn(user: UserAccount, sessionSecret: String, csrfToken: String)
        /// Wrong e-mail or password, or a disabled account (which is not told apart, so as not to reveal accounts).
        case refused
        /// Too many failures for this account from this address: try again after this many seconds.
        case throttled(retryAfter: Int)
    }

    public func signIn(email: String, password: String, address: String, now: Date, requestId: String?) async throws -> SignIn {
        let email = (try? AccountInput.email(email)) ?? email.trimmingCharacters(in: .whitespaces).lowercased()
        let failures = try await repository.loginFailures(email: email, address: address, since: now.addingTimeInterval(-throttle.window))
        if let retryAfter = throttle.retryAfter(failures: failures, now: now) {
            try await repository.recordLoginFailure(email: email, address: address, at: now,
                                                    actor: Actor(userId: nil, label: email, role: nil, requestId: requestId, address: address))
            return .throttled(retryAfter: retryAfter)
        }
        let found = try await repository.credentials(email: email)
        // Hash even when there is no such account, so that the answer takes as long either way.
        let verified = if let found { try await hasher.verify(password, against: found.passwordHash) } else { try await hasher.hash(password).isEmpty }
        guard let found, verified, !found.user.disabled else {
            try await repository.recordLoginFailure(email: email, address: address, at: now,
                                                    actor: Actor(userId: found?.user.id, label: email, role: nil, requestId: requestId, address: address))
            return .refused
        }
        let secret = Secret.make()
        let csrf = Secret.make()
        try await repository.createSession(userId: found.user.id, secretDigest: Secret.digest(secret), csrfToken: csrf, address: address, at: now,
                                           actor: Actor(userId: found.user.id, label: found.user.email, role: Self.roleLabel(found.user),
                                                        requestId: requestId, address: address))
        return .signedIn(user: found.user, sessionSecret: secret, csrfToken: csrf)
    }

    /// The session behind a cookie's secret, if it is still valid; a session past its time is ended.
    public func session(secret: String, now: Date) async throws -> StoredSession? {
        let digest = Secret.digest(secret)
        guard let session = try await repository.session(secretDigest: digest) else { return nil }
        guard !session.user.disabled, sessionRules.isValid(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) else {
            return nil
        }
        // Recording activity once a minute is enough for the idle timeout and spares the writer.
        if now.timeIntervalSince(session.lastSeenAt) > 60 { try await repository.touchSession(secretDigest: digest, at: now) }
        return session
    }

    public func signOut(secret: String, actor: Actor) async throws {
        try await repository.endSession(secretDigest: Secret.digest(secret), actor: actor)
    }

    public func changePassword(user: UserAccount, current: String, new: String, actor: Actor) async throws {
        guard let found = try await repository.credentials(email: user.email),
              try await hasher.verify(current, against: found.passwordHash) else {
            throw InvalidInput(field: "currentPassword", reason: "is not your current password.")
        }
        try AccountInput.password(new, field: "newPassword")
        try await repository.setPassword(userId: user.id, passwordHash: try await hasher.hash(new), actor: actor)
    }

    /// Issues an API token: the secret is returned once and only its digest is kept.
    public func issueToken(userId: String, name: String, expiresInDays: Int?, now: Date, actor: Actor) async throws -> (token: APIToken, secret: String) {
        var errors: [FieldError] = []
        var cleanName = ""
        var days: Int?
        do { cleanName = try AccountInput.tokenName(name) } catch { errors += error.errors }
        do { days = try AccountInput.expiryDays(expiresInDays) } catch { errors += error.errors }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        let secret = Secret.make(prefix: "cica_")
        let token = try await repository.createToken(userId: userId, name: cleanName, secretDigest: Secret.digest(secret),
                                                     prefix: String(secret.prefix(12)), expiresAt: days.map { now.addingTimeInterval(Double($0) * 86_400) },
                                                     at: now, actor: actor)
        return (token, secret)
    }

    /// The user a bearer token acts for, or why it does not.
    public enum TokenCheck: Sendable, Equatable {
        case valid(token: APIToken, user: UserAccount)
        case unknown, revoked, expired, accountDisabled
    }

    public func authenticate(bearer secret: String, now: Date) async throws -> TokenCheck {
        guard let (token, user) = try await repository.token(secretDigest: Secret.digest(secret)) else { return .unknown }
        if token.revokedAt != nil { return .revoked }
        if !token.isActive(at: now) { return .expired }
        if user.disabled { return .accountDisabled }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true { try await repository.touchToken(id: token.id, at: now) }
        return .valid(token: token, user: user)
    }

    /// The user's roles in words, for the audit log: "delegate of KZ, secretariat".
    public static func roleLabel(_ user: UserAccount) -> String? {
        user.roles.isEmpty ? nil : user.roles.map(\.description).joined(separator: ", ")
    }
}
