import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A decision in a list.
struct DecisionRow: Sendable {
    var href: String
    var symbol: String
    var title: String
    var organ: String
    var status: String
    var statusLabel: String
    var effect: String
    var deadline: String?
    var deadlineISO: String?
    var remaining: String?
    var historical: Bool
    var date: String

    init(_ d: Decision, organNames: [String: String], now: Date, localizer l: Localizer) {
        href = "/decisions/\(d.id)"
        symbol = d.symbol
        title = d.title
        organ = organNames[d.organ] ?? d.organ
        status = d.status.rawValue
        statusLabel = l("decision.status.\(d.status.rawValue)")
        effect = d.effect?.summary ?? d.effectKind
        let open = d.status == .open
        deadline = open ? d.procedure?.deadline.map { l.instant($0) } : nil
        deadlineISO = open ? d.procedure?.deadline.map(Timestamp.string) : nil
        remaining = open ? d.procedure?.deadline.map { l.remaining(from: now, to: $0) } : nil
        historical = d.historical
        date = l.date(CivilDate(d.closedAt ?? d.createdAt))
    }
}

/// The decisions page: open ones first, with the time left under silence procedure.
struct DecisionsView: Sendable {
    var intro: String
    var open: [DecisionRow]
    var rows: [DecisionRow]
    var statuses: [SelectOption]
    var organs: [SelectOption]
    var next: String?
    var canDraft: Bool
}

/// One decision, everything it went through, and the forms its reader may use.
struct DecisionView: Sendable {
    struct DiffLine: Sendable {
        var kind: String
        var text: String
    }
    struct MatrixRow: Sendable {
        var state: String
        var name: String
        var position: String
        var positionLabel: String
        var detail: String?
        var signed: Bool
    }
    struct Statement: Sendable {
        var state: String
        var kind: String
        var text: String
    }
    struct AmendmentRow: Sendable {
        var id: String
        var state: String
        var text: String
        var rationale: String?
        var folded: String?
        var foldable: Bool
        /// Ticked to be folded in, when a revision was refused and is shown again.
        var chosen = false
    }
    struct Event: Sendable {
        var sequence: Int
        var kind: String
        var summary: String
        var hash: String
    }
    struct Version: Sendable {
        var number: Int
        var hash: String
        var date: String
    }
    var id: String
    var symbol: String
    var title: String
    var organ: String
    var organHref: String
    var meeting: String?
    var meetingHref: String?
    var effect: String
    var status: String
    var statusLabel: String
    var procedure: String?
    var deadline: String?
    var deadlineISO: String?
    var remaining: String?
    var outcomeNote: String?
    var historical: Bool
    var continues: String?
    var text: String
    var textHash: String
    var currentVersion: Int
    var versions: [Version]
    /// Whether there is an earlier version to compare with.
    var hasDiff: Bool
    /// The changes from the previous version, line by line; empty when they were not worked out.
    var diff: [DiffLine]
    /// Why the changes are not shown line by line (too long, too different), with links to both texts instead.
    var diffNotice: String?
    var previousHref: String?
    var currentHref: String
    var matrix: [MatrixRow]
    var tally: String
    var statements: [Statement]
    var amendments: [AmendmentRow]
    var timeline: [Event]
    var recordVerifies: Bool
    var recordProblem: String?
    var recordHref: String
    /// The states the reader may answer for (as their delegate), while the decision is open.
    var myStates: [SelectOption]
    var canAnswer: Bool
    var canRevise: Bool
    var canTable: Bool
    var canCirculate: Bool
    var canClose: Bool
    var canWithdraw: Bool
    var canConduct: Bool
    var defaultDeadline: String
    /// The three answers, the chosen one checked (joins consensus unless the person chose otherwise).
    var positionChoices: [SelectOption]
    var statementKinds: [SelectOption]
    var statement = ""
    var reason = ""
    var amendmentText = ""
    var amendmentRationale = ""
    /// The text in the revision form: the current version's, or what the officer typed.
    var revisedText: String
    /// Why the form just sent was refused, shown at the top of the page (the form itself may no longer be offered).
    var feedback: FormFeedback?

