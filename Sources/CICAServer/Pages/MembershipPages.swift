import Hummingbird
import CICACore
import CICAStore

/// A row of a table of Member States.
struct MemberStateRow: Sendable {
    var code: String
    var name: String
    var href: String
    var accession: String
    var founding: Bool
    var context: String?
    var provenance: ProvenanceView

    init(_ state: Sourced<MemberState>, localizer l: Localizer) {
        code = state.value.code
        name = state.value.name
        href = "/member-states/\(state.value.code)"
        accession = l.date(state.value.accession)
        founding = state.value.founding
        context = state.value.context
        provenance = ProvenanceView(state.provenance, localizer: l)
    }
}

/// The Member States page: a table, filtered to founding members or those who joined later.
struct MemberStatesView: Sendable {
    struct Filter: Sendable {
        var label: String
        var href: String
        var current: Bool
    }
    var intro: String
    var filters: [Filter]
    var rows: [MemberStateRow]
    var count: String
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(states: [Sourced<MemberState>], founding: Bool?, notes: [SourceNote], localizer l: Localizer) -> MemberStatesView {
        let filters: [(String, String, Bool?)] = [("memberStates.filter.all", "/member-states", nil),
                                                  ("memberStates.filter.founding", "/member-states?founding=true", true),
                                                  ("memberStates.filter.joined", "/member-states?founding=false", false)]
        return MemberStatesView(
            intro: l("memberStates.intro"),
            filters: filters.map { Filter(label: l($0.0), href: $0.1, current: $0.2 == founding) },
            rows: states.map { MemberStateRow($0, localizer: l) },
            count: l("common.count", ["count": String(states.count)]),
            notes: notes.map(NoteView.init),
            sources: citedSources(states.map(\.provenance)))
    }
}

/// One Member State's page.
struct MemberStateView: Sendable {
    struct CoordinationRow: Sendable {
        var area: String
        var href: String
        var role: String
    }
    struct ChairRow: Sendable {
        var dates: String
        var provenance: ProvenanceView
    }
    var name: String
    var code: String
    var officialName: String?
    var founding: Bool
    var accession: String
    var context: String?
    var geography: String
    var provenance: ProvenanceView
    var coordinations: [CoordinationRow]
    var chairmanships: [ChairRow]
    var eligibilityLink: String
    var eligibilityLabel: String
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ profile: MemberStateProfile, localizer l: Localizer) -> MemberStateView {
        let state = profile.memberState.value
        let answer = Eligibility.assess(profile.country, memberState: state, observer: nil)
        return MemberStateView(
            name: state.name, code: state.code, officialName: profile.country.officialName, founding: state.founding,
            accession: l.date(state.accession), context: state.context,
            geography: l.explanation(of: answer),
            provenance: ProvenanceView(profile.memberState.provenance, localizer: l),
            coordinations: profile.coordinations.map {
                CoordinationRow(area: $0.priorityAreaName, href: "/catalogue#\($0.priorityArea)", role: l("coordination.\($0.role.rawValue)"))
            },
            chairmanships: profile.chairmanships.map {
                ChairRow(dates: l.dateRange($0.value.start, $0.value.end), provenance: ProvenanceView($0.provenance, localizer: l))
            },
            eligibilityLink: "/eligibility?code=\(state.code)",
            eligibilityLabel: l("memberStates.eligibility", ["name": state.name]),
            notes: profile.notes.map(NoteView.init),
            sources: citedSources([profile.memberState.provenance] + profile.chairmanships.map(\.provenance)))
    }
}

/// The observers and partners page.
struct ObserversView: Sendable {
    struct Row: Sendable {
        var name: String
        var acronym: String?
        var since: String
        var provenance: ProvenanceView
    }
    struct PartnerRow: Sendable {
        var name: String
        var acronym: String
        var instrument: String
        var signed: String
        var provenance: ProvenanceView
    }
    struct RelationRow: Sendable {
        var title: String
        var date: String
        var provenance: ProvenanceView
    }
    var intro: String
    var states: [Row]
    var organizations: [Row]
    var partners: [PartnerRow]
    var relations: [RelationRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(observers: [Sourced<Observer>], partners: [Sourced<Partner>], relations: [Sourced<ExternalRelation>],
                     notes: [SourceNote], localizer l: Localizer) -> ObserversView {
        func row(_ o: Sourced<Observer>) -> Row {
            Row(name: o.value.name, acronym: o.value.acronym, since: l.observerSince(o.value), provenance: ProvenanceView(o.provenance, localizer: l))
        }
        return ObserversView(
            intro: l("observers.intro"),
            states: observers.filter { $0.value.kind == .state }.map(row),
            organizations: observers.filter { $0.value.kind == .organization }.map(row),
            partners: partners.map { p in
                PartnerRow(name: p.value.name, acronym: p.value.acronym, instrument: p.value.instrument,
                           signed: p.value.signed.map { l.date($0) } ?? l("date.unknown"), provenance: ProvenanceView(p.provenance, localizer: l))
            },
            relations: relations.map { RelationRow(title: $0.value.title, date: l.date($0.value.date), provenance: ProvenanceView($0.provenance, localizer: l)) },
            notes: notes.map(NoteView.init),
            sources: citedSources(observers.map(\.provenance) + partners.map(\.provenance) + relations.map(\.provenance)))
    }
}

/// The eligibility checker: a form, and the answer with its reason.
struct EligibilityView: Sendable {
    var intro: String
    var rule: String
    var ruleProvenance: ProvenanceView?
    var options: [SelectOption]
    var typed: String
    var error: String?
    var answer: Answer?

