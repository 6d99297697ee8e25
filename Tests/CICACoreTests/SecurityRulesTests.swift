import Foundation
import Testing
import CICACore

@Suite("Client address through proxies")
struct ClientAddressTests {
    static let proxies = try! TrustedProxies(list: "127.0.0.1, 10.0.0.0/8, ::1, unix")

    @Test("addresses and blocks are read strictly", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("2001:DB8::1", "2001:db8::1"), ("[2001:db8::1]", "2001:db8::1"), ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::", "::"), ("fe80::1:2", "fe80::1:2"),
    ])
    func reads(text: String, expected: String) {
        #expect(IPAddress(text)?.description == expected)
    }

    @Test("what is not an address is refused", arguments: ["", "localhost", "192.0.2", "192.0.2.1.5", "192.0.2.256", "010.0.0.1", "1:2:3:4:5:6:7:8:9",
                                                              "2001:db8::1::2", "192.0.2.1:8080", " 192.0.2.1", "gggg::1", "1.2.3.4\t"])
    func refuses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("CIDR blocks contain what they should", arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.0.2.0/25", "192.0.2.127", true),
        ("192.0.2.0/25", "192.0.2.128", false), ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("0.0.0.0/0", "203.0.113.1", true), ("0.0.0.0/0", "2001:db8::1", false), ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
    ])
    func ranges(block: String, address: String, inside: Bool) throws {
        #expect(try #require(AddressRange(block)).contains(try #require(IPAddress(address))) == inside)
    }

    @Test("a bad entry in the trusted list is named")
    func badList() {
        #expect(throws: InvalidInput.self) { try TrustedProxies(list: "127.0.0.1, proxy.example.org") }
        #expect(throws: InvalidInput.self) { try TrustedProxies(list: "10.0.0.0/33") }
    }

    @Test("the client is the right-most hop that is not a trusted proxy; what the client wrote further left is never believed", arguments: [
        // peer, X-Forwarded-For headers, expected
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),                          // the peer is no proxy: the header is the client's own invention
        ("127.0.0.1", ["198.51.100.1"], "198.51.100.1"),                           // one trusted proxy
        ("127.0.0.1", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),                  // the client prepended a lie
        ("127.0.0.1", ["6.6.6.6", "198.51.100.1, 10.1.2.3"], "198.51.100.1"),      // two proxies, two headers
        ("127.0.0.1", ["10.1.2.3"], "10.1.2.3"),                                   // only proxies: the furthest
        ("127.0.0.1", [], "127.0.0.1"),                                            // a local request without the header
        ("127.0.0.1", ["not-an-address, 10.1.2.3"], "10.1.2.3"),                   // unreadable: stop at the last trusted hop
        ("127.0.0.1", ["198.51.100.1, garbage"], "127.0.0.1"),
        ("::1", ["2001:db8::7"], "2001:db8::7"),
    ])
    func resolve(peer: String, headers: [String], expected: String) {
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: headers, trusted: Self.proxies) == expected)
    }

    @Test("a Unix socket peer is trusted only when listed; with no proxies trusted, nothing is")
    func unixPeer() {
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: ["198.51.100.1"], trusted: Self.proxies) == "198.51.100.1")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: ["198.51.100.1"], trusted: .none) == "unix socket")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"], trusted: .none) == "127.0.0.1")
    }

    @Test("TLS is believed from the nearest trusted proxy only")
    func forwardedProto() {
        #expect(ClientAddress.forwardedOverTLS(peer: "127.0.0.1", forwardedProto: "https", trusted: Self.proxies))
        #expect(ClientAddress.forwardedOverTLS(peer: "127.0.0.1", forwardedProto: "http, HTTPS", trusted: Self.proxies))
        #expect(!ClientAddress.forwardedOverTLS(peer: "127.0.0.1", forwardedProto: "https, http", trusted: Self.proxies))
        #expect(!ClientAddress.forwardedOverTLS(peer: "203.0.113.9", forwardedProto: "https", trusted: Self.proxies))
    }
}

@Suite("Site paths")
struct SitePathTests {
    @Test("each path has one spelling", arguments: [
        ("/login", "/login"), ("/login/", "/login"), ("//login", "/login"), ("/a//b/", "/a/b"), ("/", "/"), ("//", "/"),
    ])
    func canonical(path: String, expected: String) {
        #expect(SitePath.canonical(path) == expected)
    }

