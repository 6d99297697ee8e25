import Foundation
import SQLKit
import CICACore

/// Which documents to list.
public struct DocumentFilter: Sendable, Equatable {
    public var kind: DocumentKind?
    public var year: Int?
    /// An organ's slug.
    public var organ: String?
    /// Documents with a version in this language.
    public var language: String?
    public init(kind: DocumentKind? = nil, year: Int? = nil, organ: String? = nil, language: String? = nil) {
        self.kind = kind
        self.year = year
        self.organ = organ
        self.language = language
    }
}

/// A document in a list: the document, and the newest revision of each of its language versions.
public struct DocumentListItem: Sendable {
    public var document: Sourced<Document>
    public var versions: [LanguageVersion]
}

/// A document with everything its page shows: every revision of every language version, and the documents it
/// follows or that follow it, as far as the reader may read them.
public struct DocumentRecord: Sendable {
    public var document: Sourced<Document>
    /// Every revision, by language then revision.
    public var revisions: [LanguageVersion]
    /// The newest revision of each language version, working languages first.
    public var current: [LanguageVersion]
    /// The document this one revises, corrects or adds to.
    public var follows: Document?
    /// The revisions, corrigenda and addenda issued against this one.
    public var followedBy: [Document]
    /// The decision it belongs to: its symbol and title.
    public var decision: (symbol: String, title: String)?
}

/// CICA's documents and its official days. Every read takes the reader's `Readership`: a document of a level they may
/// not read is not listed, not counted and not found.
public protocol DocumentRepository: Sendable {
    /// Documents, newest first; undated documents last.
    func documents(_ filter: DocumentFilter, page: PageRequest, readership: Readership) async throws -> Page<DocumentListItem>
    /// How many documents the filter finds.
    func count(_ filter: DocumentFilter, readership: Readership) async throws -> Int
    func document(id: String, readership: Readership) async throws -> DocumentRecord?
    /// The documents named that the reader may read, by id, in one query (without their versions or links).
    func documents(ids: Set<String>, readership: Readership) async throws -> [String: Document]
    /// One revision of a language version (the newest when `revision` is nil), if the reader may read the document.
    func version(document id: String, language: String, revision: Int?, readership: Readership) async throws -> LanguageVersion?
    /// Registers a document with its first language version (the Secretariat).
    func register(_ fields: DocumentFields, actor: Actor, now: Date) async throws -> Document
    /// Issues a revision, corrigendum or addendum of a document, with its first language version.
    func issue(following id: String, relation: String?, _ fields: DocumentFields, actor: Actor, now: Date, today: CivilDate) async throws -> Document
    /// Changes a document's access level, date or place.
    func amend(id: String, _ fields: DocumentFields, actor: Actor, now: Date) async throws -> Document
    /// Adds the next revision of a language version: a new title, text or file. `keep` puts the file in place; it runs in
    /// the writing transaction once the version is accepted, so that a refused version keeps no file.
    func addVersion(document id: String, language: String?, title: String?, text: String?, file: StoredFile?,
                    keep: (@Sendable () throws -> Void)?, actor: Actor, now: Date) async throws -> LanguageVersion
    func officialDays() async throws -> [Sourced<OfficialDay>]
    /// The checksums of every file a version names.
    func fileChecksums() async throws -> Set<String>
    /// Whether a version names the file with this checksum.
    func isFileNamed(_ sha256: String) async throws -> Bool
}

/// What the store writes about documents, shared with the seed and the migration.
enum DocumentStore {

    static func newId() -> String { newRecordId("doc") }

    static func insert(_ d: Document, registeredBy: String?, at: Date?, sql: any SQLDatabase) async throws {
        let cells: [Cell] = [.text(d.id), .text(d.title), .text(d.kind.rawValue), .text(d.date?.description), .text(d.dateNote), .text(d.place),
                             .text(d.meeting), .text(d.access.rawValue), .text(SortKey.byDate(d.date, id: d.id)), .text(d.symbol), .bool(d.symbolAssigned),
                             .text(d.organ), .text(d.decision), .text(d.successorOf), .text(d.relation?.rawValue),
                             .text(at.map(Timestamp.string)), .text(registeredBy)]
        try await sql.insert(into: "documents")
            .columns("id", "title", "kind", "date", "date_note", "place", "meeting", "access", "sort_key", "symbol", "symbol_assigned",
                     "organ", "decision", "successor_of", "relation", "registered_at", "registered_by")
            .values(cells.map(\.expression))
            .run()
    }

