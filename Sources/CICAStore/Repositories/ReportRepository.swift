import Foundation
import SQLKit
import CICACore

/// A year of reporting: its deadline (set by the Secretariat, or the default) and the reports submitted.
public struct ReportingYear: Sendable {
    public var year: Int
    public var deadline: CivilDate
    /// Whether the Secretariat set the deadline (else it is the default).
    public var deadlineSet: Bool
    public var reports: [ImplementationReport]
}

/// The yearly implementation reports of the Member States. Reads return whole reports; what a reader may see of them is
/// `ReportingRules.readable`'s to say, applied by the caller before anything is shown or counted.
public protocol ReportRepository: Sendable {
    func year(_ year: Int) async throws -> ReportingYear
    /// A year's deadline alone (set, or the default).
    func deadline(of year: Int) async throws -> CivilDate
    /// A state's reports, every year, by year.
    func reports(state: String) async throws -> [Int: ImplementationReport]
    /// Every report of every year, for the overview.
    func allReports() async throws -> [ImplementationReport]
    /// Submits a state's report for a year, or replaces it (audited): checked by `ReportingRules.report`.
    func submit(state: String, year: Int, parts: [ReportPartFields], actor: Actor, now: Date, today: CivilDate) async throws -> ImplementationReport
    /// Sets a year's deadline (the Secretariat; audited).
    func setDeadline(year: Int, deadline: String?, actor: Actor, now: Date, today: CivilDate) async throws -> CivilDate
}

