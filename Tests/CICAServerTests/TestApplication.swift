import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The day the server tests run "on", so that the current chair and the next CICA Day do not drift.
let testToday = CivilDate(year: 2026, month: 11, day: 29)

/// Builds the real application on a fresh database of `engine` and drives it through HummingbirdTesting.
func withApplication(_ engine: TestEngine, today: CivilDate = testToday,
                     _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await withPlatform(engine, today: today) { platform in try await body(platform.client) }
}

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_900_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The application under test, with what tests need to set up accounts directly.
struct TestPlatform: Sendable {
    let client: any TestClientProtocol
    /// The same composition root the application under test was built from.
    let platform: Platform
    let clock: TestClock

    var accounts: Accounts { platform.accounts }
    var database: Database { platform.database }

    static let password = "correct horse battery staple"

    /// Creates an account with one role (or none) and the test password.
    @discardableResult
    func user(_ email: String, _ role: (RoleKind, String?)?) async throws -> UserAccount {
        try await accounts.addUser(email: email, displayName: email.components(separatedBy: "@")[0], password: Self.password,
                                   roles: role.map { [$0] } ?? [], actor: .commandLine(user: "test"))
    }

    /// An API token for the account.
    func token(for user: UserAccount, expiresInDays: Int? = nil) async throws -> String {
        try await accounts.issueToken(userId: user.id, name: "test", expiresInDays: expiresInDays, secondFactor: true, now: clock.now, actor: .commandLine(user: "test")).secret
    }
}

/// The proxies tests trust: HummingbirdTesting's in-memory channel has no peer address, as a Unix socket has none,
/// so trusting the local socket lets a test say who the client is with `X-Forwarded-For`.
let testProxies = TrustedProxies(ranges: [], localSocket: true)

/// The test application on a fresh database, with a movable clock and the cheapest password hashing.
func withPlatform(_ engine: TestEngine, today: CivilDate = testToday, trustedProxies: TrustedProxies = testProxies, behindTLS: Bool = false,
                  hashing: HashingGate = HashingGate(HashingAdmission(concurrent: 2)), metrics: MetricsExposure = .off,
                  workingLanguages: WorkingLanguages = .english, fileLimit: Int = UploadRules.defaultLimit,
                  _ body: @escaping @Sendable (TestPlatform) async throws -> Void) async throws {
    try await TestDatabase.withFresh(engine) { database in
        let clock = TestClock()
        let configuration = ServerConfiguration(logLevel: .warning, behindTLS: behindTLS, now: { clock.now }, today: { today },
                                                trustedProxies: trustedProxies, passwordCost: 4, hashing: hashing, metrics: metrics,
                                                silenceCheckInterval: nil, workingLanguages: workingLanguages, fileLimit: fileLimit)
        let registry = PrometheusCollectorRegistry()
        let platform = try await Platform(configuration: configuration, database: database)
        // As `cica serve` does on start: what the seed logged gets its checkpoint.
        try await platform.log.seal(now: clock.now, force: false)
        let app = try await buildApplication(platform, metrics: registry, logger: TestDatabase.logger)
        // The files of this platform are in a directory of its own, removed however the test ends.
        defer { try? FileManager.default.removeItem(atPath: platform.files.directory) }
        try await app.test(.router) { client in
            try await body(TestPlatform(client: client, platform: platform, clock: clock))
        }
    }
}

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
struct BrowserSession: Sendable {
    var cookie: String
    var csrf: String
}

