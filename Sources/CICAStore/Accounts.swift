import Foundation
import CICACore

/// What the pages, the API and the command line do with accounts: the input checks, the hashing and the
/// repository, in one place.
public struct Accounts: Sendable {
    public let repository: any AccountRepository
    public let hasher: PasswordHasher
    public let sessionRules: SessionRules
    public let throttle: SignInThrottle
    /// Bounds the Bcrypt work anonymous sign-ins can cause.
    public let gate: HashingGate

    public init(repository: any AccountRepository, hasher: PasswordHasher = PasswordHasher(), sessionRules: SessionRules = SessionRules(),
                throttle: SignInThrottle = SignInThrottle(),
                gate: HashingGate = HashingGate(HashingAdmission(concurrent: ProcessInfo.processInfo.activeProcessorCount))) {
        self.repository = repository
        self.hasher = hasher
        self.sessionRules = sessionRules
        self.throttle = throttle
        self.gate = gate
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
        /// Signed in: the session's secret goes into the cookie, the CSRF token into forms, the device secret into the
        /// device cookie (a new one when the browser had none for this account).
        case signedIn(SignedIn)
        /// The password was right; the second factor is asked for next (or set up first, for a role that needs it).
        /// The challenge's secret goes into a short-lived cookie.
        case secondFactor(challenge: String, enrolment: Bool)
        /// Wrong e-mail or password, or a disabled account (which is not told apart, so as not to reveal accounts).
        case refused
        /// Too many failures: try again after this many seconds.
        case throttled(SignInThrottle.Wait)
    }

    /// A session just opened.
    public struct SignedIn: Sendable, Equatable {
        public var user: UserAccount
        public var sessionSecret: String
        public var csrfToken: String
        public var deviceSecret: String
        /// Where to go next (from the sign-in form's `next`).
        public var next: String
        /// Shown once, right after the second factor was set up.
        public var recoveryCodes: [String]?
    }

    /// Checks the password. `device` is the browser's device cookie; `next` where to go afterwards (already checked).
    /// Throws `HashingBusy` when too many passwords are being checked at once.
    public func signIn(email: String, password: String, address: String, device: String?, next: String, now: Date,
                       requestId: String?) async throws -> SignIn {
        let email = AccountInput.claimedEmail(email)
        let deviceHash = device.map(Secret.digest)
        let failures = try await repository.signInFailures(email: email, address: address, deviceHash: deviceHash,
                                                           since: now.addingTimeInterval(-throttle.window))
        if let wait = throttle.wait(failures, now: now) { return .throttled(wait) }
        let knownDevice = if case .knownDevice = failures { true } else { false }
        let found = try await repository.credentials(email: email)
        // Hash even when there is no such account, so that the answer takes as long either way.
        let verified = try await gate.run(address: address) {
            if let found { try await hasher.verify(password, against: found.passwordHash) } else { try await hasher.hash(password).isEmpty }
        }
        guard let found, verified, !found.user.disabled else {
            try await repository.recordLoginFailure(email: email, address: address, deviceHash: knownDevice ? deviceHash ?? "" : "", at: now,
                                                    actor: Actor(userId: found?.user.id, label: email, role: nil, requestId: requestId, address: address))
            return .refused
        }
        let user = found.user
        let factor = try await repository.secondFactor(userId: user.id)
        if factor?.isConfirmed == true || SecondFactor.isRequired(for: user.roles) {
            let challenge = Secret.make()
            try await repository.createChallenge(digest: Secret.digest(challenge), userId: user.id, next: next, address: address, at: now)
            return .secondFactor(challenge: challenge, enrolment: factor?.isConfirmed != true)
        }
        return .signedIn(try await openSession(user, address: address, device: device, secondFactor: false, challenge: nil, next: next, now: now,
                                               requestId: requestId))
    }

    func newSession(_ user: UserAccount, address: String, device: String?, secondFactor: Bool, challenge: String?, now: Date)
        -> (NewSession, SignedIn) {
        let secret = Secret.make()
        let csrf = Secret.make()
        let deviceSecret = device ?? Secret.make()
        let session = NewSession(userId: user.id, secretDigest: Secret.digest(secret), csrfToken: csrf, address: address, secondFactor: secondFactor,
                                 at: now, deviceHash: Secret.digest(deviceSecret), challengeHash: challenge.map(Secret.digest))
        return (session, SignedIn(user: user, sessionSecret: secret, csrfToken: csrf, deviceSecret: deviceSecret, next: "", recoveryCodes: nil))
    }

    func openSession(_ user: UserAccount, address: String, device: String?, secondFactor: Bool, challenge: String?, next: String, now: Date,
                     requestId: String?) async throws -> SignedIn {
        var (session, signedIn) = newSession(user, address: address, device: device, secondFactor: secondFactor, challenge: challenge, now: now)
        try await repository.createSession(session, actor: Self.actor(user, requestId: requestId, address: address))
        signedIn.next = next
        return signedIn
    }

