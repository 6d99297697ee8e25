import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// Every state-changing API operation and form, and every restricted read, as each role and anonymously.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable, Sendable {
        case anonymous, administrator, secretariat, delegate, observer
    }

    enum Expected: Equatable, CustomStringConvertible {
        /// Done, with this status.
        case allowed(HTTPResponse.Status)
        /// The API asks for a token: 401.
        case unauthorized
        /// A page sends the browser to sign in.
        case signIn
        /// Signed in, but the role does not allow it: 403 with the reason.
        case forbidden

        var description: String {
            switch self {
            case .allowed(let status): "allowed \(status.code)"
            case .unauthorized: "401"
            case .signIn: "redirect to sign in"
            case .forbidden: "403"
            }
        }
    }

    /// What a caller holds: a browser session and an API token (both nil for the public).
    struct Caller: Sendable {
        var who: Who
        var user: UserAccount?
        var session: BrowserSession?
        var token: String?
    }

    /// One operation: how to call it (after setting up what it acts on) and who may.
    struct Operation: Sendable {
        var name: String
        var isForm: Bool
        var allowed: Set<Who>
        var success: HTTPResponse.Status
        var call: @Sendable (TestPlatform, Caller, Int) async throws -> TestResponse
    }

    static let signedIn: Set<Who> = [.administrator, .secretariat, .delegate, .observer]

    /// A fresh account to act on, with a grant to revoke.
    static func target(_ p: TestPlatform, _ n: Int) async throws -> UserAccount {
        try await p.user("target\(n)@example.org", (.delegate, "CN"))
    }

    /// A token of the caller's own to revoke ("none" for the public, who has none).
    static func ownToken(_ p: TestPlatform, _ c: Caller) async throws -> String {
        guard let user = c.user else { return "none" }
        return try await p.accounts.issueToken(userId: user.id, name: "x", expiresInDays: nil, now: p.clock.now, actor: .commandLine(user: "t")).token.id
    }

    static let operations: [Operation] = [
        Operation(name: "form: change password", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            try await p.client.submit("/account/password", ["currentPassword": TestPlatform.password, "newPassword": TestPlatform.password,
                                                            "confirmPassword": TestPlatform.password], as: c.session)
        },
        Operation(name: "form: create API token", isForm: true, allowed: signedIn, success: .created) { p, c, _ in
            try await p.client.submit("/account/tokens", ["name": "matrix"], as: c.session)
        },
        Operation(name: "form: revoke own API token", isForm: true, allowed: signedIn, success: .seeOther) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.submit("/account/tokens/\(id)/revoke", as: c.session)
        },
        Operation(name: "form: add user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users", ["email": "new\(n)@example.org", "name": "New", "password": "a long enough password"], as: c.session)
        },
        Operation(name: "form: disable user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/disable", as: c.session)
        },
        Operation(name: "form: enable user", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/enable", as: c.session)
        },
        Operation(name: "form: grant role", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            try await p.client.submit("/admin/users/\(try await target(p, n).id)/roles", ["role": "observer", "scope": "un"], as: c.session)
        },
        Operation(name: "form: revoke role", isForm: true, allowed: [.administrator], success: .seeOther) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.submit("/admin/users/\(t.id)/roles/\(t.grants[0].id)/revoke", as: c.session)
        },
        Operation(name: "page: user administration", isForm: true, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.get("/admin/users", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit log", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: audit CSV", isForm: true, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.get("/audit.csv", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "page: account", isForm: true, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.get("/account", headers: c.session.map { [.cookie: "cica_session=\($0.cookie)"] } ?? [:])
        },
        Operation(name: "API: create user", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users", method: .post, token: c.token,
                                   json: #"{"email":"api\#(n)@example.org","displayName":"API","password":"a long enough password"}"#)
        },
        Operation(name: "API: disable user", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/disable", method: .post, token: c.token)
        },
        Operation(name: "API: enable user", isForm: false, allowed: [.administrator], success: .ok) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/enable", method: .post, token: c.token)
        },
        Operation(name: "API: grant role", isForm: false, allowed: [.administrator], success: .created) { p, c, n in
            try await p.client.api("/api/v1/users/\(try await target(p, n).id)/roles", method: .post, token: c.token, json: #"{"kind":"observer","scope":"JP"}"#)
        },
        Operation(name: "API: revoke role", isForm: false, allowed: [.administrator], success: .noContent) { p, c, n in
            let t = try await target(p, n)
            return try await p.client.api("/api/v1/users/\(t.id)/roles/\(t.grants[0].id)", method: .delete, token: c.token)
        },
        Operation(name: "API: revoke own token", isForm: false, allowed: signedIn, success: .noContent) { p, c, _ in
            let id = try await ownToken(p, c)
            return try await p.client.api("/api/v1/me/tokens/\(id)", method: .delete, token: c.token)
        },
        Operation(name: "API: list users", isForm: false, allowed: [.administrator], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/users", token: c.token)
        },
        Operation(name: "API: audit log", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit", token: c.token)
        },
        Operation(name: "API: audit CSV", isForm: false, allowed: [.administrator, .secretariat], success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/audit.csv", token: c.token)
        },
        Operation(name: "API: me", isForm: false, allowed: signedIn, success: .ok) { p, c, _ in
            try await p.client.api("/api/v1/me", token: c.token)
        },
    ]

    static func expected(_ operation: Operation, _ who: Who) -> Expected {
        if operation.allowed.contains(who) { return .allowed(operation.success) }
        if who == .anonymous { return operation.isForm ? .signIn : .unauthorized }
        return .forbidden
    }

    static func observed(_ response: TestResponse) -> Expected {
        switch response.status {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .seeOther where response.headers[.location]?.hasPrefix("/login") == true: .signIn
        default: .allowed(response.status)
        }
    }

    @Test("every write and restricted read, as every role", arguments: TestEngine.all)
    func matrix(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            var callers: [Caller] = [Caller(who: .anonymous)]
            let roles: [(Who, (RoleKind, String?))] = [(.administrator, (.administrator, nil)), (.secretariat, (.secretariat, nil)),
                                                       (.delegate, (.delegate, "KZ")), (.observer, (.observer, "JP"))]
            for (who, role) in roles {
                let user = try await p.user("\(who.rawValue)@example.org", role)
                callers.append(Caller(who: who, user: user, session: try await p.client.signIn(user.email), token: try await p.token(for: user)))
            }
            var n = 0
            for operation in Self.operations {
                for caller in callers {
                    n += 1
                    let response = try await operation.call(p, caller, n)
                    let expected = Self.expected(operation, caller.who)
                    #expect(Self.observed(response) == expected, "\(operation.name) as \(caller.who): \(response.status) \(response.text.prefix(200))")
                    if expected == .forbidden {
                        // A denial says why.
                        #expect(response.text.contains("Accounts are managed by an administrator") || response.text.contains("audit log is for")
                                || response.text.contains("manages accounts"), "\(operation.name) as \(caller.who): no reason")
                    }
                }
            }
            #expect(Set(Self.operations.map(\.name)).count == Self.operations.count)
        }
    }

    @Test("the matrix covers every state-changing operation of the API contract")
    func coverage() async throws {
        try await withPlatform(.sqlite) { p in
            let spec = try await p.client.get("/openapi.yaml").text
            // Operation ids that follow a post, put, patch or delete line in the contract.
            var writes: Set<String> = []
            var method = ""
            for line in spec.components(separatedBy: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if ["get:", "post:", "put:", "patch:", "delete:"].contains(trimmed) { method = trimmed }
                if trimmed.hasPrefix("operationId:"), method != "get:" {
                    writes.insert(trimmed.replacingOccurrences(of: "operationId:", with: "").trimmingCharacters(in: .whitespaces))
                }
            }
            #expect(!writes.isEmpty)
            let covered: Set = ["createUser", "disableUser", "enableUser", "grantRole", "revokeRole", "revokeMyToken"]
            #expect(writes == covered, "the matrix lists every write operation; add new ones to it")
        }
    }
}