    /// The page as it was when `form` was sent and refused: the reasons at the top, that form's input kept.
    mutating func keep(_ form: Form, refused feedback: FormFeedback) {
        self.feedback = feedback
        switch feedback.form {
        case .position:
            positionChoices = positionChoices.selecting(form["position"] ?? PositionKind.joins.rawValue)
            statementKinds = statementKinds.selecting(form["statementKind"])
            statement = form["statement"] ?? ""
            reason = form["reason"] ?? ""
        case .amendment:
            amendmentText = form["text"] ?? ""
            amendmentRationale = form["rationale"] ?? ""
        case .conduct:
            if let deadline = form["deadline"] { defaultDeadline = deadline }
            if let text = form["text"] { revisedText = text }
            let folds = Set(form.all("fold"))
            amendments = amendments.map { var row = $0; row.chosen = folds.contains(row.id); return row }
        case .draft, .account:
            break
        }
        if let state = form["state"] { myStates = myStates.selecting(state) }
    }

    /// The current version and the one before it, whose comparison the page shows.
    static func comparedVersions(_ detail: DecisionDetail) -> (previous: TextVersion, current: TextVersion)? {
        let d = detail.decision
        guard let current = detail.versions.last(where: { $0.number == d.currentVersion }) ?? detail.versions.last,
              let previous = detail.versions.last(where: { $0.number < current.number }) else { return nil }
        return (previous, current)
    }

    static func make(_ detail: DecisionDetail, names: [String: String], organNames: [String: String], meetingTitle: String?, principal: Principal,
                     recordProblem: Ledger.Problem?, comparison: TextDiff.Comparison?, now: Date, localizer l: Localizer) -> DecisionView {
        let d = detail.decision
        let version = detail.versions.last { $0.number == d.currentVersion } ?? detail.versions.last
        let previous = comparedVersions(detail)?.previous
        let current = ConsensusRule.current(detail.positions, on: d.currentVersion)
        let matrix = names.sorted { $0.value < $1.value }.map { code, name -> MatrixRow in
            guard let p = current[code] else {
                return MatrixRow(state: code, name: name, position: "none", positionLabel: l("position.none"), detail: nil, signed: false)
            }
            return MatrixRow(state: code, name: name, position: p.kind.rawValue, positionLabel: l("position.\(p.kind.rawValue)"),
                             detail: p.reason ?? p.statement.map { "\(l("statement.\(p.statementKind?.rawValue ?? "reservation")")): \($0)" },
                             signed: p.signature != nil)
        }
        let counts = Dictionary(grouping: matrix, by: \.position).mapValues(\.count)
        let tally = l("position.tally", ["joins": String(counts["joins"] ?? 0), "noObjection": String(counts["noObjection"] ?? 0),
                                         "objects": String(counts["objects"] ?? 0), "none": String(counts["none"] ?? 0)])
        let conduct = Policy.decide(principal, .conductDecisions).isAllowed
        let myStates = principal.roles.compactMap { role -> String? in
            if case .delegate(let state) = role, names[state] != nil { return state }
            return nil
        }
        let deadline = d.status == .open ? d.procedure?.deadline : nil
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let suggested = calendar.date(byAdding: .day, value: 3, to: now) ?? now
        let suggestedText = String(Timestamp.string(suggested).prefix(16))
        return DecisionView(
            id: d.id, symbol: d.symbol, title: d.title, organ: organNames[d.organ] ?? d.organ, organHref: "/organs/\(d.organ)",
            meeting: meetingTitle, meetingHref: d.meeting.map { "/meetings/\($0)" }, effect: d.effect?.summary ?? d.effectKind,
            status: d.status.rawValue, statusLabel: l("decision.status.\(d.status.rawValue)"),
            procedure: d.procedure.map { l("procedure.\($0.kind)") }, deadline: deadline.map { l.instant($0) },
            deadlineISO: deadline.map(Timestamp.string), remaining: deadline.map { l.remaining(from: now, to: $0) },
            outcomeNote: d.outcomeNote, historical: d.historical, continues: d.continues.map { "/decisions/\($0)" },
            text: version?.text ?? "", textHash: version?.textHash ?? "", currentVersion: d.currentVersion,
            versions: detail.versions.map { Version(number: $0.number, hash: String($0.textHash.prefix(16)), date: l.instant($0.createdAt)) },
            hasDiff: previous != nil,
            diff: Self.lines(comparison),
            diffNotice: Self.notice(comparison, localizer: l),
            previousHref: previous.map { "/decisions/\(d.id)/versions/\($0.number)" },
            currentHref: "/decisions/\(d.id)/versions/\(version?.number ?? d.currentVersion)",
            matrix: matrix, tally: tally,
            statements: current.values.sorted { $0.state < $1.state }.compactMap { p in
                guard let text = p.statement, let kind = p.statementKind else { return nil }
                return Statement(state: names[p.state] ?? p.state, kind: l("statement.\(kind.rawValue)"), text: text)
            },
            amendments: detail.amendments.map { a in
                AmendmentRow(id: a.id, state: names[a.state] ?? a.state, text: a.text, rationale: a.rationale,
                             folded: a.foldedInto.map { l("amendment.folded", ["version": String($0)]) }, foldable: a.foldedInto == nil)
            },
            timeline: detail.ledger.map { Event(sequence: $0.sequence, kind: l("ledger.\($0.kind.rawValue)"), summary: Self.summary($0, names: names, localizer: l),
                                                hash: String($0.hash.prefix(16))) },
            recordVerifies: recordProblem == nil, recordProblem: recordProblem?.description, recordHref: "/api/v1/decisions/\(d.id)/record",
            myStates: myStates.map { SelectOption(value: $0, label: names[$0] ?? $0, selected: false) },
            canAnswer: d.status == .open && !myStates.isEmpty,
            canRevise: conduct && DecisionStep.revise.isPossible(in: d.status),
            canTable: conduct && DecisionStep.table.isPossible(in: d.status),
            canCirculate: conduct && DecisionStep.circulate.isPossible(in: d.status),
            canClose: conduct && DecisionStep.close.isPossible(in: d.status),
            canWithdraw: conduct && DecisionStep.withdraw.isPossible(in: d.status),
            canConduct: conduct, defaultDeadline: suggestedText,
            positionChoices: PositionKind.allCases.map { SelectOption(value: $0.rawValue, label: l("position.\($0.rawValue)"), selected: $0 == .joins) },
            statementKinds: [SelectOption(value: "", label: l("decisions.noStatement"), selected: true)]
                + StatementKind.allCases.map { SelectOption(value: $0.rawValue, label: l("statement.\($0.rawValue)"), selected: false) },
            revisedText: version?.text ?? "")
    }

