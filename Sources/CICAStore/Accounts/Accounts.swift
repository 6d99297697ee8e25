import Foundation
import CICACore

/// What the pages, the API and the command line do with accounts: the input checks, the hashing and the
/// repository, in one place.
public struct Accounts: Sendable {
    let repository: any AccountRepository
    public let hasher: PasswordHasher
    public let sessionRules: SessionRules
    public let throttle: SignInThrottle
    /// Bounds the Bcrypt work anonymous sign-ins can cause.
    public let gate: HashingGate

    init(repository: any AccountRepository, hasher: PasswordHasher = PasswordHasher(), sessionRules: SessionRules = SessionRules(),
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

    // MARK: accounts and roles

    public func users() async throws -> [UserAccount] { try await repository.users() }
    public func user(id: String) async throws -> UserAccount? { try await repository.user(id: id) }
    /// The account with this e-mail address, written any way (`KZ@Example.org`).
    public func user(email: String) async throws -> UserAccount? { try await repository.user(email: AccountInput.claimedEmail(email)) }
    public func count() async throws -> Int { try await repository.count() }

    public func setDisabled(userId: String, _ disabled: Bool, actor: Actor) async throws -> UserAccount {
        try await repository.setDisabled(userId: userId, disabled, actor: actor)
    }

    public func grant(userId: String, kind: RoleKind, scope: String?, actor: Actor) async throws -> RoleGrant {
        try await repository.grant(userId: userId, kind: kind, scope: scope, actor: actor)
    }

    public func revoke(userId: String, grantId: String, actor: Actor) async throws {
        try await repository.revoke(userId: userId, grantId: grantId, actor: actor)
    }

    public func tokens(userId: String) async throws -> [APIToken] { try await repository.tokens(userId: userId) }

    public func revokeToken(userId: String, tokenId: String, at: Date, actor: Actor) async throws {
        try await repository.revokeToken(userId: userId, tokenId: tokenId, at: at, actor: actor)
    }

    /// When the user's private calendar feed was made, if they have one.
    public func calendarFeed(userId: String) async throws -> Date? { try await repository.calendarFeed(userId: userId) }

    /// A new private calendar feed for the user: the secret for its address, shown once; the previous address stops working.
    public func newCalendarFeed(userId: String, at: Date, actor: Actor) async throws -> String {
        let secret = Secret.make(prefix: "cal_")
        try await repository.replaceCalendarFeed(userId: userId, digest: Secret.digest(secret), at: at, actor: actor)
        return secret
    }

    public func revokeCalendarFeed(userId: String, at: Date, actor: Actor) async throws -> Bool {
        try await repository.revokeCalendarFeed(userId: userId, at: at, actor: actor)
    }

    /// The user a feed's secret belongs to, while their account is enabled.
    public func calendarFeedUser(secret: String) async throws -> UserAccount? {
        guard let user = try await repository.calendarFeedUser(digest: Secret.digest(secret)), !user.disabled else { return nil }
        return user
    }

    /// The account's second factor, if it is on.
    public func secondFactor(userId: String) async throws -> StoredSecondFactor? { try await repository.secondFactor(userId: userId) }

    /// For a person who lost their phone and codes: removes the second factor and ends every session (the command line).
    public func resetSecondFactor(userId: String, at: Date, actor: Actor) async throws {
        guard try await repository.secondFactor(userId: userId) != nil else { throw AccountError.secondFactorOff }
        try await repository.removeSecondFactor(userId: userId, endSessions: true, at: at, actor: actor)
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

    /// Checks something a person typed to prove who they are (a password, a code) as signing in does: it waits when the
    /// throttle says so (`SignInThrottled`), and a wrong answer counts as a failed sign-in for the account and address
    /// (and for the browser, when the account knows it).
    func guarded(email: String, userId: String?, attempt: SignInAttempt, _ check: () async throws -> Bool) async throws -> Bool {
        let deviceHash = attempt.device.map(Secret.digest)
        let failures = try await repository.signInFailures(email: email, address: attempt.address, deviceHash: deviceHash,
                                                           since: attempt.now.addingTimeInterval(-throttle.window))
        if let wait = throttle.wait(failures, now: attempt.now) { throw SignInThrottled(wait: wait) }
        if try await check() { return true }
        let knownDevice = if case .knownDevice = failures { true } else { false }
        try await repository.recordLoginFailure(email: email, address: attempt.address, deviceHash: knownDevice ? deviceHash ?? "" : "", at: attempt.now,
                                                actor: Actor(userId: userId, label: email, role: nil, requestId: attempt.requestId, address: attempt.address))
        return false
    }

    /// Checks the password. `next` is where to go afterwards (already checked). Throws `HashingBusy` when too many
    /// passwords are being checked at once.
    public func signIn(email: String, password: String, attempt: SignInAttempt, next: String) async throws -> SignIn {
        let email = AccountInput.claimedEmail(email)
        let found = try await repository.credentials(email: email)
        let verified: Bool
        do {
            verified = try await guarded(email: email, userId: found?.user.id, attempt: attempt) {
                // Hash even when there is no such account, so that the answer takes as long either way.
                let right = try await gate.run(address: attempt.address) {
                    if let found { try await hasher.verify(password, against: found.passwordHash) } else { try await hasher.hash(password).isEmpty }
                }
                return right && found?.user.disabled == false
            }
        } catch let throttled as SignInThrottled {
            return .throttled(throttled.wait)
        }
        guard verified, let user = found?.user else { return .refused }
        let factor = try await repository.secondFactor(userId: user.id)
        if factor != nil || SecondFactor.isRequired(for: user.roles) {
            let challenge = Secret.make()
            try await repository.createChallenge(digest: Secret.digest(challenge), userId: user.id, next: next, address: attempt.address,
                                                 enrolment: factor == nil ? TOTP.makeSecret() : nil, at: attempt.now)
            return .secondFactor(challenge: challenge, enrolment: factor == nil)
        }
        return .signedIn(try await openSession(user, secondFactor: false, challenge: nil, next: next, attempt: attempt))
    }

    func newSession(_ user: UserAccount, secondFactor: Bool, challenge: String?, attempt: SignInAttempt) -> (NewSession, SignedIn) {
        let secret = Secret.make()
        let csrf = Secret.make()
        let deviceSecret = attempt.device ?? Secret.make()
        let session = NewSession(userId: user.id, secretDigest: Secret.digest(secret), csrfToken: csrf, address: attempt.address,
                                 secondFactor: secondFactor, at: attempt.now, deviceHash: Secret.digest(deviceSecret),
                                 challengeHash: challenge.map(Secret.digest))
        return (session, SignedIn(user: user, sessionSecret: secret, csrfToken: csrf, deviceSecret: deviceSecret, next: "", recoveryCodes: nil))
    }

    func openSession(_ user: UserAccount, secondFactor: Bool, challenge: String?, next: String, attempt: SignInAttempt) async throws -> SignedIn {
        var (session, signedIn) = newSession(user, secondFactor: secondFactor, challenge: challenge, attempt: attempt)
        try await repository.createSession(session, actor: Self.actor(user, attempt: attempt))
        signedIn.next = next
        return signedIn
    }

    static func actor(_ user: UserAccount, attempt: SignInAttempt) -> Actor {
        Actor(userId: user.id, label: user.email, role: roleLabel(user), requestId: attempt.requestId, address: attempt.address)
    }

    /// What the second step shows: the person, and for enrolment the secret to put into the app.
    public struct PendingSignIn: Sendable, Equatable {
        public var user: UserAccount
        public var next: String
        /// Set while the person still has to set up their app: the secret made for this sign-in.
        public var enrolment: TOTP?
    }

    /// The sign-in waiting behind a challenge cookie, if it is still current. Reading it changes nothing.
    public func pendingSignIn(challenge: String, now: Date) async throws -> PendingSignIn? {
        guard let pending = try await repository.challenge(digest: Secret.digest(challenge)),
              now.timeIntervalSince(pending.createdAt) < SecondFactor.challengeLifetime, pending.attempts < SecondFactor.attemptsPerChallenge,
              let user = try await repository.user(id: pending.userId), !user.disabled else { return nil }
        return PendingSignIn(user: user, next: pending.next, enrolment: pending.enrolment)
    }

    /// The outcome of the second step.
    public enum SecondStep: Sendable, Equatable {
        case signedIn(SignedIn)
        /// The code was not right; this many tries are left before the password must be given again.
        case wrongCode(attemptsLeft: Int)
        /// The challenge is unknown, past its five minutes, or used up: sign in again.
        case expired
        /// Too many failed sign-ins for the account: wait.
        case throttled(SignInThrottle.Wait)
    }

    /// Checks the code (or a recovery code) for a waiting sign-in and, when it is right, opens the session; at
    /// enrolment it also turns the second factor on and issues the recovery codes.
    ///
    /// Each answer first takes one of the challenge's five attempts, atomically, so that answers sent at once cannot
    /// try more than five codes between them.
    public func completeSignIn(challenge: String, answer typed: String, attempt: SignInAttempt) async throws -> SecondStep {
        let digest = Secret.digest(challenge)
        guard let pending = try await repository.claimAttempt(challenge: digest, maximum: SecondFactor.attemptsPerChallenge,
                                                               since: attempt.now.addingTimeInterval(-SecondFactor.challengeLifetime)),
              let user = try await repository.user(id: pending.userId), !user.disabled else { return .expired }
        let actor = Self.actor(user, attempt: attempt)
        var codes: [String]?
        let right: Bool
        do {
            right = try await guarded(email: user.email, userId: user.id, attempt: attempt) {
                if let enrolment = pending.enrolment {
                    guard case .totp(let code) = SecondFactor.read(typed), let step = enrolment.matchingStep(code, at: attempt.now, after: nil) else {
                        return false
                    }
                    let made = SecondFactor.makeRecoveryCodes()
                    codes = made
                    try await repository.enableSecondFactor(userId: user.id, totp: enrolment, step: step, recoveryCodeHashes: made.map(Self.recoveryDigest),
                                                            keepingSession: nil, at: attempt.now, actor: actor)
                    return true
                }
                guard let factor = try await repository.secondFactor(userId: user.id) else { return false }
                return try await accepts(typed, factor: factor, user: user, now: attempt.now, actor: actor)
            }
        } catch let throttled as SignInThrottled {
            return .throttled(throttled.wait)
        }
        if right {
            var signedIn = try await openSession(user, secondFactor: true, challenge: challenge, next: pending.next, attempt: attempt)
            signedIn.recoveryCodes = codes
            return .signedIn(signedIn)
        }
        guard pending.attempts < SecondFactor.attemptsPerChallenge else {
            try await repository.endChallenge(digest: digest)
            return .expired
        }
        return .wrongCode(attemptsLeft: SecondFactor.attemptsPerChallenge - pending.attempts)
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

    /// Starts setting up an authenticator app in this session: a new secret each time, kept with the session, so that
    /// nobody else (another session of the same account included) can know or replace the secret being confirmed.
    public func beginSecondFactor(user: UserAccount, session: String) async throws -> TOTP {
        guard try await repository.secondFactor(userId: user.id) == nil else { throw AccountError.secondFactorAlreadyOn }
        let totp = TOTP.makeSecret()
        try await repository.setEnrolment(totp, session: Secret.digest(session))
        return totp
    }

    /// The secret being set up in this session, if any.
    public func enrolment(session: String) async throws -> TOTP? {
        try await repository.session(secretDigest: Secret.digest(session))?.enrolment
    }

    /// Confirms the app set up in this session with a code from it, and returns the recovery codes to show once. Every
    /// other session of the account ends: they were opened with the password alone.
    public func confirmSecondFactor(user: UserAccount, code typed: String, session: String, attempt: SignInAttempt, actor: Actor) async throws -> [String] {
        guard try await repository.secondFactor(userId: user.id) == nil else { throw AccountError.secondFactorAlreadyOn }
        guard let enrolment = try await enrolment(session: session) else { throw AccountError.secondFactorNotStarted }
        var step: Int64?
        let right = try await guarded(email: user.email, userId: user.id, attempt: attempt) {
            guard case .totp(let code) = SecondFactor.read(typed) else { return false }
            step = enrolment.matchingStep(code, at: attempt.now, after: nil)
            return step != nil
        }
        guard right, let step else { throw InvalidInput(field: "code", reason: Message("reason.codeAppShowsNow")) }
        let codes = SecondFactor.makeRecoveryCodes()
        try await repository.enableSecondFactor(userId: user.id, totp: enrolment, step: step, recoveryCodeHashes: codes.map(Self.recoveryDigest),
                                                keepingSession: Secret.digest(session), at: attempt.now, actor: actor)
        return codes
    }

    /// A current code from the app, or an unused recovery code, checked as a sign-in is (throttled, failures counted).
    func proveSecondFactor(user: UserAccount, code typed: String, attempt: SignInAttempt, actor: Actor) async throws {
        guard let factor = try await repository.secondFactor(userId: user.id) else { throw AccountError.secondFactorOff }
        let right = try await guarded(email: user.email, userId: user.id, attempt: attempt) {
            try await accepts(typed, factor: factor, user: user, now: attempt.now, actor: actor)
        }
        guard right else { throw InvalidInput(field: "code", reason: Message("reason.currentCodeFromYour")) }
    }

    /// New recovery codes for someone who used or lost theirs; needs a current code.
    public func renewRecoveryCodes(user: UserAccount, code: String, attempt: SignInAttempt, actor: Actor) async throws -> [String] {
        try await proveSecondFactor(user: user, code: code, attempt: attempt, actor: actor)
        let codes = SecondFactor.makeRecoveryCodes()
        try await repository.replaceRecoveryCodes(userId: user.id, hashes: codes.map(Self.recoveryDigest), at: attempt.now, actor: actor)
        return codes
    }

    /// Turns the second factor off, for someone whose roles do not need it; needs a current code.
    public func disableSecondFactor(user: UserAccount, code: String, attempt: SignInAttempt, actor: Actor) async throws {
        guard !SecondFactor.isRequired(for: user.roles) else { throw AccountError.secondFactorRequired }
        try await proveSecondFactor(user: user, code: code, attempt: attempt, actor: actor)
        try await repository.removeSecondFactor(userId: user.id, endSessions: false, at: attempt.now, actor: actor)
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
    /// session the change was made in, stays). The current password is checked as a sign-in is: through the hashing
    /// gate, throttled, a wrong one counted as a failed sign-in.
    public func changePassword(user: UserAccount, current: String, new: String, keepingSession: String?, attempt: SignInAttempt,
                               actor: Actor) async throws -> PasswordChange {
        try AccountInput.password(new, field: "newPassword")
        let right = try await guarded(email: user.email, userId: user.id, attempt: attempt) {
            guard let found = try await repository.credentials(email: user.email) else { return false }
            return try await gate.run(address: attempt.address) { try await hasher.verify(current, against: found.passwordHash) }
        }
        guard right else { throw InvalidInput(field: "currentPassword", reason: Message("reason.yourCurrentPassword")) }
        return try await repository.setPassword(userId: user.id, passwordHash: try await hasher.hash(new),
                                                keepingSession: keepingSession.map(Secret.digest), at: attempt.now, actor: actor)
    }

    /// An operator or administrator sets someone's password: all their sessions end and their API tokens are revoked.
    public func resetPassword(userId: String, new: String, now: Date, actor: Actor) async throws -> PasswordChange {
        try AccountInput.password(new)
        return try await repository.setPassword(userId: userId, passwordHash: try await hasher.hash(new), keepingSession: nil, at: now, actor: actor)
    }

    /// Issues an API token: the secret is returned once and only its digest is kept. `secondFactor` says whether it was made
    /// by someone who passed the second factor (or by an operator at the command line); only such a token acts for roles
    /// that need the second factor.
    public func issueToken(userId: String, name: String, expiresInDays: Int?, secondFactor: Bool, now: Date,
                           actor: Actor) async throws -> (token: APIToken, secret: String) {
        var errors: [FieldError] = []
        var cleanName = ""
        var days: Int?
        do { cleanName = try AccountInput.tokenName(name) } catch { errors += error.errors }
        do { days = try AccountInput.expiryDays(expiresInDays) } catch { errors += error.errors }
        guard errors.isEmpty else { throw InvalidInput(errors) }
        let secret = Secret.make(prefix: "cica_")
        let token = try await repository.createToken(userId: userId, name: cleanName, secretDigest: Secret.digest(secret),
                                                     prefix: String(secret.prefix(12)), expiresAt: days.map { now.addingTimeInterval(Double($0) * 86_400) },
                                                     secondFactor: secondFactor, at: now, actor: actor)
        return (token, secret)
    }

    /// The user a bearer token acts for, or why it does not.
    public enum TokenCheck: Sendable, Equatable {
        case valid(token: APIToken, user: UserAccount)
        case unknown, revoked, expired, accountDisabled
        /// The account's roles need the second factor, and the token was made without it.
        case secondFactorMissing
    }

    public func authenticate(bearer secret: String, now: Date) async throws -> TokenCheck {
        guard let (token, user) = try await repository.token(secretDigest: Secret.digest(secret)) else { return .unknown }
        if token.revokedAt != nil { return .revoked }
        if !token.isActive(at: now) { return .expired }
        if user.disabled { return .accountDisabled }
        if SecondFactor.isRequired(for: user.roles), !token.secondFactor { return .secondFactorMissing }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true { try await repository.touchToken(id: token.id, at: now) }
        return .valid(token: token, user: user)
    }

    /// The user's roles in words, for the audit log: "delegate of KZ, secretariat".
    public static func roleLabel(_ user: UserAccount) -> String? {
        user.roles.isEmpty ? nil : user.roles.map(\.description).joined(separator: ", ")
    }
}

/// Who is trying to prove who they are, from where and when: what the throttle and the hashing gate weigh.
public struct SignInAttempt: Sendable, Equatable {
    public var address: String
    /// The browser's device cookie (sent to the sign-in pages only).
    public var device: String?
    public var now: Date
    public var requestId: String?

    public init(address: String, device: String? = nil, now: Date, requestId: String? = nil) {
        self.address = address
        self.device = device
        self.now = now
        self.requestId = requestId
    }
}

/// Too many failed attempts to prove who one is: wait as `wait` says.
public struct SignInThrottled: Error, Sendable, Equatable {
    public var wait: SignInThrottle.Wait
}
