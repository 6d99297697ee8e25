import Foundation
import SQLKit
import CICACore

/// A record the search found, in one language: what its result shows.
public struct SearchHit: Sendable, Equatable {
    public var kind: SearchKind
    /// The record: a document's, decision's or meeting's id; a report's `STATE/YEAR`.
    public var record: String
    public var language: String?
    public var title: String
    public var body: String
    public var symbol: String?
    /// The record's day (or month, or year), as ISO text.
    public var day: String?
    public var year: Int?
    public var organ: String?
    /// A report's Member State.
    public var state: String?
}

/// One page of what a search found, and how many there are in all (among what the reader may read).
public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    public var total: Int
    public var page: Int
    public static let pageSize = 20
    /// The last page a search shows: a query that needs more pages needs more words.
    public static let lastPage = 50
}

/// Full-text search over what the platform holds. Never finds, counts or quotes a record its reader may not read: a
/// document of a level the readership does not include, a report's part of such a level (except for the reporting
/// state's own delegates, `ownStates`).
public protocol SearchRepository: Sendable {
    func search(_ query: SearchQuery, page: Int, readership: Readership, ownStates: [String]) async throws -> SearchResults
    /// Brings the index up to date with every record changed since; answers how many records it indexed.
    @discardableResult func refresh() async throws -> Int
}

public struct SQLSearchRepository: SearchRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public func search(_ query: SearchQuery, page: Int, readership: Readership, ownStates: [String]) async throws -> SearchResults {
        if try await database.read({ sql in try await sql.raw("SELECT 1 AS one FROM search_dirty LIMIT 1").first() != nil }) {
            try await refresh()
        }
        let engine = database.engine
        return try await database.read { sql in
            var filters: [SQLQueryString] = []
            let readable: SQLQueryString = ownStates.isEmpty
                ? "e.access IN (\(binds: readership.levels.map(\.rawValue)))"
                : "(e.access IN (\(binds: readership.levels.map(\.rawValue))) OR e.state IN (\(binds: ownStates)))"
            filters.append(readable)
            if let kind = query.kind { filters.append("e.kind = \(bind: kind.rawValue)") }
            if let year = query.year { filters.append("e.year = \(bind: year)") }
            if let organ = query.organ { filters.append("e.organ = \(bind: organ)") }
            if let language = query.language { filters.append("e.language = \(bind: language)") }
            let matching: SQLQueryString
            let from: SQLQueryString
            let rank: SQLQueryString
            switch engine {
            case .sqlite:
                from = "search_fts JOIN search_entries e ON e.id = search_fts.entry"
                matching = "search_fts MATCH \(bind: SearchIndex.ftsExpression(query.terms))"
                rank = "bm25(search_fts, 0.0, 10.0, 1.0)"
            case .postgresql:
                let expression = SearchIndex.tsExpression(query.terms)
                from = "search_entries e"
                matching = "(e.words @@ to_tsquery('simple', \(bind: expression)) OR e.stems @@ (to_tsquery('english', \(bind: expression)) || to_tsquery('russian', \(bind: expression))))"
                rank = "-(ts_rank(e.words, to_tsquery('simple', \(bind: expression))) + 0.1 * ts_rank(e.stems, to_tsquery('english', \(bind: expression)) || to_tsquery('russian', \(bind: expression))))"
            }
            let condition = ([matching] + filters).joined(separator: " AND ")
            let total = try await sql.raw("SELECT COUNT(*) AS n FROM \(from) WHERE \(condition)").first()?.int("n") ?? 0
            let offset = (page - 1) * SearchResults.pageSize
            let rows = try await sql.raw("""
                SELECT e.kind, e.record, e.language, e.title, e.body, e.symbol, e.day, e.year, e.organ, e.state, \(rank) AS rank
                FROM \(from) WHERE \(condition)
                ORDER BY rank, e.id LIMIT \(unsafeRaw: String(SearchResults.pageSize)) OFFSET \(unsafeRaw: String(offset))
                """).all()
            return SearchResults(hits: try rows.map(SearchIndex.hit), total: total, page: page)
        }
    }

    @discardableResult public func refresh() async throws -> Int { try await SearchIndex.refresh(database) }
}

