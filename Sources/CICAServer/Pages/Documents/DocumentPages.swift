import Hummingbird
import CICACore
import CICAStore

/// Pages about documents and the Secretariat.
struct DocumentPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.documents) { request, context in try await documents(request, context) }
        router.get(.secretariat) { _, context in try await secretariat(context) }
    }

    func documents(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = DocumentFilter(kind: try QueryParameters.value(request, "kind", as: DocumentKind.self),
                                    year: try QueryParameters.int(request, "year", in: Limits.years))
        let page = try await platform.documents.documents(filter, page: try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor")))
        let meetings = try await platform.organs.meetingTitles(ids: page.items.compactMap(\.value.meeting)).reduce(into: [String: String]()) {
            $0[$1.key] = l.meetingTitle($1.key, recorded: $1.value)
        }
        let view = DocumentsView(
            intro: l("documents.intro"),
            kinds: SelectOption.all(DocumentKind.self, selected: filter.kind, allLabel: l("common.all")) { l("document.kind.\($0.rawValue)") },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { d in
                DocumentsView.Row(title: l.title(of: d.value), kind: l("document.kind.\(d.value.kind.rawValue)"),
                                  date: l.dateNote(of: d.value) ?? l.date(d.value.date), place: l.place(of: d.value),
                                  meeting: d.value.meeting.flatMap { meetings[$0] }, meetingURL: d.value.meeting.map { .meeting($0) },
                                  access: l("access.\(d.value.access.rawValue)"), provenance: ProvenanceView(d.provenance, localizer: l))
            },
            count: l("common.count", count: page.items.count),
            next: nextPageLink(.documents, query: [("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init))], cursor: page.nextCursor),
            notes: try await platform.sources.notes(about: [.documents]).map(NoteView.init),
            sources: citedSources(page.items.map(\.provenance)))
        return platform.pages.render(view, title: l("documents.title"), section: .documents, context: context)
    }

    func secretariat(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let appointments = try await platform.organs.appointments()
        let countries = l.countries(try await platform.membership.countryNames())
        func row(_ a: Sourced<SecretariatAppointment>) -> SecretariatView.Row {
            let v = a.value
            let term = v.start == nil && v.end == nil ? (l.term(of: v) ?? l("date.unknown"))
                : v.end == nil ? l("secretariat.from", ["date": l.date(v.start, governed: true)]) : l.dateRange(v.start, v.end)
            return SecretariatView.Row(name: l.name(of: v) ?? l("secretariat.nameUnknown"), title: l.title(of: v), nationality: v.nationality.flatMap { countries[$0] },
                                       term: term, provenance: ProvenanceView(a.provenance, localizer: l))
        }
        let view = SecretariatView(intro: l("secretariat.intro"),
                                   heads: appointments.filter { $0.value.post.isHead }.map(row),
                                   deputies: appointments.filter { !$0.value.post.isHead }.map(row),
                                   sources: citedSources(appointments.map(\.provenance)))
        return platform.pages.render(view, title: l("secretariat.title"), section: .secretariat, context: context)
    }
}
