import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The attacks of the [Security] issue, each tried against the real application on both databases.
@Suite("Attacks refused")
struct SecurityTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test("sign-in CSRF by a slash: /login/ and //login are not other ways in; the check belongs to the route", arguments: TestEngine.all)
    func signInSpellings(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let body = ["email": "kz@example.org", "password": TestPlatform.password]
            for path in ["/login/", "//login", "/login//", "/./login", "/login", "/%6Cogin"] {
                let response = try await p.client.execute(uri: path, method: .post, headers: Self.form, body: formBody(body))
                #expect(response.cookie("cica_session") == nil, "\(path) signed in without the form's token: \(response.status)")
                #expect([.forbidden, .notFound, .seeOther].contains(response.status), "\(path): \(response.status)")
                #expect(response.headers[.location].map { $0.hasPrefix("/login?") } ?? true, "\(path)")
            }
            let variant = try await p.client.get("/login/?next=/catalogue")
            #expect(variant.status == .permanentRedirect && variant.headers[.location] == "/login?next=/catalogue")
            #expect(try await p.client.get("//decisions").headers[.location] == "/decisions")
        }
    }

    @Test("open redirect after sign-in: only a page of this site is a place to go back to", arguments: TestEngine.all)
    func openRedirect(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let tab = try await p.client.get("/login?next=/%09/evil.example/")
            #expect(tab.text.contains("name=\"next\" value=\"/account\""))
            for (next, expected) in [("/\t/evil.example/", "/account"), ("//evil.example", "/account"), ("/\\evil.example", "/account"),
                                     ("/nowhere/at/all", "/account"), ("/member-states/KZ", "/member-states/KZ"), ("/catalogue?x=1", "/catalogue?x=1")] {
                let response = try await p.postSignIn("kz@example.org", next: next).response
                #expect(response.status == .seeOther && response.headers[.location] == expected, "\(next) → \(response.headers[.location] ?? "")")
            }
        }
    }

    @Test("bodies: anonymous writes are refused before the body is read; no body over 1 MiB is read, whatever its type", arguments: TestEngine.all)
    func bodyLimits(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let big = ByteBuffer(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1)
            // Anonymous: refused for want of an identity before the body is read. Read, this body would be a 400 (a control
            // character in the title); it is a 401, or the sign-in page.
            let unread = ByteBuffer(string: #"{"title":"\u0000","organ":"summit","text":"x","effect":{"kind":"none","parameters":{}}}"#)
            for type in [nil, "application/json", "APPLICATION/JSON", "text/plain"] {
                var headers: HTTPFields = [.accept: "application/json"]
                if let type { headers[.contentType] = type }
                let response = try await p.client.execute(uri: "/api/v1/decisions", method: .post, headers: headers, body: unread)
                #expect(response.status == .unauthorized, "anonymous, \(type ?? "no type"): \(response.status)")
                // A body over the limit is refused by its declared length, before anything.
                let large = try await p.client.execute(uri: "/api/v1/decisions", method: .post, headers: headers, body: big)
                #expect(large.status == .contentTooLarge, "anonymous, \(type ?? "no type"), 1 MiB + 1: \(large.status)")
            }
            let anonymousForm = try await p.client.execute(uri: "/decisions", method: .post, headers: Self.form,
                                                           body: formBody(["title": "x\u{0}", "organ": "summit"]))
            #expect(anonymousForm.status == .seeOther && anonymousForm.headers[.location]?.hasPrefix("/login") == true)
            // Signed in: 413 whatever the declared type, and whatever the route.
            for type in [nil, "application/json", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded"] {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if let type { headers[.contentType] = type }
                let response = try await p.client.execute(uri: "/api/v1/decisions", method: .post, headers: headers, body: big)
                #expect(response.status == .contentTooLarge, "\(type ?? "no type"): \(response.status) \(response.text.prefix(200))")
            }
            #expect(try await p.client.json("/api/v1/decisions")["items"].array.allSatisfy { $0["title"].string != "x" })
        }
    }

    @Test("a body sent without a declared length stops being read at the limit")
    func streamedBody() async throws {
        let chunks = AsyncStream<ByteBuffer> { continuation in
            for _ in 0..<5 { continuation.yield(ByteBuffer(repeating: 0, count: 1_000)) }
            continuation.finish()
        }
        let limited = BodyLimitMiddleware.LimitedBody(base: RequestBody(asyncSequence: chunks), limit: 3_500, fileLimit: nil)
        var seen = 0
        await #expect(throws: NIOTooManyBytesError.self) {
            for try await buffer in limited { seen += buffer.readableBytes }
        }
        #expect(seen == 3_000)
    }

    @Test("control characters are refused in a body without a type, or with one in capitals, and nothing is stored", arguments: TestEngine.all)
    func controlCharactersAnyType(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let before = try await p.client.json("/api/v1/decisions?limit=100")["items"].array.count
            let bodies: [(String?, String, String)] = [
                (nil, #"{"title":"\u001b[31mRed","organ":"summit","text":"x","effect":{"kind":"none","parameters":{}}}"#, "title"),
                ("APPLICATION/JSON", #"{"title":"T","organ":"summit","text":"a\u0000b","effect":{"kind":"none","parameters":{}}}"#, "text"),
                ("text/plain", "{\"title\":\"T\u{1B}\",\"organ\":\"summit\"", "body"),
            ]
            for (type, json, field) in bodies {
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                if let type { headers[.contentType] = type }
                let response = try await p.client.execute(uri: "/api/v1/decisions", method: .post, headers: headers, body: ByteBuffer(string: json))
                #expect(response.status == .badRequest && response.problemField == field, "\(type ?? "no type"): \(response.status) \(response.text)")
            }
            #expect(try await p.client.json("/api/v1/decisions?limit=100")["items"].array.count == before)
        }
    }

    @Test("JSON a decoder could read otherwise is refused: a key twice, an unpaired surrogate, bytes that are not UTF-8", arguments: TestEngine.all)
    func ambiguousJSON(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let before = try await p.client.json("/api/v1/decisions?limit=100")["items"].array.count
            let tail = #""organ":"senior-officials-committee","text":"probe text","effect":{"kind":"none","parameters":{}}}"#
            let bodies: [([UInt8], String)] = [
                (Array((#"{"title":"probe \u0001 B","title":"ok B","# + tail).utf8), "title"),
                (Array((#"{"title":"ok","zz":"\ud800","# + tail).utf8), "body"),
                (Array(#"{"title":"ok","zz":""#.utf8) + [0xFF] + Array((#"","# + tail).utf8), "body"),
                (Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8), "body"),
            ]
            for (body, field) in bodies {
                for type in [nil, "application/json"] {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                    if let type { headers[.contentType] = type }
                    let response = try await p.client.execute(uri: "/api/v1/decisions", method: .post, headers: headers, body: ByteBuffer(bytes: body))
                    #expect(response.status == .badRequest && response.problemField == field, "\(String(decoding: body.prefix(40), as: UTF8.self)): \(response.status)")
                }
            }
            #expect(try await p.client.json("/api/v1/decisions?limit=100")["items"].array.count == before)
            // A page reads only a declared form: the same fields as JSON are not read as one.
            let session = try #require(try await p.signIn("officer@example.org"))
            let json = try await p.client.execute(uri: "/decisions", method: .post,
                                                  headers: [.contentType: "application/json", .cookie: "cica_session=\(session.cookie)",
                                                            CSRFMiddleware.header: session.csrf],
                                                  body: ByteBuffer(string: #"{"a":"&title=x%01&organ=summit&text=x&effect=none"}"#))
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("a backslash in a path names nothing: no redirect to //host", arguments: TestEngine.all)
    func backslash(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            for path in ["/\\evil.example/", "//\\evil.example"] {
                let response = try await p.client.get(path)
                #expect(response.status == .notFound && response.headers[.location] == nil, "\(path): \(response.status)")
            }
        }
    }

    @Test("guessing the current password on the account page is throttled like signing in", arguments: TestEngine.all)
    func passwordGuessing(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn("kz@example.org"))
            for n in 0..<5 {
                let wrong = try await p.client.submit("/account/password", ["currentPassword": "guess number \(n)", "newPassword": "a new long password",
                                                                            "confirmPassword": "a new long password"], as: session)
                #expect(wrong.status == .badRequest)
            }
            let held = try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": "a new long password",
                                                                       "confirmPassword": "a new long password"], as: session)
            #expect(held.status == .tooManyRequests && held.headers[.retryAfter] != nil)
        }
    }

    @Test("two long versions: the page says they are too long and links both texts; each pair is compared once", arguments: TestEngine.all)
    func longVersions(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let decisions = p.platform.decisions
            let actor = Actor.commandLine(user: "test")
            let first = (0..<10_000).map { "Paragraph \($0) of the first text." }.joined(separator: "\n")
            let second = (0..<10_000).map { "Paragraph \($0) of the second text." }.joined(separator: "\n")
            let draft = try await decisions.create(NewDraft(title: "Long", organ: "senior-officials-committee", meeting: nil, text: first,
                                                            effectKind: "none", effectParameters: [:]), actor: actor, now: p.clock.now)
            _ = try await decisions.revise(id: draft.id, text: second, translations: [:], folds: [], actor: actor, now: p.clock.now)
            let page = try await p.client.get("/decisions/\(draft.id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("too long to compare line by line") && page.text.contains("10000 and 10000 lines"))
            #expect(page.text.contains("href=\"/decisions/\(draft.id)/versions/1\"") && page.text.contains("href=\"/decisions/\(draft.id)/versions/2\""))
            let version = try await p.client.get("/decisions/\(draft.id)/versions/1")
            #expect(version.status == .ok && version.text.contains("Paragraph 9999 of the first text."))
            #expect(try await p.client.get("/decisions/\(draft.id)/versions/3").status == .notFound)
            // A small revision of a text within the limit (4,000 lines) is compared line by line.
            var lines = (0..<4_000).map { "Paragraph \($0) of the second text." }
            let shorter = try await decisions.create(NewDraft(title: "Shorter", organ: "senior-officials-committee", meeting: nil,
                                                              text: lines.joined(separator: "\n"), effectKind: "none", effectParameters: [:]),
                                                     actor: actor, now: p.clock.now)
            lines[3_000] = "A paragraph rewritten."
            _ = try await decisions.revise(id: shorter.id, text: lines.joined(separator: "\n"), translations: [:], folds: [], actor: actor, now: p.clock.now)
            let revised = try await p.client.get("/decisions/\(shorter.id)")
            #expect(revised.text.contains("<li class=\"removed\">Paragraph 3000 of the second text.</li>")
                    && revised.text.contains("<li class=\"added\">A paragraph rewritten.</li>"))
        }
    }

    @Test("a comparison is worked out once, however many readers ask at the same time")
    func comparedOnce() async throws {
        let comparisons = VersionComparisons()
        let old = TextVersion(number: 1, text: "a\nb", createdBy: "s", createdAt: Date())
        let new = TextVersion(number: 2, text: "a\nc", createdBy: "s", createdAt: Date())
        let answers = await withTaskGroup(of: TextDiff.Comparison.self) { group in
            for _ in 0..<20 { group.addTask { await comparisons.compare(old, new) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(answers.map { "\($0)" }).count == 1 && answers.count == 20)
        #expect(comparisons.computed == 1)
        _ = await comparisons.compare(new, old)
        #expect(comparisons.computed == 2)
    }

    @Test("a password change ends the other sessions and revokes the tokens, and the page says so", arguments: TestEngine.all)
    func passwordChangeEndsSessions(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let user = try await p.user("kz@example.org", (.delegate, "KZ"))
            let here = try #require(try await p.signIn("kz@example.org"))
            let elsewhere = try #require(try await p.signIn("kz@example.org", address: "198.51.100.4"))
            let token = try await p.token(for: user)
            let changed = try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": "a new long password",
                                                                          "confirmPassword": "a new long password"], as: here)
            #expect(changed.status == .seeOther)
            let page = try await p.client.get(try #require(changed.headers[.location]), headers: [.cookie: "cica_session=\(here.cookie)"])
            #expect(page.text.contains("You stay signed in here; other sessions ended: 1; API tokens revoked: 1."))
            #expect(!(try await p.client.get("/account", headers: [.cookie: "cica_session=\(elsewhere.cookie)"]).text.contains("Signed in as")))
            #expect(try await p.client.api("/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("X-Forwarded-For: only what trusted proxies wrote is believed", arguments: TestEngine.all)
    func forwardedFor(engine: TestEngine) async throws {
        @Sendable func failedFrom(_ p: TestPlatform, _ header: String) async throws -> String? {
            _ = try await p.postSignIn("nobody@example.org", password: "not a password", address: header)
            return try await p.platform.audit.entries(AuditFilter(action: "login.failed"), page: PageRequest()).items.first?.address
        }
        try await withPlatform(engine) { p in
            let address = try await failedFrom(p, "6.6.6.6, 198.51.100.1")
            #expect(address == "198.51.100.1")
        }
        try await withPlatform(engine, trustedProxies: .none) { p in
            let address = try await failedFrom(p, "6.6.6.6")
            #expect(address == "unix socket")
        }
    }

    @Test("spraying one password over twelve accounts from one address is slowed; the owner's own browser is not held back", arguments: TestEngine.all)
    func spraying(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            for n in 0..<12 { try await p.user("d\(n)@example.org", (.delegate, "KZ")) }
            // d0 has signed in from this browser before: it has a device cookie.
            let first = try await p.postSignIn("d0@example.org", address: "203.0.113.5").response
            let device = try #require(first.cookie("cica_device"))
            #expect(try #require(first.headers[values: .setCookie].first { $0.hasPrefix("cica_device=") }).contains("Path=/login"))
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<12 {
                let response = try await p.postSignIn("d\(n)@example.org", password: "Spring2026!!", address: "203.0.113.5").response
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(response.headers[.retryAfter] != nil && response.text.contains("from your address"))
                }
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == .unauthorized } && statuses.suffix(2).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            let mine = try await p.postSignIn("d0@example.org", address: "203.0.113.5", cookies: "cica_device=\(device)").response
            #expect(mine.status == .seeOther && mine.cookie("cica_session") != nil)
        }
    }

    @Test("a sign-in with a 900 kB e-mail leaves a bounded entry in the audit log", arguments: TestEngine.all)
    func boundedAudit(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let response = try await p.postSignIn(String(repeating: "e", count: 900_000), password: "whatever it is").response
            #expect(response.status == .unauthorized)
            let entry = try #require(try await p.platform.audit.entries(AuditFilter(action: "login.failed"), page: PageRequest()).items.first)
            #expect(entry.actor.utf8.count < 400 && entry.entity.utf8.count < 400 && (entry.after?.utf8.count ?? 0) < 400)
        }
    }

    @Test("password hashing is bounded: beyond its share a sign-in gets 429 or 503 with Retry-After at once", arguments: TestEngine.all)
    func hashingBounded(engine: TestEngine) async throws {
        let gate = HashingGate(HashingAdmission(concurrent: 1, waiting: 0, perAddress: 1))
        try await withPlatform(engine, hashing: gate) { p in
            try await p.user("kz@example.org", (.delegate, "KZ"))
            func attempt(from address: String) async throws -> TestResponse {
                try await p.postSignIn("someone\(address)@example.org", password: "any guess at all", address: address).response
            }
            // Someone's hash is running from 198.51.100.8 (held here, as a slow Bcrypt would be).
            try await gate.enter("198.51.100.8")
            let same = try await attempt(from: "198.51.100.8")
            #expect(same.status == .tooManyRequests && same.headers[.retryAfter] == "1" && same.text.contains("checking many sign-ins"))
            let other = try await attempt(from: "198.51.100.9")
            #expect(other.status == .serviceUnavailable && other.headers[.retryAfter] == "2")
            gate.leave("198.51.100.8")
            #expect(try await attempt(from: "198.51.100.9").status == .unauthorized)
            #expect(gate.load == (0, 0))
        }
    }

    @Test("behind TLS: Secure cookies and HSTS; from a trusted proxy's X-Forwarded-Proto too, from anyone else's not", arguments: TestEngine.all)
    func tlsDefaults(engine: TestEngine) async throws {
        try await withPlatform(engine, behindTLS: true) { p in
            let page = try await p.client.get("/login")
            #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000")
            #expect(try #require(page.headers[values: .setCookie].first { $0.hasPrefix("cica_form=") }).contains("; Secure"))
        }
        try await withPlatform(engine) { p in
            let proxied = try await p.client.get("/login", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
            let plain = try await p.client.get("/login")
            #expect(plain.headers[HTTPField.Name("Strict-Transport-Security")!] == nil)
            #expect(!(try #require(plain.headers[values: .setCookie].first { $0.hasPrefix("cica_form=") }).contains("Secure")))
        }
        try await withPlatform(engine, trustedProxies: .none) { p in
            let forged = try await p.client.get("/login", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(forged.headers[HTTPField.Name("Strict-Transport-Security")!] == nil)
        }
    }

    @Test("/metrics is not public: not served by default; with a token, only to its holder", arguments: TestEngine.all)
    func metrics(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let response = try await p.client.get("/metrics")
            #expect(response.status == .notFound)
        }
        let token = "a-metrics-token-of-32-characters"
        try await withPlatform(engine, metrics: .token(token)) { p in
            #expect(try await p.client.get("/metrics").status == .unauthorized)
            #expect(try await p.client.get("/metrics", headers: [.authorization: "Bearer not-the-token"]).status == .unauthorized)
            let scraped = try await p.client.get("/metrics", headers: [.authorization: "Bearer \(token)"])
            #expect(scraped.status == .ok && scraped.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
        #expect(throws: InvalidInput.self) { try MetricsExposure(port: nil, hostname: nil, token: "short") }
        #expect(throws: InvalidInput.self) { try MetricsExposure(port: 9090, hostname: nil, token: token) }
        #expect(try MetricsExposure(port: 9090, hostname: nil, token: nil) == .listener(hostname: "127.0.0.1", port: 9090))
    }
}