/// How records become entries, and queries the databases' own syntax.
enum SearchIndex {
    static let batch = 200

    /// Indexes every record marked as changed, a batch per transaction; answers how many.
    static func refresh(_ database: Database) async throws -> Int {
        let engine = database.engine
        var indexed = 0
        while true {
            let count = try await database.write(sealed: false) { sql in try await refreshBatch(sql, engine: engine) }
            if count == 0 { return indexed }
            indexed += count
        }
    }

    /// FTS5's syntax for the terms: each word or phrase quoted (the words are letters and digits only), `*` for a
    /// beginning; all must be found.
    static func ftsExpression(_ terms: [SearchTerm]) -> String {
        terms.map { term in
            switch term {
            case .word(let word, let prefix): "\"\(word)\"" + (prefix ? "*" : "")
            case .phrase(let words): "\"\(words.joined(separator: " "))\""
            }
        }.joined(separator: " AND ")
    }

    /// PostgreSQL's `tsquery` syntax for the terms: quoted lexemes, `:*` for a beginning, `<->` for words in a row.
    static func tsExpression(_ terms: [SearchTerm]) -> String {
        terms.map { term in
            switch term {
            case .word(let word, let prefix): "'\(word)'" + (prefix ? ":*" : "")
            case .phrase(let words): "(" + words.map { "'\($0)'" }.joined(separator: " <-> ") + ")"
            }
        }.joined(separator: " & ")
    }

    static func hit(_ row: any SQLRow) throws -> SearchHit {
        SearchHit(kind: try row.value("kind", as: SearchKind.self), record: try row.string("record"), language: try row.optionalString("language"),
                  title: try row.string("title"), body: try row.string("body"), symbol: try row.optionalString("symbol"),
                  day: try row.optionalString("day"), year: try row.optionalInt("year"), organ: try row.optionalString("organ"),
                  state: try row.optionalString("state"))
    }

    struct Entry {
        var hit: SearchHit
        var access: AccessLevel
        /// Other names of the record, searched with its title but not shown: the names the pages give it in the
        /// platform's other languages (the Russian title of a document the sources give in English).
        var aliases: [String] = []
        var id: String { ([hit.kind.rawValue, hit.record, hit.language ?? access.rawValue]).joined(separator: "/") }
    }

    /// Takes up to `batch` records marked as changed and makes their entries again; answers how many it took. The marks
    /// are taken first (on PostgreSQL skipping those another instance is indexing), so that a change committed while
    /// this runs marks its record again rather than being lost.
    static func refreshBatch(_ sql: any SQLDatabase, engine: Database.Engine) async throws -> Int {
        let lock: SQLQueryString = engine == .postgresql ? " FOR UPDATE SKIP LOCKED" : ""
        let claimed = try await sql.raw("""
            DELETE FROM search_dirty WHERE (kind, record) IN (SELECT kind, record FROM search_dirty LIMIT \(unsafeRaw: String(batch))\(lock))
            RETURNING kind, record
            """).all().map { (try $0.value("kind", as: SearchKind.self), try $0.string("record")) }
        guard !claimed.isEmpty else { return 0 }
        for kind in SearchKind.allCases {
            let records = claimed.filter { $0.0 == kind }.map(\.1)
            guard !records.isEmpty else { continue }
            if engine == .sqlite {
                try await sql.raw("""
                    DELETE FROM search_fts WHERE entry IN (SELECT id FROM search_entries WHERE kind = \(bind: kind.rawValue) AND record IN (\(binds: records)))
                    """).run()
            }
            try await sql.raw("DELETE FROM search_entries WHERE kind = \(bind: kind.rawValue) AND record IN (\(binds: records))").run()
            for entry in try await entries(kind, records, sql) {
                try await insert(entry, sql, engine: engine)
            }
        }
        return claimed.count
    }