    static func actor(_ user: UserAccount, requestId: String?, address: String?) -> Actor {
        Actor(userId: user.id, label: user.email, role: roleLabel(user), requestId: requestId, address: address)
    }

    /// What the second-factor step shows: the person, and for enrolment the secret to put into the app.
    public struct PendingSignIn: Sendable, Equatable {
        public var user: UserAccount
        public var next: String
        /// Set while the person still has to set up their app.
        public var enrolment: TOTP?
    }

    /// The sign-in waiting behind a challenge cookie, if it is still current; for enrolment, with the secret to show
    /// (made now if the person has none yet).
    public func pendingSignIn(challenge: String, now: Date, requestId: String?) async throws -> PendingSignIn? {
        guard let pending = try await repository.challenge(digest: Secret.digest(challenge)),
              now.timeIntervalSince(pending.createdAt) < SecondFactor.challengeLifetime,
              let user = try await repository.user(id: pending.userId), !user.disabled else { return nil }
        var factor = try await repository.secondFactor(userId: user.id)
        if factor == nil {
            try await repository.beginSecondFactor(userId: user.id, totp: TOTP.makeSecret(), at: now,
                                                   actor: Self.actor(user, requestId: requestId, address: pending.address))
            factor = try await repository.secondFactor(userId: user.id)
        }
        return PendingSignIn(user: user, next: pending.next, enrolment: factor?.isConfirmed == true ? nil : factor?.totp)
    }

    /// The outcome of the second-factor step.
    public enum SecondStep: Sendable, Equatable {
        case signedIn(SignedIn)
        /// The code was not right; this many tries are left before the password must be given again.
        case wrongCode(attemptsLeft: Int)
        /// The challenge is unknown, past its five minutes, or used up: sign in again.
        case expired
    }

    /// Checks the code (or a recovery code) for a waiting sign-in and, when it is right, opens the session; at
    /// enrolment it also confirms the app and issues the recovery codes.
    public func completeSignIn(challenge: String, answer typed: String, device: String?, address: String, now: Date,
                               requestId: String?) async throws -> SecondStep {
        let digest = Secret.digest(challenge)
        guard let pending = try await pendingSignIn(challenge: challenge, now: now, requestId: requestId),
              let factor = try await repository.secondFactor(userId: pending.user.id) else { return .expired }
        let user = pending.user
        let actor = Self.actor(user, requestId: requestId, address: address)
        if !factor.isConfirmed {
            if case .totp(let code) = SecondFactor.read(typed), let step = factor.totp.matchingStep(code, at: now, after: nil) {
                let codes = SecondFactor.makeRecoveryCodes()
                var (session, signedIn) = newSession(user, address: address, device: device, secondFactor: true, challenge: challenge, now: now)
                try await repository.confirmSecondFactor(userId: user.id, step: step, recoveryCodeHashes: codes.map(Self.recoveryDigest),
                                                         markSession: nil, session: session, at: now, actor: actor)
                signedIn.next = pending.next
                signedIn.recoveryCodes = codes
                return .signedIn(signedIn)
            }
        } else if try await accepts(typed, factor: factor, user: user, now: now, actor: actor) {
            return .signedIn(try await openSession(user, address: address, device: device, secondFactor: true, challenge: challenge,
                                                   next: pending.next, now: now, requestId: requestId))
        }
        // A wrong code counts as a failed sign-in too, so that the throttle sees guessing at this step.
        try await repository.recordLoginFailure(email: user.email, address: address, deviceHash: "", at: now, actor: actor)
        let attempts = try await repository.countFailedAttempt(challenge: digest)
        guard attempts < SecondFactor.attemptsPerChallenge else {
            try await repository.endChallenge(digest: digest)
            return .expired
        }
        return .wrongCode(attemptsLeft: SecondFactor.attemptsPerChallenge - attempts)
    }

    /// Whether `typed` is a current code from the app (never one used before) or an unused recovery code.
    func accepts(_ typed: String, factor: StoredSecondFactor, user: UserAccount, now: Date, actor: Actor) async throws -> Bool {
        switch SecondFactor.read(typed) {
        case .totp(let code):
            guard let step = factor.totp.matchingStep(code, at: now, after: factor.lastStep) else { return false }
            return try await repository.useStep(userId: user.id, step: step)
        case .recoveryCode(let code):
            return try await repository.useRecoveryCode(userId: user.id, codeHash: Self.recoveryDigest(code), at: now, actor: actor)
        case .unreadable:
            return false
        }
    }

    static func recoveryDigest(_ code: String) -> String { Secret.digest(SecondFactor.normalizedRecoveryCode(code)) }

    // MARK: the second factor from the account page

