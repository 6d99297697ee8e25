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
    func sources() async throws -> [SourceUse]
    /// A source and the subjects of the facts that cite it; nil when there is no such source.
    func source(id: String) async throws -> (source: Source, subjects: [Subject])?
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

    public func sources() async throws -> [SourceUse] {
        try await database.read { sql in
            try await sql.select()
                .column(SQLColumn("id", table: "sources")).column(SQLColumn("url", table: "sources"))
                .column(SQLColumn("title", table: "sources"))
                .column(SQLFunction("COUNT", args: SQLColumn("subject", table: "provenance_sources")), as: "facts")
                .from("sources")
                .join("provenance_sources", method: SQLJoinMethod.left,
                      on: SQLColumn("source_id", table: "provenance_sources"), .equal, SQLColumn("id", table: "sources"))
                .groupBy(SQLColumn("id", table: "sources")).groupBy(SQLColumn("url", table: "sources"))
                .groupBy(SQLColumn("title", table: "sources")).groupBy(SQLColumn("sort_key", table: "sources"))
                .orderBy(SQLColumn("sort_key", table: "sources"))
                .all()
                .map { SourceUse(source: Source(id: try $0.string("id"), url: try $0.optionalString("url"), title: try $0.string("title")),
                                 facts: try $0.int("facts")) }
        }
    }

    public func source(id: String) async throws -> (source: Source, subjects: [Subject])? {
        try await database.read { sql in
            guard let row = try await sql.select().columns("id", "url", "title").from("sources").where("id", .equal, id).first() else {
                return nil
            }
            let subjects = try await sql.select().distinct().column("subject").from("provenance_sources")
                .where("source_id", .equal, id).orderBy("subject").all().map { Subject(try $0.string("subject")) }
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