    static func insert(_ entry: Entry, _ sql: any SQLDatabase, engine: Database.Engine) async throws {
        let h = entry.hit
        let title = SearchText.indexable(([h.symbol, h.title].compactMap { $0 } + entry.aliases).joined(separator: " "))
        let body = SearchText.indexable(h.body)
        switch engine {
        case .sqlite:
            try await sql.raw("""
                INSERT INTO search_entries (id, kind, record, language, title, body, symbol, day, year, organ, access, state)
                VALUES (\(bind: entry.id), \(bind: h.kind.rawValue), \(bind: h.record), \(bind: h.language), \(bind: h.title), \(bind: h.body),
                        \(bind: h.symbol), \(bind: h.day), \(bind: h.year), \(bind: h.organ), \(bind: entry.access.rawValue), \(bind: h.state))
                """).run()
            try await sql.raw("INSERT INTO search_fts (entry, title, body) VALUES (\(bind: entry.id), \(bind: title), \(bind: body))").run()
        case .postgresql:
            let all = title + " " + body
            try await sql.raw("""
                INSERT INTO search_entries (id, kind, record, language, title, body, symbol, day, year, organ, access, state, words, stems)
                VALUES (\(bind: entry.id), \(bind: h.kind.rawValue), \(bind: h.record), \(bind: h.language), \(bind: h.title), \(bind: h.body),
                        \(bind: h.symbol), \(bind: h.day), \(bind: h.year), \(bind: h.organ), \(bind: entry.access.rawValue), \(bind: h.state),
                        setweight(to_tsvector('simple', \(bind: title)), 'A') || setweight(to_tsvector('simple', \(bind: body)), 'B'),
                        to_tsvector('english', \(bind: all)) || to_tsvector('russian', \(bind: all)))
                """).run()
        }
    }

    /// The entries of the records as they are now; a record that no longer exists has none.
    static func entries(_ kind: SearchKind, _ records: [String], _ sql: any SQLDatabase) async throws -> [Entry] {
        switch kind {
        case .document: try await documentEntries(records, sql)
        case .decision: try await decisionEntries(records, sql)
        case .meeting: try await meetingEntries(records, sql)
        case .report: try await reportEntries(records, sql)
        }
    }

    /// What `name` gives in each of the platform's languages but English (in which records are kept).
    static func otherNames(_ name: (Localizer) -> String) -> [String] {
        Language.allCases.filter { $0 != .en }.map { name(Localizer($0)) }
    }

    /// A document: an entry per language, its newest revision's title and text.
    static func documentEntries(_ ids: [String], _ sql: any SQLDatabase) async throws -> [Entry] {
        let documents = try await sql.select().column("*").from("documents").where("id", .in, SQLBind.group(ids)).all()
            .map(SQLDocumentRepository.document)
        let versions = Dictionary(grouping: try await DocumentStore.versions(of: ids, sql: sql), by: \.document)
        return documents.flatMap { d in
            DocumentStore.current(versions[d.id] ?? []).map { v in
                Entry(hit: SearchHit(kind: .document, record: d.id, language: v.language, title: v.title, body: v.text ?? "",
                                     symbol: d.symbol.isEmpty ? nil : d.symbol, day: d.date?.description, year: d.date?.year,
                                     organ: d.organ, state: nil),
                      access: d.access, aliases: otherNames { $0.title(of: d) }.filter { $0 != v.title })
            }
        }
    }

