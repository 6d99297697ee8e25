import Hummingbird
import CICACore
import CICAStore

/// Pages about the sources of the facts.
struct SourcePages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.sources) { _, context in try await sources(context) }
        router.get(.source(.parameter("id"))) { _, context in try await source(context) }
    }

    func sources(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let info = try await platform.sources.datasetInfo()
        let view = SourcesView(
            intro: l("sources.intro"), dataset: l("sources.dataset", ["version": info["dataset_version"] ?? "?"]),
            rows: try await platform.sources.sources(readership: context.readership).map {
                SourcesView.Row(id: $0.source.id, title: $0.source.title, external: $0.source.url, url: .source($0.source.id), facts: $0.facts)
            },
            notes: try await platform.sources.notes().map(NoteView.init))
        return platform.pages.render(view, title: l("sources.title"), section: .sources, context: context)
    }

    func source(_ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let found = try await platform.sources.source(id: id, readership: context.readership) else {
            throw NotFound(entity: Message("entity.source"), key: id, list: SiteURL.sources.href)
        }
        let view = SourceDetailView(title: found.source.title, url: found.source.url,
                                    facts: found.subjects.map { SourceDetailView.Fact(subject: $0.rawValue, url: SubjectLink.url($0)) })
        return platform.pages.render(view, title: found.source.title, section: .sources, context: context)
    }
}
