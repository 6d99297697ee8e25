import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

@Suite("Sign-in, sessions, CSRF, tokens")
struct AccessTests {
    @Test("signing in sets a session cookie that is HttpOnly and SameSite=Lax; every page shows who is signed in", arguments: TestEngine.all)
    func signIn(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let form = try await p.client.get("/login?next=/catalogue")
            #expect(form.status == .ok && form.text.contains("name=\"next\" value=\"/catalogue\""))
            let response = try await p.postSignIn("KZ@example.org", next: "/catalogue").response
            #expect(response.status == .seeOther && response.headers[.location] == "/catalogue")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("cica_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            let session = try #require(response.cookie("cica_session"))
            let page = try await p.client.get("/catalogue", headers: [.cookie: "cica_session=\(session)"])
            #expect(page.text.contains("Signed in as <strong>kz</strong> (delegate of Kazakhstan)"))
            #expect(page.headers[.cacheControl] == "private, no-store")
            #expect(!page.text.contains("href=\"/admin/users\"") && !page.text.contains("href=\"/audit\""))
        }
    }

    @Test("a wrong password, a forged form and an off-site next page are refused", arguments: TestEngine.all)
    func refusals(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            #expect(try await p.signIn("kz@example.org", password: "not the password") == nil)
            let wrong = try await p.client.submit("/login", ["email": "kz@example.org", "password": "not the password"], as: nil)
            #expect(wrong.status == .forbidden, "a sign-in without the form's token is refused")
            let form = try await p.client.get("/login?next=//evil.example")
            #expect(form.text.contains("name=\"next\" value=\"/account\""))
        }
    }

    @Test("after five failed sign-ins for one account from one address: 429 with Retry-After, audited; other addresses are not held back",
          arguments: TestEngine.all)
    func throttling(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            for _ in 0..<5 { #expect(try await p.signIn("kz@example.org", password: "wrong password!!", address: "198.51.100.7") == nil) }
            let response = try await p.postSignIn("kz@example.org", address: "198.51.100.7").response
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "60")
            #expect(response.text.contains("Too many failed sign-ins for this account from your address"))
            #expect(try await p.signIn("kz@example.org", address: "203.0.113.9") != nil)
            p.clock.advance(61)
            #expect(try await p.signIn("kz@example.org", address: "198.51.100.7") != nil)
            let failures = try await p.platform.audit.entries(AuditFilter(action: "login.failed"), page: PageRequest())
            #expect(failures.items.count == 5 && failures.items.allSatisfy { $0.address == "198.51.100.7" })
        }
    }

    @Test("state-changing forms need the session's CSRF token", arguments: TestEngine.all)
    func csrf(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            let missing = try await p.client.execute(uri: "/account/tokens", method: .post,
                                                     headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "cica_session=\(session.cookie)"],
                                                     body: formBody(["name": "script"]))
            #expect(missing.status == .forbidden && missing.text.contains("Reload the page"))
            #expect(try await p.client.submit("/account/tokens", ["name": "script"], as: session, csrf: "forged").status == .forbidden)
            let created = try await p.client.submit("/account/tokens", ["name": "script"], as: session)
            #expect(created.status == .created && created.text.contains("cica_"))
            #expect(try await p.accounts.tokens(userId: try #require(try await p.accounts.user(email: "kz@example.org")).id).count == 1)
        }
    }

    @Test("sessions end after an hour idle and after twelve hours; signing out ends one at once", arguments: TestEngine.all)
    func sessionLifetime(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            func signedIn(_ s: BrowserSession) async throws -> Bool {
                try await p.client.get("/", headers: [.cookie: "cica_session=\(s.cookie)"]).text.contains("Signed in as")
            }
            p.clock.advance(59 * 60)
            #expect(try await signedIn(session))
            p.clock.advance(61 * 60)
            let ended = try await p.client.get("/", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(!ended.text.contains("Signed in as"))
            #expect(ended.headers[values: .setCookie].contains { $0.hasPrefix("cica_session=;") || $0.hasPrefix("cica_session=") && $0.contains("Max-Age=0") })
            let second = try #require(try await p.signIn("kz@example.org"))
            for step in 1...14 {
                p.clock.advance(55 * 60)
                #expect(try await signedIn(second) == (step * 55 < 12 * 60), "after \(step * 55) minutes")
            }
            let third = try #require(try await p.signIn("kz@example.org"))
            #expect(try await p.client.submit("/logout", as: third).status == .seeOther)
            #expect(!(try await signedIn(third)))
        }
    }

    @Test("a bearer token acts with its user's roles; a bad one is refused with the reason", arguments: TestEngine.all)
    func bearer(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let user = try await p.user("sec@example.org", (.secretariat, nil))
            let token = try await p.token(for: user, expiresInDays: 1)
            let me = try JSON(try await p.client.api("/api/v1/me", token: token).body)
            #expect(me["email"].string == "sec@example.org" && me["roles"][0]["kind"].string == "secretariat")
            #expect(try await p.client.api("/api/v1/audit", token: token).status == .ok)
            let cases: [(String, String)] = [("cica_nonsense", "not known"), ("", "Bearer TOKEN")]
            for (bad, phrase) in cases {
                let response = try await p.client.api("/api/v1/me", token: bad)
                #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(try JSON(response.body)["detail"].string?.contains(phrase) == true)
            }
            let basic = try await p.client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Basic abc"])
            #expect(basic.status == .unauthorized)
            p.clock.advance(86_401)
            #expect(try JSON(try await p.client.api("/api/v1/me", token: token).body)["detail"].string?.contains("expired") == true)
            let fresh = try await p.token(for: user)
            let id = try #require(try await p.accounts.tokens(userId: user.id).first { $0.expiresAt == nil }?.id)
            #expect(try await p.client.api("/api/v1/me/tokens/\(id)", method: .delete, token: fresh).status == .noContent)
            #expect(try JSON(try await p.client.api("/api/v1/me", token: fresh).body)["detail"].string?.contains("revoked") == true)
            #expect(try await p.client.api("/api/v1/me", token: nil).status == .unauthorized)
        }
    }

    @Test("the audit log: a page and an API with filters, and CSV", arguments: TestEngine.all)
    func auditLog(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let admin = try await p.user("admin@example.org", (.administrator, nil))
            let token = try await p.token(for: admin)
            let created = try await p.client.api("/api/v1/users", method: .post, token: token,
                                                 json: #"{"email":"kz@example.org","displayName":"KZ","password":"a long enough password","roles":[{"kind":"delegate","scope":"KZ"}]}"#)
            #expect(created.status == .created)
            let list = try JSON(try await p.client.api("/api/v1/audit?action=user.create&actor=admin@example.org", token: token).body)
            #expect(list["items"].array.count == 1)
            let entry = list["items"][0]
            #expect(entry["role"].string == "administrator" && entry["requestId"].string?.isEmpty == false)
            #expect(entry["after"].string?.contains("delegate of KZ") == true)
            #expect(try await p.client.api("/api/v1/audit?from=2026-13-01", token: token).status == .badRequest)
            let csv = try await p.client.api("/api/v1/audit.csv?action=user.create", token: token)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines[0] == AuditCSV.header.joined(separator: ","))
            #expect(lines.count == 4 && lines[1].contains("kz@example.org") && lines[3].isEmpty)
            let session = try #require(try await p.signIn("admin@example.org"))
            let page = try await p.client.get("/audit?action=user.create", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(page.status == .ok && page.text.contains("kz@example.org") && page.text.contains("href=\"/audit.csv?action=user.create\""))
            let pageCSV = try await p.client.get("/audit.csv", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(pageCSV.headers[.contentDisposition]?.contains("cica-audit.csv") == true)
        }
    }

    @Test("an administrator manages users through the pages; every change is audited", arguments: TestEngine.all)
    func administration(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("admin@example.org", (.administrator, nil))
            let session = try #require(try await p.signIn("admin@example.org"))
            let added = try await p.client.submit("/admin/users", ["email": "kz@example.org", "name": "KZ delegate", "password": "a long enough password",
                                                                   "role": "delegate", "scope": "kz"], as: session)
            #expect(added.status == .seeOther)
            let page = try await p.client.get(try #require(added.headers[.location]), headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(page.text.contains("delegate of Kazakhstan"))
            let refused = try await p.client.submit("/admin/users", ["email": "br@example.org", "name": "BR", "password": "a long enough password",
                                                                     "role": "delegate", "scope": "BR"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("BR is not a Member State"))
            // The form comes back filled in as it was sent (never the password), the reason above it.
            #expect(refused.text.contains("class=\"form-feedback\"") && refused.text.contains("value=\"br@example.org\"")
                    && refused.text.contains("aria-describedby=\"scope-hint\" value=\"BR\"") && refused.text.contains("<option value=\"delegate\" selected>"))
            #expect(!refused.text.contains("a long enough password"))
            let userPage = try #require(added.headers[.location])
            let grant = try await p.client.submit(userPage + "/roles", ["role": "observer", "scope": "zz"], as: session)
            #expect(grant.status == .badRequest && grant.text.contains("class=\"form-feedback\"") && grant.text.contains("KZ delegate"))
            #expect(grant.text.contains("<option value=\"observer\" selected>") && grant.text.contains("value=\"zz\""))
            let short = try await p.client.submit("/admin/users", ["email": "x", "name": "", "password": "short"], as: session)
            #expect(short.status == .badRequest && short.text.contains("email") && short.text.contains("at least 12 characters"))
            #expect(try await p.signIn("kz@example.org", password: "a long enough password") != nil)
            let actions = try await p.platform.audit.entries(AuditFilter(actor: "admin@example.org"), page: PageRequest()).items.map(\.action)
            #expect(actions.contains("user.create") && actions.contains("login"))
        }
    }

    @Test("behind TLS the session cookie is Secure")
    func secureCookie() async throws {
        try await withPlatform(.sqlite, behindTLS: true) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let response = try await p.postSignIn("kz@example.org").response
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("cica_session=") })
            #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        }
    }

    @Test("changing one's password needs the current one")
    func changePassword() async throws {
        try await withPlatform(.sqlite) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            let wrong = try await p.client.submit("/account/password", ["currentPassword": "nope", "newPassword": "a new long password", "confirmPassword": "a new long password"], as: session)
            #expect(wrong.status == .badRequest && wrong.text.contains("currentPassword"))
            let mismatch = try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": "a new long password", "confirmPassword": "another one entirely"], as: session)
            #expect(mismatch.status == .badRequest && mismatch.text.contains("confirmPassword"))
            #expect(mismatch.text.contains("class=\"form-feedback\"") && mismatch.text.contains("id=\"new-password\""))
            #expect(!mismatch.text.contains("a new long password"))
            let token = try await p.client.submit("/account/tokens", ["name": "nightly export", "expiresInDays": "99999"], as: session)
            #expect(token.status == .badRequest && token.text.contains("expiresInDays") && token.text.contains("value=\"nightly export\""))
            let changed = try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": "a new long password", "confirmPassword": "a new long password"], as: session)
            #expect(changed.status == .seeOther && changed.headers[.location] == "/account?changed=password&ended=0&revoked=0")
            #expect(try await p.signIn("kz@example.org") == nil)
            #expect(try await p.signIn("kz@example.org", password: "a new long password") != nil)
        }
    }
}
