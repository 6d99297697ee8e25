import Foundation
import Logging
import CICACore
import CICAStore

/// The composition root: the configuration, the clock, the store (the database, every repository, `Accounts`, the
/// audit log) and the renderer, built once and handed to the router, every command and every background service.
public struct Platform: Sendable {
    public let configuration: ServerConfiguration
    public let store: Store
    let pages: PageRenderer
    /// Comparisons of decision versions, worked out once per pair.
    let comparisons: VersionComparisons

    /// The platform's key and the keys it replaced.
    public let logKeys: PlatformKeyFile
    /// Whether the whole log verifies, worked out once per checkpoint.
    let logStatus = LogStatus()
    /// The registry's files, named by their checksums.
    let files: DocumentFiles

    /// `createKey`: make the platform key when its file does not exist yet (every command but `verify`).
    public init(configuration: ServerConfiguration, database: Database, createKey: Bool = true) async throws {
        self.configuration = configuration
        if let path = configuration.logKeyFile {
            logKeys = try PlatformKeyFile.load(path: path, name: configuration.logName, create: createKey)
        } else {
            logKeys = PlatformKeyFile(key: PlatformKey.generate(name: configuration.logName))
        }
        store = Store(database: database, logKey: logKeys.key, passwordCost: configuration.passwordCost, sessionRules: configuration.sessionRules,
                      throttle: configuration.signInThrottle, hashing: configuration.hashing,
                      clock: configuration.now, workingLanguages: configuration.workingLanguages,
                      letters: configuration.mail.map { Letters.Settings(site: $0.site, decisionPath: { SiteURL.decision($0).href }) })
        files = try DocumentFiles(directory: configuration.filesDirectory, limit: configuration.fileLimit)
        pages = PageRenderer()
        comparisons = VersionComparisons()
    }

    /// Opens the configured database, builds the platform on it, runs `body`, and closes the database however it ends.
    public static func withOpen<R: Sendable>(_ configuration: ServerConfiguration, logger: Logger, createKey: Bool = true,
                                             _ body: (Platform) async throws -> R) async throws -> R {
        try await Database.withOpen(configuration.database, logger: logger) { database in
            try await body(try await Platform(configuration: configuration, database: database, createKey: createKey))
        }
    }

    public var database: Database { store.database }
    public var accounts: Accounts { store.accounts }
    public var membership: any MembershipRepository { store.membership }
    public var organs: any OrganRepository { store.organs }
    public var catalogue: any CatalogueRepository { store.catalogue }
    public var documents: any DocumentRepository { store.documents }
    public var sources: any SourceRepository { store.sources }
    public var decisions: any DecisionRepository { store.decisions }
    public var audit: any AuditRepository { store.audit }
    public var log: any LogRepository { store.log }
    public var delegations: any DelegationRepository { store.delegations }
    public var meetings: any MeetingRepository { store.meetings }
    public var admissions: any AdmissionRepository { store.admissions }
    public var secretariat: any SecretariatRepository { store.secretariat }
    public var mandates: any MandateRepository { store.mandates }
    public var reports: any ReportRepository { store.reports }
    public var catalogueWork: any CatalogueWorkRepository { store.catalogueWork }
    public var search: any SearchRepository { store.search }
    public var partners: any PartnerRepository { store.partners }
    public var awaiting: any AwaitingRepository { store.awaiting }
    public var outbox: any OutboxRepository { store.outbox }

    /// The current instant; tests move it.
    public func now() -> Date { configuration.now() }
    /// Today's date; tests pin it.
    public func today() -> CivilDate { configuration.today() }
}
