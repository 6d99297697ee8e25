import Foundation
import Hummingbird
import CICACore
import CICAStore

/// The search page: a query and its filters, and what they find among the records the reader may read.
struct SearchPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.search()) { request, context in try await search(request, context) }
    }

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let organs = try await platform.organs.organs().map(\.organ)
        let organNames = l.organNames(organs)
        let asked = QueryParameters.formText(request, "q")
        var view = SearchView(q: asked ?? "", year: QueryParameters.string(request, "year") ?? "")
        view.kinds = SelectOption.all(SearchKind.self, selected: nil, allLabel: l("common.all")) { l("search.kind.\($0.rawValue)") }
            .selecting(QueryParameters.string(request, "kind"))
        view.organs = ([SelectOption(value: "", label: l("common.all"), selected: false)]
            + organs.map { SelectOption(value: $0.slug, label: organNames[$0.slug] ?? $0.slug, selected: false) })
            .selecting(QueryParameters.string(request, "organ"))
        view.languages = ([SelectOption(value: "", label: l("common.all"), selected: false)]
            + DocumentLanguage.codes.map { SelectOption(value: $0, label: l("documentLanguage.\($0)"), selected: false) })
            .selecting(QueryParameters.string(request, "language"))
        // A first visit (no query at all) shows the form; a query, even an empty one, is answered.
        guard asked != nil else { return platform.pages.render(view, title: l("search.title"), section: .search, context: context) }
        do {
            let query = try SearchQuery.parse(asked, kind: try QueryParameters.value(request, "kind", as: SearchKind.self),
                                              year: try QueryParameters.int(request, "year", in: Limits.years),
                                              organ: QueryParameters.string(request, "organ"),
                                              language: try QueryParameters.string(request, "language").map { try DocumentLanguage.check($0, field: "language") })
            let page = try QueryParameters.int(request, "page", in: 1...SearchResults.lastPage) ?? 1
            let results = try await platform.search.search(query, page: page, readership: context.readership,
                                                           ownStates: context.principal.roles.compactMap(\.delegatedState))
            view.results = SearchView.Results(results, query: query, organNames: organNames, localizer: l)
        } catch {
            guard let problem = Problem.describe(error, path: request.uri.path, localizer: l), problem.status == .badRequest else { throw error }
            view.problem = problem
            return platform.pages.render(view, title: l("search.title"), section: .search, context: context, status: .badRequest)
        }
        return platform.pages.render(view, title: l("search.title"), section: .search, context: context)
    }
}