    static func lines(_ comparison: TextDiff.Comparison?) -> [DiffLine] {
        guard case .lines(let lines)? = comparison else { return [] }
        return lines.map { line in
            switch line {
            case .same(let t): DiffLine(kind: "same", text: t)
            case .removed(let t): DiffLine(kind: "removed", text: t)
            case .added(let t): DiffLine(kind: "added", text: t)
            }
        }
    }

    static func notice(_ comparison: TextDiff.Comparison?, localizer l: Localizer) -> String? {
        switch comparison {
        case .tooLong(let old, let new, let limit)?:
            l("decisions.diff.tooLong", ["old": String(old), "new": String(new), "limit": String(limit)])
        case .tooDifferent(let limit)?:
            l("decisions.diff.tooDifferent", ["limit": String(limit)])
        case .lines?, nil:
            nil
        }
    }

    /// A ledger entry in a sentence.
    static func summary(_ entry: LedgerEntry, names: [String: String], localizer l: Localizer) -> String {
        guard let payload = CanonicalJSON(parsing: entry.payload) else { return "" }
        let at = (payload["takenAt"] ?? payload["createdAt"] ?? payload["openedAt"] ?? payload["closedAt"] ?? payload["proposedAt"])?.stringValue
            .flatMap(Timestamp.date).map { l.instant($0) } ?? ""
        switch entry.kind {
        case .draft: return l("ledger.summary.draft", ["by": payload["createdBy"]?.stringValue ?? "", "at": at])
        case .version: return l("ledger.summary.version", ["version": String(payload["version"]?.intValue ?? 0), "at": at])
        case .opened:
            let procedure = payload["procedure"]?.stringValue ?? ""
            return l("ledger.summary.opened", ["procedure": l("procedure.\(procedure)"), "at": at])
        case .position:
            let state = payload["signed"]?["state"]?.stringValue ?? ""
            let kind = payload["signed"]?["position"]?.stringValue ?? ""
            return l("ledger.summary.position", ["state": names[state] ?? state, "position": l("position.\(kind)"),
                                                  "version": String(payload["signed"]?["version"]?.intValue ?? 0), "at": at])
        case .amendment:
            let state = payload["state"]?.stringValue ?? ""
            return l("ledger.summary.amendment", ["state": names[state] ?? state, "at": at])
        case .outcome:
            let status = payload["status"]?.stringValue ?? ""
            return l("ledger.summary.outcome", ["status": l("decision.status.\(status)"), "at": at])
        }
    }
}

