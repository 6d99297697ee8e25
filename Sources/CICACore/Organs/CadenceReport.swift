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
        }
        public var year: Int
        public var count: Int
        public var status: Status
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

    /// Evaluates `rule` against `meetings` (of one organ) as of the day `asOf`.
    public static func evaluate(_ rule: CadenceRule, meetings: [Meeting], asOf: CivilDate) -> CadenceReport {
        let counted = meetings
            .filter { $0.start != nil && (rule.kind == .everyYears ? $0.kind == .regular : true) }
            .sorted { $0.start! < $1.start! }
        let held = counted.filter { $0.status == .held && $0.start!.earliest <= asOf }
        let planned = counted.first { $0.status == .planned }
        var report = CadenceReport(rule: rule, lastMeeting: held.last?.id, lastMeetingDate: held.last?.start,
                                   nextDue: nil, plannedMeeting: planned?.id, overdue: false, intervals: [], years: [])
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
            }
        case .atLeast:
            guard let required = rule.count, let first = held.first?.start?.year else { return report }
            report.years = (first...asOf.year).map { year in
                let count = held.filter { $0.start!.year == year }.count
                let status: Year.Status
                if count >= required { status = .met }
                else if year == asOf.year { status = .inProgress }
                else if count == 0 { status = .noneRecorded }
                else { status = .fewerThanRequired }
                return Year(year: year, count: count, status: status)
            }
        case .asNecessary, .permanent:
            break
        }
        return report
    }
}
