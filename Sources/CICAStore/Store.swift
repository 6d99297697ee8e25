import Foundation
import CICACore

/// Every repository of the platform on one database, with `Accounts` in front of the accounts: built here and nowhere
/// else, once per database, and handed to the server, every command and every background service.
public struct Store: Sendable {
    public let database: Database
    public let membership: any MembershipRepository
    public let organs: any OrganRepository
    public let catalogue: any CatalogueRepository
    public let documents: any DocumentRepository
    public let sources: any SourceRepository
    public let decisions: any DecisionRepository
    public let audit: any AuditRepository
    /// The Merkle log over the ledger, the audit log and delegation keys, with its checkpoints.
    public let log: any LogRepository
    /// Who speaks for each Member State.
    public let delegations: any DelegationRepository
    /// Meetings at work: agendas, registrations, reports.
    public let meetings: any MeetingRepository
    /// Admissions step by step.
    public let admissions: any AdmissionRepository
    /// The Secretariat's personnel.
    public let secretariat: any SecretariatRepository
    /// The Committee's mandates to the Special Working Group and the follow-up of its decisions.
    public let mandates: any MandateRepository
    /// Partners and their memoranda.
    public let partners: any PartnerRepository
    /// The Member States' yearly implementation reports.
    public let reports: any ReportRepository
    /// The Catalogue's editions and measures, and the priority areas' papers and activities.
    public let catalogueWork: any CatalogueWorkRepository
    /// Full-text search over documents, decisions, meetings and reports.
    public let search: any SearchRepository
    /// What waits for each signed-in person, and what they marked read.
    public let awaiting: any AwaitingRepository
    /// The letters owed, for the instance that sends them.
    public let outbox: any OutboxRepository
    /// The only way to accounts, sessions and tokens.
    public let accounts: Accounts

    /// With `logKey`, every write that adds to the log ends by signing a checkpoint with it.
    public init(database: Database, logKey: PlatformKey? = nil, passwordCost: UInt8 = 12, sessionRules: SessionRules = SessionRules(), throttle: SignInThrottle = SignInThrottle(),
                hashing: HashingGate = HashingGate(HashingAdmission(concurrent: ProcessInfo.processInfo.activeProcessorCount)),
                clock: @escaping @Sendable () -> Date = { Date() }, workingLanguages: WorkingLanguages = .english,
                letters: Letters.Settings? = nil) {
        self.database = database
        membership = SQLMembershipRepository(database: database)
        organs = SQLOrganRepository(database: database)
        catalogue = SQLCatalogueRepository(database: database, workingLanguages: workingLanguages)
        documents = SQLDocumentRepository(database: database)
        sources = SQLSourceRepository(database: database)
        decisions = SQLDecisionRepository(database: database, workingLanguages: workingLanguages, letters: letters)
        audit = SQLAuditRepository(database: database)
        log = SQLLogRepository(database: database, key: logKey)
        delegations = SQLDelegationRepository(database: database)
        meetings = SQLMeetingRepository(database: database)
        admissions = SQLAdmissionRepository(database: database)
        secretariat = SQLSecretariatRepository(database: database)
        mandates = SQLMandateRepository(database: database)
        partners = SQLPartnerRepository(database: database)
        reports = SQLReportRepository(database: database)
        catalogueWork = SQLCatalogueWorkRepository(database: database)
        search = SQLSearchRepository(database: database)
        awaiting = SQLAwaitingRepository(database: database)
        outbox = SQLOutboxRepository(database: database)
        if let logKey {
            database.sealer.withLock { $0 = { sql in try await TransparencyLog.seal(sql, key: logKey, now: Date()) } }
        }
        accounts = Accounts(repository: SQLAccountRepository(database: database, clock: clock), hasher: PasswordHasher(cost: passwordCost),
                            sessionRules: sessionRules, throttle: throttle, gate: hashing)
    }
}
