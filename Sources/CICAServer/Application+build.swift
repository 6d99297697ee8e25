import Foundation
import Hummingbird
import NIOCore
import Logging
import Metrics
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus
import CICACore
import CICAStore

/// The application: the platform's router with its middleware, API and pages, and its background services.
///
/// `cica serve` and the tests call this same function with a `Platform`; only its configuration differs.
public func buildApplication(_ platform: Platform, metrics: PrometheusCollectorRegistry? = nil, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let configuration = platform.configuration
    var logger = logger ?? Logger(label: "cica")
    logger.logLevel = configuration.logLevel
    let router = try await buildRouter(platform, metrics: metrics)
    // A connection without a request for `idleTimeout` is closed, so that clients that open connections and send
    // nothing, or send their headers a byte at a time, cannot hold the server's connections (docs/operations.md).
    let idle = TimeAmount.nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: idle)),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "CICA Platform"),
        logger: logger)
    if let interval = configuration.silenceCheckInterval {
        app.addServices(SilenceProcedureCloser(decisions: platform.decisions, interval: interval, now: configuration.now, logger: logger))
    }
    if let relay = configuration.mail {
        app.addServices(LetterSender(outbox: platform.outbox, relay: relay, now: configuration.now, logger: logger))
    }
    if case .listener(let hostname, let port) = configuration.metrics, let metrics {
        // A listener of its own, for Prometheus on a private address; the public one never serves the metrics.
        let metricsRouter = Router()
        metricsRouter.get("/metrics") { _, _ in metricsResponse(metrics) }
        app.addServices(Application(router: metricsRouter, configuration: .init(address: .hostname(hostname, port: port), serverName: "CICA Platform metrics"),
                                    logger: logger))
    }
    return app
}

func metricsResponse(_ registry: PrometheusCollectorRegistry) -> Response {
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
}

/// The router with every route, for the application and for tests that drive it directly.
func buildRouter(_ platform: Platform, metrics: PrometheusCollectorRegistry?) async throws -> Router<AppRequestContext> {
    let configuration = platform.configuration
    let pages = platform.pages
    let router = Router(context: AppRequestContext.self)
    let pageIndex = PageIndex()

    // In this order: who is asking and how; what every response carries; then what a request may be before anything
    // reads it (one spelling per path, at most 1 MiB, someone to make a change), and only then its text and its form.
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: ClientMiddleware(trustedProxies: configuration.trustedProxies, behindTLS: configuration.behindTLS))
    router.add(middleware: LanguageMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: CanonicalPathMiddleware())
    router.add(middleware: BodyLimitMiddleware(fileLimit: configuration.fileLimit))
    if case .token(let token) = configuration.metrics, let metrics {
        router.add(middleware: MetricsEndpointMiddleware(token: token, registry: metrics))
    }
    router.add(middleware: IdentityMiddleware(accounts: platform.accounts, now: configuration.now))
    router.add(middleware: SignInRequiredMiddleware())
    router.add(middleware: StoredTextMiddleware())
    router.add(middleware: CSRFMiddleware())
    router.add(middleware: ETagMiddleware())
    if let publicPath = Bundle.module.resourcePath.map({ $0 + "/Public" }) {
        router.add(middleware: FileMiddleware(publicPath, cacheControl: CacheControl([(MediaType.textCss, [CacheControl.CacheControlValue.public, .maxAge(3600)]), (MediaType(type: .image, subType: "svg+xml"), [.public, .maxAge(86400)])]), searchForIndexHtml: false))
    }

    try PlatformAPI(platform: platform)
        .registerHandlers(on: router, configuration: .init(dateTranscoder: InstantTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
    let specification = try Data(contentsOf: Bundle.module.url(forResource: "openapi", withExtension: "yaml")!)
    router.get("/openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: specification)))
    }

    HomePage(platform: platform).addRoutes(to: router)
    MembershipPages(platform: platform).addRoutes(to: router)
    OrganPages(platform: platform).addRoutes(to: router)
    MeetingPages(platform: platform).addRoutes(to: router)
    AdmissionPages(platform: platform).addRoutes(to: router)
    ChairmanshipPages(platform: platform).addRoutes(to: router)
    SecretariatPages(platform: platform).addRoutes(to: router)
    NotificationPages(platform: platform).addRoutes(to: router)
    PartnerPages(platform: platform).addRoutes(to: router)
    PriorityAreaPages(platform: platform).addRoutes(to: router)
    EditionPages(platform: platform).addRoutes(to: router)
    ReportPages(platform: platform).addRoutes(to: router)
    OverviewPages(platform: platform).addRoutes(to: router)
    CalendarPages(platform: platform).addRoutes(to: router)
    CataloguePages(platform: platform).addRoutes(to: router)
    DecisionPages(platform: platform).addRoutes(to: router)
    DocumentPages(platform: platform).addRoutes(to: router)
    SearchPages(platform: platform).addRoutes(to: router)
    RegistryCSV(platform: platform).addRoutes(to: router)
    OpenDataPages(platform: platform).addRoutes(to: router)
    SourcePages(platform: platform).addRoutes(to: router)
    AccountPages(platform: platform, pageIndex: pageIndex).addRoutes(to: router)
    AdminPages(platform: platform).addRoutes(to: router)
    AuditPages(platform: platform).addRoutes(to: router)
    pageIndex.record(router.routes.filter { $0.method == .get }.map(\.path))
    return router
}
