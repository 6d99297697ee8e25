import Hummingbird
import CICACore
import CICAStore

/// The documents page, filtered by kind.
struct DocumentsView: Sendable {
    struct Row: Sendable {
        var title: String
        var kind: String
        var date: String
        var place: String?
        var meeting: String?
        var meetingHref: String?
        var access: String
        var provenance: ProvenanceView
    }
    var intro: String
    var kinds: [SelectOption]
    var year: String
    var rows: [Row]
    var count: String
    var next: String?
    var notes: [NoteView]
    var sources: [SourceView]
}

/// The Secretariat page: its heads and their titles over time.
struct SecretariatView: Sendable {
    struct Row: Sendable {
        var name: String
        var title: String
        var nationality: String?
        var term: String
        var provenance: ProvenanceView
    }
    var intro: String
    var heads: [Row]
    var deputies: [Row]
    var sources: [SourceView]
}

/// Pages about documents and the Secretariat.
struct DocumentPages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/documents") { request, context in try await documents(request, context) }
        router.get("/secretariat") { _, context in try await secretariat(context) }
    }

    func documents(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = DocumentFilter(kind: try QueryParameters.value(request, "kind", as: DocumentKind.self),
                                    year: try QueryParameters.int(request, "year", in: 1990...2100))
        let page = try await repositories.documents.documents(filter, page: try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor")))
        let meetings = try await repositories.organs.meetingTitles(ids: page.items.compactMap(\.value.meeting))
        let view = DocumentsView(
            intro: l("documents.intro"),
            kinds: SelectOption.all(DocumentKind.self, selected: filter.kind, allLabel: l("common.all")) { l("document.kind.\($0.rawValue)") },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { d in
                DocumentsView.Row(title: d.value.title, kind: l("document.kind.\(d.value.kind.rawValue)"),
                                  date: d.value.dateNote ?? l.date(d.value.date), place: d.value.place,
                                  meeting: d.value.meeting.flatMap { meetings[$0] }, meetingHref: d.value.meeting.map { "/meetings/\($0)" },
                                  access: l("access.\(d.value.access.rawValue)"), provenance: ProvenanceView(d.provenance, localizer: l))
            },
            count: l("common.count", ["count": String(page.items.count)]),
            next: nextPageLink(path: "/documents", query: [("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init))], cursor: page.nextCursor),
            notes: try await repositories.sources.notes(about: [.documents]).map(NoteView.init),
            sources: citedSources(page.items.map(\.provenance)))
        return try pages.render("documents", page: view, title: l("documents.title"), section: .documents, context: context)
    }

    func secretariat(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let appointments = try await repositories.organs.appointments()
        let countries = Dictionary(uniqueKeysWithValues: try await repositories.membership.countryNames())
        func row(_ a: Sourced<SecretariatAppointment>) -> SecretariatView.Row {
            let v = a.value
            let term = v.start == nil && v.end == nil ? (v.term ?? l("date.unknown")) : l.dateRange(v.start, v.end) + (v.end == nil ? " –" : "")
            return SecretariatView.Row(name: v.name ?? l("date.unknown"), title: v.title, nationality: v.nationality.flatMap { countries[$0] },
                                       term: term, provenance: ProvenanceView(a.provenance, localizer: l))
        }
        let view = SecretariatView(intro: l("secretariat.intro"),
                                   heads: appointments.filter { $0.value.post.isHead }.map(row),
                                   deputies: appointments.filter { !$0.value.post.isHead }.map(row),
                                   sources: citedSources(appointments.map(\.provenance)))
        return try pages.render("secretariat", page: view, title: l("secretariat.title"), section: .secretariat, context: context)
    }
}