    static func insert(_ v: LanguageVersion, sql: any SQLDatabase) async throws {
        let size: Cell = v.file.map { Cell.int($0.size) } ?? Cell.text(nil)
        let cells: [Cell] = [.text(v.document), .text(v.language), .int(v.revision), .text(v.title), .text(v.text), .text(v.file?.sha256),
                             size, .text(v.file?.type.rawValue), .text(v.file?.filename), .text(Timestamp.string(v.createdAt)), .text(v.createdBy)]
        try await sql.insert(into: "document_versions")
            .columns("document", "language", "revision", "title", "text", "file_sha256", "file_size", "file_type", "filename", "created_at", "created_by")
            .values(cells.map(\.expression))
            .run()
    }

    static func version(_ row: any SQLRow) throws -> LanguageVersion {
        let file: StoredFile? = try row.optionalString("file_sha256").map { sha in
            StoredFile(sha256: sha, size: try row.int("file_size"), type: try row.value("file_type", as: FileType.self), filename: try row.string("filename"))
        }
        guard let created = Timestamp.date(try row.string("created_at")) else {
            throw CorruptRow(table: "document_versions", column: "created_at", value: try row.string("created_at"))
        }
        return LanguageVersion(document: try row.string("document"), language: try row.string("language"), revision: try row.int("revision"),
                               title: try row.string("title"), text: try row.optionalString("text"), file: file, createdAt: created,
                               createdBy: try row.string("created_by"))
    }

    static func versions(of ids: [String], sql: any SQLDatabase) async throws -> [LanguageVersion] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("document_versions").where("document", .in, SQLBind.group(Array(Set(ids))))
            .orderBy("document").orderBy("language").orderBy("revision").all().map(version)
    }

    /// The newest revision of each language, the working languages' first, then by code.
    static func current(_ versions: [LanguageVersion]) -> [LanguageVersion] {
        var newest: [String: LanguageVersion] = [:]
        for v in versions where (newest[v.language]?.revision ?? 0) < v.revision { newest[v.language] = v }
        return newest.values.sorted { a, b in
            let order = DocumentLanguage.codes
            return (order.firstIndex(of: a.language) ?? order.count, a.language) < (order.firstIndex(of: b.language) ?? order.count, b.language)
        }
    }

    /// What a registration is checked against, read in the writing transaction.
    static func context(_ sql: any SQLDatabase) async throws -> RegistryContext {
        let organs = try await sql.raw("SELECT slug, short_name FROM organs").all()
            .reduce(into: [String: String]()) { $0[try $1.string("slug")] = try $1.string("short_name") }
        let meetings = try await sql.raw("SELECT id, organ FROM meetings").all()
            .reduce(into: [String: String]()) { $0[try $1.string("id")] = try $1.string("organ") }
        let decisions = try await sql.raw("SELECT id, symbol FROM decisions").all()
            .reduce(into: [String: String]()) { $0[try $1.string("id")] = try $1.string("symbol") }
        let documents = try await sql.raw("SELECT symbol FROM documents WHERE symbol IS NOT NULL").all().map { try $0.string("symbol") }
        return RegistryContext(organs: organs, meetings: meetings, decisions: decisions, taken: Set(documents).union(decisions.values))
    }

    /// A document as a form names it: by its id or its symbol.
    static func named(_ text: String, sql: any SQLDatabase) async throws -> Document? {
        try await sql.select().column("*").from("documents").where("id", .equal, text).orWhere("symbol", .equal, text).first()
            .map(SQLDocumentRepository.document)
    }

    static func row(_ id: String, sql: any SQLDatabase) async throws -> Document? {
        try await sql.select().column("*").from("documents").where("id", .equal, id).first().map(SQLDocumentRepository.document)
    }

    /// The documents with what they follow left out where the reader may not read it: a public revision of a restricted
    /// document does not name it.
    static func withReadableLinks(_ documents: [Document], _ readership: Readership, sql: any SQLDatabase) async throws -> [Document] {
        let bases = Set(documents.compactMap(\.successorOf))
        guard !bases.isEmpty else { return documents }
        let readable = Set(try await sql.select().column("id").from("documents").where("id", .in, SQLBind.group(Array(bases)))
            .where("access", .in, SQLBind.group(readership.levels.map(\.rawValue))).all().map { try $0.string("id") })
        return documents.map { d in
            guard let base = d.successorOf, !readable.contains(base) else { return d }
            var hidden = d
            hidden.successorOf = nil
            return hidden
        }
    }

    static func summary(_ d: Document) -> String {
        "\(d.symbol) “\(d.title)” (\(d.kind.rawValue), \(d.access.rawValue))"
    }
}