/// The form to draft a decision.
struct NewDecisionView: Sendable {
    var organs: [SelectOption]
    var effects: [SelectOption]
    var priorityAreas: [SelectOption]
    var observerKinds: [SelectOption]
    var coordinationRoles: [SelectOption]
    /// What was typed, by field (`effect.state` as `effectState`), when the draft was refused and is shown again.
    var values: [String: String] = [:]
    var feedback: FormFeedback?

    /// The form as it was sent and refused: the reasons above it, every field as the officer left it.
    mutating func keep(_ form: Form, refused feedback: FormFeedback) {
        self.feedback = feedback
        let fields = [("title", "title"), ("meeting", "meeting"), ("text", "text"), ("effect.state", "effectState"), ("effect.id", "effectId"),
                      ("effect.name", "effectName"), ("effect.title", "effectTitle"), ("effect.nationality", "effectNationality")]
        for (field, key) in fields { values[key] = form[field] ?? "" }
        organs = organs.selecting(form["organ"])
        effects = effects.selecting(form["effect"])
        priorityAreas = priorityAreas.selecting(form["effect.priorityArea"])
        observerKinds = observerKinds.selecting(form["effect.observerKind"])
        coordinationRoles = coordinationRoles.selecting(form["effect.role"])
    }
}

/// One version of a decision's text, on a page of its own.
struct DecisionVersionView: Sendable {
    var symbol: String
    var title: String
    var decisionHref: String
    var number: Int
    var hash: String
    var date: String
    var text: String
    var isCurrent: Bool
}