extension TestResponse {
    /// The value of the cookie `name` this response sets, if any.
    func cookie(_ name: String) -> String? {
        headers[values: .setCookie].lazy.compactMap { header -> String? in
            guard header.hasPrefix(name + "=") else { return nil }
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }

    var text: String { String(buffer: body) }

    /// The `detail` of a problem+json answer ("" when there is none).
    var problemDetail: String { (try? JSON(body))?["detail"].string ?? "" }

    /// The first field a problem+json answer names.
    var problemField: String? { (try? JSON(body))?["errors"][0]["field"].string }

    /// The authenticator secret a page shows for typing into the app.
    var totpSecret: TOTP? {
        guard let range = text.range(of: "id=\"totp-secret\">") else { return nil }
        return Base32.decode(String(text[range.upperBound...].prefix { $0 != "<" })).map(TOTP.init)
    }

    /// The first hidden CSRF field of the page.
    var csrfField: String? {
        guard let range = text.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// A form body, URL-encoded.
func formBody(_ fields: [String: String]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
}

/// The sign-in form could not be fetched: the page lacked its token or cookie.
struct NoSignInForm: Error {}

extension TestPlatform {
    /// Fetches the sign-in form and posts it as a browser does: from `address` (when given), holding `cookies` besides
    /// the form's own. Returns the answer and the form's cookie, which the second step needs too.
    func postSignIn(_ email: String, password: String = TestPlatform.password, address: String? = nil, cookies: String? = nil,
                    next: String? = nil) async throws -> (response: TestResponse, formCookie: String) {
        let form = try await client.get("/login")
        guard let formCookie = form.cookie("cica_form"), let token = form.csrfField else { throw NoSignInForm() }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded",
                                   .cookie: (["cica_form=\(formCookie)"] + (cookies.map { [$0] } ?? [])).joined(separator: "; ")]
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = address }
        var fields = ["email": email, "password": password, "_csrf": token]
        if let next { fields["next"] = next }
        return (try await client.execute(uri: "/login", method: .post, headers: headers, body: formBody(fields)), formCookie)
    }

    /// Signs in through the sign-in form as a browser does, with the second step when the account has (or needs) one:
    /// the app is set up if need be, and the code is worked out from the stored secret at the test clock's time, moved on
    /// to a step not used yet.
    func signIn(_ email: String, password: String = TestPlatform.password, address: String = "192.0.2.1") async throws -> BrowserSession? {
        var (response, formCookie) = try await postSignIn(email, password: password, address: address)
        if response.status == .seeOther, response.headers[.location] == "/login/second-factor", let challenge = response.cookie("cica_challenge") {
            let cookies = "cica_form=\(formCookie); cica_challenge=\(challenge)"
            let step = try await client.get("/login/second-factor", headers: [.cookie: cookies])
            guard let csrf = step.csrfField, let user = try await accounts.user(email: email) else { return nil }
            let totp: TOTP
            if let factor = try await accounts.secondFactor(userId: user.id) {
                while TOTP.step(at: clock.now) <= (factor.lastStep ?? .min) { clock.advance(TOTP.period) }
                totp = factor.totp
            } else {
                // Set up at this sign-in: the secret is the one the page shows.
                guard let shown = step.totpSecret else { return nil }
                totp = shown
            }
            response = try await client.execute(uri: "/login/second-factor", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookies,
                                                          HTTPField.Name("X-Forwarded-For")!: address],
                                                body: formBody(["code": totp.code(at: clock.now), "_csrf": csrf]))
        }
        guard response.status == .seeOther || response.status == .ok, let session = response.cookie("cica_session") else { return nil }
        let account = try await client.get("/account", headers: [.cookie: "cica_session=\(session)"])
        guard let csrf = account.csrfField else { return nil }
        return BrowserSession(cookie: session, csrf: csrf)
    }
}

extension TestClientProtocol {
    /// Posts a form as a signed-in browser (with its CSRF token unless told otherwise).
    func submit(_ path: String, _ fields: [String: String] = [:], as session: BrowserSession?, csrf: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        var fields = fields
        if let session {
            headers[.cookie] = "cica_session=\(session.cookie)"
            fields["_csrf"] = csrf ?? session.csrf
        }
        return try await execute(uri: path, method: .post, headers: headers, body: formBody(fields))
    }

    /// Posts a `multipart/form-data` form as a signed-in browser: the CSRF token first, as the page's form sends it, then
    /// the fields, then the file (name, declared type, content) when there is one.
    func submitMultipart(_ path: String, _ fields: [(String, String)], file: (name: String, type: String, content: [UInt8])? = nil,
                         as session: BrowserSession?, csrf: String? = nil) async throws -> TestResponse {
        let boundary = "----cica-test-\(UInt64.random(in: 0...UInt64.max))"
        var body: [UInt8] = []
        func part(_ headers: String, _ content: [UInt8]) {
            body += Array("--\(boundary)\r\n\(headers)\r\n\r\n".utf8) + content + Array("\r\n".utf8)
        }
        var all = fields
        if let session { all.insert(("_csrf", csrf ?? session.csrf), at: 0) }
        for (name, value) in all { part("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8)) }
        if let file {
            part("Content-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)", file.content)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let session { headers[.cookie] = "cica_session=\(session.cookie)" }
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// Sends a file to the API as the body, with its declared type.
    func upload(_ path: String, token: String?, type: String, content: [UInt8]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: path, method: .put, headers: headers, body: ByteBuffer(bytes: content))
    }

    /// Calls the API with a bearer token.
    func api(_ path: String, method: HTTPRequest.Method = .get, token: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestClientProtocol {
    /// GETs `uri` and returns the response.
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    /// GETs `uri`, expects JSON, and returns it parsed.
    func json(_ uri: String, status: HTTPResponse.Status = .ok, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let response = try await get(uri)
        #expect(response.status == status, "\(uri): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try JSON(response.body)
    }
}

/// A parsed JSON value, read with subscripts: `json["items"][0]["code"].string`.
struct JSON: @unchecked Sendable {
    let value: Any?

    init(_ buffer: ByteBuffer) throws {
        value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    private init(value: Any?) { self.value = value }

    subscript(key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(value: nil) }
        return JSON(value: array[index])
    }
    var string: String? { value as? String }
    var int: Int? { value as? Int }
    var bool: Bool? { value as? Bool }
    var array: [JSON] { (value as? [Any])?.map { JSON(value: $0) } ?? [] }
    var isNull: Bool { value == nil || value is NSNull }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
}
