import SQLKit
import CICACore

/// Which documents to list.
public struct DocumentFilter: Sendable, Equatable {
    public var kind: DocumentKind?
    public var year: Int?
    public init(kind: DocumentKind? = nil, year: Int? = nil) {
        self.kind = kind
        self.year = year
    }
}

/// CICA's documents and its official days.
public protocol DocumentRepository: Sendable {
    /// Documents, newest first; undated documents last.
    func documents(_ filter: DocumentFilter, page: PageRequest) async throws -> Page<Sourced<Document>>
    func document(id: String) async throws -> Sourced<Document>?
    func officialDays() async throws -> [Sourced<OfficialDay>]
}

/// `DocumentRepository` on SQLKit.
public struct SQLDocumentRepository: DocumentRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func document(_ row: any SQLRow) throws -> Document {
        Document(id: try row.string("id"), title: try row.string("title"), kind: try row.value("kind", as: DocumentKind.self),
                 date: try row.date("date"), dateNote: try row.optionalString("date_note"), place: try row.optionalString("place"),
                 meeting: try row.optionalString("meeting"), access: try row.value("access", as: AccessLevel.self),
                 provenance: SQLOrganRepository.none)
    }

    public func documents(_ filter: DocumentFilter, page: PageRequest) async throws -> Page<Sourced<Document>> {
        try await database.read { sql in
            let query = sql.select().column("*").from("documents")
            if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
            if let year = filter.year {
                query.where("sort_key", .greaterThanOrEqual, year.padded(to: 4))
                    .where("sort_key", .lessThan, (year + 1).padded(to: 4))
            }
            let documents = try await query.page(page, descending: true).all().map(Self.document)
            let sourced = try await ProvenanceReader.sourced(documents, subject: { .document($0.id) }, sql: sql)
            return Page(fetched: sourced, limit: page.limit) { SortKey.byDate($0.value.date, id: $0.value.id) }
        }
    }

    public func document(id: String) async throws -> Sourced<Document>? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("documents").where("id", .equal, id).first() else { return nil }
            return try await ProvenanceReader.sourced([try Self.document(row)], subject: { .document($0.id) }, sql: sql).first
        }
    }

    public func officialDays() async throws -> [Sourced<OfficialDay>] {
        try await database.read { sql in
            let days = try await sql.select().column("*").from("official_days").orderBy("month").orderBy("day").all().map { row in
                OfficialDay(slug: try row.string("slug"), name: try row.string("name"), month: try row.int("month"), day: try row.int("day"),
                            description: try row.string("description"), provenance: SQLOrganRepository.none)
            }
            return try await ProvenanceReader.sourced(days, subject: { .officialDay($0.slug) }, sql: sql)
        }
    }
}