/// `ReportRepository` on SQLKit.
public struct SQLReportRepository: ReportRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func reports(state: String?, year: Int?, sql: any SQLDatabase) async throws -> [ImplementationReport] {
        let parts = sql.select().column("*").from("implementation_report_parts")
        let heads = sql.select().column("*").from("implementation_reports")
        if let state { parts.where("state", .equal, state); heads.where("state", .equal, state) }
        if let year { parts.where("year", .equal, year); heads.where("year", .equal, year) }
        let lines = sql.select().column("*").from("implementation_report_measures")
        if let state { lines.where("state", .equal, state) }
        if let year { lines.where("year", .equal, year) }
        var byPart: [String: [MeasureReport]] = [:]
        for row in try await lines.orderBy("state").orderBy("year").orderBy("priority_area").orderBy("position").all() {
            byPart["\(try row.string("state"))/\(try row.int("year"))/\(try row.string("priority_area"))", default: []].append(
                MeasureReport(number: try row.string("number"), status: try row.value("status", as: ImplementationStatus.self), note: try row.optionalString("note")))
        }
        var byReport: [String: [ReportPart]] = [:]
        for row in try await parts.orderBy("state").orderBy("year").orderBy("position").all() {
            let key = "\(try row.string("state"))/\(try row.int("year"))", area = try row.string("priority_area")
            byReport[key, default: []].append(
                ReportPart(priorityArea: area, status: try row.value("status", as: ImplementationStatus.self),
                           since: try row.optionalInt("since_year"), narrative: try row.optionalString("narrative"),
                           visibility: try row.value("visibility", as: AccessLevel.self), measures: byPart[key + "/" + area] ?? []))
        }
        // Late against the year's deadline as it stands now: a deadline the Secretariat extends covers reports filed before it.
        var deadlines: [Int: CivilDate] = [:]
        for row in try await sql.select().columns("year", "deadline").from("reporting_years").all() {
            if let day = CivilDate(try row.string("deadline")) { deadlines[try row.int("year")] = day }
        }
        return try await heads.orderBy("year").orderBy("state").all().map { row in
            let state = try row.string("state"), year = try row.int("year")
            let submitted = try row.instant("submitted_at")
            return ImplementationReport(state: state, year: year, parts: byReport["\(state)/\(year)"] ?? [],
                                        submitted: Stamp(at: submitted, by: try row.string("submitted_by")),
                                        edited: try row.optionalString("edited_at").flatMap(Timestamp.date),
                                        late: CivilDate(submitted) > ReportingRules.deadline(of: year, set: deadlines[year]))
        }
    }

    static func deadline(_ year: Int, sql: any SQLDatabase) async throws -> (CivilDate, set: Bool) {
        let set = try await sql.select().column("deadline").from("reporting_years").where("year", .equal, year).first()
            .flatMap { try $0.optionalString("deadline") }.flatMap(CivilDate.init)
        return (ReportingRules.deadline(of: year, set: set), set != nil)
    }

    public func year(_ year: Int) async throws -> ReportingYear {
        try await database.read { sql in
            let (deadline, set) = try await Self.deadline(year, sql: sql)
            return ReportingYear(year: year, deadline: deadline, deadlineSet: set, reports: try await Self.reports(state: nil, year: year, sql: sql))
        }
    }

    public func deadline(of year: Int) async throws -> CivilDate {
        try await database.read { sql in try await Self.deadline(year, sql: sql).0 }
    }

    public func reports(state: String) async throws -> [Int: ImplementationReport] {
        try await database.read { sql in
            Dictionary(uniqueKeysWithValues: try await Self.reports(state: state, year: nil, sql: sql).map { ($0.year, $0) })
        }
    }

    public func allReports() async throws -> [ImplementationReport] {
        try await database.read { sql in try await Self.reports(state: nil, year: nil, sql: sql) }
    }

    public func submit(state: String, year: Int, parts: [ReportPartFields], actor: Actor, now: Date, today: CivilDate) async throws -> ImplementationReport {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let earlier = Dictionary(uniqueKeysWithValues: try await Self.reports(state: state, year: nil, sql: sql).map { ($0.year, $0) })
            let areas = try await sql.select().column("slug").from("priority_areas").orderBy("position").all().map { try $0.string("slug") }
            let context = ReportingRules.Context(areas: areas, memberStates: try await SQLDecisionRepository.memberStates(sql), earlier: earlier,
                                                 deadline: try await Self.deadline(year, sql: sql).0,
                                                 measures: try await SQLCatalogueWorkRepository.measuresInForce(today: today, sql: sql).mapValues { $0.map(\.number) })
            let existing = earlier[year]
            let report = try ReportingRules.report(state: state, year: year, parts: parts, existing: existing, context: context, today: today,
                                                   stamp: Stamp(at: now, by: actor.recordName))
            if existing == nil {
                try await sql.insert(into: "implementation_reports").columns("state", "year", "submitted_at", "submitted_by", "late")
                    .values(SQLBind(state), SQLBind(year), SQLBind(Timestamp.string(now)), SQLBind(actor.recordName), SQLBind(report.late ? 1 : 0)).run()
            } else {
                try await sql.update("implementation_reports").set("edited_at", to: Timestamp.string(now))
                    .where("state", .equal, state).where("year", .equal, year).run()
                try await sql.delete(from: "implementation_report_parts").where("state", .equal, state).where("year", .equal, year).run()
                try await sql.delete(from: "implementation_report_measures").where("state", .equal, state).where("year", .equal, year).run()
            }
            for (index, part) in report.parts.enumerated() {
                try await sql.insert(into: "implementation_report_parts")
                    .columns("state", "year", "priority_area", "position", "status", "since_year", "narrative", "visibility")
                    .values([Cell.text(state), .int(year), .text(part.priorityArea), .int(index), .text(part.status.rawValue), .int(part.since),
                             .text(part.narrative), .text(part.visibility.rawValue)].map(\.expression))
                    .run()
                for (position, line) in part.measures.enumerated() {
                    try await sql.insert(into: "implementation_report_measures")
                        .columns("state", "year", "priority_area", "number", "position", "status", "note")
                        .values([Cell.text(state), .int(year), .text(part.priorityArea), .text(line.number), .int(position), .text(line.status.rawValue),
                                 .text(line.note)].map(\.expression))
                        .run()
                }
            }
            // The audit line says that the report was filed or changed, and by whom: nothing of its parts (their number
            // would tell an administrator of parts they may not read).
            try await AuditLog.append(sql, actor: actor, action: existing == nil ? "report.submit" : "report.edit", entity: "report/\(state)/\(year)",
                                      before: nil, after: existing == nil ? "filed" : "changed", at: now)
            return report
        }
    }

    public func setDeadline(year: Int, deadline: String?, actor: Actor, now: Date, today: CivilDate) async throws -> CivilDate {
        try await database.write { sql in
            let day = try ReportingRules.deadline(deadline, for: year, today: today)
            let before = try await Self.deadline(year, sql: sql)
            try await sql.delete(from: "reporting_years").where("year", .equal, year).run()
            try await sql.insert(into: "reporting_years").columns("year", "deadline", "set_at", "set_by")
                .values(SQLBind(year), SQLBind(day.description), SQLBind(Timestamp.string(now)), SQLBind(actor.recordName)).run()
            try await AuditLog.append(sql, actor: actor, action: "report.deadline", entity: "reporting-year/\(year)", before: before.0.description,
                                      after: day.description, at: now)
            return day
        }
    }
}
