import Foundation

/// Where a Member State stands on a priority area in a year's implementation report.
public enum ImplementationStatus: String, Codable, Sendable, CaseIterable {
    case implemented, inProgress, planned, nothingToReport
    /// Nothing new since an earlier year's report, which is carried forward.
    case nothingNew
}

/// Where a state stands on one measure of the Catalogue in force, within a part of its report.
public struct MeasureReport: Sendable, Equatable {
    /// The measure's number in the edition in force.
    public var number: String
    public var status: ImplementationStatus
    public var note: String?

    public init(number: String, status: ImplementationStatus, note: String? = nil) {
        self.number = number
        self.status = status
        self.note = note
    }
}

/// One part of a report: a priority area, where the state stands, what it says, and who may read it; and, where the
/// edition in force has measures in the area, where it stands on each it reports on (read by the part's readers).
public struct ReportPart: Sendable, Equatable {
    public var priorityArea: String
    public var status: ImplementationStatus
    /// For `nothingNew`: the earlier year whose part is carried forward.
    public var since: Int?
    public var narrative: String?
    public var visibility: AccessLevel
    public var measures: [MeasureReport]

    public init(priorityArea: String, status: ImplementationStatus, since: Int? = nil, narrative: String? = nil, visibility: AccessLevel = .public,
                measures: [MeasureReport] = []) {
        self.priorityArea = priorityArea
        self.status = status
        self.since = since
        self.narrative = narrative
        self.visibility = visibility
        self.measures = measures
    }
}

/// A measure's line of a part as a form or the API sends it.
public struct MeasureReportFields: Sendable, Equatable {
    public var number: String?
    public var status: String?
    public var note: String?
    public init(number: String?, status: String?, note: String? = nil) {
        self.number = given(number)
        self.status = given(status)
        self.note = given(note)
    }
}

/// A Member State's yearly report on its implementation of the Catalogue, part by priority area.
public struct ImplementationReport: Sendable, Equatable {
    public var state: String
    public var year: Int
    public var parts: [ReportPart]
    /// When and by whom it was first submitted.
    public var submitted: Stamp
    /// When it was last changed, if it was.
    public var edited: Date?
    /// First submitted after the year's deadline: accepted, and marked so.
    public var late: Bool

    public init(state: String, year: Int, parts: [ReportPart], submitted: Stamp, edited: Date? = nil, late: Bool) {
        self.state = state
        self.year = year
        self.parts = parts
        self.submitted = submitted
        self.edited = edited
        self.late = late
    }
}

/// A part as a form or the API sends it; a blank field counts as an absent one.
public struct ReportPartFields: Sendable, Equatable {
    public var priorityArea: String?
    public var status: String?
    public var since: String?
    public var narrative: String?
    public var visibility: String?
    public var measures: [MeasureReportFields]

    public init(priorityArea: String?, status: String?, since: String? = nil, narrative: String? = nil, visibility: String? = nil,
                measures: [MeasureReportFields] = []) {
        self.priorityArea = given(priorityArea)
        self.status = given(status)
        self.since = given(since)
        self.narrative = given(narrative)
        self.visibility = given(visibility)
        self.measures = measures
    }
}

/// The rules of the yearly implementation reports: what a report must be, when it is late, what it carries forward, and
/// who may read each part. Pure: the store loads what they need, calls them and writes what they return.
public enum ReportingRules {
    public static let maximumNarrative = 10_000
    public static let maximumMeasureNote = 2_000
    /// A report has at most one part per priority area; more than this many parts is not a report.
    public static let maximumParts = 40
    /// The first year reports are taken for: the Catalogue was adopted in 2004.
    public static let firstYear = 2004

    /// A year's deadline: the day the Secretariat set, or else 31 March of the year after (the platform's default,
    /// docs/catalogue.md).
    public static func deadline(of year: Int, set: CivilDate?) -> CivilDate {
        set ?? CivilDate(year: year + 1, month: 3, day: 31)
    }

    /// The deadline the Secretariat sets for a year: a day, in the year itself or later.
    public static func deadline(_ text: String?, for year: Int, today: CivilDate) throws(InvalidInput) -> CivilDate {
        // A deadline is set for a year that has begun or for the next one.
        guard (firstYear...(today.year + 1)).contains(year) else {
            throw InvalidInput(field: "year", reason: Message("reason.report.year", ["first": "\(firstYear)", "last": "\(today.year + 1)"]))
        }
        let day = try MeetingRules.day(given(text), field: "deadline")
        guard day.year > year else { throw InvalidInput(field: "deadline", reason: Message("reason.report.deadlineBefore", ["year": "\(year)"])) }
        return day
    }

