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
    }

    private func found(_ context: AppRequestContext) async throws -> Sourced<PriorityArea> {
        let slug = try context.parameters.require("slug")
        guard let area = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).first(where: { $0.value.slug == slug }) else {
            throw NotFound(entity: Message("entity.priorityArea"), key: slug, list: SiteURL.catalogue().href)
        }
        return area
    }

    func page(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let area = try await found(context)
        let a = area.value
        let names = l.countries(try await platform.membership.memberStateNames())
        let dimension = try await platform.catalogue.dimensions().first { $0.value.slug == a.dimension }
        func state(_ code: String) -> PriorityAreaView.StateLink { .init(name: names[code] ?? code, url: .memberState(code)) }
        let terms = try await platform.catalogue.coordinationTerms(area: a.slug)
        let decisionIds = Set(terms.flatMap { [$0.startedBy, $0.endedBy].compactMap { $0 } })
        var symbols: [String: String] = [:]
        for id in decisionIds { symbols[id] = try await platform.decisions.decision(id: id)?.decision.symbol }
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
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.states = view.states.selecting(form["state"])
            view.roles = view.roles.selecting(form["role"])
        }
        return platform.pages.render(view, title: view.name, section: .catalogue, context: context, status: status)
    }
}

extension Platform {
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
