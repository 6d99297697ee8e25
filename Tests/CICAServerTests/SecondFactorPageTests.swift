import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// Two-step sign-in through the pages, as a browser goes through it.
@Suite("Two-step sign-in")
struct SecondFactorPageTests {
    /// A browser in the middle of signing in: its cookies so far.
    struct Browser {
        var cookies: [String: String] = [:]
        var header: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        mutating func keep(_ response: TestResponse) {
            for name in ["cica_form", "cica_challenge", "cica_session", "cica_device"] {
                if let value = response.cookie(name) { cookies[name] = value.isEmpty ? nil : value }
            }
        }
    }

    /// Posts the password; the browser keeps what it is given.
    static func password(_ p: TestPlatform, _ browser: inout Browser, _ email: String) async throws -> TestResponse {
        let form = try await p.client.get("/login", headers: browser.cookies.isEmpty ? [:] : [.cookie: browser.header])
        browser.keep(form)
        let response = try await p.client.execute(uri: "/login", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.header],
                                                  body: formBody(["email": email, "password": TestPlatform.password, "_csrf": try #require(form.csrfField)]))
        browser.keep(response)
        return response
    }

    /// Posts a code at the second step.
    static func code(_ p: TestPlatform, _ browser: inout Browser, _ code: String) async throws -> TestResponse {
        let page = try await p.client.get("/login/second-factor", headers: [.cookie: browser.header])
        browser.keep(page)
        let response = try await p.client.execute(uri: "/login/second-factor", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.header],
                                                  body: formBody(["code": code, "_csrf": page.csrfField ?? ""]))
        browser.keep(response)
        return response
    }

    /// The secret a page shows for typing into the app.
    static func secret(on page: TestResponse) -> TOTP? { page.totpSecret }

    static func recoveryCodes(on page: TestResponse) -> [String] {
        page.text.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test("an administrator sets up the app at the first sign-in and gets recovery codes; no session before the code", arguments: TestEngine.all)
    func enrolAtSignIn(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("admin@example.org", (.administrator, nil))
            var browser = Browser()
            let afterPassword = try await Self.password(p, &browser, "admin@example.org")
            #expect(afterPassword.status == .seeOther && afterPassword.headers[.location] == "/login/second-factor")
            #expect(afterPassword.cookie("cica_session") == nil)
            let challenge = try #require(afterPassword.headers[values: .setCookie].first { $0.hasPrefix("cica_challenge=") })
            #expect(challenge.contains("HttpOnly") && challenge.contains("SameSite=Strict") && challenge.contains("Path=/login") && challenge.contains("Max-Age=300"))
            // Without the code, the challenge gives no access.
            #expect(try await p.client.get("/audit", headers: [.cookie: browser.header]).status == .seeOther)

            let page = try await p.client.get("/login/second-factor", headers: [.cookie: browser.header])
            #expect(page.status == .ok && page.text.contains("<svg") && page.text.contains("Your role needs two-step sign-in"))
            let totp = try #require(Self.secret(on: page))
            let wrong = try await Self.code(p, &browser, "000000" == totp.code(at: p.clock.now) ? "111111" : "000000")
            #expect(wrong.status == .unauthorized && wrong.text.contains("Attempts left: 4"))
            let right = try await Self.code(p, &browser, totp.code(at: p.clock.now))
            #expect(right.status == .ok && right.cookie("cica_session") != nil)
            let codes = Self.recoveryCodes(on: right)
            #expect(codes.count == 10 && right.text.contains("shown only now"))
            #expect(try await p.client.get("/audit", headers: [.cookie: "cica_session=\(try #require(browser.cookies["cica_session"]))"]).status == .ok)
            let actions = try await p.platform.audit.entries(AuditFilter(actor: "admin@example.org"), page: PageRequest()).items.map(\.action)
            #expect(actions.contains("secondFactor.enable") && actions.contains("login"))
        }
    }

    @Test("the next sign-ins ask for a code: never one used before; a recovery code works once; five wrong codes end the try",
          arguments: TestEngine.all)
    func laterSignIns(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            var browser = Browser()
            _ = try await Self.password(p, &browser, "officer@example.org")
            let totp = try #require(Self.secret(on: try await p.client.get("/login/second-factor", headers: [.cookie: browser.header])))
            let used = totp.code(at: p.clock.now)
            let codes = Self.recoveryCodes(on: try await Self.code(p, &browser, used))
            let recovery = try #require(codes.first)

            var second = Browser()
            _ = try await Self.password(p, &second, "officer@example.org")
            let step = try await p.client.get("/login/second-factor", headers: [.cookie: second.header])
            #expect(!step.text.contains("<svg") && step.text.contains("recovery codes"))
            #expect(try await Self.code(p, &second, used).status == .unauthorized, "a code is never accepted twice")
            let withRecovery = try await Self.code(p, &second, recovery.uppercased())
            #expect(withRecovery.status == .seeOther && withRecovery.cookie("cica_session") != nil)

            // A quarter of an hour later the failures above no longer weigh on the throttle.
            p.clock.advance(16 * 60)
            var third = Browser()
            _ = try await Self.password(p, &third, "officer@example.org")
            #expect(try await Self.code(p, &third, recovery).status == .unauthorized, "a recovery code works once")
            for _ in 0..<3 { _ = try await Self.code(p, &third, "123") }
            let fifth = try await Self.code(p, &third, "456")
            #expect(fifth.status == .unauthorized && fifth.text.contains("sign in again"))
            p.clock.advance(TOTP.period)
            #expect(try await Self.code(p, &third, totp.code(at: p.clock.now)).cookie("cica_session") == nil, "the ended try stays ended")
            #expect(try await p.accounts.secondFactor(userId: officer.id)?.recoveryCodesLeft == 9)
        }
    }