    @Test("dot segments, backslashes and relative paths name nothing", arguments: ["/a/../b", "/./a", "login", "", "/\\evil.example/", "//\\evil.example"])
    func refused(path: String) {
        #expect(SitePath.canonical(path) == nil)
    }

    static let pages: Set<String> = ["/catalogue", "/decisions/x1", "/account"]

    @Test("after signing in, only a page of this site", arguments: [
        ("/catalogue", "/catalogue"), ("/catalogue?dimension=economic", "/catalogue?dimension=economic"), ("/decisions/x1", "/decisions/x1"),
        ("//evil.example", "/account"), ("/\\evil.example", "/account"), ("/\t/evil.example/", "/account"), ("/%09/evil.example/", "/account"),
        ("https://evil.example/", "/account"), ("/catalogue/", "/account"), ("/catalogue#x", "/account"), ("/nowhere", "/account"),
        ("/catalogue?a=b c", "/account"), ("/catalogue\r\nSet-Cookie: x", "/account"), ("/kataл", "/account"), ("", "/account"),
    ])
    func afterSignIn(next: String, expected: String) {
        #expect(SitePath.afterSignIn(next, isPage: Self.pages.contains) == expected)
    }
}

@Suite("Sign-in throttle")
struct SignInThrottleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func ago(_ seconds: [Double]) -> [Date] { seconds.map { now.addingTimeInterval(-$0) } }
    let throttle = SignInThrottle()

    @Test("below every threshold an attempt goes ahead")
    func below() {
        #expect(throttle.wait(.unknownDevice(accountAndAddress: Self.ago([1, 2, 3, 4]), address: Self.ago(Array(repeating: 1, count: 9)),
                                             account: Self.ago(Array(repeating: 1, count: 19))), now: Self.now) == nil)
        #expect(throttle.wait(.knownDevice(Self.ago([1, 2, 3, 4])), now: Self.now) == nil)
    }

    @Test("from the threshold the wait doubles with each failure, up to fifteen minutes", arguments: [
        (5, 60), (6, 120), (7, 240), (8, 480), (9, 900), (14, 900),
    ])
    func doubling(failures: Int, wait: Int) {
        let dates = Array(repeating: Self.now, count: failures)
        #expect(throttle.wait(.unknownDevice(accountAndAddress: dates, address: [], account: []), now: Self.now)
                == SignInThrottle.Wait(seconds: wait, reason: .accountAndAddress))
    }

    @Test("the wait counts from the latest failure, and failures older than the window do not count")
    func window() {
        #expect(throttle.wait(.unknownDevice(accountAndAddress: Self.ago([100, 100, 100, 100, 40]), address: [], account: []), now: Self.now)?.seconds == 20)
        #expect(throttle.wait(.unknownDevice(accountAndAddress: Self.ago([100, 100, 100, 100, 61]), address: [], account: []), now: Self.now) == nil)
        #expect(throttle.wait(.unknownDevice(accountAndAddress: Self.ago([901, 901, 901, 10, 10]), address: [], account: []), now: Self.now) == nil)
    }

    @Test("each count has its own threshold; the longest wait wins", arguments: [
        (SignInThrottle.Failures.unknownDevice(accountAndAddress: [], address: Array(repeating: now, count: 10), account: []), SignInThrottle.Reason.address),
        (.unknownDevice(accountAndAddress: [], address: [], account: Array(repeating: now, count: 20)), .account),
        (.unknownDevice(accountAndAddress: Array(repeating: now, count: 5), address: Array(repeating: now, count: 12), account: []), .address),
        (.knownDevice(Array(repeating: now, count: 5)), .device),
    ])
    func reasons(failures: SignInThrottle.Failures, reason: SignInThrottle.Reason) {
        #expect(throttle.wait(failures, now: Self.now)?.reason == reason)
    }
}

@Suite("Hashing admission")
struct HashingAdmissionTests {
    @Test("run, wait, or busy: a client never holds more than its share", arguments: [
        (0, 0, 0, HashingAdmission.Decision.run), (1, 0, 1, .run), (2, 0, 0, .wait), (2, 3, 1, .wait),
        (2, 4, 0, .busy(retryAfter: 2, addressAtLimit: false)), (0, 0, 2, .busy(retryAfter: 1, addressAtLimit: true)),
        (2, 0, 2, .busy(retryAfter: 1, addressAtLimit: true)),
    ])
    func decide(running: Int, queued: Int, fromAddress: Int, decision: HashingAdmission.Decision) {
        #expect(HashingAdmission(concurrent: 2, waiting: 4, perAddress: 2).decide(running: running, queued: queued, fromAddress: fromAddress) == decision)
    }
}

