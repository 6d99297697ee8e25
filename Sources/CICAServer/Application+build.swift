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
    return app
}

/// The router with every route, for the application and for tests that drive it directly.
func buildRouter(_ configuration: ServerConfiguration, database: Database, metrics: PrometheusCollectorRegistry?) async throws
    -> Router<AppRequestContext> {
    let repositories = Repositories(database: database)
    let accounts = Accounts(repository: SQLAccountRepository(database: database), hasher: PasswordHasher(cost: configuration.passwordCost),
                            sessionRules: configuration.sessionRules, throttle: configuration.loginThrottle)
    let pages = try await PageRenderer.load()
    let router = Router(context: AppRequestContext.self)

    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: StoredTextMiddleware())
    router.add(middleware: IdentityMiddleware(accounts: accounts, now: configuration.now, trustForwardedFor: configuration.trustForwardedFor))
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
    if let metrics {
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            metrics.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    HomePage(repositories: repositories, pages: pages, today: configuration.today).addRoutes(to: router)
    MembershipPages(repositories: repositories, pages: pages).addRoutes(to: router)
    OrganPages(repositories: repositories, pages: pages, today: configuration.today).addRoutes(to: router)
    CataloguePages(repositories: repositories, pages: pages).addRoutes(to: router)
    DecisionPages(repositories: repositories, pages: pages, now: configuration.now).addRoutes(to: router)
    DocumentPages(repositories: repositories, pages: pages).addRoutes(to: router)
    SourcePages(repositories: repositories, pages: pages).addRoutes(to: router)
    AccountPages(accounts: accounts, pages: pages, now: configuration.now, secureCookies: configuration.behindTLS).addRoutes(to: router)
    AdminPages(accounts: accounts, pages: pages).addRoutes(to: router)
    AuditPages(audit: SQLAuditRepository(database: database), pages: pages).addRoutes(to: router)
    return router
}
