import Testing
@testable import CICACore

@Suite("Cadence")
struct CadenceTests {
    static let none = Provenance(confidence: .confirmed, sources: [])

    static func meeting(_ id: String, _ date: String, kind: MeetingKind = .regular, status: MeetingStatus = .held) -> Meeting {
        Meeting(id: id, organ: "o", kind: kind, number: nil, title: id, start: PartialDate(date), end: PartialDate(date),
                city: nil, countryCode: nil, format: .inPerson, status: status, outcomes: [], provenance: none)
    }

    @Test("every N years: intervals, the next due date and whether it is overdue")
    func everyYears() {
        let rule = CadenceRule(kind: .everyYears, count: 1, years: 4, provenance: Self.none)
        let meetings = [
            Self.meeting("s1", "2002-06-04"), Self.meeting("s2", "2006-06-17"), Self.meeting("s3", "2010-06-08"),
            Self.meeting("x", "2012-01-01", kind: .informal), Self.meeting("s4", "2014-05-21"), Self.meeting("s5", "2019-06-15"),
            Self.meeting("s6", "2022-10-13"), Self.meeting("s7", "2026", status: .planned),
        ]
        let report = CadenceReport.evaluate(rule, meetings: meetings, asOf: CivilDate(year: 2026, month: 11, day: 29))
        #expect(report.intervals.map(\.to) == ["s2", "s3", "s4", "s5", "s6"])
        #expect(report.intervals.map(\.exceeded) == [false, false, false, true, false])
        #expect(report.lastMeeting == "s6")
        #expect(report.nextDue == CivilDate(year: 2026, month: 12, day: 31))
        #expect(!report.overdue)
        let later = CadenceReport.evaluate(rule, meetings: meetings, asOf: CivilDate(year: 2027, month: 1, day: 1))
        #expect(later.overdue)
        #expect(report.plannedMeeting == "s7")
    }

    @Test("every N years counts calendar years", arguments: [
        ("2020-03-01", "2022-03-01", false), ("2020-03-01", "2022-12-31", false), ("2020-12-31", "2023-01-01", true),
        ("2020", "2022-06", false), ("2019-01-01", "2022-01-01", true),
    ])
    func boundary(from: String, to: String, exceeded: Bool) {
        let rule = CadenceRule(kind: .everyYears, count: 1, years: 2, provenance: Self.none)
        let report = CadenceReport.evaluate(rule, meetings: [Self.meeting("a", from), Self.meeting("b", to)],
                                            asOf: CivilDate(year: 2024, month: 12, day: 31))
        #expect(report.intervals.map(\.exceeded) == [exceeded])
        #expect(report.nextDue == CivilDate(year: PartialDate(to)!.year + 2, month: 12, day: 31))
    }

    @Test("at least N a year: each year from the first on record")
    func atLeast() {
        let rule = CadenceRule(kind: .atLeast, count: 2, years: 1, provenance: Self.none)
        let meetings = [Self.meeting("a", "2021-06-23"), Self.meeting("b", "2021-10-07"), Self.meeting("c", "2022-06-15"),
                        Self.meeting("d", "2024-03-14")]
        let report = CadenceReport.evaluate(rule, meetings: meetings, asOf: CivilDate(year: 2025, month: 2, day: 1))
        #expect(report.years.map(\.year) == [2021, 2022, 2023, 2024, 2025])
        #expect(report.years.map(\.status) == [.met, .fewerThanRequired, .noneRecorded, .fewerThanRequired, .inProgress])
        #expect(report.years.map(\.count) == [2, 1, 0, 1, 0])
    }

    @Test("a planned meeting does not count as held, nor does one in the future")
    func plannedNotCounted() {
        let rule = CadenceRule(kind: .everyYears, count: 1, years: 4, provenance: Self.none)
        let report = CadenceReport.evaluate(rule, meetings: [Self.meeting("a", "2020-01-01"), Self.meeting("b", "2030-01-01")],
                                            asOf: CivilDate(year: 2025, month: 1, day: 1))
        #expect(report.lastMeeting == "a")
        #expect(report.intervals.isEmpty)
    }

    @Test("standing bodies and as-necessary bodies have nothing to report")
    func nothingToReport() {
        for kind in [CadenceRule.Kind.asNecessary, .permanent] {
            let report = CadenceReport.evaluate(CadenceRule(kind: kind, provenance: Self.none), meetings: [Self.meeting("a", "2020-01-01")],
                                                asOf: CivilDate(year: 2025, month: 1, day: 1))
            #expect(report.intervals.isEmpty && report.years.isEmpty && report.nextDue == nil && !report.overdue)
        }
    }
}
