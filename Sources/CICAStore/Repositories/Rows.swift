import SQLKit
import CICACore

/// A fact read from the database together with where it comes from.
public struct Sourced<Value: Sendable>: Sendable {
    public var value: Value
    public var provenance: ResolvedProvenance

    public init(value: Value, provenance: ResolvedProvenance) {
        self.value = value
        self.provenance = provenance
    }
}

/// A stored value that no longer reads as the type it should be: the database was edited by hand.
struct CorruptRow: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String
    var description: String { "\(table).\(column) holds '\(value)', which the platform cannot read" }
}

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func optionalInt(_ column: String) throws -> Int? { try decode(column: column, as: Int?.self) }
    func bool(_ column: String) throws -> Bool { try decode(column: column, as: Bool.self) }

    /// A partial date stored as ISO text.
    func date(_ column: String) throws -> PartialDate? {
        guard let text = try optionalString(column) else { return nil }
        guard let date = PartialDate(text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return date
    }

    /// A value of a string enumeration.
    func value<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return value
    }

    func optionalValue<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = try optionalString(column) else { return nil }
        guard let value = E(rawValue: text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return value
    }
}

/// Reads the provenance of facts: one query for any number of subjects.
enum ProvenanceReader {
    static func resolve(_ subjects: [Subject], sql: any SQLDatabase) async throws -> [Subject: ResolvedProvenance] {
        guard !subjects.isEmpty else { return [:] }
        var result: [Subject: ResolvedProvenance] = [:]
        for batch in Array(Set(subjects)).chunks(of: 500) {
            let rows = try await sql.select()
                .column(SQLColumn("subject", table: "provenance"))
                .column(SQLColumn("confidence", table: "provenance"))
                .column(SQLColumn("note", table: "provenance"))
                .column(SQLColumn("id", table: "sources"))
                .column(SQLColumn("url", table: "sources"))
                .column(SQLColumn("title", table: "sources"))
                .from("provenance")
                .join("provenance_sources", method: SQLJoinMethod.left,
                      on: SQLColumn("subject", table: "provenance_sources"), .equal, SQLColumn("subject", table: "provenance"))
                .join("sources", method: SQLJoinMethod.left,
                      on: SQLColumn("id", table: "sources"), .equal, SQLColumn("source_id", table: "provenance_sources"))
                .where(SQLColumn("subject", table: "provenance"), .in, SQLBind.group(batch.map(\.rawValue)))
                .orderBy(SQLColumn("subject", table: "provenance"))
                .orderBy(SQLColumn("position", table: "provenance_sources"))
                .all()
            for row in rows {
                let subject = Subject(try row.string("subject"))
                var entry: ResolvedProvenance
                if let existing = result[subject] {
                    entry = existing
                } else {
                    entry = ResolvedProvenance(confidence: try row.value("confidence", as: Confidence.self), sources: [],
                                               note: try row.optionalString("note"))
                }
                if let id = try row.optionalString("id") {
                    entry.sources.append(Source(id: id, url: try row.optionalString("url"), title: try row.string("title")))
                }
                result[subject] = entry
            }
        }
        return result
    }

    /// Pairs each value with its provenance; a fact stored without provenance shows as "not found".
    static func sourced<V: Sendable>(_ values: [V], subject: (V) -> Subject, sql: any SQLDatabase) async throws -> [Sourced<V>] {
        let provenance = try await resolve(values.map(subject), sql: sql)
        return values.map { value in
            Sourced(value: value, provenance: provenance[subject(value)] ?? ResolvedProvenance(confidence: .notFound, sources: [], note: nil))
        }
    }

    /// The notes on where sources disagree that concern any of `subjects`.
    static func notes(about subjects: [Subject], sql: any SQLDatabase) async throws -> [SourceNote] {
        guard !subjects.isEmpty else { return [] }
        let ids = try await sql.select().distinct().column("note_id").from("source_note_subjects")
            .where("subject", .in, SQLBind.group(subjects.map(\.rawValue)))
            .all().map { try $0.string("note_id") }
        return try await SQLSourceRepository.notes(ids: ids, sql: sql)
    }
}

extension SQLSelectBuilder {
    /// Keyset pagination on a `sort_key` column: the rows after the cursor, one more than asked to tell whether more follow.
    func page(_ request: PageRequest, descending: Bool = false) -> Self {
        if let after = request.after {
            self.where("sort_key", descending ? .lessThan : .greaterThan, after)
        }
        return self.orderBy("sort_key", descending ? .descending : .ascending).limit(request.limit + 1)
    }
}
