import Hummingbird
import CICACore
import CICAStore

/// Where a fact's subject is shown on the site, and how to name it.
enum SubjectLink {
    static func href(_ subject: Subject) -> String {
        let parts = subject.rawValue.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            switch subject {
            case .roadMap: return "/road-map"
            case .eligibilityRule: return "/eligibility"
            case .memberStates: return "/member-states"
            case .observers, .partners: return "/observers"
            case .catalogue: return "/catalogue"
            default: return "/documents"
            }
        }
        let key = parts[1].split(separator: "#").first.map(String.init) ?? parts[1]
        switch parts[0] {
        case "member-state": return "/member-states/\(key)"
        case "observer", "partner", "external-relation": return "/observers"
        case "organ": return "/organs/\(key)"
        case "meeting": return "/meetings/\(key)"
        case "chairmanship": return "/organs"
        case "secretariat-head": return "/secretariat"
        case "dimension": return "/catalogue"
        case "priority-area": return "/catalogue#\(key)"
        case "road-map-area": return "/road-map"
        case "official-day": return "/"
        default: return "/documents"
        }
    }
}

/// The list of sources, with how many facts cite each, and the notes on where they disagree.
struct SourcesView: Sendable {
    struct Row: Sendable {
        var id: String
        var title: String
        var url: String?
        var href: String
        var facts: Int
    }
    var intro: String
    var dataset: String
    var rows: [Row]
    var notes: [NoteView]
}

/// One source and the facts that cite it.
struct SourceDetailView: Sendable {
    struct Fact: Sendable {
        var subject: String
        var href: String
    }
    var title: String
    var url: String?
    var facts: [Fact]
}

/// Pages about the sources of the facts.
struct SourcePages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/sources") { _, context in try await sources(context) }
        router.get("/sources/:id") { _, context in try await source(context) }
    }

    func sources(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let info = try await repositories.sources.datasetInfo()
        let view = SourcesView(
            intro: l("sources.intro"), dataset: l("sources.dataset", ["version": info["dataset_version"] ?? "?"]),
            rows: try await repositories.sources.sources().map {
                SourcesView.Row(id: $0.source.id, title: $0.source.title, url: $0.source.url, href: "/sources/\($0.source.id)", facts: $0.facts)
            },
            notes: try await repositories.sources.notes().map(NoteView.init))
        return try pages.render("sources", page: view, title: l("sources.title"), section: .sources, context: context)
    }

    func source(_ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let found = try await repositories.sources.source(id: id) else {
            throw NotFound(entity: "source", key: id, hint: "See the list at /sources.")
        }
        let view = SourceDetailView(title: found.source.title, url: found.source.url,
                                    facts: found.subjects.map { SourceDetailView.Fact(subject: $0.rawValue, href: SubjectLink.href($0)) })
        return try pages.render("source", page: view, title: found.source.title, section: .sources, context: context)
    }
}
