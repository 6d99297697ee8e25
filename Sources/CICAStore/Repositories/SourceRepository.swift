import Foundation
import SQLKit
import CICACore

/// A source and how many facts cite it.
public struct SourceUse: Sendable, Equatable {
    public var source: Source
    public var facts: Int
}

/// The sources of the reference facts, the facts each supports, and the notes on where they disagree.
public protocol SourceRepository: Sendable {
    /// Every source, with how many facts the reader may read cite it.
    func sources(readership: Readership) async throws -> [SourceUse]
    /// A source and the subjects of the facts that cite it (those the reader may read); nil when there is no such source.
    func source(id: String, readership: Readership) async throws -> (source: Source, subjects: [Subject])?
    func notes() async throws -> [SourceNote]
    /// The dataset's version and origin, and the eligibility rule in words.
    func datasetInfo() async throws -> [String: String]
    func provenance(of subjects: [Subject]) async throws -> [Subject: ResolvedProvenance]
    func notes(about subjects: [Subject]) async throws -> [SourceNote]
}

/// `SourceRepository` on SQLKit.
public struct SQLSourceRepository: SourceRepository {
    let database: Database
    init(database: Database) { self.database = database }

    /// A citation of a document the reader may not read: neither counted nor listed.
    static func readable(_ citation: String, _ readership: Readership) -> SQLQueryString {
        "NOT EXISTS (SELECT 1 FROM documents hidden WHERE 'document/' || hidden.id = \(unsafeRaw: citation).subject AND hidden.access NOT IN (\(binds: readership.levels.map(\.rawValue))))"
    }

    public func sources(readership: Readership) async throws -> [SourceUse] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT s.id, s.url, s.title, COUNT(p.subject) AS facts FROM sources s
                LEFT JOIN provenance_sources p ON p.source_id = s.id AND \(Self.readable("p", readership))
                GROUP BY s.id, s.url, s.title, s.sort_key ORDER BY s.sort_key
                """).all()
                .map { SourceUse(source: Source(id: try $0.string("id"), url: try $0.optionalString("url"), title: try $0.string("title")),
                                 facts: try $0.int("facts")) }
        }
    }

    public func source(id: String, readership: Readership) async throws -> (source: Source, subjects: [Subject])? {
        try await database.read { sql in
            guard let row = try await sql.select().columns("id", "url", "title").from("sources").where("id", .equal, id).first() else {
                return nil
            }
            let subjects = try await sql.raw("""
                SELECT DISTINCT p.subject FROM provenance_sources p WHERE p.source_id = \(bind: id) AND \(Self.readable("p", readership))
                ORDER BY p.subject
                """).all().map { Subject(try $0.string("subject")) }
            return (Source(id: try row.string("id"), url: try row.optionalString("url"), title: try row.string("title")), subjects)
        }
    }

    public func notes() async throws -> [SourceNote] {
        try await database.read { sql in try await ProvenanceReader.notes(about: nil, sql: sql) }
    }

    public func notes(about subjects: [Subject]) async throws -> [SourceNote] {
        try await database.read { sql in try await ProvenanceReader.notes(about: subjects, sql: sql) }
    }

    public func provenance(of subjects: [Subject]) async throws -> [Subject: ResolvedProvenance] {
        try await database.read { sql in try await ProvenanceReader.resolve(subjects, sql: sql) }
    }

    public func datasetInfo() async throws -> [String: String] {
        try await database.read { sql in
            Dictionary(uniqueKeysWithValues: try await sql.select().columns("key", "value").from("dataset_info").all()
                .map { (try $0.string("key"), try $0.string("value")) })
        }
    }
}
