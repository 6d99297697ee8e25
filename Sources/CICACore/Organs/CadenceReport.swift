/// Whether an organ has met as its cadence rule requires, read from the meetings on record.
public struct CadenceReport: Sendable, Equatable {
    /// The gap between two consecutive regular meetings, for rules of the kind "every N years".
    public struct Interval: Sendable, Equatable {
        public var from: String
        public var to: String
        public var fromDate: PartialDate
        public var toDate: PartialDate
        /// The later meeting was held in a later calendar year than the rule allows (a Summit of 2002 is
        /// followed in time by one in 2006, not by one in 2007).
        public var exceeded: Bool
    }

    /// Meetings recorded in one calendar year, for rules of the kind "at least N a year".
    public struct Year: Sendable, Equatable {
        public enum Status: String, Sendable, Equatable, CaseIterable {
            /// At least as many meetings as the rule asks for are recorded.
            case met
            /// Some meetings, but fewer than the rule asks for, are recorded.
            case fewerThanRequired
            /// None is recorded (the record may be incomplete).
            case noneRecorded
            /// The year is not over yet.
            case inProgress
            /// Fewer meetings than the rule asks for, in a year the platform's record is complete for: missed, not
            /// merely unrecorded.
            case missed
        }
        public var year: Int
        /// The meetings that count (regular and special ones held).
        public var count: Int
        public var status: Status
        /// The ids of the meetings that count.
        public var meetings: [String] = []
        /// Informal meetings held that year, which the rule does not count.
        public var informal: Int = 0
    }

    /// When the next meeting the rule asks for is due: between `from` and `to`, and how many more that period needs.
    public struct Due: Sendable, Equatable {
        public var from: CivilDate
        public var to: CivilDate
        public var remaining: Int
    }

    public var rule: CadenceRule
    /// The last meeting held that counts towards the rule.
    public var lastMeeting: String?
    public var lastMeetingDate: PartialDate?
    /// The last day the next regular meeting is due under the rule ("every N years"): the end of the Nth
    /// calendar year after the last one, since CICA plans its Summits and Ministerial Councils by year.
    public var nextDue: CivilDate?
    /// A planned meeting that would satisfy the rule, if one is recorded.
    public var plannedMeeting: String?
    /// The rule's interval has run out without a meeting being held.
    public var overdue: Bool
    public var intervals: [Interval]
    public var years: [Year]
    /// The window in which the next meeting is due, if the rule sets one.
    public var due: Due?
    /// The first day of the first year the platform's record of the organ's meetings is complete for: the year the
    /// Secretariat first planned one of its meetings on the platform. Before it, a year without a meeting is "not
    /// recorded" (the sources may be incomplete); from it on, it is missed.
    public var completeFrom: CivilDate?

    /// Evaluates `rule` against `meetings` (of one organ) as of the day `asOf`.
    public static func evaluate(_ rule: CadenceRule, meetings: [Meeting], asOf: CivilDate) -> CadenceReport {
        let counted = meetings
            .filter { $0.start != nil && (rule.kind == .everyYears ? $0.kind == .regular : true) }
            .sorted { $0.start! < $1.start! }
        let held = counted.filter { $0.status == .held && $0.start!.earliest <= asOf }
        let planned = counted.first { $0.status == .planned }
        let completeFrom = meetings.compactMap { $0.planned.map { CivilDate(year: CivilDate($0.at).year, month: 1, day: 1) } }.min()
        var report = CadenceReport(rule: rule, lastMeeting: held.last?.id, lastMeetingDate: held.last?.start,
                                   nextDue: nil, plannedMeeting: planned?.id, overdue: false, intervals: [], years: [], due: nil,
                                   completeFrom: completeFrom)
        switch rule.kind {
        case .everyYears:
            guard let years = rule.years else { return report }
            report.intervals = zip(held, held.dropFirst()).map { previous, next in
                Interval(from: previous.id, to: next.id, fromDate: previous.start!, toDate: next.start!,
                         exceeded: next.start!.year > previous.start!.year + years)
            }
            if let last = held.last?.start {
                let due = CivilDate(year: last.year + years, month: 12, day: 31)
                report.nextDue = due
                report.overdue = asOf > due
                report.due = Due(from: CivilDate(year: last.year + 1, month: 1, day: 1), to: due, remaining: 1)
            }
        case .atLeast:
            // Every meeting held counts but an informal one, which takes no decisions.
            let all = meetings.filter { $0.start != nil && $0.status == .held && $0.start!.earliest <= asOf }.sorted { $0.start! < $1.start! }
            let counting = all.filter { $0.kind != .informal }
            guard let required = rule.count, let first = all.map({ $0.start!.year }).min() else { return report }
            report.lastMeeting = counting.last?.id
            report.lastMeetingDate = counting.last?.start
            report.years = (first...asOf.year).map { year in
                let counted = counting.filter { $0.start!.year == year }.map(\.id)
                let informal = all.filter { $0.start!.year == year && $0.kind == .informal }.count
                let status: Year.Status
                if counted.count >= required { status = .met }
                else if year == asOf.year { status = .inProgress }
                else if let completeFrom, year >= completeFrom.year { status = .missed }
                else if counted.isEmpty { status = .noneRecorded }
                else { status = .fewerThanRequired }
                return Year(year: year, count: counted.count, status: status, meetings: counted, informal: informal)
            }
            let thisYear = report.years.last { $0.year == asOf.year }?.count ?? 0
            report.due = thisYear >= required
                ? Due(from: CivilDate(year: asOf.year + 1, month: 1, day: 1), to: CivilDate(year: asOf.year + 1, month: 12, day: 31), remaining: required)
                : Due(from: asOf, to: CivilDate(year: asOf.year, month: 12, day: 31), remaining: required - thisYear)
        case .asNecessary, .permanent:
            break
        }
        return report
    }
}
