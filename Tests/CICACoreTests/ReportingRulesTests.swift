import Foundation
import Testing
@testable import CICACore

@Suite("Yearly implementation reports")
struct ReportingRulesTests {
    static let areas = ["combating-terrorism", "human-dimension", "tourism"]
    static let today = CivilDate(year: 2026, month: 4, day: 10)
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_776_000_000), by: "participant-kz")
    static let earlier: [Int: ImplementationReport] = [
        2024: ImplementationReport(state: "KZ", year: 2024, parts: [ReportPart(priorityArea: "tourism", status: .implemented, narrative: "A forum in Almaty.")],
                                   submitted: stamp, late: false),
    ]
    static func context(deadline: CivilDate = CivilDate(year: 2026, month: 3, day: 31)) -> ReportingRules.Context {
        ReportingRules.Context(areas: areas, memberStates: ["KZ", "IN"], earlier: earlier, deadline: deadline)
    }

    static func report(_ parts: [ReportPartFields], year: Int = 2025, existing: ImplementationReport? = nil,
                       deadline: CivilDate = CivilDate(year: 2026, month: 3, day: 31)) throws -> ImplementationReport {
        try ReportingRules.report(state: "KZ", year: year, parts: parts, existing: existing, context: context(deadline: deadline), today: today, stamp: stamp)
    }

    @Test("a report's parts in Catalogue order; filed after the deadline it is accepted and marked late; a change keeps that")
    func filed() throws {
        let late = try Self.report([ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2024"),
                                    ReportPartFields(priorityArea: "combating-terrorism", status: "inProgress", narrative: "Training of border guards.", visibility: "secretariat")])
        #expect(late.parts.map(\.priorityArea) == ["combating-terrorism", "tourism"] && late.late)
        #expect(late.parts[0].visibility == .secretariat && late.parts[1].since == 2024)
        let onTime = try Self.report([ReportPartFields(priorityArea: "tourism", status: "planned")], deadline: CivilDate(year: 2026, month: 4, day: 30))
        #expect(!onTime.late)
        let changed = try Self.report([ReportPartFields(priorityArea: "tourism", status: "implemented")], existing: late, deadline: CivilDate(year: 2026, month: 12, day: 31))
        #expect(changed.late && changed.submitted == late.submitted && changed.edited == Self.stamp.at && changed.parts.count == 1)
        #expect(throws: InvalidInput.self) { try Self.report([ReportPartFields(priorityArea: "tourism", status: "implemented")], existing: changed) }
        #expect(ReportingRules.deadline(of: 2025, set: nil) == CivilDate(year: 2026, month: 3, day: 31))
        // The Secretariat sets a deadline after the year, for a year begun or the next.
        #expect(try ReportingRules.deadline("2026-02-15", for: 2025, today: Self.today) == CivilDate(year: 2026, month: 2, day: 15))
        #expect(throws: InvalidInput.self) { try ReportingRules.deadline("2025-12-31", for: 2025, today: Self.today) }
        #expect(throws: InvalidInput.self) { try ReportingRules.deadline("2099-01-31", for: 2098, today: Self.today) }
    }

    @Test("a report is refused with its reasons, each part named", arguments: [
        ([ReportPartFields](), "reason.report.noParts"),
        ([ReportPartFields(priorityArea: "space", status: "planned")], "reason.report.area"),
        ([ReportPartFields(priorityArea: "tourism", status: "planned"), ReportPartFields(priorityArea: "tourism", status: "implemented")], "reason.report.twice"),
        ([ReportPartFields(priorityArea: "tourism", status: "finished")], "reason.report.part"),
        ([ReportPartFields(priorityArea: "tourism", status: "planned", visibility: "delegates")], "reason.report.part"),
        ([ReportPartFields(priorityArea: "human-dimension", status: "nothingNew", since: "2024")], "reason.report.part"),
        ([ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2025")], "reason.report.part"),
    ])
    func refused(parts: [ReportPartFields], reason: String) {
        #expect {
            try Self.report(parts)
        } throws: { error in (error as? InvalidInput)?.errors.contains { $0.field == "parts" && $0.reason.key == reason } ?? false }
    }

    @Test("carry-forward: the reason names the years that can be carried, or says there is none")
    func carryForward() throws {
        #expect {
            try Self.report([ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2023")])
        } throws: { error in
            guard case .message(let inner)? = (error as? InvalidInput)?.errors.first?.reason.values["reason"] else { return false }
            return inner.key == "reason.report.since" && inner.values["years"] == .text("2024")
        }
        let report = try Self.report([ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2024")])
        #expect(ReportingRules.carried(report.parts[0], earlier: Self.earlier)?.narrative == "A forum in Almaty.")
    }

    @Test("a public part cannot carry forward a restricted one; too many parts are refused at once; limits count scalars")
    func leaks() throws {
        let restricted: [Int: ImplementationReport] = [2024: ImplementationReport(state: "KZ", year: 2024, parts: [
            ReportPart(priorityArea: "tourism", status: .implemented, narrative: "Withheld.", visibility: .secretariat)], submitted: Self.stamp, late: false)]
        let context = ReportingRules.Context(areas: Self.areas, memberStates: ["KZ"], earlier: restricted, deadline: CivilDate(year: 2026, month: 3, day: 31))
        #expect {
            try ReportingRules.report(state: "KZ", year: 2025, parts: [ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2024", visibility: "public")],
                                      existing: nil, context: context, today: Self.today, stamp: Self.stamp)
        } throws: { error in
            guard case .message(let inner)? = (error as? InvalidInput)?.errors.first?.reason.values["reason"] else { return false }
            return inner.key == "reason.report.narrowerEarlier"
        }
        // As narrow as the earlier part: accepted.
        _ = try ReportingRules.report(state: "KZ", year: 2025, parts: [ReportPartFields(priorityArea: "tourism", status: "nothingNew", since: "2024", visibility: "secretariat")],
                                      existing: nil, context: context, today: Self.today, stamp: Self.stamp)
        #expect(throws: InvalidInput(field: "parts", reason: Message("reason.report.tooMany", ["maximum": "40"]))) {
            try Self.report(Array(repeating: ReportPartFields(priorityArea: "tourism", status: "planned"), count: 17_000))
        }
        #expect(throws: InvalidInput.self) {
            try Self.report([ReportPartFields(priorityArea: "tourism", status: "planned", narrative: "e" + String(repeating: "\u{301}", count: 10_000))])
        }
        // Timing is for readers of every part.
        let mixed = ImplementationReport(state: "KZ", year: 2025, parts: [ReportPart(priorityArea: "tourism", status: .planned),
                                                                           ReportPart(priorityArea: "finance", status: .planned, visibility: .secretariat)],
                                         submitted: Self.stamp, late: true)
        #expect(!ReportingRules.readsWhole(mixed, by: .anonymous) && ReportingRules.readsWhole(mixed, by: Principal(userId: "d", roles: [.delegate(state: "KZ")])))
    }

    @Test("only Member States report, for years from 2004 to this one")
    func who() {
        #expect(throws: InvalidInput.self) {
            try ReportingRules.report(state: "JP", year: 2025, parts: [ReportPartFields(priorityArea: "tourism", status: "planned")], existing: nil,
                                      context: Self.context(), today: Self.today, stamp: Self.stamp)
        }
        #expect(throws: InvalidInput.self) { try Self.report([ReportPartFields(priorityArea: "tourism", status: "planned")], year: 2027) }
        #expect(throws: InvalidInput.self) { try Self.report([ReportPartFields(priorityArea: "tourism", status: "planned")], year: 2003) }
    }

    @Test("who reads a part", arguments: [
        (AccessLevel.public, Principal.anonymous, true),
        (.memberStates, .anonymous, false),
        (.memberStates, Principal(userId: "o", roles: [.observer(observer: "JP")]), false),
        (.memberStates, Principal(userId: "d", roles: [.delegate(state: "IN")]), true),
        (.secretariat, Principal(userId: "d", roles: [.delegate(state: "IN")]), false),
        (.secretariat, Principal(userId: "d", roles: [.delegate(state: "KZ")]), true),
        (.secretariat, Principal(userId: "s", roles: [.secretariat]), true),
        (.secretariat, Principal(userId: "a", roles: [.administrator]), false),
    ])
    func visibility(level: AccessLevel, principal: Principal, readable: Bool) {
        #expect(ReportingRules.mayRead(level, of: "KZ", principal) == readable)
        let report = ImplementationReport(state: "KZ", year: 2025, parts: [ReportPart(priorityArea: "tourism", status: .planned, visibility: level)],
                                          submitted: Self.stamp, late: false)
        #expect(ReportingRules.readable(report, by: principal).isEmpty == !readable)
    }

    @Test("who has not reported")
    func missing() {
        #expect(ReportingRules.missing(memberStates: ["KZ", "IN", "CN"], reports: Array(Self.earlier.values)) == ["CN", "IN"])
    }

    @Test("a part speaks to measures of the Catalogue in force in its area: each once, with a status that is not carried forward")
    func measures() throws {
        var context = Self.context()
        context.measures = ["tourism": ["2.1", "2.2", "2.10"]]
        func report(_ lines: [MeasureReportFields]) throws -> ImplementationReport {
            try ReportingRules.report(state: "KZ", year: 2025, parts: [ReportPartFields(priorityArea: "tourism", status: "inProgress", measures: lines)],
                                      existing: nil, context: context, today: Self.today, stamp: Self.stamp)
        }
        let filed = try report([MeasureReportFields(number: "2.10", status: "planned"), MeasureReportFields(number: "2.1", status: "implemented", note: "Done.")])
        #expect(filed.parts[0].measures == [MeasureReport(number: "2.1", status: .implemented, note: "Done."), MeasureReport(number: "2.10", status: .planned)])
        for (lines, reason) in [([MeasureReportFields(number: "3.1", status: "planned")], "reason.report.measure"),
                                ([MeasureReportFields(number: "2.1", status: "planned"), MeasureReportFields(number: "2.1", status: "implemented")], "reason.report.measureTwice"),
                                ([MeasureReportFields(number: "2.2", status: "nothingNew")], "reason.report.measureStatus"),
                                ([MeasureReportFields(number: "2.2", status: nil)], "reason.report.measureStatus")] {
            #expect {
                try report(lines)
            } throws: { error in
                // Named by the part, as every problem of a part is.
                (error as? InvalidInput)?.errors.contains { $0.field == "parts" && $0.reason.key == "reason.report.part"
                    && $0.reason.values["reason"].map { if case .message(let m) = $0 { m.key == reason } else { false } } == true } ?? false
            }
        }
        // Another area's measures are not this part's.
        #expect(throws: InvalidInput.self) {
            try ReportingRules.report(state: "KZ", year: 2025, parts: [ReportPartFields(priorityArea: "human-dimension", status: "planned",
                                                                                        measures: [MeasureReportFields(number: "2.1", status: "planned")])],
                                      existing: nil, context: context, today: Self.today, stamp: Self.stamp)
        }
    }
}