    struct Answer: Sendable {
        var name: String
        var verdict: String
        var verdictLabel: String
        var reason: String
        var memberHref: String?
    }

    static func make(countries: [(code: String, name: String)], code: String?, answer: EligibilityAnswer?, error: String?, rule: String,
                     ruleProvenance: ResolvedProvenance?, localizer l: Localizer) -> EligibilityView {
        let selected = code.flatMap(CountryCode.normalize)
        return EligibilityView(
            intro: l("eligibility.intro"), rule: rule, ruleProvenance: ruleProvenance.map { ProvenanceView($0, localizer: l) },
            options: countries.map { SelectOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == selected) },
            typed: code ?? "", error: error,
            answer: answer.map { a in
                Answer(name: a.country.name, verdict: a.verdict.rawValue, verdictLabel: l("eligibility.verdict.\(a.verdict.rawValue)"),
                       reason: l.explanation(of: a), memberHref: a.memberState.map { "/member-states/\($0.code)" })
            })
    }
}

/// Pages about membership: the Member States, one Member State, observers and partners, eligibility.
struct MembershipPages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/member-states") { request, context in try await memberStates(request, context) }
        router.get("/member-states/:code") { request, context in try await memberState(request, context) }
        router.get("/observers") { _, context in try await observers(context) }
        router.get("/eligibility") { request, context in try await eligibility(request, context) }
    }

    func memberStates(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let founding = try QueryParameters.bool(request, "founding")
        let page = try await repositories.membership.memberStates(founding: founding, page: PageRequest(limit: PageRequest.maximumLimit))
        let notes = try await repositories.sources.notes(about: [.memberStates])
        return try pages.render("member-states", page: MemberStatesView.make(states: page.items, founding: founding, notes: notes, localizer: l),
                                title: l("memberStates.title"), section: .memberStates, context: context)
    }

    func memberState(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let normalized = CountryCode.normalize(code), let profile = try await repositories.membership.memberState(code: normalized) else {
            throw NotFound(entity: "Member State", key: code, hint: "See the list at /member-states.")
        }
        if normalized != code { return Response(status: .movedPermanently, headers: [.location: "/member-states/\(normalized)"]) }
        return try pages.render("member-state", page: MemberStateView.make(profile, localizer: context.localizer),
                                title: profile.memberState.value.name, section: .memberStates, context: context)
    }

    func observers(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let all = PageRequest(limit: PageRequest.maximumLimit)
        let view = ObserversView.make(observers: try await repositories.membership.observers(kind: nil, page: all).items,
                                      partners: try await repositories.membership.partners(page: all).items,
                                      relations: try await repositories.membership.externalRelations(),
                                      notes: try await repositories.sources.notes(about: [.observers, .partners]), localizer: l)
        return try pages.render("observers", page: view, title: l("observers.title"), section: .observers, context: context)
    }

    func eligibility(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let code = request.uri.queryParameters.get("code").flatMap { $0.isEmpty ? nil : $0 }
        var answer: EligibilityAnswer?
        var error: String?
        var status = HTTPResponse.Status.ok
        if let code {
            do {
                answer = try await repositories.membership.eligibility(code: code)
            } catch EligibilityError.malformedCode(let text) {
                error = l("eligibility.error.malformed", ["code": text])
                status = .badRequest
            } catch EligibilityError.unknownCode(let text) {
                error = l("eligibility.error.unknown", ["code": text])
                status = .notFound
            }
        }
        let info = try await repositories.sources.datasetInfo()
        let ruleProvenance = try await repositories.sources.provenance(of: [.eligibilityRule])[.eligibilityRule]
        let view = EligibilityView.make(countries: try await repositories.membership.countryNames(), code: code, answer: answer, error: error,
                                        rule: info["eligibility_rule"] ?? "", ruleProvenance: ruleProvenance, localizer: l)
        return try pages.render("eligibility", page: view, title: l("eligibility.title"), section: .eligibility, context: context, status: status)
    }
}

/// Query parameters of pages, checked and named when they are wrong.
enum QueryParameters {
    static func bool(_ request: Request, _ name: String) throws(InvalidInput) -> Bool? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw InvalidInput(field: name, reason: "must be true or false; got '\(text)'.")
        }
    }

    static func int(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws(InvalidInput) -> Int? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw InvalidInput(field: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
        }
        return value
    }

    static func value<E: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, as type: E.Type) throws(InvalidInput) -> E?
    where E.RawValue == String {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = E(rawValue: text) else {
            throw InvalidInput(field: name, reason: "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'.")
        }
        return value
    }

    static func string(_ request: Request, _ name: String) -> String? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        return text
    }
}
