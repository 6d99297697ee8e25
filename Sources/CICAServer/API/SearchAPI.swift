import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// Full-text search: the query read by CICACore's rules, answered among what the asker may read.
extension PlatformAPI {
    func search(_ input: Operations.Search.Input) async throws -> Operations.Search.Output {
        let info = RequestInfo.current
        let q = input.query
        let query = try SearchQuery.parse(q.q, kind: try q.kind.map { try $0.inCore(SearchKind.self, field: "kind") }, year: try Self.year(q.year),
                                          organ: q.organ, language: try q.language.map { try DocumentLanguage.check($0, field: "language") })
        let page = q.page ?? 1
        guard (1...SearchResults.lastPage).contains(page) else {
            throw InvalidInput(field: "page", reason: Message("reason.mustBetweenGot3", ["lowerBound": "1", "upperBound": "\(SearchResults.lastPage)", "value": "\(page)"]))
        }
        let results = try await platform.search.search(query, page: page, readership: info.readership,
                                                       ownStates: info.principal.roles.compactMap(\.delegatedState))
        let l = Localizer(.en)
        let hits = results.hits.map { hit in
            let view = SearchView.Results.hit(hit, query.terms, organNames: [:], l)
            return Components.Schemas.SearchHit(
                kind: Self.kind(hit.kind), record: hit.record, language: view.language, title: hit.title,
                titleMarked: SearchSnippet.marked(hit.title, query.terms).map(Self.fragment),
                excerpt: view.excerpt.map(Self.fragment), symbol: hit.symbol, date: hit.day, organ: hit.organ, state: hit.state,
                url: view.url.href)
        }
        return .ok(.init(body: .json(.init(query: query.text, hits: hits, total: results.total, page: results.page, pageSize: SearchResults.pageSize))))
    }

    static func kind(_ kind: SearchKind) -> Components.Schemas.SearchKind {
        switch kind {
        case .document: .document
        case .decision: .decision
        case .meeting: .meeting
        case .report: .report
        }
    }

    static func fragment(_ f: SearchFragment) -> Components.Schemas.SearchFragment { .init(text: f.text, found: f.found) }
}
