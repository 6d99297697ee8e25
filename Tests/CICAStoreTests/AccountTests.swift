import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

@Suite("Accounts")
struct AccountTests {
    static let actor = Actor.commandLine(user: "test")
    static let password = "correct horse battery staple"

    static func accounts(_ database: Database) -> Accounts {
        Accounts(repository: SQLAccountRepository(database: database), hasher: PasswordHasher(cost: 4))
    }

    /// The audit log's actions, oldest first, without the seeding of the test database.
    static func auditActions(_ database: Database) async throws -> [String] {
        try await SQLAuditRepository(database: database).entries(AuditFilter(), page: PageRequest(limit: 200)).items.map(\.action).reversed()
            .filter { $0 != "dataset.seed" }
    }

    @Test("an account with roles; every field checked; the write audited with its actor", arguments: TestEngine.all)
    func create(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let user = try await accounts.addUser(email: " Delegate@Example.ORG ", displayName: "KZ delegate", password: Self.password,
                                                  roles: [(.delegate, "kz")], actor: Self.actor)
            #expect(user.email == "delegate@example.org")
            #expect(user.roles == [.delegate(state: "KZ")])
            let entries = try await SQLAuditRepository(database: database).entries(AuditFilter(entity: "user/\(user.id)"), page: PageRequest())
            #expect(entries.items.first?.action == "user.create")
            #expect(entries.items.first?.actor == "command line (test)")
            #expect(entries.items.first?.after?.contains("delegate of KZ") == true)

            do {
                _ = try await accounts.addUser(email: "nope", displayName: "", password: "short", roles: [], actor: Self.actor)
                Issue.record("accepted")
            } catch let invalid as InvalidInput {
                #expect(invalid.errors.map(\.field) == ["email", "name", "password"])
            }
            await #expect(throws: AccountError.emailTaken("delegate@example.org")) {
                try await accounts.addUser(email: "delegate@example.org", displayName: "x", password: Self.password, roles: [], actor: Self.actor)
            }
        }
    }

    @Test("a delegate of a state that is not a Member State is refused, and nothing is written", arguments: TestEngine.all)
    func refusedRole(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            await #expect(throws: AccountError.role(.notAMemberState("BR"))) {
                try await accounts.addUser(email: "br@example.org", displayName: "BR", password: Self.password, roles: [(.delegate, "BR")], actor: Self.actor)
            }
            #expect(try await accounts.repository.count() == 0)
            #expect(try await Self.auditActions(database).isEmpty)
            let japan = try await accounts.addUser(email: "jp@example.org", displayName: "JP", password: Self.password, roles: [(.observer, "jp")], actor: Self.actor)
            await #expect(throws: AccountError.role(.notAMemberState("JP"))) {
                try await accounts.repository.grant(userId: japan.id, kind: .delegate, scope: "JP", actor: Self.actor)
            }
            await #expect(throws: AccountError.role(.alreadyHeld(.observer(observer: "JP")))) {
                try await accounts.repository.grant(userId: japan.id, kind: .observer, scope: "JP", actor: Self.actor)
            }
        }
    }

    @Test("the last administrator can be neither disabled nor stripped of the role", arguments: TestEngine.all)
    func lastAdministrator(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let admin = try await accounts.addUser(email: "a@example.org", displayName: "A", password: Self.password, roles: [(.administrator, nil)], actor: Self.actor)
            await #expect(throws: AccountError.lastAdministrator) { try await accounts.repository.setDisabled(userId: admin.id, true, actor: Self.actor) }
            await #expect(throws: AccountError.lastAdministrator) {
                try await accounts.repository.revoke(userId: admin.id, grantId: admin.grants[0].id, actor: Self.actor)
            }
            let second = try await accounts.addUser(email: "b@example.org", displayName: "B", password: Self.password, roles: [(.administrator, nil)], actor: Self.actor)
            #expect(try await accounts.repository.setDisabled(userId: admin.id, true, actor: Self.actor).disabled)
            await #expect(throws: AccountError.lastAdministrator) {
                try await accounts.repository.revoke(userId: second.id, grantId: second.grants[0].id, actor: Self.actor)
            }
        }
    }

    /// Signs in with the test password (or `password`) from `address`, with the browser's device cookie if any.
    static func signIn(_ accounts: Accounts, _ email: String, password: String = Self.password, address: String = "192.0.2.1",
                       device: String? = nil, at now: Date) async throws -> Accounts.SignIn {
        try await accounts.signIn(email: email, password: password, attempt: SignInAttempt(address: address, device: device, now: now), next: "/account")
    }

    @Test("sign-in: the right password opens a session and remembers the browser; five failures for one account and address make it wait",
          arguments: TestEngine.all)
    func signIn(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            _ = try await accounts.addUser(email: "kz@example.org", displayName: "KZ", password: Self.password, roles: [(.delegate, "KZ")], actor: Self.actor)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            guard case .signedIn(let first) = try await Self.signIn(accounts, "KZ@example.org", at: start) else { Issue.record("refused"); return }
            #expect(try await accounts.session(secret: first.sessionSecret, now: start.addingTimeInterval(60))?.user.id == first.user.id)
            #expect(try await accounts.session(secret: "forged", now: start) == nil)
            #expect(first.next == "/account" && !first.deviceSecret.isEmpty)
            for attempt in 0..<5 {
                #expect(try await Self.signIn(accounts, "kz@example.org", password: "wrong password!", at: start.addingTimeInterval(Double(attempt))) == .refused)
            }
            // The sixth attempt waits a minute after the latest failure, even with the right password…
            #expect(try await Self.signIn(accounts, "kz@example.org", at: start.addingTimeInterval(10)) == .throttled(.init(seconds: 54, reason: .accountAndAddress)))
            // …and waiting attempts are not failures: they neither renew nor lengthen the wait.
            #expect(try await Self.signIn(accounts, "kz@example.org", at: start.addingTimeInterval(30)) == .throttled(.init(seconds: 34, reason: .accountAndAddress)))
            guard case .signedIn = try await Self.signIn(accounts, "kz@example.org", at: start.addingTimeInterval(65)) else { Issue.record("still waiting"); return }
            // Another address is not held back; neither is the browser that signed in before, from the same address.
            guard case .signedIn = try await Self.signIn(accounts, "kz@example.org", address: "198.51.100.1", at: start.addingTimeInterval(10)) else {
                Issue.record("other address throttled"); return
            }
            guard case .signedIn = try await Self.signIn(accounts, "kz@example.org", device: first.deviceSecret, at: start.addingTimeInterval(10)) else {
                Issue.record("known browser throttled"); return
            }
            let actions = try await Self.auditActions(database)
            #expect(actions.filter { $0 == "login.failed" }.count == 5)
            #expect(actions.filter { $0 == "login" }.count == 4)
        }
    }

    @Test("each failure past the threshold doubles the wait; a known browser counts only its own failures", arguments: TestEngine.all)
    func backOff(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            _ = try await accounts.addUser(email: "kz@example.org", displayName: "KZ", password: Self.password, roles: [(.delegate, "KZ")], actor: Self.actor)
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            guard case .signedIn(let mine) = try await Self.signIn(accounts, "kz@example.org", at: t0) else { Issue.record("refused"); return }
            var t = t0
            // Someone at the same address guesses: 5 failures, then one each time the wait is over.
            for _ in 0..<5 {
                t += 1
                #expect(try await Self.signIn(accounts, "kz@example.org", password: "a guess at it", at: t) == .refused)
            }
            for expected in [60, 120, 240] {
                guard case .throttled(let wait) = try await Self.signIn(accounts, "kz@example.org", password: "a guess at it", at: t) else {
                    Issue.record("not throttled"); return
                }
                #expect(wait.seconds == expected)
                t += Double(expected)
                #expect(try await Self.signIn(accounts, "kz@example.org", password: "a guess at it", at: t) == .refused)
            }
            // The delegate's own browser, behind the same address, is not held back by any of it.
            guard case .signedIn = try await Self.signIn(accounts, "kz@example.org", device: mine.deviceSecret, at: t + 1) else {
                Issue.record("the owner was locked out by someone else's failures"); return
            }
            // A device cookie of another account (or a made-up one) is an unknown device.
            guard case .throttled = try await Self.signIn(accounts, "kz@example.org", device: "made-up", at: t + 1) else {
                Issue.record("a made-up device was trusted"); return
            }
        }
    }

    @Test("password spraying: failures from one address across accounts are counted, and slowed", arguments: TestEngine.all)
    func spraying(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            var outcomes: [Accounts.SignIn] = []
            for n in 0..<12 {
                _ = try await accounts.addUser(email: "d\(n)@example.org", displayName: "D\(n)", password: Self.password, roles: [], actor: Self.actor)
                outcomes.append(try await Self.signIn(accounts, "d\(n)@example.org", password: "Spring2026!!", address: "203.0.113.5",
                                                      at: t0.addingTimeInterval(Double(n))))
            }
            #expect(outcomes.prefix(10).allSatisfy { $0 == .refused })
            #expect(outcomes.suffix(2).allSatisfy { if case .throttled(let wait) = $0 { wait.reason == .address } else { false } })
            // Another address is not affected.
            guard case .signedIn = try await Self.signIn(accounts, "d0@example.org", address: "198.51.100.9", at: t0.addingTimeInterval(20)) else {
                Issue.record("another address was throttled"); return
            }
        }
    }

    @Test("a failed sign-in with a huge e-mail keeps a bounded trace in the failures and the audit log", arguments: TestEngine.all)
    func boundedFailure(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let huge = String(repeating: "x", count: 900_000) + "@example.org"
            #expect(try await Self.signIn(accounts, huge, password: "whatever it is", at: Date()) == .refused)
            let entry = try #require(try await SQLAuditRepository(database: database).entries(AuditFilter(action: "login.failed"), page: PageRequest()).items.first)
            #expect(entry.actor.utf8.count < 400 && entry.entity.utf8.count < 400)
            #expect(entry.actor.hasPrefix("xxxx") && entry.actor.contains("900012 bytes"))
            let stored = try await database.read { sql in
                try await sql.select().column("email").from("login_failures").first()?.decode(column: "email", as: String.self)
            }
            #expect((stored?.utf8.count ?? .max) < 200)
        }
    }

    @Test("changing a password ends every other session and revokes the API tokens; an operator's reset ends them all", arguments: TestEngine.all)
    func passwordChange(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let user = try await accounts.addUser(email: "kz@example.org", displayName: "KZ", password: Self.password, roles: [(.delegate, "KZ")], actor: Self.actor)
            let now = Date()
            guard case .signedIn(let here) = try await Self.signIn(accounts, "kz@example.org", at: now),
                  case .signedIn(let elsewhere) = try await Self.signIn(accounts, "kz@example.org", address: "198.51.100.2", at: now) else {
                Issue.record("refused"); return
            }
            let token = try await accounts.issueToken(userId: user.id, name: "script", expiresInDays: nil, secondFactor: false, now: now, actor: Self.actor)
            let change = try await accounts.changePassword(user: user, current: Self.password, new: "a brand new passphrase", keepingSession: here.sessionSecret,
                                                           attempt: SignInAttempt(address: "192.0.2.1", now: now), actor: Self.actor)
            #expect(change == PasswordChange(sessionsEnded: 1, tokensRevoked: 1))
            #expect(try await accounts.session(secret: here.sessionSecret, now: now) != nil)
            #expect(try await accounts.session(secret: elsewhere.sessionSecret, now: now) == nil)
            #expect(try await accounts.authenticate(bearer: token.secret, now: now) == .revoked)
            let reset = try await accounts.resetPassword(userId: user.id, new: "an operator's passphrase", now: now, actor: Self.actor)
            #expect(reset == PasswordChange(sessionsEnded: 1, tokensRevoked: 0))
            #expect(try await accounts.session(secret: here.sessionSecret, now: now) == nil)
            #expect(try await Self.auditActions(database).filter { $0 == "user.password" }.count == 2)
        }
    }

    @Test("sessions end when idle, at their absolute limit, and when the account is disabled", arguments: TestEngine.all)
    func sessionExpiry(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Accounts(repository: SQLAccountRepository(database: database), hasher: PasswordHasher(cost: 4),
                                    sessionRules: SessionRules(idle: 3600, absolute: 4 * 3600))
            let user = try await accounts.addUser(email: "s@example.org", displayName: "S", password: Self.password, roles: [(.delegate, "KZ")], actor: Self.actor)
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            guard case .signedIn(let first) = try await Self.signIn(accounts, "s@example.org", at: t0) else { Issue.record("refused"); return }
            // Active every 50 minutes: the idle limit never bites, the absolute one does.
            for step in 1...4 {
                #expect(try await accounts.session(secret: first.sessionSecret, now: t0.addingTimeInterval(Double(step) * 3000)) != nil, "step \(step)")
            }
            #expect(try await accounts.session(secret: first.sessionSecret, now: t0.addingTimeInterval(4 * 3600 + 1)) == nil)
            guard case .signedIn(let idle) = try await Self.signIn(accounts, "s@example.org", at: t0) else { return }
            #expect(try await accounts.session(secret: idle.sessionSecret, now: t0.addingTimeInterval(3601)) == nil)
            guard case .signedIn(let third) = try await Self.signIn(accounts, "s@example.org", at: t0) else { return }
            _ = try await accounts.repository.setDisabled(userId: user.id, true, actor: Self.actor)
            #expect(try await accounts.session(secret: third.sessionSecret, now: t0.addingTimeInterval(1)) == nil)
            #expect(try await Self.signIn(accounts, "s@example.org", address: "192.0.2.9", at: t0) == .refused)
        }
    }

    @Test("API tokens: shown once, stored hashed, revocable, expiring", arguments: TestEngine.all)
    func tokens(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            let user = try await accounts.addUser(email: "t@example.org", displayName: "T", password: Self.password, roles: [(.secretariat, nil)], actor: Self.actor)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let (token, secret) = try await accounts.issueToken(userId: user.id, name: "reporting", expiresInDays: 30, secondFactor: true, now: now, actor: Self.actor)
            #expect(secret.hasPrefix("cica_") && secret.hasPrefix(token.prefix))
            let stored = try await database.read { sql in
                try await sql.select().column("token_hash").from("api_tokens").first()?.decode(column: "token_hash", as: String.self)
            }
            #expect(stored == Secret.digest(secret) && stored != secret)
            #expect(try await accounts.authenticate(bearer: secret, now: now) == .valid(token: token, user: user))
            #expect(try await accounts.authenticate(bearer: secret, now: now.addingTimeInterval(31 * 86_400)) == .expired)
            #expect(try await accounts.authenticate(bearer: "cica_nonsense", now: now) == .unknown)
            try await accounts.repository.revokeToken(userId: user.id, tokenId: token.id, at: now, actor: Self.actor)
            #expect(try await accounts.authenticate(bearer: secret, now: now) == .revoked)
            await #expect(throws: InvalidInput.self) {
                try await accounts.issueToken(userId: user.id, name: "", expiresInDays: 0, secondFactor: true, now: now, actor: Self.actor)
            }
            await #expect(throws: InvalidInput.self) {
                try await accounts.issueToken(userId: user.id, name: "admin\u{202E}tpircs", expiresInDays: nil, secondFactor: true, now: now, actor: Self.actor)
            }
            // A token made without the second factor does not act for a role that needs it.
            let unvouched = try await accounts.issueToken(userId: user.id, name: "from a session without it", expiresInDays: nil, secondFactor: false,
                                                          now: now, actor: Self.actor)
            #expect(try await accounts.authenticate(bearer: unvouched.secret, now: now) == .secondFactorMissing)
            #expect(try await Self.auditActions(database).suffix(3) == ["token.create", "token.revoke", "token.create"])
        }
    }

    @Test("the audit log is append-only in the database", arguments: TestEngine.all)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            _ = try await Self.accounts(database).addUser(email: "a@example.org", displayName: "A", password: Self.password, roles: [], actor: Self.actor)
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.update("audit_log").set("actor", to: "someone else").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.delete(from: "audit_log").run() }
            }
            let entries = try await SQLAuditRepository(database: database).entries(AuditFilter(), page: PageRequest())
            #expect(entries.items.map(\.actor) == ["command line (test)", ReferenceData.platformActor.label], "the account, after the seed")
        }
    }

    @Test("audit filters: actor, entity, action, time range; newest first, paged", arguments: TestEngine.all)
    func auditFilters(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let accounts = Self.accounts(database)
            var ids: [String] = []
            for n in 0..<5 {
                ids.append(try await accounts.addUser(email: "u\(n)@example.org", displayName: "U\(n)", password: Self.password, roles: [], actor: Self.actor).id)
            }
            let audit = SQLAuditRepository(database: database)
            let first = try await audit.entries(AuditFilter(action: "user.create"), page: PageRequest(limit: 2))
            #expect(first.items.count == 2 && first.items[0].sequence > first.items[1].sequence)
            let second = try await audit.entries(AuditFilter(action: "user.create"), page: try PageRequest.parse(limit: 2, cursor: first.nextCursor))
            #expect(second.items.count == 2 && second.items[0].sequence < first.items[1].sequence)
            #expect(try await audit.entries(AuditFilter(entity: "user/\(ids[3])"), page: PageRequest()).items.count == 1)
            #expect(try await audit.entries(AuditFilter(actor: "someone"), page: PageRequest()).items.isEmpty)
            #expect(try await audit.entries(AuditFilter(from: Date().addingTimeInterval(3600)), page: PageRequest()).items.isEmpty)
            #expect(try await audit.entries(AuditFilter(to: Date().addingTimeInterval(3600)), page: PageRequest()).items.count == 5 + 1, "and the seed")
        }
    }
}

@Suite("Audit CSV")
struct AuditCSVTests {
    @Test("RFC 4180: CRLF, quoted fields, doubled quotes, no spreadsheet formulas")
    func csv() {
        let entry = AuditEntry(sequence: 7, at: Date(timeIntervalSince1970: 0), actorId: nil, actor: "a@example.org", role: "administrator",
                               action: "user.create", entity: "user/1", before: nil, after: "says \"hi\", twice\nnewline", requestId: "r", address: "=cmd")
        let text = AuditCSV.render([entry])
        #expect(text == "sequence,at,actor,role,action,entity,before,after,request_id,address\r\n"
                + "7,1970-01-01T00:00:00.000Z,a@example.org,administrator,user.create,user/1,,\"says \"\"hi\"\", twice\nnewline\",r,\"'=cmd\"\r\n")
    }
}