    /// What a report is checked against.
    public struct Context: Sendable {
        public var areas: [String]
        public var memberStates: Set<String>
        /// The state's earlier reports, by year.
        public var earlier: [Int: ImplementationReport]
        public var deadline: CivilDate
        /// The measures of the edition in force, by priority area, in number order.
        public var measures: [String: [String]]
        public init(areas: [String], memberStates: Set<String>, earlier: [Int: ImplementationReport], deadline: CivilDate, measures: [String: [String]] = [:]) {
            self.areas = areas
            self.memberStates = memberStates
            self.earlier = earlier
            self.deadline = deadline
            self.measures = measures
        }
    }

    /// A state's report for a year from the parts sent, replacing `existing` (which keeps its first submission and
    /// whether it was late). Every problem is named at once, each part by its priority area.
    public static func report(state: String, year: Int, parts: [ReportPartFields], existing: ImplementationReport?, context: Context,
                              today: CivilDate, stamp: Stamp) throws -> ImplementationReport {
        guard context.memberStates.contains(state) else {
            throw InvalidInput(field: "state", reason: Message("reason.report.memberState", ["state": .text(state)]))
        }
        var found = FieldErrors()
        if !(firstYear...today.year).contains(year) {
            found.errors.append(FieldError(field: "year", reason: Message("reason.report.year", ["first": "\(firstYear)", "last": "\(today.year)"])))
        }
        if parts.isEmpty { found.errors.append(FieldError(field: "parts", reason: Message("reason.report.noParts"))) }
        guard parts.count <= maximumParts else {
            throw InvalidInput(field: "parts", reason: Message("reason.report.tooMany", ["maximum": "\(maximumParts)"]))
        }
        var checked: [ReportPart] = []
        var seen: Set<String> = []
        for fields in parts {
            guard let area = fields.priorityArea, context.areas.contains(area) else {
                found.errors.append(FieldError(field: "parts", reason: Message("reason.report.area", ["area": .text(fields.priorityArea ?? "")])))
                continue
            }
            guard seen.insert(area).inserted else {
                found.errors.append(FieldError(field: "parts", reason: Message("reason.report.twice", ["area": .priorityArea(area)])))
                continue
            }
            var partFound = FieldErrors()
            defer {
                found.errors += partFound.errors.map {
                    FieldError(field: "parts", reason: Message("reason.report.part", ["area": .priorityArea(area), "field": .message(label($0.field)), "reason": .message($0.reason)]))
                }
            }
            guard let status = fields.status.flatMap(ImplementationStatus.init(rawValue:)) else {
                partFound.errors.append(FieldError(field: "status", reason: Message("reason.meeting.oneOf", ["values": .text(ImplementationStatus.allCases.map(\.rawValue).joined(separator: ", "))])))
                continue
            }
            guard let visibility = AccessLevel(rawValue: fields.visibility ?? AccessLevel.public.rawValue) else {
                partFound.errors.append(FieldError(field: "visibility", reason: Message("reason.meeting.oneOf", ["values": .text(AccessLevel.allCases.map(\.rawValue).joined(separator: ", "))])))
                continue
            }
            let narrative = partFound.attempt { () throws(InvalidInput) in
                try MeetingRules.text(fields.narrative, field: "narrative", maximum: maximumNarrative, required: false, multiline: true)
            } ?? nil
            var since: Int? = nil
            if status == .nothingNew {
                // Carried forward from an earlier report of the state that has a part for the area.
                since = fields.since.flatMap { Int($0) }
                let earlierPart = since.flatMap { y in y < year ? context.earlier[y]?.parts.first { $0.priorityArea == area } : nil }
                if let earlierPart {
                    // A part may not point readers at an earlier part they may not read: the earlier one must be at
                    // least as widely readable.
                    if rank(earlierPart.visibility) > rank(visibility) {
                        partFound.errors.append(FieldError(field: "visibility", reason: Message("reason.report.narrowerEarlier",
                                                                                                ["year": "\(since ?? 0)", "visibility": .message(Message("reports.visibility.\(earlierPart.visibility.rawValue)"))])))
                    }
                } else {
                    let years = context.earlier.keys.filter { $0 < year && context.earlier[$0]!.parts.contains { $0.priorityArea == area } }.sorted()
                    partFound.errors.append(FieldError(field: "since", reason: years.isEmpty ? Message("reason.report.nothingEarlier")
                                                       : Message("reason.report.since", ["years": .text(years.map(String.init).joined(separator: ", "))])))
                }
            }
            let measures = self.measures(fields.measures, of: context.measures[area] ?? [], found: &partFound)
            if partFound.errors.isEmpty {
                checked.append(ReportPart(priorityArea: area, status: status, since: since, narrative: narrative, visibility: visibility, measures: measures))
            }
        }
        guard found.errors.isEmpty else { throw InvalidInput(found.errors) }
        let ordered = checked.sorted { (context.areas.firstIndex(of: $0.priorityArea) ?? 0) < (context.areas.firstIndex(of: $1.priorityArea) ?? 0) }
        if let existing {
            guard existing.parts != ordered else { throw InvalidInput(field: "parts", reason: Message("reason.report.nothingChanged")) }
            return ImplementationReport(state: state, year: year, parts: ordered, submitted: existing.submitted, edited: stamp.at, late: existing.late)
        }
        return ImplementationReport(state: state, year: year, parts: ordered, submitted: stamp, late: today > context.deadline)
    }

