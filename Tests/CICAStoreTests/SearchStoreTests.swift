import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// Full-text search on both engines: what it finds, in which language, what it never shows, and an index that never
/// falls behind a write.
@Suite("Search in the database")
struct SearchStoreTests {
    static let secretariat = DecisionTests.secretariat
    static let t0 = DecisionTests.t0
    static let today = CivilDate(year: 2026, month: 11, day: 30)
    static let kazakhstan = Principal(userId: "d-kz", roles: [.delegate(state: "KZ")])
    static let india = Principal(userId: "d-in", roles: [.delegate(state: "IN")])
    static let officer = Principal(userId: "s", roles: [.secretariat])

    static func find(_ text: String, _ search: any SearchRepository, as principal: Principal = .anonymous, kind: SearchKind? = nil,
                     year: Int? = nil, organ: String? = nil, language: String? = nil) async throws -> SearchResults {
        try await search.search(try SearchQuery.parse(text, kind: kind, year: year, organ: organ, language: language), page: 1,
                                readership: Readership(principal), ownStates: principal.roles.compactMap(\.delegatedState))
    }

    @Test("the Almaty Act by \"Almaty\"; its Russian version by \"Алматы\", in any case, by a beginning, as a phrase", arguments: TestEngine.all)
    func almaty(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let store = Store(database: database)
            let english = try await Self.find("Almaty", store.search)
            #expect(english.hits.contains { $0.kind == .document && $0.record == "almaty-act-2002" && $0.language == "en" })
            #expect(english.total == english.hits.count && english.total >= 1)
            _ = try await store.documents.addVersion(
                document: "almaty-act-2002", language: "ru", title: "Акт Алматинского совещания",
                text: "Главы государств и правительств, собравшиеся в Алматы 4 июня 2002 года, приняли настоящий Акт.",
                file: nil, keep: nil, actor: Self.secretariat, now: Self.t0)
            for query in ["Алматы", "АЛМАТЫ", "алматы", "Алмат*", "\"собравшиеся в Алматы\""] {
                // The Russian version, among the records the Russian pages name with the city (meetings held there).
                let russian = try await Self.find(query, store.search)
                #expect(russian.hits.contains { $0.record == "almaty-act-2002" && $0.language == "ru" && $0.title == "Акт Алматинского совещания" },
                        "\(query)")
                #expect(try await Self.find(query, store.search, language: "ru").hits.map(\.record) == ["almaty-act-2002"], "\(query)")
            }
            // The filters: kind, year, organ, language; and a phrase that is not in a row finds nothing.
            #expect(try await Self.find("Алматы", store.search, language: "fr").total == 0)
            // The English version is found by the name the Russian pages give the Act; the meetings by the city's.
            #expect(try await Self.find("Алматинский", store.search, language: "en").hits.map(\.record) == ["almaty-act-2002"])
            #expect(try await Self.find("Алматы", store.search, kind: .meeting).hits.contains { $0.record == "summit-1" })
            #expect(try await Self.find("Алматы", store.search, kind: .document, year: 2002, organ: "summit", language: "ru").total == 1)
            #expect(try await Self.find("Алматы", store.search, kind: .decision).total == 0)
            #expect(try await Self.find("Алматы", store.search, year: 1991).total == 0)
            #expect(try await Self.find("\"Алматы собравшиеся\"", store.search).total == 0)
            // Diacritics: a title with them is found without them, and the other way round.
            let paulo = try await store.documents.register(DocumentFields(title: "Déclaration de São Paulo", kind: "statement", access: "public"),
                                                           actor: Self.secretariat, now: Self.t0)
            #expect(try await Self.find("declaration sao", store.search).hits.map(\.record) == [paulo.id])
            #expect(try await Self.find("São", store.search).hits.map(\.record) == [paulo.id])
        }
    }

    @Test("a restricted document is never found nor counted by those who may not read it", arguments: TestEngine.all)
    func restricted(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let store = Store(database: database)
            let secret = try await store.documents.register(DocumentFields(title: "Zebra memorandum", kind: "memorandum", access: "secretariat", text: "Zebra"),
                                                            actor: Self.secretariat, now: Self.t0)
            let shared = try await store.documents.register(DocumentFields(title: "Zebra note to delegations", kind: "noteVerbale", access: "memberStates"),
                                                            actor: Self.secretariat, now: Self.t0)
            let observer = Principal(userId: "o", roles: [.observer(observer: "JP")])
            for (principal, seen) in [(Principal.anonymous, [String]()), (observer, []), (Self.kazakhstan, [shared.id]), (Self.officer, [shared.id, secret.id])] {
                let results = try await Self.find("zebra", store.search, as: principal)
                #expect(Set(results.hits.map(\.record)) == Set(seen) && results.total == seen.count)
                #expect(try await Self.find("zeb*", store.search, as: principal).total == seen.count)
            }
            // Made public, the memorandum is found by everyone; made secret again, by the Secretariat alone.
            _ = try await store.documents.amend(id: secret.id, DocumentFields(access: "public"), actor: Self.secretariat, now: Self.t0)
            #expect(try await Self.find("zebra memorandum", store.search).hits.map(\.record) == [secret.id])
            _ = try await store.documents.amend(id: secret.id, DocumentFields(access: "secretariat"), actor: Self.secretariat, now: Self.t0)
            #expect(try await Self.find("zebra memorandum", store.search).total == 0)
        }
    }

    @Test("a report's parts are found by their readers; the reporting state's own delegates always", arguments: TestEngine.all)
    func reports(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let store = Store(database: database)
            _ = try await store.reports.submit(state: "KZ", year: 2025, parts: [
                ReportPartFields(priorityArea: "tourism", status: "implemented", narrative: "A tourism forum in Turkestan.", visibility: "public"),
                ReportPartFields(priorityArea: "energy-security", status: "inProgress", narrative: "Pipeline talks near Turkestan.", visibility: "secretariat"),
            ], actor: DecisionTests.delegate("KZ"), now: Self.t0, today: Self.today)
            let everyone = try await Self.find("turkestan", store.search)
            #expect(everyone.total == 1 && everyone.hits[0].kind == .report && everyone.hits[0].record == "KZ/2025" && everyone.hits[0].state == "KZ")
            #expect(!everyone.hits[0].body.contains("Pipeline"))
            #expect(try await Self.find("pipeline", store.search).total == 0)
            #expect(try await Self.find("pipeline", store.search, as: Self.india).total == 0)
            #expect(try await Self.find("pipeline", store.search, as: Self.kazakhstan).total == 1)
            #expect(try await Self.find("pipeline", store.search, as: Self.officer).total == 1)
            #expect(try await Self.find("turkestan", store.search, kind: .report, year: 2025).total == 1)
        }
    }

    @Test("decisions and meetings are found; the index made afresh is the index kept up to date", arguments: TestEngine.all)
    func upToDate(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let store = Store(database: database)
            let draft = try await store.decisions.create(NewDraft(title: "On the quokka working group", organ: "senior-officials-committee", meeting: nil,
                                                                  text: "The Committee establishes a working group on marsupials.", effectKind: "none",
                                                                  effectParameters: [:]),
                                                         actor: Self.secretariat, now: Self.t0)
            let found = try await Self.find("quokka*", store.search, kind: .decision)
            #expect(found.hits.map(\.record) == [draft.id] && found.hits[0].organ == "senior-officials-committee")
            _ = try await store.decisions.revise(id: draft.id, text: "The Committee establishes a working group on wombats.", translations: [:],
                                                 folds: [], actor: Self.secretariat, now: Self.t0)
            #expect(try await Self.find("wombats", store.search).hits.map(\.record) == [draft.id])
            #expect(try await Self.find("marsupials", store.search).total == 0)
            #expect(try await Self.find("quokka", store.search).total == 1)   // still in the title
            let meetings = try await Self.find("summit", store.search, kind: .meeting)
            #expect(meetings.total > 0 && meetings.hits.allSatisfy { $0.kind == .meeting && $0.organ == "summit" })
            // Every record marked again and indexed from scratch gives the same entries as the index kept by the triggers.
            let kept = try await Self.entries(database)
            try await database.write(sealed: false) { sql in
                for source in SearchSchema.sources {
                    let key = source.key.map { "\"\($0)\"" }.joined(separator: " || '/' || ")
                    let insert = engine == .sqlite ? "INSERT OR IGNORE" : "INSERT"
                    let conflict = engine == .sqlite ? "" : " ON CONFLICT DO NOTHING"
                    try await sql.raw(SQLQueryString("\(unsafeRaw: insert) INTO search_dirty (kind, record) SELECT DISTINCT '\(unsafeRaw: source.kind.rawValue)', \(unsafeRaw: key) FROM \(unsafeRaw: source.table)\(unsafeRaw: conflict)")).run()
                }
                try await sql.raw("DELETE FROM search_entries").run()
                if engine == .sqlite { try await sql.raw("DELETE FROM search_fts").run() }
            }
            #expect(try await store.search.refresh() > 0)
            #expect(try await Self.entries(database) == kept)
            #expect(kept.count > 40)
        }
    }

    static func entries(_ database: Database) async throws -> [String] {
        try await database.read { sql in
            try await sql.raw("SELECT id, title, body, access, language FROM search_entries ORDER BY id").all().map {
                [try $0.string("id"), try $0.string("title"), try $0.string("body"), try $0.string("access"), try $0.optionalString("language") ?? "-"].joined(separator: "|")
            }
        }
    }
}
