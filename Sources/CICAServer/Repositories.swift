import CICAStore

/// The repositories the server's controllers read from, one per area.
struct Repositories: Sendable {
    var membership: any MembershipRepository
    var organs: any OrganRepository
    var catalogue: any CatalogueRepository
    var documents: any DocumentRepository
    var sources: any SourceRepository
    var decisions: any DecisionRepository

    init(database: Database) {
        membership = SQLMembershipRepository(database: database)
        organs = SQLOrganRepository(database: database)
        catalogue = SQLCatalogueRepository(database: database)
        documents = SQLDocumentRepository(database: database)
        sources = SQLSourceRepository(database: database)
        decisions = SQLDecisionRepository(database: database)
    }
}
