import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The Secretariat's page: its heads over time, its personnel, the title and seat as they changed, and the forms by
/// which the Secretariat records appointments and ends terms.
struct SecretariatPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.secretariat) { _, context in try await page(context) }
        router.post(.staff) { request, context in
            try context.authorize(.manageRecords)
            return try await FormFeedback.answering(.secretariat, request, context: context, action: { form in
                _ = try await platform.secretariat.appoint(StaffFields(category: form["category"], title: form["title"], name: form["name"],
                                                                       secondedBy: form["secondedBy"], contractEnd: form["contractEnd"], start: form["start"]),
                                                           actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.secretariat.href + "#staff"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
        router.post(.endStaffTerm(.parameter("id"))) { request, context in
            try context.authorize(.manageRecords)
            let id = try context.parameters.require("id")
            return try await FormFeedback.answering(.secretariat, request, context: context, action: { form in
                _ = try await platform.secretariat.end(id: id, date: form["end"], actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.secretariat.href + "#staff"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
    }

    func page(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let today = platform.today()
        let appointments = try await platform.organs.appointments()
        let countries = l.countries(try await platform.membership.countryNames())
        func row(_ a: Sourced<SecretariatAppointment>) -> SecretariatView.Row {
            let v = a.value
            let term = v.start == nil && v.end == nil ? (l.term(of: v) ?? l("date.unknown"))
                : v.end == nil ? l("secretariat.from", ["date": l.date(v.start, governed: true)]) : l.dateRange(v.start, v.end)
            return SecretariatView.Row(name: l.name(of: v) ?? l("secretariat.nameUnknown"), title: l.title(of: v), nationality: v.nationality.flatMap { countries[$0] },
                                       term: term, provenance: ProvenanceView(a.provenance, localizer: l))
        }
        let managing = Policy.decide(context.principal, .manageRecords).isAllowed
        let seesContracts = Policy.decide(context.principal, .readSecretariatOnly).isAllowed
        let staff = try await platform.secretariat.staff()
        func staffRow(_ a: StaffAppointment) -> SecretariatView.StaffRow {
            SecretariatView.StaffRow(id: a.id, name: a.name, post: a.title, category: l("staff.category.\(a.category.rawValue)"),
                                     secondedBy: a.secondedBy.flatMap { countries[$0] }, term: a.end == nil
                                        ? l("secretariat.from", ["date": l.date(a.start)]) : l.dateRange(PartialDate(a.start), a.end.map(PartialDate.init)),
                                     contractEnd: seesContracts ? a.contractEnd.map { l.date($0) } : nil, serving: a.end == nil)
        }
        func period(_ p: SecretariatRules.Period, _ text: String) -> String {
            p.until.map { l("secretariat.period", ["what": text, "from": l.date(p.from), "until": l.date($0)]) }
                ?? l("secretariat.periodSince", ["what": text, "from": l.date(p.from)])
        }
        let members = try await platform.membership.memberStateNames()
        var view = SecretariatView(
            intro: l("secretariat.intro"),
            heads: appointments.filter { $0.value.post.isHead }.map(row),
            deputies: appointments.filter { !$0.value.post.isHead }.map(row),
            history: SecretariatRules.titles.map { period($0, l("secretariat.headTitle.\($0.what)")) }
                + SecretariatRules.seats.map { period($0, l("secretariat.seat", ["city": l("secretariat.city.\($0.what)")])) },
            currentTitle: SecretariatRules.on(today, in: SecretariatRules.titles).map { l("secretariat.headTitle.\($0.what)") },
            staff: staff.map(staffRow),
            contractsEnding: seesContracts ? SecretariatRules.contractsEnding(staff, today: today).map(staffRow) : nil,
            canManage: managing,
            categories: StaffCategory.allCases.map { SelectOption(value: $0.rawValue, label: l("staff.category.\($0.rawValue)"), selected: $0 == .professional) },
            memberStates: [SelectOption(value: "", label: "", selected: true)]
                + l.alphabetical(members.map { (code: $0.key, name: countries[$0.key] ?? $0.value) }, by: \.name)
                    .map { SelectOption(value: $0.code, label: $0.name, selected: false) },
            organProvenance: try await platform.organs.organ(slug: "secretariat").map { ProvenanceView($0.provenance, localizer: l) },
            sources: citedSources(appointments.map(\.provenance) + [try await platform.organs.organ(slug: "secretariat")?.provenance].compactMap { $0 }))
        if let (form, feedback) = refused {
            view.feedback = feedback
            for key in ["title", "name", "contractEnd", "start", "end"] { view.values[key] = form[key] ?? "" }
            view.categories = view.categories.selecting(form["category"])
            view.memberStates = view.memberStates.selecting(form["secondedBy"])
        }
        return platform.pages.render(view, title: l("secretariat.title"), section: .secretariat, context: context, status: status)
    }
}
