import Foundation
import Hummingbird
import CICACore
import CICAStore

/// Pages about decisions, and the forms that take them.
struct DecisionPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.decisions) { request, context in try await list(request, context) }
        router.get(.newDecision) { _, context in try await newForm(context) }
        router.post(.decisions) { request, context in try await create(request, context) }
        router.get(.decision(id)) { _, context in try await show(context) }
        router.get(.decisionVersion(id, .parameter("number"))) { request, context in try await version(request, context) }
        router.post(.decisionStep(id, .versions)) { request, context in
            try await answering(.conduct, request, context) { form in try await revise(form, context) }
        }
        router.post(.decisionStep(id, .table)) { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await platform.decisions.table(id: id, actor: actor, now: now) } }
        }
        router.post(.decisionStep(id, .circulate)) { request, context in
            try await answering(.conduct, request, context) { form in try await circulate(form, context) }
        }
        router.post(.decisionStep(id, .close)) { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await platform.decisions.close(id: id, actor: actor, now: now) } }
        }
        router.post(.decisionStep(id, .withdraw)) { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await platform.decisions.withdraw(id: id, actor: actor, now: now) } }
        }
        router.post(.decisionStep(id, .positions)) { request, context in
            try await answering(.position, request, context) { form in try await position(form, context) }
        }
        router.post(.decisionStep(id, .amendments)) { request, context in
            try await answering(.amendment, request, context) { form in try await amendment(form, context) }
        }
    }

    private func organNames(_ l: Localizer) async throws -> [String: String] {
        l.organNames(try await platform.organs.organs().map(\.organ))
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let status = try QueryParameters.value(request, "status", as: DecisionStatus.self)
        let organ = QueryParameters.string(request, "organ")
        let organNames = try await organNames(l)
        if let organ, organNames[organ] == nil {
            throw InvalidInput(field: "organ", reason: Message("reason.thereOrganUseOne", ["organ": "\(organ)", "organNames": "\(organNames.keys.sorted().joined(separator: ", "))"]))
        }
        let now = platform.now()
        let open = status == nil && QueryParameters.string(request, "cursor") == nil
            ? try await platform.decisions.decisions(DecisionFilter(status: .open, organ: organ), page: PageRequest(limit: PageRequest.maximumLimit)).items
            : []
        let page = try await platform.decisions.decisions(DecisionFilter(status: status, organ: organ),
                                                              page: try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor")))
        let view = DecisionsView(
            intro: l("decisions.intro"),
            open: DecisionRow.soonestDeadlineFirst(open)
                .map { DecisionRow($0, organNames: organNames, now: now, localizer: l) },
            rows: page.items.filter { status != nil || $0.status != .open }.map { DecisionRow($0, organNames: organNames, now: now, localizer: l) },
            statuses: SelectOption.all(DecisionStatus.self, selected: status, allLabel: l("common.all")) { l("decision.status.\($0.rawValue)") },
            organs: [SelectOption(value: "", label: l("common.all"), selected: organ == nil)]
                + organNames.sorted { $0.key < $1.key }.map { SelectOption(value: $0.key, label: $0.value, selected: $0.key == organ) },
            next: nextPageLink(.decisions, query: [("status", status?.rawValue), ("organ", organ)], cursor: page.nextCursor),
            canDraft: Policy.decide(context.principal, .conductDecisions).isAllowed)
        return platform.pages.render(view, title: l("decisions.title"), section: .decisions, context: context)
    }

    func show(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let detail = try await platform.decisions.decision(id: id) else { throw DecisionError.noSuchDecision(id) }
        let meetingTitle = try await detail.decision.meeting.asyncMap { id in
            try await platform.organs.meetingTitles(ids: [id])[id].map { context.localizer.meetingTitle(id, recorded: $0) }
        } ?? nil
        let comparison = await DecisionView.comparedVersions(detail).asyncMap { await platform.comparisons.compare($0.previous, $0.current) }
        var view = DecisionView.make(detail, names: context.localizer.countries(try await platform.membership.memberStateNames()),
                                     speakers: try await platform.delegations.accreditations(ids: Set(detail.positions.compactMap(\.accreditation))),
                                     organNames: try await organNames(context.localizer),
                                     meetingTitle: meetingTitle, principal: context.principal,
                                     recordProblem: try await platform.recordProblem(detail), comparison: comparison,
                                     working: platform.decisions.workingLanguages,
                                     now: platform.now(), localizer: context.localizer)
        if let (form, feedback) = refused { view.keep(form, refused: feedback) }
        view.akomaNtoso = detail.versions.last.map(AkomaNtoso.languages(of:))?.map { language in
            (language, context.localizer("documentLanguage.\(language)"), SiteURL.decisionAKN(id, language: language))
        } ?? []
        return platform.pages.render(view, title: "\(detail.decision.symbol) \(detail.decision.title)", section: .decisions,
                                context: context, status: status)
    }

    /// One version's text, for readers comparing versions the page could not compare line by line.
    func version(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let l = context.localizer
        guard let detail = try await platform.decisions.decision(id: id) else { throw DecisionError.noSuchDecision(id) }
        let text = try context.parameters.require("number")
        guard let number = Int(text), let version = detail.versions.first(where: { $0.number == number }) else {
            throw NotFound(entity: Message("decisions.version"), key: text, hint: Message("decisions.version.hint", ["href": "\(SiteURL.decision(id).href)"]))
        }
        let d = detail.decision
        // In the language asked for (`?text=ru`; `lang` sets the pages' language), else the reader's, else the one it was drafted in.
        let shown = version.text(in: request.uri.queryParameters.get("text") ?? l.language.rawValue)
        let view = DecisionVersionView(symbol: d.symbol, title: d.title, decisionURL: .decision(id), number: number, hash: version.textHash,
                                       date: l.instant(version.createdAt), text: shown.text, language: shown.language,
                                       otherLanguages: version.texts.keys.sorted().filter { $0 != shown.language }.map {
                                           (l.languageName($0), SiteURL.decisionVersionIn(id, String(number), $0))
                                       },
                                       isCurrent: number == d.currentVersion)
        return platform.pages.render(view, title: "\(d.symbol) · \(l("decisions.version")) \(number)", section: .decisions,
                                context: context)
    }

    func newForm(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.conductDecisions)
        let l = context.localizer
        var view = NewDecisionView(
            organs: try await platform.organs.organs().filter { $0.organ.cadence.kind != .permanent }
                .map { SelectOption(value: $0.organ.slug, label: l.name(of: $0.organ), selected: false) },
            effects: Effects.all.map { SelectOption(value: $0.kind, label: l("effect.\($0.kind)"), selected: $0.kind == NoEffect.kind) },
            priorityAreas: [SelectOption(value: "", label: "", selected: true)]
                + (try await platform.catalogue.priorityAreas(dimension: nil, state: nil).map { SelectOption(value: $0.value.slug, label: l.name(of: $0.value), selected: false) }),
            observerKinds: [SelectOption(value: "", label: "", selected: true)]
                + ObserverKind.allCases.map { SelectOption(value: $0.rawValue, label: l("observer.kind.\($0.rawValue)"), selected: false) },
            coordinationRoles: [SelectOption(value: "", label: "", selected: true)]
                + CoordinationRole.allCases.map { SelectOption(value: $0.rawValue, label: l("coordination.\($0.rawValue)"), selected: false) },
            translations: TranslationField.fields(platform.decisions.workingLanguages, texts: [:], localizer: l))
        if let (form, feedback) = refused { view.keep(form, refused: feedback) }
        return platform.pages.render(view, title: l("decisions.new"), section: .decisions, context: context, status: status)
    }

    /// Runs a form of the decision page; a refusal shows the page again with the reasons and the input kept.
    private func answering(_ formName: FormFeedback.Kind, _ request: Request, _ context: AppRequestContext,
                           action: (Form) async throws -> Response) async throws -> Response {
        try await FormFeedback.answering(formName, request, context: context, action: action) { form, feedback, status in
            try await show(context, refused: (form, feedback), status: status)
        }
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.authorize(.conductDecisions)
        return try await FormFeedback.answering(.draft, request, context: context, action: { form in try await createDraft(form, context) }) {
            form, feedback, status in try await newForm(context, refused: (form, feedback), status: status)
        }
    }

    private func createDraft(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        var parameters: [String: String] = [:]
        for name in ["state", "id", "name", "title", "priorityArea", "role", "nationality", "observerKind", "documentKind"] {
            if let value = form.text("effect.\(name)") { parameters[name] = value }
        }
        let draft = NewDraft(title: form["title"] ?? "", organ: form["organ"] ?? "", meeting: form.text("meeting"), text: form["text"] ?? "",
                             translations: translations(form), effectKind: form["effect"] ?? NoEffect.kind, effectParameters: parameters, continues: form.text("continues"))
        let decision = try await platform.decisions.create(draft, actor: context.actor, now: platform.now())
        return Response(status: .seeOther, headers: [.location: SiteURL.decision(decision.id).href])
    }

    /// The text in each other working language, from the fields `text.<code>` of a draft or revision form.
    func translations(_ form: Form) -> [String: String] {
        var texts: [String: String] = [:]
        for code in platform.decisions.workingLanguages.codes.dropFirst() { if let text = form.text("text.\(code)") { texts[code] = text } }
        return texts
    }

    func step(_ context: AppRequestContext, _ body: (String, Actor, Date) async throws -> Decision) async throws -> Response {
        try context.authorize(.conductDecisions)
        let decision = try await body(try context.parameters.require("id"), context.actor, platform.now())
        return Response(status: .seeOther, headers: [.location: SiteURL.decision(decision.id).href])
    }

    func revise(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        try await step(context) { id, actor, now in
            try await platform.decisions.revise(id: id, text: form["text"] ?? "", translations: translations(form), folds: form.all("fold"), actor: actor, now: now)
        }
    }

    func circulate(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        guard let text = form.text("deadline"), let deadline = Timestamp.date(text.count == 16 ? text + ":00.000Z" : text) else {
            throw InvalidInput(field: "deadline", reason: Message("reason.mustDateTimeUtc"))
        }
        return try await step(context) { id, actor, now in try await platform.decisions.circulate(id: id, deadline: deadline, actor: actor, now: now) }
    }

    func position(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let positionRequest = try PositionRequest(PositionFields(state: form["state"], version: form["version"], position: form["position"],
                                                                 statementKind: form["statementKind"], statement: form["statement"], reason: form["reason"]))
        try context.authorize(.takePosition, on: .state(positionRequest.state))
        _ = try await platform.decisions.takePosition(id: id, positionRequest, actor: context.actor, now: platform.now())
        return Response(status: .seeOther, headers: [.location: SiteURL.decision(id).href])
    }

    func amendment(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let state = try CountryCode.required(form["state"], field: "state")
        try context.authorize(.proposeAmendment, on: .state(state))
        guard let version = form["version"].flatMap(Int.init) else {
            throw InvalidInput(field: "version", reason: Message("reason.missingReloadPagePropose"))
        }
        _ = try await platform.decisions.proposeAmendment(id: id, state: state, version: version, text: form["text"] ?? "",
                                                              rationale: form.text("rationale"), actor: context.actor, now: platform.now())
        return Response(status: .seeOther, headers: [.location: SiteURL.decision(id).href])
    }
}

