import Foundation
import Hummingbird
import Logging
import CICACore

/// Typed per-request state: the request id every log line carries, and the reader's language.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Given by the caller in `X-Request-Id`, or made up here; sent back in the response and in every log line.
    public var requestId: String
    public var language: Language

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.language = .en
    }

    public var localizer: Localizer { Localizer(language) }
}

/// What an OpenAPI handler needs to know of the request it serves (the generated handlers have no context).
struct RequestInfo: Sendable {
    var requestId: String
    var language: Language
    var logger: Logger

    @TaskLocal static var current = RequestInfo(requestId: "-", language: .en, logger: Logger(label: "cica"))
}
