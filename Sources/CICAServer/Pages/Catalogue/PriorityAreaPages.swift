import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// A priority area's page: who coordinates it now, every term of its coordination with the decisions that began and
/// ended it, the offers before the Senior Officials Committee, and the form to offer a state's coordination.
struct PriorityAreaPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let slug = String.parameter("slug")
        router.get(.priorityArea(slug)) { _, context in try await page(context) }
        router.post(.coordinationOffers(slug)) { request, context in
            let area = try await found(context).value.slug
            return try await FormFeedback.answering(.coordination, request, context: context, action: { form in
                let decision = try await platform.offerCoordination(area: area, state: form["state"] ?? "", role: form["role"], actor: context.actor) { state in
                    try context.authorize(.offerCoordination, on: .state(state))
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.decision(decision.id).href])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
        router.post(.areaPapers(slug)) { request, context in
            try context.authorize(.manageRecords)
            let area = try await found(context).value.slug
            return try await FormFeedback.answering(.paper, request, context: context, action: { form in
                let papers = try await platform.catalogueWork.recordPaper(area: area, PaperFields(kind: form["kind"], title: form["title"], period: form["period"],
                                                                                                   document: form["document"], decision: form["decision"]),
                                                                          actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.priorityArea(area).href + "#paper-\(papers[0].id)"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
        router.post(.paperEndorsement(slug, .parameter("id"))) { request, context in
            try context.authorize(.manageRecords)
            let area = try await found(context).value.slug
            let id = try context.parameters.require("id")
            guard try await platform.catalogueWork.papers(area: area).contains(where: { $0.id == id }) else {
                throw NotFound(entity: Message("entity.paper"), key: id, list: SiteURL.priorityArea(area).href)
            }
            return try await FormFeedback.answering(.paper, request, context: context, action: { form in
                _ = try await platform.catalogueWork.endorsePaper(id: id, decision: form["decision"], actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.priorityArea(area).href + "#paper-\(id)"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status, item: id) })
        }
        router.post(.areaActivities(slug)) { request, context in
            let area = try await found(context).value.slug
            return try await FormFeedback.answering(.activity, request, context: context, action: { form in
                let a = try await platform.activity(area: area, Self.activityFields(form), state: form["state"],
                                                    records: Policy.decide(context.principal, .manageRecords).isAllowed, actor: context.actor) { state in
                    try context.authorize(.proposeActivity, on: .state(state))
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.priorityArea(area).href + "#\(a.id)"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
        router.post(.areaActivity(slug, .parameter("id"))) { request, context in
            try context.authorize(.manageRecords)
            let area = try await found(context).value.slug
            let id = try context.parameters.require("id")
            guard try await platform.catalogueWork.activities(area: area).contains(where: { $0.id == id }) else {
                throw NotFound(entity: Message("entity.activity"), key: id, list: SiteURL.priorityArea(area).href)
            }
            return try await FormFeedback.answering(.activity, request, context: context, action: { form in
                _ = try await platform.catalogueWork.editActivity(id: id, Self.activityFields(form), actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.priorityArea(area).href + "#\(id)"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status, item: id) })
        }
    }

    static func activityFields(_ form: Form) -> ActivityFields {
        ActivityFields(kind: form["kind"], title: form["title"], start: form["start"], end: form["end"], host: form["host"],
                       participants: form["participants"], status: form["status"], outcome: form["outcome"])
    }

    private func found(_ context: AppRequestContext) async throws -> Sourced<PriorityArea> {
        let slug = try context.parameters.require("slug")
        guard let area = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).first(where: { $0.value.slug == slug }) else {
            throw NotFound(entity: Message("entity.priorityArea"), key: slug, list: SiteURL.catalogue().href)
        }
        return area
    }

    /// The page; after a refused form, shown again with the reasons and the input, in the form that was sent (`item`:
    /// the paper or activity whose own form it was).
    func page(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok, item: String? = nil) async throws -> Response {
        let l = context.localizer
        let area = try await found(context)
        let a = area.value
        let names = l.countries(try await platform.membership.memberStateNames())
        let dimension = try await platform.catalogue.dimensions().first { $0.value.slug == a.dimension }
        func state(_ code: String) -> PriorityAreaView.StateLink { .init(name: names[code] ?? code, url: .memberState(code)) }
        let terms = try await platform.catalogue.coordinationTerms(area: a.slug)
        let decisionIds = Set(terms.flatMap { [$0.startedBy, $0.endedBy].compactMap { $0 } })
        let symbols = try await platform.decisions.symbols(of: decisionIds)
        func decided(_ id: String?) -> PriorityAreaView.DecisionLink? { id.map { .init(symbol: symbols[$0] ?? $0, url: .decision($0)) } }
        let principal = context.principal
        // The states the reader may offer: their own as a delegate, any Member State for the Secretariat.
        let offerable = names.keys.filter { Policy.decide(principal, .offerCoordination, on: .state($0)).isAllowed }
            .sorted { (names[$0] ?? $0) < (names[$1] ?? $1) }
        var view = PriorityAreaView(
            slug: a.slug, name: l.name(of: a), dimension: dimension.map { l.name(of: $0.value) } ?? a.dimension,
            coordinator: a.coordinator.map(state), coCoordinators: a.coCoordinators.map(state),
            provenance: ProvenanceView(area.provenance, localizer: l),
            terms: terms.reversed().map { t in
                PriorityAreaView.TermRow(state: state(t.state), role: l("coordination.\(t.role.rawValue)"),
                                         from: t.from.map { l.date(PartialDate($0)) } ?? l("coordination.fromNotRecorded"),
                                         until: t.until.map { l.date(PartialDate($0)) }, began: decided(t.startedBy),
                                         ending: t.ending.map { l("coordination.ending.\($0.rawValue)") }, ended: decided(t.endedBy))
            },
            offers: try await platform.catalogue.pendingOffers(area: a.slug).map { pending in
                PriorityAreaView.Offer(text: l(Message("coordination.pendingOffer", ["state": .country(pending.offer.state),
                                                                                       "role": .message(Message("coordination.\(pending.offer.role.rawValue)"))])),
                                       decision: .init(symbol: symbols[pending.decision] ?? l("coordination.draft"), url: .decision(pending.decision)))
            },
            states: offerable.map { SelectOption(value: $0, label: names[$0] ?? $0, selected: offerable.count == 1) },
            roles: CoordinationRole.allCases.map { SelectOption(value: $0.rawValue, label: l("coordination.\($0.rawValue)"), selected: $0 == .coCoordinator) },
            sources: citedSources([area.provenance]))
        try await work(&view, area: area, names: names, context)
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.states = view.states.selecting(form["state"])
            view.roles = view.roles.selecting(form["role"])
            if let item {
                // The refused form is that paper's or activity's own: it is shown open, with what was sent, and the
                // forms to record new ones stay empty.
                view.refusedItem = item
                for key in ["decision", "status", "outcome"] { view.itemValues[key] = form[key] ?? "" }
            } else {
                for key in ["title", "period", "document", "decision", "start", "end", "host", "participants", "outcome"] { view.values[key] = form[key] ?? "" }
                view.activityStates = view.activityStates.selecting(form["state"])
                view.activityKinds = view.activityKinds.selecting(form["kind"])
                view.activityStatuses = view.activityStatuses.selecting(form["status"])
                view.paperKinds = view.paperKinds.selecting(form["kind"])
            }
        }
        return platform.pages.render(view, title: view.name, section: .catalogue, context: context, status: status)
    }
}

extension PriorityAreaPages {
    /// The area's papers and activities, with the forms the reader may use.
    func work(_ view: inout PriorityAreaView, area: Sourced<PriorityArea>, names: [String: String], _ context: AppRequestContext) async throws {
        let a = area.value
        let l = context.localizer
        let principal = context.principal
        let manages = Policy.decide(principal, .manageRecords).isAllowed
        let papers = try await platform.catalogueWork.papers(area: a.slug)
        let provenance = try await platform.sources.provenance(of: papers.map { .areaPaper($0.id) })
        let organs = Dictionary(uniqueKeysWithValues: try await platform.organs.organs().map { ($0.organ.slug, l.name(of: $0.organ)) })
        let titles = Dictionary(uniqueKeysWithValues: papers.map { ($0.id, $0.title) })
        let decisions = try await platform.decisions.symbols(of: Set(papers.compactMap(\.decision)))
        let documents = try await platform.documents.documents(ids: Set(papers.compactMap(\.document)), readership: context.readership)
        view.papers = []
        for p in papers {
            let document = p.document.flatMap { documents[$0] }
            let day = p.endorsed.map { l.date($0) } ?? l("paper.dayNotRecorded")
            var status: String
            if p.status == .draft {
                status = l("paper.status.draft")
            } else if let decision = p.decision {
                status = l("paper.endorsedByDecision", ["decision": decisions[decision] ?? decision, "date": day])
            } else if let organ = p.endorsedBy {
                status = l("paper.approvedBy", ["organ": organs[organ] ?? organ, "date": day])
            } else {
                status = l("paper.adopted", ["date": day])
            }
            if p.status == .superseded { status += "; " + l("paper.supersededBy", ["paper": p.supersededBy.flatMap { titles[$0] } ?? "—"]) }
            view.papers.append(PriorityAreaView.PaperRow(
                id: p.id, kind: l("paper.kind.\(p.kind.rawValue)"), title: p.title, period: p.period, status: status, statusClass: p.status.rawValue,
                decision: p.decision.map { .init(symbol: decisions[$0] ?? $0, url: .decision($0)) },
                document: document.map { .init(symbol: $0.symbol.isEmpty ? $0.title : $0.symbol, url: .document($0.id)) },
                provenance: provenance[.areaPaper(p.id)].map { ProvenanceView($0, localizer: l) }, endorsable: manages && p.status == .draft))
        }
        view.sources = citedSources([area.provenance] + papers.compactMap { provenance[.areaPaper($0.id)] })
        view.paperKinds = manages ? PaperKind.allCases.map { SelectOption(value: $0.rawValue, label: l("paper.kind.\($0.rawValue)"), selected: $0 == .conceptPaper) } : []
        let activities = try await platform.catalogueWork.activities(area: a.slug)
        let observers = try await platform.membership.observers(kind: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items
        let observerNames = Dictionary(observers.map { ($0.value.id, l.name(of: $0.value)) }, uniquingKeysWith: { first, _ in first })
        func stateName(_ code: String) -> String { names[code] ?? observerNames[code] ?? l.country(code, recorded: code) }
        func statuses(_ current: ActivityStatus) -> [SelectOption] {
            ActivityStatus.allCases.map { SelectOption(value: $0.rawValue, label: l("activity.status.\($0.rawValue)"), selected: $0 == current) }
        }
        view.activities = activities.map { x in
            PriorityAreaView.ActivityRow(
                id: x.id, kind: l("activity.kind.\(x.kind.rawValue)"), title: x.title, dates: l.dateRange(PartialDate(x.start), PartialDate(x.end)),
                host: x.host.map { .init(name: stateName($0), url: .memberState($0)) }, participants: x.participants.map(stateName),
                status: l("activity.status.\(x.status.rawValue)"), statusClass: x.status.rawValue, outcome: x.outcome,
                proposedBy: x.proposedBy.map { l("activity.proposedBy", ["state": stateName($0)]) },
                statuses: manages ? statuses(x.status) : [])
        }
        view.activityKinds = ActivityKind.allCases.map { SelectOption(value: $0.rawValue, label: l("activity.kind.\($0.rawValue)"), selected: $0 == .workshop) }
        view.recordsActivities = manages
        if manages {
            view.activityStatuses = statuses(.proposed)
        } else {
            // A delegate proposes for their own state, when it coordinates or co-coordinates the area.
            let coordinating = Set(a.coordinations.map(\.state))
            let own = names.keys.filter { Policy.decide(principal, .proposeActivity, on: .state($0)).isAllowed }
            let may = own.filter(coordinating.contains).sorted()
            view.activityStates = may.map { SelectOption(value: $0, label: stateName($0), selected: may.count == 1) }
            if may.isEmpty, !own.isEmpty { view.activityNote = l("activity.onlyCoordinating") }
        }
        view.hosts = [SelectOption(value: "", label: l("activity.noHost"), selected: true)]
            + names.keys.sorted { stateName($0) < stateName($1) }.map { SelectOption(value: $0, label: stateName($0), selected: false) }
    }
}

extension Platform {
    /// An activity sent from the area's page or the API: recorded when the Secretariat sends it, else proposed on
    /// behalf of `state` once the policy has said the person may act for it.
    func activity(area: String, _ fields: ActivityFields, state: String?, records: Bool, actor: Actor,
                  authorize: (String) throws -> Void) async throws -> AreaActivity {
        if records { return try await catalogueWork.recordActivity(area: area, fields, actor: actor, now: now(), today: today()) }
        let code = CountryCode.normalize(state ?? "") ?? (state ?? "")
        try authorize(code)
        return try await catalogueWork.proposeActivity(area: area, fields, state: code, actor: actor, now: now(), today: today())
    }

    /// A Member State's offer to coordinate a priority area, once the policy has said the person may make it for that
    /// state: drafted as a decision of the Senior Officials Committee in every working language the platform words.
    func offerCoordination(area: String, state: String, role: String?, actor: Actor, authorize: (String) throws -> Void) async throws -> Decision {
        let code = CountryCode.normalize(state) ?? state
        guard let role = CoordinationRole(rawValue: role ?? "") else {
            throw InvalidInput(field: "role", reason: Message("reason.mustCoordinatorCocoordinatorGot", ["roleText": .text(role ?? "")]))
        }
        try authorize(code)
        let offer = CoordinationRules.Offer(state: code, role: role)
        return try await catalogue.offerCoordination(area: area, offer, wording: { language in
            CoordinationRules.draft(offer, area: area, localizer: Localizer(Language(rawValue: language) ?? .en))
        }, actor: actor, now: now())
    }
}