/// `DocumentRepository` on SQLKit.
public struct SQLDocumentRepository: DocumentRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func document(_ row: any SQLRow) throws -> Document {
        var document = Document(id: try row.string("id"), symbol: try row.optionalString("symbol") ?? "",
                 symbolAssigned: try row.optionalString("symbol") == nil ? true : row.bool("symbol_assigned"),
                 title: try row.string("title"), kind: try row.value("kind", as: DocumentKind.self),
                 date: try row.date("date"), dateNote: try row.optionalString("date_note"), place: try row.optionalString("place"),
                 organ: try row.optionalString("organ"), meeting: try row.optionalString("meeting"), decision: try row.optionalString("decision"),
                 successorOf: try row.optionalString("successor_of"), relation: try row.optionalValue("relation", as: SuccessorRelation.self),
                 access: try row.value("access", as: AccessLevel.self), provenance: SQLOrganRepository.none)
        if let at = try row.optionalString("registered_at").flatMap(Timestamp.date), let by = try row.optionalString("registered_by") {
            document.registered = (at, by)
        }
        return document
    }

    private func filtered(_ query: SQLSelectBuilder, _ filter: DocumentFilter, _ readership: Readership) -> SQLSelectBuilder {
        query.where("access", .in, SQLBind.group(readership.levels.map(\.rawValue)))
        if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
        if let organ = filter.organ { query.where("organ", .equal, organ) }
        if let year = filter.year {
            query.where("sort_key", .greaterThanOrEqual, year.padded(to: 4))
                .where("sort_key", .lessThan, (year + 1).padded(to: 4))
        }
        if let language = filter.language {
            query.where(SQLQueryString("EXISTS (SELECT 1 FROM document_versions v WHERE v.document = documents.id AND v.language = \(bind: language))"))
        }
        return query
    }

    public func documents(_ filter: DocumentFilter, page: PageRequest, readership: Readership) async throws -> Page<DocumentListItem> {
        try await database.read { sql in
            let documents = try await DocumentStore.withReadableLinks(try await filtered(sql.select().column("*").from("documents"), filter, readership)
                .page(page, descending: true).all().map(Self.document), readership, sql: sql)
            let sourced = try await ProvenanceReader.sourced(documents, subject: { .document($0.id) }, sql: sql)
            let versions = Dictionary(grouping: try await DocumentStore.versions(of: documents.map(\.id), sql: sql), by: \.document)
            let items = sourced.map { DocumentListItem(document: $0, versions: DocumentStore.current(versions[$0.value.id] ?? [])) }
            return Page(fetched: items, limit: page.limit) { SortKey.byDate($0.document.value.date, id: $0.document.value.id) }
        }
    }

    public func count(_ filter: DocumentFilter, readership: Readership) async throws -> Int {
        try await database.read { sql in
            try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("documents"), filter, readership)
                .first()?.int("n") ?? 0
        }
    }

    public func documents(ids: Set<String>, readership: Readership) async throws -> [String: Document] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            Dictionary(try await sql.select().column("*").from("documents").where("id", .in, SQLBind.group(ids.sorted()))
                .where("access", .in, SQLBind.group(readership.levels.map(\.rawValue))).all().map { try Self.document($0) }.map { ($0.id, $0) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    public func document(id: String, readership: Readership) async throws -> DocumentRecord? {
        try await database.read { sql in
            guard let row = try await DocumentStore.row(id, sql: sql), readership.mayRead(row.access) else { return nil }
            let document = try await DocumentStore.withReadableLinks([row], readership, sql: sql)[0]
            let sourced = try await ProvenanceReader.sourced([document], subject: { .document($0.id) }, sql: sql)[0]
            let revisions = try await DocumentStore.versions(of: [id], sql: sql)
            let follows = try await document.successorOf.asyncMap { try await DocumentStore.row($0, sql: sql) }?.flatMap { readership.mayRead($0.access) ? $0 : nil }
            let followedBy = try await sql.select().column("*").from("documents").where("successor_of", .equal, id)
                .where("access", .in, SQLBind.group(readership.levels.map(\.rawValue))).orderBy("symbol").all().map(Self.document)
            let decision = try await document.decision.asyncMap { decision in
                try await sql.select().columns("symbol", "title").from("decisions").where("id", .equal, decision).first()
                    .map { (symbol: try $0.string("symbol"), title: try $0.string("title")) }
            } ?? nil
            return DocumentRecord(document: sourced, revisions: revisions, current: DocumentStore.current(revisions), follows: follows,
                                  followedBy: followedBy, decision: decision)
        }
    }

    public func version(document id: String, language: String, revision: Int?, readership: Readership) async throws -> LanguageVersion? {
        try await database.read { sql in
            guard let document = try await DocumentStore.row(id, sql: sql), readership.mayRead(document.access) else { return nil }
            let query = sql.select().column("*").from("document_versions").where("document", .equal, id).where("language", .equal, language)
            if let revision { query.where("revision", .equal, revision) }
            return try await query.orderBy("revision", .descending).limit(1).first().map(DocumentStore.version)
        }
    }

    public func register(_ fields: DocumentFields, actor: Actor, now: Date) async throws -> Document {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let document = try DocumentRules.register(fields, id: DocumentStore.newId(), context: try await DocumentStore.context(sql))
            try await DocumentStore.insert(document, registeredBy: actor.recordName, at: now, sql: sql)
            let first = try DocumentRules.version(language: fields.language ?? "en", title: fields.title, text: fields.text, file: nil,
                                                  document: document, current: [], by: actor.recordName, now: now)
            try await DocumentStore.insert(first, sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "document.register", entity: "document/\(document.id)", before: nil,
                                      after: DocumentStore.summary(document), at: now)
            return document
        }
    }

    public func issue(following id: String, relation: String?, _ fields: DocumentFields, actor: Actor, now: Date, today: CivilDate) async throws -> Document {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let base = try await DocumentStore.row(id, sql: sql) else { throw Self.notFound(id) }
            let document = try DocumentRules.successor(of: base, relation: relation, fields, id: DocumentStore.newId(), today: today,
                                                       context: try await DocumentStore.context(sql))
            try await DocumentStore.insert(document, registeredBy: actor.recordName, at: now, sql: sql)
            try await DocumentStore.insert(try DocumentRules.version(language: fields.language ?? "en", title: fields.title, text: fields.text, file: nil,
                                                                     document: document, current: [], by: actor.recordName, now: now), sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "document.issue", entity: "document/\(document.id)", before: base.symbol,
                                      after: DocumentStore.summary(document), at: now)
            return document
        }
    }

    public func amend(id: String, _ fields: DocumentFields, actor: Actor, now: Date) async throws -> Document {
        try await database.write { sql in
            guard let document = try await DocumentStore.row(id, sql: sql) else { throw Self.notFound(id) }
            let amended = try DocumentRules.amend(document, fields)
            try await sql.update("documents").set("access", to: amended.access.rawValue).set("date", to: amended.date?.description)
                .set("date_note", to: amended.dateNote).set("place", to: amended.place)
                .set("sort_key", to: SortKey.byDate(amended.date, id: amended.id)).set("edited_at", to: Timestamp.string(now))
                .where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "document.amend", entity: "document/\(id)",
                                      before: "\(document.access.rawValue); \(document.date?.description ?? "-"); \(document.place ?? "-")",
                                      after: "\(amended.access.rawValue); \(amended.date?.description ?? "-"); \(amended.place ?? "-")", at: now)
            return amended
        }
    }

    public func addVersion(document id: String, language: String?, title: String?, text: String?, file: StoredFile?,
                           keep: (@Sendable () throws -> Void)?, actor: Actor, now: Date) async throws -> LanguageVersion {
        try await database.write { sql in
            guard let document = try await DocumentStore.row(id, sql: sql) else { throw Self.notFound(id) }
            let current = try await DocumentStore.versions(of: [id], sql: sql)
            let version = try DocumentRules.version(language: language, title: title, text: text, file: file, document: document,
                                                    current: current, by: actor.recordName, now: now)
            try await DocumentStore.insert(version, sql: sql)
            var after = "\(version.language) revision \(version.revision)"
            if let file { after += ": file \(file.filename) sha256:\(file.sha256) \(file.size) bytes" }
            try await AuditLog.append(sql, actor: actor, action: file == nil ? "document.version" : "document.upload",
                                      entity: "document/\(id)", before: nil, after: after, at: now)
            try keep?()
            return version
        }
    }

    static func notFound(_ id: String) -> NotFound {
        NotFound(entity: Message("entity.document"), key: id)
    }

    public func fileChecksums() async throws -> Set<String> {
        try await database.read { sql in
            Set(try await sql.raw("SELECT DISTINCT file_sha256 FROM document_versions WHERE file_sha256 IS NOT NULL").all().map { try $0.string("file_sha256") })
        }
    }

    public func isFileNamed(_ sha256: String) async throws -> Bool {
        try await database.read { sql in
            try await sql.raw("SELECT 1 AS named FROM document_versions WHERE file_sha256 = \(bind: sha256) LIMIT 1").first() != nil
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

extension Optional {
    /// `map` with an asynchronous transform.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