    @Test("a waiting sign-in lasts five minutes", arguments: TestEngine.all)
    func challengeExpires(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("admin@example.org", (.administrator, nil))
            var browser = Browser()
            _ = try await Self.password(p, &browser, "admin@example.org")
            let totp = try #require(Self.secret(on: try await p.client.get("/login/second-factor", headers: [.cookie: browser.header])))
            p.clock.advance(5 * 60 + 1)
            let late = try await Self.code(p, &browser, totp.code(at: p.clock.now))
            #expect(late.status == .unauthorized && late.cookie("cica_session") == nil && late.text.lowercased().contains("sign in again"))
        }
    }

    @Test("a session without the second factor does not count once the account's roles need it; API tokens are unaffected",
          arguments: TestEngine.all)
    func roleGrantedLater(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let user = try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            let token = try await p.token(for: user)
            _ = try await p.accounts.grant(userId: user.id, kind: .secretariat, scope: nil, actor: .commandLine(user: "test"))
            #expect(!(try await p.client.get("/account", headers: [.cookie: "cica_session=\(session.cookie)"]).text.contains("Signed in as")))
            #expect(try await p.client.api("/api/v1/audit", token: token).status == .ok)
            #expect(try await p.signIn("kz@example.org") != nil, "signing in again goes through the second step")
        }
    }

    @Test("a delegate may turn it on from the account page, and off again with a code", arguments: TestEngine.all)
    func selfService(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let user = try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            let offered = try await p.client.get("/account", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(offered.text.contains("Set up two-step sign-in"))
            let setup = try await p.client.submit("/account/second-factor", as: session)
            #expect(setup.status == .ok && setup.text.contains("<svg"))
            let totp = try #require(Self.secret(on: setup))
            let refused = try await p.client.submit("/account/second-factor/confirm", ["code": "12"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("class=\"form-feedback\"") && Self.secret(on: refused) == totp)
            let confirmed = try await p.client.submit("/account/second-factor/confirm", ["code": totp.code(at: p.clock.now)], as: session)
            #expect(confirmed.status == .ok && Self.recoveryCodes(on: confirmed).count == 10)
            // The session it was turned on in counts as having passed it.
            #expect(try await p.client.get("/account", headers: [.cookie: "cica_session=\(session.cookie)"]).text.contains("Recovery codes left: 10."))
            var browser = Browser()
            #expect(try await Self.password(p, &browser, "kz@example.org").headers[.location] == "/login/second-factor")
            p.clock.advance(TOTP.period)
            let off = try await p.client.submit("/account/second-factor/disable", ["code": totp.code(at: p.clock.now)], as: session)
            #expect(off.status == .seeOther)
            #expect(try await p.accounts.secondFactor(userId: user.id) == nil)
        }
    }

    @Test("an operator's reset signs the person out everywhere and asks them to set up an app again", arguments: TestEngine.all)
    func operatorReset(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let admin = try await p.user("admin@example.org", (.administrator, nil))
            let session = try #require(try await p.signIn("admin@example.org"))
            try await p.accounts.resetSecondFactor(userId: admin.id, at: p.clock.now, actor: .commandLine(user: "operator@host"))
            #expect(!(try await p.client.get("/account", headers: [.cookie: "cica_session=\(session.cookie)"]).text.contains("Signed in as")))
            var browser = Browser()
            _ = try await Self.password(p, &browser, "admin@example.org")
            #expect(try await p.client.get("/login/second-factor", headers: [.cookie: browser.header]).text.contains("<svg"))
            let reset = try await p.platform.audit.entries(AuditFilter(action: "secondFactor.reset"), page: PageRequest()).items
            #expect(reset.count == 1 && reset[0].actor == "command line (operator@host)")
        }
    }

    @Test("answers sent at once try at most five codes between them", arguments: TestEngine.all)
    func concurrentAnswers(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("admin@example.org", (.administrator, nil))
            let attempt = SignInAttempt(address: "192.0.2.50", now: p.clock.now)
            guard case .secondFactor(let challenge, _) = try await p.accounts.signIn(email: "admin@example.org", password: TestPlatform.password,
                                                                                    attempt: attempt, next: "/account") else {
                Issue.record("no challenge"); return
            }
            let outcomes = try await withThrowingTaskGroup(of: Accounts.SecondStep.self) { group in
                for n in 0..<8 { group.addTask { try await p.accounts.completeSignIn(challenge: challenge, answer: "\(n)", attempt: attempt) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .expired }.count >= 3, "\(outcomes)")
            let failures = try await p.platform.audit.entries(AuditFilter(action: "login.failed"), page: PageRequest()).items
            #expect(failures.count <= 5)
        }
    }

    @Test("codes typed on the account page are throttled like signing in", arguments: TestEngine.all)
    func accountPageGuessing(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn("officer@example.org"))
            for n in 0..<5 {
                #expect(try await p.client.submit("/account/second-factor/recovery-codes", ["code": "00000\(n)"], as: session).status == .badRequest)
            }
            let held = try await p.client.submit("/account/second-factor/recovery-codes", ["code": "000009"], as: session)
            #expect(held.status == .tooManyRequests && held.headers[.retryAfter] != nil)
        }
    }

    @Test("the app being set up belongs to one session; turning it on ends the others", arguments: TestEngine.all)
    func enrolmentPerSession(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let mine = try #require(try await p.signIn("kz@example.org"))
            let other = try #require(try await p.signIn("kz@example.org", address: "198.51.100.77"))
            let first = try #require(Self.secret(on: try await p.client.submit("/account/second-factor", as: mine)))
            let second = try #require(Self.secret(on: try await p.client.submit("/account/second-factor", as: other)))
            #expect(first != second)
            let again = try await p.client.get("/account", headers: [.cookie: "cica_session=\(mine.cookie)"])
            #expect(Self.secret(on: again) == first, "another session's set-up replaced this one's")
            let confirmed = try await p.client.submit("/account/second-factor/confirm", ["code": first.code(at: p.clock.now)], as: mine)
            #expect(confirmed.status == .ok && Self.recoveryCodes(on: confirmed).count == 10 && confirmed.headers[.cacheControl] == "no-store")
            #expect(!(try await p.client.get("/account", headers: [.cookie: "cica_session=\(other.cookie)"]).text.contains("Signed in as")))
        }
    }

    @Test("the sign-in steps' pages are never cached")
    func noStore() async throws {
        try await withPlatform(.sqlite) { p in
            try await p.user("admin@example.org", (.administrator, nil))
            var browser = Browser()
            _ = try await Self.password(p, &browser, "admin@example.org")
            #expect(try await p.client.get("/login").headers[.cacheControl] == "no-store")
            #expect(try await p.client.get("/login/second-factor", headers: [.cookie: browser.header]).headers[.cacheControl] == "no-store")
        }
    }

    @Test("a token made in a session without the second factor stops acting once the roles need it", arguments: TestEngine.all)
    func tokenWithoutSecondFactor(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let user = try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            let created = try await p.client.submit("/account/tokens", ["name": "script"], as: session)
            let token = try #require(created.text.range(of: "id=\"new-token\">").map { String(created.text[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(try await p.client.api("/api/v1/me", token: token).status == .ok)
            _ = try await p.accounts.grant(userId: user.id, kind: .secretariat, scope: nil, actor: .commandLine(user: "test"))
            let refused = try await p.client.api("/api/v1/me", token: token)
            #expect(refused.status == .unauthorized && refused.problemDetail.contains("two-step sign-in"))
            #expect(try await p.client.api("/api/v1/me", token: try await p.token(for: user)).status == .ok, "an operator's token vouches for it")
        }
    }
}