    /// A decision: an entry per working language of its current version.
    static func decisionEntries(_ ids: [String], _ sql: any SQLDatabase) async throws -> [Entry] {
        let rows = try await sql.raw("""
            SELECT d.id, d.symbol, d.title, CASE WHEN d.organ_recorded = FALSE THEN NULL ELSE d.organ END AS organ, d.historical,
                   d.recorded_date, d.closed_at, d.created_at, v.text, v.language, v.translations
            FROM decisions d JOIN decision_versions v ON v.decision_id = d.id AND v.number = d.current_version
            WHERE d.id IN (\(binds: ids))
            """).all()
        return try rows.flatMap { row -> [Entry] in
            // A historical decision is dated as the sources date it, never by the day the platform recorded it.
            let day = try row.optionalString("recorded_date")
                ?? (try row.bool("historical") ? nil : String(try row.optionalString("closed_at")?.prefix(10) ?? (try row.string("created_at")).prefix(10)))
            var texts = [(try row.optionalString("language") ?? "en", try row.string("text"))]
            if let json = try row.optionalString("translations"), case .object(let fields)? = CanonicalJSON(parsing: json) {
                texts += fields.compactMapValues(\.stringValue).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
            return try texts.map { language, text in
                Entry(hit: SearchHit(kind: .decision, record: try row.string("id"), language: language, title: try row.string("title"), body: text,
                                     symbol: try row.string("symbol"), day: day, year: day.flatMap(PartialDate.init)?.year,
                                     organ: try row.optionalString("organ"), state: nil),
                      access: .public)
            }
        }
    }

    /// A meeting: its title, place and outcomes, as recorded (in English).
    static func meetingEntries(_ ids: [String], _ sql: any SQLDatabase) async throws -> [Entry] {
        let outcomes = Dictionary(grouping: try await sql.raw("""
            SELECT meeting_id, body FROM meeting_outcomes WHERE meeting_id IN (\(binds: ids)) ORDER BY meeting_id, position
            """).all().map { (try $0.string("meeting_id"), try $0.string("body")) }, by: \.0)
        let rows = try await sql.raw("""
            SELECT m.id, m.title, m.organ, m.start_date, m.city, m.country_code, c.name AS country
            FROM meetings m LEFT JOIN countries c ON c.code = m.country_code WHERE m.id IN (\(binds: ids))
            """).all()
        return try rows.map { row in
            let id = try row.string("id")
            let place = [try row.optionalString("city"), try row.optionalString("country")].compactMap { $0 }.joined(separator: ", ")
            let body = ([place] + (outcomes[id] ?? []).map(\.1)).filter { !$0.isEmpty }.joined(separator: "; ")
            let day = try row.optionalString("start_date")
            let title = try row.string("title"), city = try row.optionalString("city")
            let country = try row.optionalString("country_code").map { code in (code, try row.optionalString("country") ?? code) }
            return Entry(hit: SearchHit(kind: .meeting, record: id, language: "en", title: title, body: body, symbol: nil,
                                        day: day, year: day.flatMap(PartialDate.init)?.year, organ: try row.string("organ"), state: nil),
                         access: .public, aliases: otherNames { l in
                             [l.meetingTitle(id, recorded: title), city.map { l.meetingCity(id, recorded: $0) }, country.map { l.country($0.0, recorded: $0.1) }]
                                 .compactMap { $0 }.joined(separator: " ")
                         })
        }
    }

    /// A yearly report: an entry per level of readers, with the narratives of its parts of that level.
    static func reportEntries(_ records: [String], _ sql: any SQLDatabase) async throws -> [Entry] {
        let rows = try await sql.raw("""
            SELECT p.state, p.year, p.narrative, p.visibility, a.name AS area, s.name AS state_name
            FROM implementation_report_parts p
            JOIN priority_areas a ON a.slug = p.priority_area
            JOIN member_states s ON s.code = p.state
            WHERE p.state || '/' || p.year IN (\(binds: records)) AND p.narrative IS NOT NULL
            ORDER BY p.state, p.year, p.position
            """).all()
        var entries: [String: Entry] = [:]
        var order: [String] = []
        for row in rows {
            let state = try row.string("state"), year = try row.int("year"), access = try row.value("visibility", as: AccessLevel.self)
            let key = "\(state)/\(year)/\(access.rawValue)"
            let line = "\(try row.string("area")): \(try row.string("narrative"))"
            if entries[key] == nil {
                order.append(key)
                let name = try row.string("state_name")
                entries[key] = Entry(hit: SearchHit(kind: .report, record: "\(state)/\(year)", language: nil,
                                                    title: "\(name) \(year)", body: line, symbol: nil,
                                                    day: String(year), year: year, organ: nil, state: state),
                                     access: access, aliases: otherNames { $0.country(state, recorded: name) })
            } else {
                entries[key]?.hit.body += "\n" + line
            }
        }
        return order.compactMap { entries[$0] }
    }
}