    /// A part's lines on measures: each a measure of the edition in force in the part's area, once, with a status (a
    /// measure has no earlier report to carry forward) and a note; in the edition's order.
    static func measures(_ lines: [MeasureReportFields], of known: [String], found: inout FieldErrors) -> [MeasureReport] {
        var result: [MeasureReport] = []
        for line in lines {
            guard let number = line.number, known.contains(number) else {
                found.errors.append(FieldError(field: "measures", reason: Message("reason.report.measure", ["number": .text(line.number ?? ""),
                                                                                                               "numbers": .text(known.isEmpty ? "—" : known.joined(separator: ", "))])))
                continue
            }
            guard !result.contains(where: { $0.number == number }) else {
                found.errors.append(FieldError(field: "measures", reason: Message("reason.report.measureTwice", ["number": .text(number)])))
                continue
            }
            let allowed = ImplementationStatus.allCases.filter { $0 != .nothingNew }
            guard let status = line.status.flatMap(ImplementationStatus.init(rawValue:)), allowed.contains(status) else {
                found.errors.append(FieldError(field: "measures", reason: Message("reason.report.measureStatus", ["number": .text(number),
                                                                                                                     "values": .text(allowed.map(\.rawValue).joined(separator: ", "))])))
                continue
            }
            guard let note = found.attempt({ () throws(InvalidInput) in
                try MeetingRules.text(line.note, field: "measures", maximum: maximumMeasureNote, required: false, multiline: true)
            }) else { continue }
            result.append(MeasureReport(number: number, status: status, note: note))
        }
        return result.sorted { (known.firstIndex(of: $0.number) ?? 0) < (known.firstIndex(of: $1.number) ?? 0) }
    }

    /// How narrow a visibility is: everyone 0, the Member States 1, the Secretariat 2.
    static func rank(_ level: AccessLevel) -> Int { AccessLevel.allCases.firstIndex(of: level) ?? 0 }

    /// Whether a reader may read every part of a report, and so its history: when it was filed and changed, and whether
    /// late. A reader who may read only some parts sees those parts alone, so that the timing of parts they may not read
    /// tells them nothing.
    public static func readsWhole(_ report: ImplementationReport, by principal: Principal) -> Bool {
        readable(report, by: principal).count == report.parts.count
    }

    /// A part's field as the report's form labels it.
    static func label(_ field: String) -> Message {
        switch field {
        case "status": Message("reports.statusLabel")
        case "since": Message("reports.sinceLabel")
        case "narrative": Message("reports.narrative")
        case "measures": Message("reports.measures")
        default: Message("reports.visibilityLabel")
        }
    }

    /// Whether someone may read a part of a state's report: a public part, anyone; a part for the Member States, their
    /// delegates and the Secretariat; a part for the Secretariat, the Secretariat and the delegates of the state that
    /// wrote it.
    public static func mayRead(_ visibility: AccessLevel, of state: String, _ principal: Principal) -> Bool {
        if Readership.may(principal, read: visibility) { return true }
        return visibility == .secretariat && principal.roles.contains(.delegate(state: state))
    }

    /// The parts of a report the reader may read; the rest are not shown, nor counted.
    public static func readable(_ report: ImplementationReport, by principal: Principal) -> [ReportPart] {
        report.parts.filter { mayRead($0.visibility, of: report.state, principal) }
    }

    /// The part an earlier report carries into this one, when the part says nothing new since then.
    public static func carried(_ part: ReportPart, earlier: [Int: ImplementationReport]) -> ReportPart? {
        guard part.status == .nothingNew, let since = part.since else { return nil }
        return earlier[since]?.parts.first { $0.priorityArea == part.priorityArea }
    }

    /// The Member States that have not reported for the year, in code order.
    public static func missing(memberStates: Set<String>, reports: [ImplementationReport]) -> [String] {
        memberStates.subtracting(reports.map(\.state)).sorted()
    }
}