/// Pages about decisions, and the forms that take them.
struct DecisionPages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer
    let now: @Sendable () -> Date
    let comparisons: VersionComparisons

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/decisions") { request, context in try await list(request, context) }
        router.get("/decisions/new") { _, context in try await newForm(context) }
        router.post("/decisions") { request, context in try await create(request, context) }
        router.get("/decisions/:id") { _, context in try await show(context) }
        router.get("/decisions/:id/versions/:number") { _, context in try await version(context) }
        router.post("/decisions/:id/versions") { request, context in
            try await answering(.conduct, request, context) { form in try await revise(form, context) }
        }
        router.post("/decisions/:id/table") { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await repositories.decisions.table(id: id, actor: actor, now: now) } }
        }
        router.post("/decisions/:id/circulate") { request, context in
            try await answering(.conduct, request, context) { form in try await circulate(form, context) }
        }
        router.post("/decisions/:id/close") { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await repositories.decisions.close(id: id, actor: actor, now: now) } }
        }
        router.post("/decisions/:id/withdraw") { request, context in
            try await answering(.conduct, request, context) { _ in try await step(context) { id, actor, now in try await repositories.decisions.withdraw(id: id, actor: actor, now: now) } }
        }
        router.post("/decisions/:id/positions") { request, context in
            try await answering(.position, request, context) { form in try await position(form, context) }
        }
        router.post("/decisions/:id/amendments") { request, context in
            try await answering(.amendment, request, context) { form in try await amendment(form, context) }
        }
    }

    private func organNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await repositories.organs.organs().map { ($0.organ.slug, $0.organ.name) })
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let status = try QueryParameters.value(request, "status", as: DecisionStatus.self)
        let organ = QueryParameters.string(request, "organ")
        let organNames = try await organNames()
        if let organ, organNames[organ] == nil {
            throw InvalidInput(field: "organ", reason: "there is no organ '\(organ)'; use one of: \(organNames.keys.sorted().joined(separator: ", ")).")
        }
        let now = now()
        let open = status == nil && QueryParameters.string(request, "cursor") == nil
            ? try await repositories.decisions.decisions(DecisionFilter(status: .open, organ: organ), page: PageRequest(limit: PageRequest.maximumLimit)).items
            : []
        let page = try await repositories.decisions.decisions(DecisionFilter(status: status, organ: organ),
                                                              page: try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor")))
        let view = DecisionsView(
            intro: l("decisions.intro"),
            open: open.sorted { ($0.procedure?.deadline ?? .distantFuture) < ($1.procedure?.deadline ?? .distantFuture) }
                .map { DecisionRow($0, organNames: organNames, now: now, localizer: l) },
            rows: page.items.filter { status != nil || $0.status != .open }.map { DecisionRow($0, organNames: organNames, now: now, localizer: l) },
            statuses: SelectOption.all(DecisionStatus.self, selected: status, allLabel: l("common.all")) { l("decision.status.\($0.rawValue)") },
            organs: [SelectOption(value: "", label: l("common.all"), selected: organ == nil)]
                + organNames.sorted { $0.key < $1.key }.map { SelectOption(value: $0.key, label: $0.value, selected: $0.key == organ) },
            next: nextPageLink(path: "/decisions", query: [("status", status?.rawValue), ("organ", organ)], cursor: page.nextCursor),
            canDraft: Policy.decide(context.principal, .conductDecisions).isAllowed)
        return try pages.render("decisions", page: view, title: l("decisions.title"), section: .decisions, context: context)
    }

    func show(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let detail = try await repositories.decisions.decision(id: id) else { throw DecisionError.noSuchDecision(id) }
        let meetingTitle = try await detail.decision.meeting.asyncMap { try await repositories.organs.meetingTitles(ids: [$0])[$0] } ?? nil
        let comparison = await DecisionView.comparedVersions(detail).asyncMap { await comparisons.compare($0.previous, $0.current) }
        var view = DecisionView.make(detail, names: try await repositories.membership.memberStateNames(), organNames: try await organNames(),
                                     meetingTitle: meetingTitle, principal: context.principal,
                                     recordProblem: try await repositories.decisions.record(id: id)?.verify(), comparison: comparison,
                                     now: now(), localizer: context.localizer)
        if let (form, feedback) = refused { view.keep(form, refused: feedback) }
        return try pages.render("decision", page: view, title: "\(detail.decision.symbol) \(detail.decision.title)", section: .decisions,
                                context: context, status: status)
    }

    /// One version's text, for readers comparing versions the page could not compare line by line.
    func version(_ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let l = context.localizer
        guard let detail = try await repositories.decisions.decision(id: id) else { throw DecisionError.noSuchDecision(id) }
        let text = try context.parameters.require("number")
        guard let number = Int(text), let version = detail.versions.first(where: { $0.number == number }) else {
            throw NotFound(entity: l("decisions.version"), key: text, hint: l("decisions.version.hint", ["href": "/decisions/\(id)"]))
        }
        let d = detail.decision
        let view = DecisionVersionView(symbol: d.symbol, title: d.title, decisionHref: "/decisions/\(id)", number: number, hash: version.textHash,
                                       date: l.instant(version.createdAt), text: version.text, isCurrent: number == d.currentVersion)
        return try pages.render("decision-version", page: view, title: "\(d.symbol) · \(l("decisions.version")) \(number)", section: .decisions,
                                context: context)
    }

    func newForm(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.conductDecisions)
        let l = context.localizer
        var view = NewDecisionView(
            organs: try await repositories.organs.organs().filter { $0.organ.cadence.kind != .permanent }
                .map { SelectOption(value: $0.organ.slug, label: $0.organ.name, selected: false) },
            effects: Effects.all.map { SelectOption(value: $0.kind, label: l("effect.\($0.kind)"), selected: $0.kind == NoEffect.kind) },
            priorityAreas: [SelectOption(value: "", label: "", selected: true)]
                + (try await repositories.catalogue.priorityAreas(dimension: nil, state: nil).map { SelectOption(value: $0.value.slug, label: $0.value.name, selected: false) }),
            observerKinds: [SelectOption(value: "", label: "", selected: true)]
                + ObserverKind.allCases.map { SelectOption(value: $0.rawValue, label: l("observer.kind.\($0.rawValue)"), selected: false) },
            coordinationRoles: [SelectOption(value: "", label: "", selected: true)]
                + CoordinationRole.allCases.map { SelectOption(value: $0.rawValue, label: l("coordination.\($0.rawValue)"), selected: false) })
        if let (form, feedback) = refused { view.keep(form, refused: feedback) }
        return try pages.render("decision-new", page: view, title: l("decisions.new"), section: .decisions, context: context, status: status)
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
                             effectKind: form["effect"] ?? NoEffect.kind, effectParameters: parameters, continues: form.text("continues"))
        let decision = try await repositories.decisions.create(draft, actor: context.actor, now: now())
        return Response(status: .seeOther, headers: [.location: "/decisions/\(decision.id)"])
    }

    func step(_ context: AppRequestContext, _ body: (String, Actor, Date) async throws -> Decision) async throws -> Response {
        try context.authorize(.conductDecisions)
        let decision = try await body(try context.parameters.require("id"), context.actor, now())
        return Response(status: .seeOther, headers: [.location: "/decisions/\(decision.id)"])
    }

    func revise(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        try await step(context) { id, actor, now in
            try await repositories.decisions.revise(id: id, text: form["text"] ?? "", folds: form.all("fold"), actor: actor, now: now)
        }
    }

    func circulate(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        guard let text = form.text("deadline"), let deadline = Timestamp.date(text.count == 16 ? text + ":00.000Z" : text) else {
            throw InvalidInput(field: "deadline", reason: "must be a date and time (UTC), such as 2026-12-15T12:00.")
        }
        return try await step(context) { id, actor, now in try await repositories.decisions.circulate(id: id, deadline: deadline, actor: actor, now: now) }
    }

    func position(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let state = try PlatformAPI.state(form["state"] ?? "")
        try context.authorize(.takePosition, on: .state(state))
        guard let kindText = form["position"], let kind = PositionKind(rawValue: kindText) else {
            throw InvalidInput(field: "position", reason: "choose joins consensus, does not object, or objects.")
        }
        guard let versionText = form["version"], let version = Int(versionText) else {
            throw InvalidInput(field: "version", reason: "is missing; reload the page and answer again.")
        }
        var statementKind: StatementKind?
        if let text = form.text("statementKind") {
            guard let value = StatementKind(rawValue: text) else { throw InvalidInput(field: "statementKind", reason: "must be reservation or interpretativeStatement.") }
            statementKind = value
        }
        let positionRequest = PositionRequest(state: state, version: version, kind: kind, statementKind: kind == .noObjection ? statementKind : nil,
                                              statement: kind == .noObjection ? form.text("statement") : nil, reason: kind == .objects ? form.text("reason") : nil)
        _ = try await repositories.decisions.takePosition(id: id, positionRequest, actor: context.actor, now: now())
        return Response(status: .seeOther, headers: [.location: "/decisions/\(id)"])
    }

    func amendment(_ form: Form, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let state = try PlatformAPI.state(form["state"] ?? "")
        try context.authorize(.proposeAmendment, on: .state(state))
        guard let version = form["version"].flatMap(Int.init) else {
            throw InvalidInput(field: "version", reason: "is missing; reload the page and propose the amendment again.")
        }
        _ = try await repositories.decisions.proposeAmendment(id: id, state: state, version: version, text: form["text"] ?? "",
                                                              rationale: form.text("rationale"), actor: context.actor, now: now())
        return Response(status: .seeOther, headers: [.location: "/decisions/\(id)"])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
