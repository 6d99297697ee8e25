import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// The yearly implementation reports: a year's reports, a state's report, filing it, and a year's deadline. Every part is
/// given only to a caller who may read it (`ReportingRules.readable`); a report with no such part is not there for them.
extension PlatformAPI {
    func report(_ r: ImplementationReport, earlier: [Int: ImplementationReport], principal: Principal) -> S.ImplementationReport {
        // When it was filed and changed, and whether late, only for a reader of every part (`ReportingRules.readsWhole`).
        let whole = ReportingRules.readsWhole(r, by: principal)
        return S.ImplementationReport(state: r.state, year: r.year, submittedAt: whole ? r.submitted.at : nil, editedAt: whole ? r.edited : nil,
                               late: whole ? r.late : nil,
                               parts: ReportingRules.readable(r, by: principal).map { part in
            let carried = ReportingRules.carried(part, earlier: earlier).flatMap { ReportingRules.mayRead($0.visibility, of: r.state, principal) ? $0 : nil }
            return S.ReportPart(priorityArea: part.priorityArea, status: .init(rawValue: part.status.rawValue) ?? .nothingToReport, since: part.since,
                                narrative: part.narrative, carriedNarrative: carried?.narrative,
                                visibility: .init(rawValue: part.visibility.rawValue) ?? ._public,
                                measures: part.measures.map { .init(number: $0.number, status: .init(rawValue: $0.status.rawValue) ?? .nothingToReport, note: $0.note) })
        })
    }

    func listReports(_ input: Operations.ListReports.Input) async throws -> Operations.ListReports.Output {
        let principal = RequestInfo.current.principal
        let year = try Self.year(input.query.year) ?? (platform.today().year - 1)
        let record = try await platform.reports.year(year)
        var earlier: [String: [Int: ImplementationReport]] = [:]
        // The earlier reports a "nothing new" part carries forward, read at once rather than state by state.
        if record.reports.contains(where: { $0.parts.contains { $0.status == .nothingNew } }) {
            for r in try await platform.reports.allReports() { earlier[r.state, default: [:]][r.year] = r }
        }
        let readable = record.reports.filter { !ReportingRules.readable($0, by: principal).isEmpty }
        let secretariat = Policy.decide(principal, .manageRecords).isAllowed
        return .ok(.init(body: .json(.init(
            year: year, deadline: record.deadline.description, deadlineSet: record.deadlineSet,
            reports: readable.map { report($0, earlier: earlier[$0.state] ?? [:], principal: principal) },
            missing: secretariat ? ReportingRules.missing(memberStates: Set(try await platform.membership.memberStateNames().keys), reports: record.reports) : nil))))
    }

    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let principal = RequestInfo.current.principal
        _ = try Self.year(input.path.year)
        let code = CountryCode.normalize(input.path.code) ?? input.path.code
        let reports = try await platform.reports.reports(state: code)
        guard let r = reports[input.path.year], !ReportingRules.readable(r, by: principal).isEmpty else {
            throw NotFound(entity: Message("entity.implementationReport"), key: "\(input.path.code)/\(input.path.year)", list: "/api/v1/reports")
        }
        return .ok(.init(body: .json(report(r, earlier: reports, principal: principal))))
    }

    func submitReport(_ input: Operations.SubmitReport.Input) async throws -> Operations.SubmitReport.Output {
        let info = RequestInfo.current
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let code = CountryCode.normalize(input.path.code) ?? input.path.code
        _ = try Self.year(input.path.year)
        try info.authorize(.submitImplementationReport, on: .state(code))
        let r = try await platform.reports.submit(state: code, year: input.path.year, parts: b.parts.map {
            ReportPartFields(priorityArea: $0.priorityArea, status: $0.status, since: $0.since.map(String.init), narrative: $0.narrative, visibility: $0.visibility,
                             measures: ($0.measures ?? []).map { MeasureReportFields(number: $0.number, status: $0.status, note: $0.note) })
        }, actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(report(r, earlier: try await platform.reports.reports(state: code), principal: info.principal))))
    }

    func setReportingDeadline(_ input: Operations.SetReportingDeadline.Input) async throws -> Operations.SetReportingDeadline.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try Self.year(input.path.year)
        let day = try await platform.reports.setDeadline(year: input.path.year, deadline: b.deadline, actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(.init(deadline: day.description))))
    }

    func getOverview(_ input: Operations.GetOverview.Input) async throws -> Operations.GetOverview.Output {
        let info = RequestInfo.current
        let year = try Self.year(input.query.year) ?? (platform.today().year - 1)
        let (o, _) = try await platform.overview(year: year, principal: info.principal, Localizer(info.language))
        return .ok(.init(body: .json(.init(
            year: o.year,
            cells: o.cells.joined().map { .init(state: $0.state, priorityArea: $0.area, role: $0.role.flatMap { .init(rawValue: $0.rawValue) },
                                                reported: $0.reported.flatMap { .init(rawValue: $0.rawValue) }, active: $0.active) },
            dimensions: o.dimensions.map { .init(dimension: $0.dimension, priorityAreas: $0.areas, coordinations: $0.coordinations, reportedParts: $0.reportedParts,
                                                activeStates: $0.active) },
            reportsByYear: o.reportsByYear.map { .init(year: $0.year, states: $0.count) }))))
    }
}
