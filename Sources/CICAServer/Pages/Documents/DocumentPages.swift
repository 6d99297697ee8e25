import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The registry's pages: the list, a document, and the Secretariat's forms.
struct DocumentPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.documents) { request, context in try await documents(request, context) }
        router.get(.newDocument) { _, context in try await newForm(context) }
        router.post(.newDocument) { request, context in
            try context.authorize(.manageRecords)
            return try await FormFeedback.answering(.document, request, context: context, action: { form in
                let document = try await platform.documents.register(fields(form), actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.document(document.id).href])
            }, redisplay: { form, feedback, status in try await newForm(context, refused: (form, feedback), status: status) })
        }
        router.get(.document(id)) { _, context in try await document(context) }
        router.post(.documentForm(id, .versions)) { request, context in try await addVersion(request, context) }
        router.post(.documentForm(id, .successors)) { request, context in
            try await answering(request, context) { form, document in
                let next = try await platform.documents.issue(following: document, relation: form.text("relation"), fields(form),
                                                              actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.document(next.id).href])
            }
        }
        router.post(.documentForm(id, .amend)) { request, context in
            try await answering(request, context) { form, document in
                _ = try await platform.documents.amend(id: document, fields(form), actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.document(document).href])
            }
        }
    }

    /// A registration's fields as the forms name them.
    func fields(_ form: Form) -> DocumentFields {
        DocumentFields(title: form["title"], kind: form["kind"], date: form["date"], place: form["place"], organ: form["organ"],
                       meeting: form["meeting"], decision: form["decision"], access: form["access"], symbol: form["symbol"],
                       language: form["language"], text: form["text"])
    }

    func documents(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = DocumentFilter(kind: try QueryParameters.value(request, "kind", as: DocumentKind.self),
                                    year: try QueryParameters.int(request, "year", in: Limits.years),
                                    organ: QueryParameters.string(request, "organ"),
                                    language: try QueryParameters.string(request, "language").map { try DocumentLanguage.check($0, field: "language") })
        let readership = context.readership
        let page = try await platform.documents.documents(filter, page: try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor")),
                                                          readership: readership)
        let total = try await platform.documents.count(filter, readership: readership)
        let organs = try await platform.organs.organs().map(\.organ)
        let names = l.organNames(organs)
        let meetings = try await platform.organs.meetingTitles(ids: page.items.compactMap(\.document.value.meeting)).reduce(into: [String: String]()) {
            $0[$1.key] = l.meetingTitle($1.key, recorded: $1.value)
        }
        let view = DocumentsView(
            intro: l("documents.intro"),
            kinds: SelectOption.all(DocumentKind.self, selected: filter.kind, allLabel: l("common.all")) { l("document.kind.\($0.rawValue)") },
            organs: [SelectOption(value: "", label: l("common.all"), selected: filter.organ == nil)]
                + organs.map { SelectOption(value: $0.slug, label: names[$0.slug] ?? $0.slug, selected: $0.slug == filter.organ) },
            languages: [SelectOption(value: "", label: l("common.all"), selected: filter.language == nil)]
                + DocumentLanguage.codes.map { SelectOption(value: $0, label: l("documentLanguage.\($0)"), selected: $0 == filter.language) },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { item in
                let d = item.document.value
                return DocumentsView.Row(symbol: d.symbol, title: title(d, item.versions, l), url: .document(d.id), kind: l("document.kind.\(d.kind.rawValue)"),
                                         date: l.dateNote(of: d) ?? l.date(d.date), place: l.place(of: d),
                                         meeting: d.meeting.flatMap { meetings[$0] }, meetingURL: d.meeting.map { .meeting($0) },
                                         languages: item.versions.map { l("documentLanguage.\($0.language)") }.joined(separator: ", "),
                                         access: l("access.\(d.access.rawValue)"),
                                         provenance: d.registered == nil ? ProvenanceView(item.document.provenance, localizer: l) : nil,
                                         registered: d.registered == nil ? nil : l("documents.registeredShort"))
            },
            count: l("documents.count", count: total),
            canRegister: Policy.decide(context.principal, .manageRecords).isAllowed,
            next: nextPageLink(.documents, query: [("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init)), ("organ", filter.organ),
                                                   ("language", filter.language)], cursor: page.nextCursor),
            notes: try await platform.sources.notes(about: [.documents]).map(NoteView.init),
            sources: citedSources(page.items.filter { $0.document.value.registered == nil }.map(\.document.provenance)))
        return platform.pages.render(view, title: l("documents.title"), section: .documents, context: context)
    }

    /// The title in the reader's language: a version in it, CICA's own wording of a shipped title, or the title as registered.
    func title(_ d: Document, _ versions: [LanguageVersion], _ l: Localizer) -> String {
        if let own = versions.first(where: { $0.language == l.language.rawValue && !$0.isFromDataset }) { return own.title }
        return l.title(of: d)
    }

    func document(_ context: AppRequestContext, refused: FormFeedback? = nil, values: Form? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let record = try await readable(context)
        let d = record.document.value
        let organs = l.organNames(try await platform.organs.organs().map(\.organ))
        let meeting = try await d.meeting.asyncMap { try await platform.organs.meetingTitles(ids: [$0])[$0] }?.flatMap { $0 }
        let view = DocumentView.make(record, title: title(d, record.current, l), organ: d.organ.flatMap { organs[$0] },
                                     meeting: d.meeting.map { l.meetingTitle($0, recorded: meeting ?? $0) },
                                     canManage: Policy.decide(context.principal, .manageRecords).isAllowed, fileLimit: platform.configuration.fileLimit,
                                     feedback: refused, values: values, localizer: l)
        return platform.pages.render(view, title: d.symbol + " " + title(d, record.current, l), section: .documents, context: context, status: status)
    }

    /// The document the address names, or 404 when it does not exist or the reader may not read it (the two are told
    /// apart to no one).
    private func readable(_ context: AppRequestContext) async throws -> DocumentRecord {
        let id = try context.parameters.require("id")
        guard let record = try await platform.documents.document(id: id, readership: context.readership) else {
            throw NotFound(entity: Message("entity.document"), key: id, list: SiteURL.documents.href)
        }
        return record
    }

    /// Runs a form of the document page; a refusal shows the page again with the reasons and the input kept.
    private func answering(_ request: Request, _ context: AppRequestContext,
                           action: @escaping (Form, String) async throws -> Response) async throws -> Response {
        try context.authorize(.manageRecords)
        let id = try await readable(context).document.value.id
        return try await FormFeedback.answering(.document, request, context: context, action: { form in try await action(form, id) }) {
            form, feedback, status in try await document(context, refused: feedback, values: form, status: status)
        }
    }

    /// The language version form: a `multipart/form-data` body with the CSRF token first, then language, title, text and
    /// perhaps a file, which is streamed to disk, checked, and kept under its checksum; a refusal keeps nothing.
    func addVersion(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.manageRecords)
        let id = try await readable(context).document.value.id
        var values = Form(fields: [])
        do {
            let upload = try await UploadForm.read(request, context: context, files: platform.files)
            values = upload.form
            let fields = DocumentFields(title: values["title"], language: values["language"], text: values["text"])
            _ = try await platform.addVersion(document: id, language: fields.language, title: fields.title, text: fields.text, file: upload.file,
                                              declared: upload.declaredType, filename: upload.filename, actor: context.actor)
            return Response(status: .seeOther, headers: [.location: SiteURL.document(id).href + "#versions"])
        } catch {
            guard let problem = Problem.describe(error, path: request.uri.path, localizer: context.localizer),
                  [.badRequest, .conflict, .contentTooLarge].contains(problem.status) else { throw error }
            return try await document(context, refused: FormFeedback(form: .document, detail: problem.pageDetail(context.localizer), errors: problem.errors),
                                      values: values, status: problem.status)
        }
    }

    func newForm(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.manageRecords)
        let l = context.localizer
        let organs = try await platform.organs.organs().map(\.organ)
        let names = l.organNames(organs)
        let meetings = try await platform.allMeetings(organ: nil)
        var view = NewDocumentView(
            kinds: [SelectOption(value: "", label: l("documents.chooseKind"), selected: true)]
                + DocumentKind.allCases.map { SelectOption(value: $0.rawValue, label: l("document.kind.\($0.rawValue)"), selected: false) },
            meetings: [SelectOption(value: "", label: l("documents.noMeeting"), selected: true)]
                + meetings.map { SelectOption(value: $0.id, label: l.title(of: $0) + ($0.start.map { " (" + l.date($0) + ")" } ?? ""), selected: false) },
            access: AccessLevel.allCases.map { SelectOption(value: $0.rawValue, label: l("access.\($0.rawValue)"), selected: $0 == .public) },
            organs: [SelectOption(value: "", label: "", selected: true)] + organs.map { SelectOption(value: $0.slug, label: names[$0.slug] ?? $0.slug, selected: false) },
            languages: DocumentLanguage.codes.map { SelectOption(value: $0, label: l("documentLanguage.\($0)"), selected: $0 == "en") })
        if let (form, feedback) = refused { view.keep(form, refused: feedback) }
        return platform.pages.render(view, title: l("documents.new"), section: .documents, context: context, status: status)
    }
}
