import HTTPTypes
import Synchronization
import Foundation
import Hummingbird
import Logging
import CICACore
import CICAStore

/// Typed per-request state: the request id every log line carries, and the reader's language.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Given by the caller in `X-Request-Id`, or made up here; sent back in the response and in every log line.
    public var requestId: String
    public var language: Language
    /// Who is signed in (by session cookie or API token); nil for the public.
    public var identity: Identity?
    /// The client's address, for throttling sign-ins and for the audit log: the peer's, or through trusted proxies
    /// the client's (`ClientMiddleware`).
    public var address: String
    /// The address of the connection's other end; nil for a Unix socket (or a test's in-memory channel).
    public var peer: String?
    /// Whether the request reached us over TLS (behind a TLS proxy): cookies are then `Secure` and HSTS is sent.
    public var overTLS: Bool
    /// The page's own address (path and query), for links to it in another language.
    public var pageAddress: String
    /// The form that was just done, whose "saved" line the page shows once (`Notice`).
    var notice: FormFeedback.Kind?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.language = .en
        self.identity = nil
        self.peer = source.channel.remoteAddress?.ipAddress
        self.address = self.peer ?? "unix socket"
        self.overTLS = false
        self.pageAddress = "/"
        self.notice = nil
    }

    /// Remembers the request's own address (path and query) for links to the same page in another language.
    mutating func address(of request: Request) {
        pageAddress = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
    }

    public var localizer: Localizer { Localizer(language) }
    public var principal: Principal { identity?.user.principal ?? .anonymous }
    /// Which access levels the request may read: what lists, counts, pages and files show it.
    public var readership: Readership { Readership(principal) }

    /// Who makes a write from this request, for the audit log.
    public var actor: Actor {
        Actor(userId: identity?.user.id, label: identity?.user.email ?? "anonymous",
              role: identity.flatMap { Accounts.roleLabel($0.user) }, requestId: requestId, address: address)
    }

    /// Asks the access policy; throws `AccessDenied` with the reason when the answer is no.
    public func authorize(_ action: Action, on owner: Owner = .none) throws(AccessDenied) {
        let verdict = Policy.decide(principal, action, on: owner)
        guard verdict.isAllowed else { throw AccessDenied(verdict: verdict) }
    }
}

/// A signed-in user and how they signed in.
public struct Identity: Sendable {
    public enum Credential: Sendable {
        /// A browser session: its secret (from the cookie) and the CSRF token forms must carry.
        case session(secret: String, csrfToken: String)
        /// An API token, by id.
        case token(id: String)
    }
    public var user: UserAccount
    public var credential: Credential
    /// Whether the person passed the second factor: a session opened with it, or a token made by such a session.
    public var passedSecondFactor: Bool

    public var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}

/// The access policy said no; the verdict carries the reason.
public struct AccessDenied: Error, Sendable {
    public var verdict: Verdict
}

/// What an OpenAPI handler needs to know of the request it serves (the generated handlers have no context).
struct RequestInfo: Sendable {
    var context: AppRequestContext?
    var logger: Logger
    /// Headers a handler adds to its response exactly as written: the generated code percent-encodes the header values it
    /// is given, which a `Content-Disposition` with `filename*` or a `Repr-Digest` cannot have.
    let verbatimHeaders = VerbatimHeaders()

    @TaskLocal static var current = RequestInfo(context: nil, logger: Logger(label: "cica"))

    var language: Language { context?.language ?? .en }
    var actor: Actor { context?.actor ?? Actor(userId: nil, label: "anonymous", role: nil, requestId: nil, address: nil) }
    var readership: Readership { context?.readership ?? .everyone }
    var principal: Principal { context?.principal ?? .anonymous }

    func authorize(_ action: Action, on owner: Owner = .none) throws(AccessDenied) {
        guard let context else { throw AccessDenied(verdict: .signInRequired(reason: Message("reason.signDo"))) }
        try context.authorize(action, on: owner)
    }
}

/// The headers of `RequestInfo.verbatimHeaders`, filled by a handler and added to its response by `IdentityMiddleware`.
final class VerbatimHeaders: Sendable {
    private let fields = Mutex(HTTPFields())
    func set(_ name: HTTPField.Name, _ value: String) { fields.withLock { $0[name] = value } }
    var all: HTTPFields { fields.withLock { $0 } }
}
