import Hummingbird
import CICACore
import CICAStore

/// Pages about membership: the Member States, one Member State, observers and partners, eligibility.
struct MembershipPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.memberStates()) { request, context in try await memberStates(request, context) }
        router.get(.memberState(.parameter("code"))) { request, context in try await memberState(request, context) }
        router.get(.observers) { _, context in try await observers(context) }
        router.get(.eligibility()) { request, context in try await eligibility(request, context) }
    }

    func memberStates(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let founding = try QueryParameters.bool(request, "founding")
        let page = try await platform.membership.memberStates(founding: founding, page: PageRequest(limit: PageRequest.maximumLimit))
        let notes = try await platform.sources.notes(about: [.memberStates])
        return platform.pages.render(MemberStatesView.make(states: page.items, founding: founding, notes: notes, localizer: l),
                                title: l("memberStates.title"), section: .memberStates, context: context)
    }

    func memberState(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let normalized = CountryCode.normalize(code), let profile = try await platform.membership.memberState(code: normalized) else {
            throw NotFound(entity: Message("entity.memberState"), key: code,
                           list: SiteURL.memberStates().href)
        }
        if normalized != code { return Response(status: .movedPermanently, headers: [.location: SiteURL.memberState(normalized).href]) }
        return platform.pages.render(MemberStateView.make(profile, localizer: context.localizer),
                                title: context.localizer.country(profile.memberState.value.code, recorded: profile.memberState.value.name), section: .memberStates, context: context)
    }

    func observers(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let all = PageRequest(limit: PageRequest.maximumLimit)
        let view = ObserversView.make(observers: try await platform.membership.observers(kind: nil, page: all).items,
                                      partners: try await platform.membership.partners(page: all).items,
                                      relations: try await platform.membership.externalRelations(),
                                      notes: try await platform.sources.notes(about: [.observers, .partners]), localizer: l)
        return platform.pages.render(view, title: l("observers.title"), section: .observers, context: context)
    }

    func eligibility(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let code = request.uri.queryParameters.get("code").flatMap { $0.isEmpty ? nil : $0 }
        var answer: EligibilityAnswer?
        var error: String?
        var status = HTTPResponse.Status.ok
        if let code {
            do {
                answer = try await platform.membership.eligibility(code: code)
            } catch EligibilityError.malformedCode(let text) {
                error = l("eligibility.error.malformed", ["code": text])
                status = .badRequest
            } catch EligibilityError.unknownCode(let text) {
                error = l("eligibility.error.unknown", ["code": text])
                status = .notFound
            }
        }
        let info = try await platform.sources.datasetInfo()
        let ruleProvenance = try await platform.sources.provenance(of: [.eligibilityRule])[.eligibilityRule]
        let view = EligibilityView.make(countries: try await platform.membership.countryNames(), code: code, answer: answer, error: error,
                                        rule: info["eligibility_rule"] ?? "", ruleProvenance: ruleProvenance, localizer: l)
        return platform.pages.render(view, title: l("eligibility.title"), section: .eligibility, context: context, status: status)
    }
}

