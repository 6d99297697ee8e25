import Hummingbird
import CICACore
import CICAStore

/// Pages about membership: the Member States, one Member State, observers and partners, eligibility.
struct MembershipPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.memberStates()) { request, context in try await memberStates(request, context) }
        router.get(.memberState(.parameter("code"))) { request, context in try await memberState(request, context) }
        let code = String.parameter("code")
        router.get(.delegation(code)) { _, context in try await delegation(context) }
        router.post(.delegationForm(code, .accreditations)) { request, context in
            try await onDelegation(request, context) { form, context, state in
                try context.authorize(.manageRecords)
                guard let user = try await platform.accounts.user(email: form["email"] ?? "") else {
                    throw InvalidInput(field: "email", reason: Message("reason.delegation.notDelegate", ["state": .country(state)]))
                }
                let until = try form.text("until").map { text throws(InvalidInput) in
                    guard let day = CivilDate(text) else { throw InvalidInput(field: "until", reason: Message("reason.delegation.untilDate")) }
                    return day.startOfDay
                }
                _ = try await platform.delegations.accredit(state: state, userId: user.id, role: form["role"] == "head" ? .head : .member,
                                                            until: until, actor: context.actor, now: platform.now())
            }
        }
        router.post(.withdrawAccreditation(code, .parameter("id"))) { request, context in
            try await onDelegation(request, context) { _, context, state in
                try context.authorize(.manageRecords)
                try await platform.delegations.withdraw(state: state, accreditation: try context.parameters.require("id"), actor: context.actor, now: platform.now())
            }
        }
        router.post(.revokeDelegationKey(code, .parameter("key"))) { request, context in
            try await onDelegation(request, context) { _, context, state in
                try context.authorize(.registerDelegationKey, on: .state(state))
                try await platform.delegations.revokeKey(state: state, keyId: try context.parameters.require("key"), actor: context.actor, now: platform.now())
            }
        }
        router.post(.delegationForm(code, .signaturesRequired)) { request, context in
            try await onDelegation(request, context) { _, context, state in
                try context.authorize(.registerDelegationKey, on: .state(state))
                try await platform.delegations.requireSignatures(state: state, actor: context.actor, now: platform.now())
            }
        }
        router.get(.observers) { _, context in try await observers(context) }
        router.get(.eligibility()) { request, context in try await eligibility(request, context) }
    }

    func memberStates(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let founding = try QueryParameters.bool(request, "founding")
        let listing = try await platform.membership.memberStatesListing(founding: founding)
        return platform.pages.render(MemberStatesView.make(states: listing.states, founding: founding, notes: listing.notes, localizer: l),
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

    /// The Member State a delegation page is about, or 404.
    private func delegationState(_ context: AppRequestContext) async throws -> String { try await delegationProfile(context).memberState.value.code }

    private func delegationProfile(_ context: AppRequestContext) async throws -> MemberStateProfile {
        let code = try context.parameters.require("code")
        guard let state = CountryCode.normalize(code), let profile = try await platform.membership.memberState(code: state) else {
            throw NotFound(entity: Message("entity.memberState"), key: code, list: SiteURL.memberStates().href)
        }
        return profile
    }

    /// Runs a form of a delegation's page, then shows the page again; a refusal shows it with the reasons.
    private func onDelegation(_ request: Request, _ context: AppRequestContext,
                              action: @escaping (Form, AppRequestContext, String) async throws -> Void) async throws -> Response {
        let state = try await delegationState(context)
        return try await FormFeedback.answering(.delegation, request, context: context, action: { form in
            try await action(form, context, state)
            return Response(status: .seeOther, headers: [.location: SiteURL.delegation(state).href])
        }, redisplay: { form, feedback, status in try await delegation(context, refused: (form, feedback), status: status) })
    }

    func delegation(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let profile = try await delegationProfile(context)
        let state = profile.memberState.value.code
        var view = DelegationPageView.make(try await platform.delegations.delegation(state: state),
                                           stateName: l.country(state, recorded: profile.memberState.value.name), principal: context.principal,
                                           now: platform.now(), localizer: l)
        if let (form, feedback) = refused {
            view.feedback = feedback
            view.email = form["email"] ?? ""
            view.until = form["until"] ?? ""
        }
        return platform.pages.render(view, title: l(Message("delegation.title", ["state": .country(state)])), section: .memberStates, context: context, status: status)
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

