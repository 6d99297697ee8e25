import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// Pages about the organs and their meetings.
struct OrganPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.organs) { _, context in try await organs(context) }
        router.get(.organ(.parameter("slug"))) { _, context in try await organ(context) }
        router.get(.meetings) { request, context in try await meetings(request, context) }
        router.post(.mandates) { request, context in
            try await answering(request, context) { form in
                _ = try await platform.mandates.give(task: form["task"], deadline: form["deadline"], decision: form["decision"], actor: context.actor,
                                                     now: platform.now(), today: platform.today())
                return "#mandates"
            }
        }
        router.post(.mandateReport(.parameter("id"))) { request, context in
            let id = try context.parameters.require("id")
            return try await answering(request, context) { form in
                _ = try await platform.mandates.report(mandate: id, document: form["document"], actor: context.actor, now: platform.now(), today: platform.today())
                return "#mandates"
            }
        }
        router.post(.followUps) { request, context in
            try await answering(request, context) { form in
                _ = try await platform.mandates.followUp(decision: form["decision"], status: form["status"], note: form["note"], actor: context.actor,
                                                         now: platform.now())
                return "#follow-up"
            }
        }
    }

    /// Runs one of the Secretariat's forms on the Committee's page; a refusal shows that page again with the reasons.
    private func answering(_ request: Request, _ context: AppRequestContext, body: @escaping (Form) async throws -> String) async throws -> Response {
        try context.authorize(.manageRecords)
        return try await FormFeedback.answering(.organ, request, context: context, action: { form in
            let fragment = try await body(form)
            return Response(status: .seeOther, headers: [.location: SiteURL.organ(MandateRules.giving).href + fragment])
        }, redisplay: { form, feedback, status in try await organ(context, slug: MandateRules.giving, refused: (form, feedback), status: status) })
    }

    private func countryNames(_ l: Localizer) async throws -> [String: String] {
        l.countries(try await platform.membership.countryNames())
    }

    private func organNames(_ l: Localizer) async throws -> [String: String] {
        l.organNames(try await platform.organs.organs().map(\.organ))
    }

    func organs(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = OrgansView.make(try await platform.organs.organs(), chairs: try await platform.organs.chairmanships(),
                                   names: l.countries(try await platform.membership.memberStateNames()), today: platform.today(), localizer: l)
        return platform.pages.render(view, title: l("organs.title"), section: .organs, context: context)
    }

    func organ(_ context: AppRequestContext, slug given: String? = nil, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let slug = try given ?? context.parameters.require("slug")
        guard let record = try await platform.organs.organ(slug: slug) else {
            throw NotFound(entity: Message("entity.organ"), key: slug, list: SiteURL.organs.href)
        }
        let meetings = try await platform.organs.meetings(MeetingFilter(organ: slug), page: PageRequest(limit: PageRequest.maximumLimit)).items
        let report = CadenceReport.evaluate(record.organ.cadence, meetings: meetings.map(\.value), asOf: platform.today())
        var view = OrganView.make(record, report: report, meetings: meetings, organNames: try await organNames(l),
                                  countryNames: try await countryNames(l), asOf: platform.today(), localizer: l)
        view.canManage = Policy.decide(context.principal, .manageRecords).isAllowed
        let today = platform.today()
        if slug == MandateRules.giving || slug == MandateRules.mandated {
            var rows: [MandateRow] = []
            for m in try await platform.mandates.mandates() {
                let status = m.status(on: today)
                let decision = try await m.decision.asyncMap { try await platform.decisions.decision(id: $0) } ?? nil
                let report = try await m.report.asyncMap { try await platform.documents.document(id: $0, readership: context.readership) } ?? nil
                rows.append(MandateRow(id: m.id, task: m.task, deadline: l.date(m.deadline), status: l("mandate.status.\(status.rawValue)"), late: status == .overdue,
                                       decision: decision.map { ("\($0.decision.symbol) \($0.decision.title)", .decision($0.decision.id)) },
                                       report: report.map { ("\($0.document.value.symbol) \(l.title(of: $0.document.value))", .document($0.document.value.id)) }))
            }
            view.mandates = rows
        }
        if slug == MandateRules.giving {
            view.followUps = try await platform.mandates.followUps().map { decision, followUp in
                FollowUpRow(id: decision.id, decision: "\(decision.symbol) \(decision.title)", url: .decision(decision.id),
                            status: l("followUp.status.\((followUp?.status ?? .pending).rawValue)"), note: followUp?.note)
            }
            view.followUpStatuses = FollowUpStatus.allCases.map { SelectOption(value: $0.rawValue, label: l("followUp.status.\($0.rawValue)"), selected: $0 == .inProgress) }
        }
        if let (form, feedback) = refused {
            view.feedback = feedback
            for key in ["task", "deadline", "decision"] { view.values[key] = form[key] ?? "" }
        }
        return platform.pages.render(view, title: l.name(of: record.organ), section: .organs, context: context, status: status)
    }

    func meetings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = MeetingFilter(organ: QueryParameters.string(request, "organ"),
                                   kind: try QueryParameters.value(request, "kind", as: MeetingKind.self),
                                   year: try QueryParameters.int(request, "year", in: Limits.years))
        let pageRequest = try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor"))
        let page = try await platform.organs.meetings(filter, page: pageRequest)
        let organs = try await platform.organs.organs()
        let organNames = l.organNames(organs.map(\.organ))
        let countryNames = try await countryNames(l)
        let view = MeetingsView(
            intro: l("meetings.intro"),
            organs: [SelectOption(value: "", label: l("common.all"), selected: filter.organ == nil)]
                + organs.map { SelectOption(value: $0.organ.slug, label: l.name(of: $0.organ), selected: $0.organ.slug == filter.organ) },
            kinds: SelectOption.all(MeetingKind.self, selected: filter.kind, allLabel: l("common.all")) { l("meeting.kind.\($0.rawValue)") },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            count: l("common.count", count: page.items.count),
            next: nextPageLink(.meetings, query: [("organ", filter.organ), ("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init))],
                               cursor: page.nextCursor),
            sources: citedSources(page.items.map(\.provenance)),
            canPlan: Policy.decide(context.principal, .manageRecords).isAllowed)
        return platform.pages.render(view, title: l("meetings.title"), section: .meetings, context: context)
    }
}
