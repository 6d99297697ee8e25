import Foundation
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
    /// A text column that may be NULL. Asked as "is it NULL, else the text" rather than decoded as `String?`, which
    /// goes through a nested `Decoder` (a twentieth of the Member States page on SQLite).
    func optionalString(_ column: String) throws -> String? { try isNull(column) ? nil : string(column) }
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func optionalInt(_ column: String) throws -> Int? { try isNull(column) ? nil : int(column) }

    /// Whether a column the query selected is NULL; a column it did not select is a mistake, not a NULL.
    private func isNull(_ column: String) throws -> Bool {
        guard try decodeNil(column: column) else { return false }
        guard contains(column: column) else { throw ColumnNotSelected(column: column) }
        return true
    }
    func bool(_ column: String) throws -> Bool { try decode(column: column, as: Bool.self) }

    /// A partial date stored as ISO text.
    func date(_ column: String) throws -> PartialDate? {
        guard let text = try optionalString(column) else { return nil }
        guard let date = PartialDate(text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return date
    }

    /// A day stored as ISO text.
    func day(_ column: String) throws -> CivilDate {
        let text = try string(column)
        guard let day = CivilDate(text) else { throw CorruptRow(table: "?", column: column, value: text) }
        return day
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
/// A new record's id: its kind and twelve hexadecimal digits of a random UUID (`activity-3f2a9c1d04be`).
func newRecordId(_ kind: String) -> String {
    kind + "-" + UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: "")
}

enum ProvenanceReader {
    static func resolve(_ subjects: [Subject], sql: any SQLDatabase) async throws -> [Subject: ResolvedProvenance] {
        guard !subjects.isEmpty else { return [:] }
        var result: [Subject: ResolvedProvenance] = [:]
        for batch in Array(Set(subjects)).chunks(of: 500) {
            // Written out rather than built: SQLKit's builder spent longer quoting this query's identifiers than
            // SQLite spent answering it, and every page that shows facts asks it.
            let rows = try await sql.raw("""
                SELECT "provenance"."subject", "provenance"."confidence", "provenance"."note",
                       "sources"."id", "sources"."url", "sources"."title"
                FROM "provenance"
                LEFT JOIN "provenance_sources" ON "provenance_sources"."subject" = "provenance"."subject"
                LEFT JOIN "sources" ON "sources"."id" = "provenance_sources"."source_id"
                WHERE "provenance"."subject" IN (\(binds: batch.map(\.rawValue)))
                ORDER BY "provenance"."subject", "provenance_sources"."position"
                """).all()
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

    /// A page of values with their provenance in one statement: the page's query (its `WHERE`, `ORDER BY sort_key` and
    /// `LIMIT`) as a common table expression, joined to the provenance of `prefix || key` and its sources, a row per
    /// value and source. One trip to the database where `sourced` takes two; for the lists every visitor reads.
    static func sourcedPage<V: Sendable>(_ page: SQLSelectBuilder, prefix: String, key: String, descending: Bool = false,
                                         decode: (any SQLRow) throws -> V, sql: any SQLDatabase) async throws -> [Sourced<V>] {
        let order: SQLQueryString = descending ? "DESC" : "ASC"
        let rows = try await sql.raw("""
            WITH "page" AS (\(page.query))
            SELECT "page".*, "provenance"."confidence" AS "provenance_confidence", "provenance"."note" AS "provenance_note",
                   "sources"."id" AS "source_id", "sources"."url" AS "source_url", "sources"."title" AS "source_title"
            FROM "page"
            LEFT JOIN "provenance" ON "provenance"."subject" = \(literal: prefix) || "page".\(ident: key)
            LEFT JOIN "provenance_sources" ON "provenance_sources"."subject" = "provenance"."subject"
            LEFT JOIN "sources" ON "sources"."id" = "provenance_sources"."source_id"
            ORDER BY "page"."sort_key" \(order), "provenance_sources"."position"
            """).all()
        var result: [Sourced<V>] = []
        var last: String?
        for row in rows {
            let sortKey = try row.string("sort_key")
            if sortKey != last {
                last = sortKey
                let confidence = try row.optionalValue("provenance_confidence", as: Confidence.self)
                result.append(Sourced(value: try decode(row), provenance: ResolvedProvenance(
                    confidence: confidence ?? .notFound, sources: [], note: confidence == nil ? nil : try row.optionalString("provenance_note"))))
            }
            if let id = try row.optionalString("source_id") {
                result[result.count - 1].provenance.sources.append(
                    Source(id: id, url: try row.optionalString("source_url"), title: try row.string("source_title")))
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

    /// The notes on where sources disagree that concern any of `subjects` (all of them when nil), in the dataset's order, each with all its subjects:
    /// one query, a row per note and subject.
    static func notes(about subjects: [Subject]?, sql: any SQLDatabase) async throws -> [SourceNote] {
        if let subjects, subjects.isEmpty { return [] }
        // Written out rather than built, as the provenance query is: every page with facts asks it.
        let about: SQLQueryString = subjects.map { """
            WHERE "source_notes"."id" IN (SELECT "note_id" FROM "source_note_subjects" WHERE "subject" IN (\(binds: $0.map(\.rawValue))))
            """ } ?? ""
        let query = sql.raw("""
            SELECT "source_notes"."id", "source_notes"."topic", "source_notes"."preferred", "source_notes"."values_json",
                   "source_notes"."sources_json", "source_note_subjects"."subject"
            FROM "source_notes"
            LEFT JOIN "source_note_subjects" ON "source_note_subjects"."note_id" = "source_notes"."id"
            \(about)
            ORDER BY "source_notes"."position", "source_note_subjects"."subject"
            """)
        let decoder = JSONDecoder()
        var notes: [SourceNote] = []
        for row in try await query.all() {
            let id = try row.string("id")
            if notes.last?.id != id {
                notes.append(SourceNote(id: id, topic: try row.string("topic"),
                                        values: try decoder.decode([String].self, from: Data(try row.string("values_json").utf8)),
                                        preferred: try row.string("preferred"), subjects: [],
                                        sources: try decoder.decode([String].self, from: Data(try row.string("sources_json").utf8))))
            }
            if let subject = try row.optionalString("subject") { notes[notes.count - 1].subjects.append(Subject(subject)) }
        }
        return notes
    }
}

extension SQLSelectBuilder {
    /// Only observers whose period lasts: one that became a Member State keeps its ended period in the table, for its history.
    func currentObservers() -> Self {
        self.where("until_date", .is, SQLLiteral.null)
    }

    /// Keyset pagination on a `sort_key` column: the rows after the cursor, one more than asked to tell whether more follow.
    func page(_ request: PageRequest, descending: Bool = false) -> Self {
        if let after = request.after {
            self.where("sort_key", descending ? .lessThan : .greaterThan, after)
        }
        return self.orderBy("sort_key", descending ? .descending : .ascending).limit(request.limit + 1)
    }
}
