import Foundation
import Hummingbird
import Logging
import Metrics
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus
import CICACore
import CICAStore

/// The composition root: wires the repositories, middleware, API and pages for one database.
///
/// `cica serve` and the tests call this same function; only the configuration differs.
public func buildApplication(
    _ configuration: ServerConfiguration, database: Database, metrics: PrometheusCollectorRegistry? = nil, logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "cica")
    logger.logLevel = configuration.logLevel
    let router = try await buildRouter(configuration, database: database, metrics: metrics)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "CICA Platform"),
        logger: logger)
    if let interval = configuration.silenceCheckInterval {
        app.addServices(SilenceProcedureCloser(database: database, interval: interval, now: configuration.now, logger: logger))
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
func buildRouter(_ configuration: ServerConfiguration, database: Database, metrics: PrometheusCollectorRegistry?) async throws
    -> Router<AppRequestContext> {
    let repositories = Repositories(database: database)
    let accounts = Accounts(repository: SQLAccountRepository(database: database), hasher: PasswordHasher(cost: configuration.passwordCost),
                            sessionRules: configuration.sessionRules, throttle: configuration.signInThrottle, gate: configuration.hashing)
    let pages = try await PageRenderer.load()
    let router = Router(context: AppRequestContext.self)
    let pageIndex = PageIndex()

    // In this order: who is asking and how; what every response carries; then what a request may be before anything
    // reads it (one spelling per path, at most 1 MiB, someone to make a change), and only then its text and its form.
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: ClientMiddleware(trustedProxies: configuration.trustedProxies, behindTLS: configuration.behindTLS))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: CanonicalPathMiddleware())
    router.add(middleware: BodyLimitMiddleware())
    if case .token(let token) = configuration.metrics, let metrics {
        router.add(middleware: MetricsEndpointMiddleware(token: token, registry: metrics))
    }
    router.add(middleware: IdentityMiddleware(accounts: accounts, now: configuration.now))
    router.add(middleware: SignInRequiredMiddleware())
    router.add(middleware: StoredTextMiddleware())
    router.add(middleware: CSRFMiddleware())
    router.add(middleware: ETagMiddleware())
    if let publicPath = Bundle.module.resourcePath.map({ $0 + "/Public" }) {
        router.add(middleware: FileMiddleware(publicPath, cacheControl: CacheControl([(MediaType.textCss, [CacheControl.CacheControlValue.public, .maxAge(3600)]), (MediaType(type: .image, subType: "svg+xml"), [.public, .maxAge(86400)])]), searchForIndexHtml: false))
    }

    try PlatformAPI(repositories: repositories, accounts: accounts, audit: SQLAuditRepository(database: database), database: database,
                    now: configuration.now, today: configuration.today)
        .registerHandlers(on: router, configuration: .init(dateTranscoder: InstantTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
    let specification = try Data(contentsOf: Bundle.module.url(forResource: "openapi", withExtension: "yaml")!)
    router.get("/openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: specification)))
    }

    HomePage(repositories: repositories, pages: pages, today: configuration.today).addRoutes(to: router)
    MembershipPages(repositories: repositories, pages: pages).addRoutes(to: router)
    OrganPages(repositories: repositories, pages: pages, today: configuration.today).addRoutes(to: router)
    CataloguePages(repositories: repositories, pages: pages).addRoutes(to: router)
    DecisionPages(repositories: repositories, pages: pages, now: configuration.now, comparisons: VersionComparisons()).addRoutes(to: router)
    DocumentPages(repositories: repositories, pages: pages).addRoutes(to: router)
    SourcePages(repositories: repositories, pages: pages).addRoutes(to: router)
    AccountPages(accounts: accounts, pages: pages, now: configuration.now, pageIndex: pageIndex).addRoutes(to: router)
    AdminPages(accounts: accounts, pages: pages).addRoutes(to: router)
    AuditPages(audit: SQLAuditRepository(database: database), pages: pages).addRoutes(to: router)
    pageIndex.record(router.routes.filter { $0.method == .get }.map(\.path))
    return router
}