@Suite("Second factor")
struct SecondFactorTests {
    /// RFC 6238, appendix B: the SHA-1 secret and the codes at these instants (the last six of the eight digits).
    static let rfc = TOTP(secret: Array("12345678901234567890".utf8))

    @Test("RFC 6238's test vectors", arguments: [
        (59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"), (2_000_000_000, "279037"),
        (20_000_000_000, "353130"),
    ])
    func vectors(seconds: Double, code: String) {
        #expect(Self.rfc.code(at: Date(timeIntervalSince1970: seconds)) == code)
    }

    @Test("a code is accepted one step either side of now, never at or before a step already used")
    func steps() {
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: now)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step), at: now, after: nil) == step)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step - 1), at: now, after: nil) == step - 1)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step + 1), at: now, after: nil) == step + 1)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step - 2), at: now, after: nil) == nil)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step), at: now, after: step) == nil)
        #expect(Self.rfc.matchingStep(Self.rfc.code(step: step + 1), at: now, after: step) == step + 1)
    }

    @Test("base32 as RFC 4648 writes it, read back however it is typed", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func base32(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded.lowercased() + "====") == Array(plain.utf8))
    }

    @Test("what a person types: six digits, or a recovery code, or neither", arguments: [
        ("123456", SecondFactor.Answer.totp("123456")), ("123 456", .totp("123456")), ("k7m2p-9qx4t", .recoveryCode("k7m2p9qx4t")),
        ("K7M2P 9QX4T", .recoveryCode("k7m2p9qx4t")), ("12345", .unreadable), ("", .unreadable), ("1234567", .unreadable),
    ])
    func read(typed: String, answer: SecondFactor.Answer) {
        #expect(SecondFactor.read(typed) == answer)
    }

    @Test("ten different recovery codes that read as recovery codes; the provisioning address apps expect")
    func codesAndAddress() {
        let codes = SecondFactor.makeRecoveryCodes()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(codes.allSatisfy { if case .recoveryCode = SecondFactor.read($0) { true } else { false } })
        let uri = Self.rfc.provisioningURI(account: "kz@example.org", issuer: "CICA Platform")
        #expect(uri == "otpauth://totp/CICA%20Platform:kz@example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CICA%20Platform&algorithm=SHA1&digits=6&period=30")
    }

    @Test("administrators and Secretariat officers need it; others may choose it")
    func required() {
        #expect(SecondFactor.isRequired(for: [.administrator]))
        #expect(SecondFactor.isRequired(for: [.delegate(state: "KZ"), .secretariat]))
        #expect(!SecondFactor.isRequired(for: [.delegate(state: "KZ"), .observer(observer: "un")]))
        #expect(!SecondFactor.isRequired(for: []))
    }
}

@Suite("Text bounded for the logs")
struct AuditTextTests {
    @Test("control characters replaced, length bounded with what was left out said", arguments: [
        ("plain", 10, "plain"), ("a\u{1B}[31mb", 10, "a\u{FFFD}[31mb"), ("abcdefghij", 4, "abcd… (6 more)"),
    ])
    func bounded(text: String, limit: Int, expected: String) {
        #expect(AuditText.bounded(text, limit: limit) == expected)
    }

    @Test("a claimed e-mail is kept as an address when it is one, and cut short when it is not")
    func claimed() {
        #expect(AccountInput.claimedEmail(" KZ@Example.org ") == "kz@example.org")
        let long = AccountInput.claimedEmail(String(repeating: "a", count: 10_000))
        #expect(long.count < 100 && long.hasSuffix("(10000 bytes)"))
    }
}

