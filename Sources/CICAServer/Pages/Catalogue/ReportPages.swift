import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The yearly implementation reports: who reported for a year, a state's report with the parts the reader may read,
/// the state's delegates' form to file it, and the Secretariat's form to set the year's deadline.
struct ReportPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.reports()) { request, context in try await page(request, context) }
        router.post(.reportingDeadline(.parameter("year"))) { request, context in
            try context.authorize(.manageRecords)
            let year = try Self.year(context)
            return try await FormFeedback.answering(.report, request, context: context, action: { form in
                _ = try await platform.reports.setDeadline(year: year, deadline: form["deadline"], actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.reports(year: year).href])
            }, redisplay: { _, feedback, status in try await page(request, context, refused: feedback, status: status, asked: year) })
        }
        router.get(.stateReport(.parameter("code"), .parameter("year"))) { _, context in try await report(context) }
        router.post(.stateReport(.parameter("code"), .parameter("year"))) { request, context in
            let asked = try context.parameters.require("code")
            let (code, year) = (CountryCode.normalize(asked) ?? asked, try Self.year(context))
            try context.authorize(.submitImplementationReport, on: .state(code))
            return try await FormFeedback.answering(.report, request, context: context, action: { form in
                let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).map(\.value.slug)
                let measures = try await platform.catalogueWork.measuresInForce(today: platform.today()).mapValues { $0.map(\.number) }
                _ = try await platform.reports.submit(state: code, year: year, parts: Self.parts(form, areas: areas, measures: measures), actor: context.actor,
                                                      now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.stateReport(code, String(year)).href])
            }, redisplay: { form, feedback, status in try await report(context, refused: (form, feedback), status: status) })
        }
    }

    static func year(_ context: AppRequestContext) throws -> Int {
        let text = try context.parameters.require("year")
        guard let year = Int(text), Limits.years.contains(year) else { throw NotFound(entity: Message("entity.reportingYear"), key: text, list: SiteURL.reports().href) }
        return year
    }

    /// The parts a form sends: an area is in the report when a status is chosen for it, and a measure of the area in the
    /// part when a status is chosen for the measure.
    static func parts(_ form: Form, areas: [String], measures: [String: [String]]) -> [ReportPartFields] {
        areas.compactMap { area in
            guard let status = form["status.\(area)"], !status.isEmpty else { return nil }
            let lines = (measures[area] ?? []).compactMap { number -> MeasureReportFields? in
                guard let status = form["measure.\(area).\(number)"], !status.isEmpty else { return nil }
                return MeasureReportFields(number: number, status: status, note: form["measureNote.\(area).\(number)"])
            }
            return ReportPartFields(priorityArea: area, status: status, since: form["since.\(area)"], narrative: form["narrative.\(area)"],
                                    visibility: form["visibility.\(area)"], measures: lines)
        }
    }

    func page(_ request: Request, _ context: AppRequestContext, refused: FormFeedback? = nil, status: HTTPResponse.Status = .ok, asked: Int? = nil) async throws -> Response {
        let l = context.localizer
        let year = try asked ?? QueryParameters.int(request, "year", in: ReportingRules.firstYear...platform.today().year) ?? (platform.today().year - 1)
        let record = try await platform.reports.year(year)
        let names = l.countries(try await platform.membership.memberStateNames())
        let principal = context.principal
        // A report counts for a reader only through a part they may read.
        let readable = record.reports.filter { !ReportingRules.readable($0, by: principal).isEmpty }
        let secretariat = Policy.decide(principal, .manageRecords).isAllowed
        let view = ReportsView(
            year: year, deadline: l("reports.deadline", ["date": l.date(PartialDate(record.deadline))]) + (record.deadlineSet ? "" : " " + l("reports.deadlineDefault")),
            rows: readable.map { r in
                ReportsView.Row(state: names[r.state] ?? r.state, url: .stateReport(r.state, String(year)),
                                parts: l("reports.parts", count: ReportingRules.readable(r, by: principal).count),
                                submitted: ReportingRules.readsWhole(r, by: principal) ? l.instant(r.submitted.at) + (r.late ? " — " + l("reports.late") : "") : "—",
                                late: ReportingRules.readsWhole(r, by: principal) && r.late)
            }.sorted { $0.state < $1.state },
            missing: secretariat ? ReportingRules.missing(memberStates: Set(names.keys), reports: record.reports).map { (names[$0] ?? $0, SiteURL.stateReport($0, String(year))) }
                .sorted { $0.0 < $1.0 } : nil,
            own: principal.roles.compactMap { if case .delegate(let state) = $0 { return (names[state] ?? state, SiteURL.stateReport(state, String(year))) } else { return nil } },
            years: Array((ReportingRules.firstYear...platform.today().year).reversed().prefix(8)),
            deadlineForm: secretariat ? record.deadline.description : nil, feedback: refused)
        return platform.pages.render(view, title: l("reports.title", ["year": String(year)]), section: .catalogue, context: context, status: status)
    }

    func report(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let asked = try context.parameters.require("code"), year = try Self.year(context)
        let code = CountryCode.normalize(asked) ?? asked
        let names = l.countries(try await platform.membership.memberStateNames())
        guard let name = names[code] else { throw NotFound(entity: Message("entity.memberState"), key: code, list: SiteURL.memberStates().href) }
        let principal = context.principal
        let reports = try await platform.reports.reports(state: code)
        let report = reports[year]
        let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).map(\.value)
        let areaNames = Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, l.name(of: $0)) })
        let deadline = try await platform.reports.deadline(of: year)
        let inForce = try await platform.catalogueWork.measuresInForce(today: platform.today())
        var measureTitles: [String: String] = [:]
        for (area, measures) in inForce { for m in measures { measureTitles["\(area)/\(m.number)"] = m.title } }
        func visibility(_ level: AccessLevel) -> String { l("reports.visibility.\(level.rawValue)") }
        let parts: [ReportView.Part] = report.map { r in
            ReportingRules.readable(r, by: principal).map { part -> ReportView.Part in
                let carried = ReportingRules.carried(part, earlier: reports).flatMap { ReportingRules.mayRead($0.visibility, of: code, principal) ? $0 : nil }
                return ReportView.Part(area: areaNames[part.priorityArea] ?? part.priorityArea, areaURL: .priorityArea(part.priorityArea),
                                       status: l("reports.status.\(part.status.rawValue)") + (part.since.map { " " + l("reports.since", ["year": String($0)]) } ?? ""),
                                       narrative: part.narrative ?? carried?.narrative, carriedFrom: carried == nil ? nil : part.since.map { SiteURL.stateReport(code, String($0)) },
                                       visibility: part.visibility == .public ? nil : l("reports.visibleTo", ["audience": visibility(part.visibility)]),
                                       measures: part.measures.map { m in
                                           (m.number, measureTitles["\(part.priorityArea)/\(m.number)"] ?? "", l("reports.status.\(m.status.rawValue)"), m.note)
                                       })
            }
        } ?? []
        var view = ReportView(
            state: name, stateURL: .memberState(code), year: year,
            empty: ReportingRules.mayRead(.secretariat, of: code, principal) ? l("reports.notSubmitted") : l("reports.noneReadable"), deadline: l("reports.deadline", ["date": l.date(PartialDate(deadline))]),
            submitted: report.flatMap { ReportingRules.readsWhole($0, by: principal) ? $0 : nil }.map { l("reports.submittedOn", ["at": l.instant($0.submitted.at)]) + ($0.late ? " — " + l("reports.late") : "")
                + ($0.edited.map { "; " + l("reports.editedOn", ["at": l.instant($0)]) } ?? "") },
            parts: parts,
            form: nil, action: .stateReport(code, String(year)), feedback: refused?.1)
        if Policy.decide(principal, .submitImplementationReport, on: .state(code)).isAllowed {
            let current = Dictionary(uniqueKeysWithValues: (report?.parts ?? []).map { ($0.priorityArea, $0) })
            view.form = areas.map { area in
                let part = current[area.slug]
                let form = refused?.0
                func value(_ key: String, _ fallback: String?) -> String { form.map { $0["\(key).\(area.slug)"] ?? "" } ?? fallback ?? "" }
                let chosen = value("status", part?.status.rawValue)
                let level = value("visibility", part?.visibility.rawValue ?? AccessLevel.public.rawValue)
                return ReportView.FormRow(slug: area.slug, area: l.name(of: area),
                                          statuses: [SelectOption(value: "", label: l("reports.notIncluded"), selected: chosen.isEmpty)]
                                            + ImplementationStatus.allCases.map { SelectOption(value: $0.rawValue, label: l("reports.status.\($0.rawValue)"), selected: $0.rawValue == chosen) },
                                          since: value("since", part?.since.map(String.init)), narrative: value("narrative", part?.narrative),
                                          visibilities: AccessLevel.allCases.map { SelectOption(value: $0.rawValue, label: visibility($0), selected: $0.rawValue == level) },
                                          measures: (inForce[area.slug] ?? []).map { m in
                                              let line = part?.measures.first { $0.number == m.number }
                                              let status = form.map { $0["measure.\(area.slug).\(m.number)"] ?? "" } ?? line?.status.rawValue ?? ""
                                              return (m.number, m.title,
                                                      [SelectOption(value: "", label: l("reports.notIncluded"), selected: status.isEmpty)]
                                                        + ImplementationStatus.allCases.filter { $0 != .nothingNew }.map {
                                                            SelectOption(value: $0.rawValue, label: l("reports.status.\($0.rawValue)"), selected: $0.rawValue == status)
                                                        },
                                                      form.map { $0["measureNote.\(area.slug).\(m.number)"] ?? "" } ?? line?.note ?? "")
                                          })
            }
        }
        return platform.pages.render(view, title: l("reports.reportTitle", ["state": name, "year": String(year)]), section: .catalogue, context: context, status: status)
    }
}