    /// Starts setting up an authenticator app (or shows the one being set up) for a signed-in user.
    public func beginSecondFactor(user: UserAccount, now: Date, actor: Actor) async throws -> TOTP {
        if let factor = try await repository.secondFactor(userId: user.id) {
            guard !factor.isConfirmed else { throw AccountError.secondFactorAlreadyOn }
            return factor.totp
        }
        let totp = TOTP.makeSecret()
        try await repository.beginSecondFactor(userId: user.id, totp: totp, at: now, actor: actor)
        return totp
    }

    /// Confirms the app with a code from it; the current session counts as having passed the second factor.
    /// Returns the recovery codes, to be shown once.
    public func confirmSecondFactor(user: UserAccount, code typed: String, session: String?, now: Date, actor: Actor) async throws -> [String] {
        guard let factor = try await repository.secondFactor(userId: user.id), !factor.isConfirmed else { throw AccountError.secondFactorAlreadyOn }
        guard case .totp(let code) = SecondFactor.read(typed), let step = factor.totp.matchingStep(code, at: now, after: nil) else {
            throw InvalidInput(field: "code", reason: "is not the code the app shows now; type the six digits it shows for this account.")
        }
        let codes = SecondFactor.makeRecoveryCodes()
        try await repository.confirmSecondFactor(userId: user.id, step: step, recoveryCodeHashes: codes.map(Self.recoveryDigest),
                                                 markSession: session.map(Secret.digest), session: nil, at: now, actor: actor)
        return codes
    }

    /// New recovery codes for someone who used or lost theirs; needs a current code.
    public func renewRecoveryCodes(user: UserAccount, code typed: String, now: Date, actor: Actor) async throws -> [String] {
        guard let factor = try await repository.secondFactor(userId: user.id), factor.isConfirmed else { throw AccountError.secondFactorOff }
        guard try await accepts(typed, factor: factor, user: user, now: now, actor: actor) else {
            throw InvalidInput(field: "code", reason: "is not a current code from your app nor an unused recovery code.")
        }
        let codes = SecondFactor.makeRecoveryCodes()
        try await repository.replaceRecoveryCodes(userId: user.id, hashes: codes.map(Self.recoveryDigest), at: now, actor: actor)
        return codes
    }

    /// Turns the second factor off, for someone whose roles do not need it; needs a current code.
    public func disableSecondFactor(user: UserAccount, code typed: String, now: Date, actor: Actor) async throws {
        guard !SecondFactor.isRequired(for: user.roles) else { throw AccountError.secondFactorRequired }
        guard let factor = try await repository.secondFactor(userId: user.id), factor.isConfirmed else { throw AccountError.secondFactorOff }
        guard try await accepts(typed, factor: factor, user: user, now: now, actor: actor) else {
            throw InvalidInput(field: "code", reason: "is not a current code from your app nor an unused recovery code.")
        }
        try await repository.removeSecondFactor(userId: user.id, endSessions: false, at: now, actor: actor)
    }

    /// The session behind a cookie's secret, if it is still valid. A session past its time is ended; so is one that
    /// has not passed the second factor while the account's roles need it (a role granted since sign-in, say).
    public func session(secret: String, now: Date) async throws -> StoredSession? {
        let digest = Secret.digest(secret)
        guard let session = try await repository.session(secretDigest: digest) else { return nil }
        guard !session.user.disabled, sessionRules.isValid(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now),
              session.secondFactor || !SecondFactor.isRequired(for: session.user.roles) else {
            return nil
        }
        // Recording activity once a minute is enough for the idle timeout and spares the writer.
        if now.timeIntervalSince(session.lastSeenAt) > 60 { try await repository.touchSession(secretDigest: digest, at: now) }
        return session
    }

    public func signOut(secret: String, actor: Actor) async throws {
        try await repository.endSession(secretDigest: Secret.digest(secret), actor: actor)
    }

    /// Changes one's own password; every other session ends and every API token is revoked (`keepingSession`, the
    /// session the change was made in, stays).
    public func changePassword(user: UserAccount, current: String, new: String, keepingSession: String?, now: Date,
                               actor: Actor) async throws -> PasswordChange {
        guard let found = try await repository.credentials(email: user.email),
              try await hasher.verify(current, against: found.passwordHash) else {
            throw InvalidInput(field: "currentPassword", reason: "is not your current password.")
        }
        try AccountInput.password(new, field: "newPassword")
        return try await repository.setPassword(userId: user.id, passwordHash: try await hasher.hash(new),
                                                keepingSession: keepingSession.map(Secret.digest), at: now, actor: actor)
    }

    /// An operator or administrator sets someone's password: all their sessions end and their API tokens are revoked.
    public func resetPassword(userId: String, new: String, now: Date, actor: Actor) async throws -> PasswordChange {
        try AccountInput.password(new)
        return try await repository.setPassword(userId: userId, passwordHash: try await hasher.hash(new), keepingSession: nil, at: now, actor: actor)
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