@Suite("Comparing versions")
struct TextDiffTests {
    /// The longest common subsequence's length, by the textbook table: the size a minimal script keeps.
    static func lcs(_ a: [Substring], _ b: [Substring]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test("line by line, as before")
    func small() {
        #expect(TextDiff.lines(from: "a\nb\nc", to: "a\nB\nc\nd") == [.same("a"), .removed("b"), .added("B"), .same("c"), .added("d")])
        #expect(TextDiff.lines(from: "x", to: "x") == [.same("x")])
        #expect(TextDiff.lines(from: "", to: "a") == [.removed(""), .added("a")])
    }

    @Test("on many random pairs, the script rebuilds both texts and is as short as can be")
    func minimal() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...14, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...14, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator)! }
            let old = a.joined(separator: "\n"), new = b.joined(separator: "\n")
            let lines = TextDiff.lines(from: old, to: new)
            let rebuiltOld = lines.compactMap { if case .same(let t) = $0 { t } else if case .removed(let t) = $0 { t } else { nil } }
            let rebuiltNew = lines.compactMap { if case .same(let t) = $0 { t } else if case .added(let t) = $0 { t } else { nil } }
            #expect(rebuiltOld.joined(separator: "\n") == old && rebuiltNew.joined(separator: "\n") == new, "\(a) → \(b)")
            let kept = lines.filter { if case .same = $0 { true } else { false } }.count
            #expect(kept == Self.lcs(old.split(separator: "\n", omittingEmptySubsequences: false), new.split(separator: "\n", omittingEmptySubsequences: false)),
                    "\(a) → \(b)")
        }
    }

    @Test("too many lines, or too many differences, are said rather than worked out")
    func limits() {
        let long = (0..<6_000).map { "line \($0)" }.joined(separator: "\n")
        #expect(TextDiff.compare(long, "short") == .tooLong(oldLines: 6_000, newLines: 1, limit: 5_000))
        let a = (0..<3_000).map { "a\($0)" }.joined(separator: "\n"), b = (0..<3_000).map { "b\($0)" }.joined(separator: "\n")
        #expect(TextDiff.compare(a, b) == .tooDifferent(limit: 2_000))
        // Long texts with a few changes are compared: a revision of a long text is the common case.
        var edited = (0..<4_000).map { "line \($0)" }
        edited[1_000] = "changed"
        edited.insert("inserted", at: 3_000)
        guard case .lines(let lines) = TextDiff.compare(edited.joined(separator: "\n"), (0..<4_000).map { "line \($0)" }.joined(separator: "\n")) else {
            Issue.record("not compared"); return
        }
        #expect(lines.filter { if case .same = $0 { false } else { true } }.count == 3)
    }
}

@Suite("Strict JSON")
struct StrictJSONTests {
    static func fields(_ text: String) -> [String] { StrictJSON.problems(in: Array(text.utf8)).map(\.field) }

    @Test("an unambiguous body passes", arguments: [
        #"{"title":"Admission","effect":{"kind":"none","parameters":{}},"n":-1.5e3,"ok":true,"x":null,"list":[1,"two",{}]}"#,
        #"{"text":"line\nbreak\ttab \u00e9 \ud83d\ude00 \"quoted\" \\ \/"}"#, #"[]"#, #""plain""#, "  {\"a\" : [ ] }  ",
    ])
    func accepted(text: String) {
        #expect(Self.fields(text).isEmpty)
    }

    @Test("what two decoders could read differently is refused, named", arguments: [
        (#"{"title":"probe \u0001 B","title":"ok B"}"#, ["title", "title"]),   // the escaped control character, and the key twice
        (#"{"title":"ok","title":"ok"}"#, ["title"]),
        (#"{"a":{"b":"x\u001b[31m"}}"#, ["a.b"]),
        (#"{"list":["ok","\u0000"]}"#, ["list[1]"]),
        (#"{"t\u0000":"key"}"#, ["t\u{0}"]),
        (#"{"title":"x","zz":"\ud800"}"#, ["body"]),                          // an unpaired surrogate
        (#"{"title":"x","zz":"\udc00"}"#, ["body"]),
        ("{\"title\":\"x\",\"zz\":\"\u{1}\"}", ["body"]),                       // a raw control character inside a string
        (#"{"title":"x",}"#, ["body"]), (#"{"title":"x"} trailing"#, ["body"]), (#"{"n":01}"#, ["body"]), (#"{"n":1.}"#, ["body"]),
        (#"{"t":"\x"}"#, ["body"]), (#"{"t":"never ends}"#, ["body"]), ("", ["body"]), ("\u{FEFF}{}", ["body"]),
    ])
    func refused(text: String, expected: [String]) {
        #expect(Self.fields(text) == expected)
    }

    @Test("bytes that are not UTF-8, and nesting past the limit, are refused without reading further")
    func bytesAndDepth() {
        #expect(StrictJSON.problems(in: Array(#"{"zz":""#.utf8) + [0xFF] + Array(#""}"#.utf8)).map(\.field) == ["body"])
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(StrictJSON.problems(in: Array(deep.utf8)).first?.reason.description.contains("nested more than 64 deep") == true)
        #expect(StrictJSON.looksLikeJSON(Array("  {".utf8)) && !StrictJSON.looksLikeJSON(Array("title=x".utf8)))
    }
}
