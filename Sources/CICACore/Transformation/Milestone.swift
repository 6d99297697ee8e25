import Foundation

/// Where a milestone of the Road Map stands.
public enum MilestoneStatus: String, Codable, Sendable, CaseIterable {
    case planned, inProgress, done, dropped
}

/// A milestone of one of the Road Map's areas, entered by the Secretariat: what is to be done by when, where it stands,
/// when it was done, and the decisions and documents that did it.
public struct Milestone: Sendable, Equatable {
    public var id: String
    /// The Road Map area's number (1 to 8).
    public var area: Int
    public var title: String
    public var due: CivilDate?
    public var status: MilestoneStatus
    public var done: CivilDate?
    public var decisions: [String]
    public var documents: [String]
    public var recorded: Stamp

    public init(id: String, area: Int, title: String, due: CivilDate?, status: MilestoneStatus, done: CivilDate?, decisions: [String],
                documents: [String], recorded: Stamp) {
        self.id = id
        self.area = area
        self.title = title
        self.due = due
        self.status = status
        self.done = done
        self.decisions = decisions
        self.documents = documents
        self.recorded = recorded
    }

    /// Late: not done nor dropped, and its due day has passed.
    public func isLate(today: CivilDate) -> Bool {
        guard let due, status == .planned || status == .inProgress else { return false }
        return due < today
    }
}

/// A milestone as a form or the API sends it; a blank field counts as an absent one.
public struct MilestoneFields: Sendable, Equatable {
    public var area: String?
    public var title: String?
    public var due: String?
    public var status: String?
    public var done: String?
    /// Decision ids and document ids, separated by commas, spaces or lines. For these and `due`, absent (nil) keeps what
    /// a milestone had, and empty clears it.
    public var decisions: String?
    public var documents: String?

    public init(area: String? = nil, title: String? = nil, due: String? = nil, status: String? = nil, done: String? = nil, decisions: String? = nil,
                documents: String? = nil) {
        self.area = given(area)
        self.title = given(title)
        self.due = due?.trimmingCharacters(in: .whitespaces)
        self.status = given(status)
        self.done = given(done)
        self.decisions = decisions
        self.documents = documents
    }
}

/// How far an area (or the whole Road Map) has come: milestones done of those not dropped.
public struct RoadMapProgress: Sendable, Equatable {
    public var total: Int
    public var done: Int
    public var inProgress: Int
    public var late: Int
    public var dropped: Int

    /// The milestones that count: all but the dropped.
    public var counted: Int { total - dropped }
    /// Done of those that count, 0 to 100, rounded down; nil when none counts.
    public var percent: Int? { counted == 0 ? nil : done * 100 / counted }
}

/// The Road Map's milestones: what a milestone must be, and the progress they make. Pure: the store loads what they
/// need, calls them and writes what they return.
public enum RoadMapRules {
    public static let maximumTitle = 300
    public static let maximumLinks = 20

    /// What a milestone is checked against: the areas, and the decisions and documents that exist (and that the
    /// Secretariat may name).
    public struct Context: Sendable {
        public var areas: Set<Int>
        public var decisions: Set<String>
        public var documents: Set<String>
        /// Symbols by which a decision or a document may be named, to its id (`CICA/SOC/DEC/2026/1` → the decision's id).
        public var decisionSymbols: [String: String]
        public var documentSymbols: [String: String]
        public init(areas: Set<Int>, decisions: Set<String>, documents: Set<String>, decisionSymbols: [String: String] = [:],
                    documentSymbols: [String: String] = [:]) {
            self.areas = areas
            self.decisions = decisions
            self.documents = documents
            self.decisionSymbols = decisionSymbols
            self.documentSymbols = documentSymbols
        }
    }

    /// A new milestone, or `existing` changed, from the fields; every problem named at once. A milestone is done on a
    /// day not in the future, and only a done one has that day.
    public static func milestone(_ fields: MilestoneFields, existing: Milestone? = nil, context: Context, id: String, today: CivilDate,
                                 stamp: Stamp) throws(InvalidInput) -> Milestone {
        var found = FieldErrors()
        var area: Int? = existing?.area
        if let text = fields.area ?? existing.map({ String($0.area) }) {
            area = Int(text).flatMap { context.areas.contains($0) ? $0 : nil }
            if area == nil {
                found.errors.append(FieldError(field: "area", reason: Message("reason.milestone.area", ["areas": .text(context.areas.sorted().map(String.init).joined(separator: ", "))])))
            }
        } else {
            found.errors.append(FieldError(field: "area", reason: Message("reason.milestone.areaMissing")))
        }
        let title = found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.title ?? existing?.title, field: "title", maximum: maximumTitle, required: true)
        } ?? nil
        let due: CivilDate?
        switch fields.due {
        case nil: due = existing?.due
        case ""?: due = nil
        case let text?: due = found.attempt { () throws(InvalidInput) in try MeetingRules.day(text, field: "due") }
        }
        var status: MilestoneStatus? = existing?.status ?? .planned
        if let text = fields.status {
            status = MilestoneStatus(rawValue: text)
            if status == nil {
                found.errors.append(FieldError(field: "status", reason: Message("reason.meeting.oneOf", ["values": .text(MilestoneStatus.allCases.map(\.rawValue).joined(separator: ", "))])))
            }
        }
        var done: CivilDate? = fields.done == nil ? existing?.done : found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.done, field: "done") }
        if status == .done {
            if done == nil, !found.errors.contains(where: { $0.field == "done" }) {
                found.errors.append(FieldError(field: "done", reason: Message("reason.milestone.doneMissing")))
            }
            if let day = done, day > today { found.errors.append(FieldError(field: "done", reason: Message("reason.milestone.doneFuture"))) }
        } else if status != nil {
            // Only a done milestone has a day it was done on.
            if fields.done != nil { found.errors.append(FieldError(field: "done", reason: Message("reason.milestone.doneNotDone"))) }
            done = nil
        }
        let decisions = links(fields.decisions, existing: existing?.decisions, known: context.decisions, symbols: context.decisionSymbols, field: "decisions", found: &found)
        let documents = links(fields.documents, existing: existing?.documents, known: context.documents, symbols: context.documentSymbols, field: "documents", found: &found)
        guard found.errors.isEmpty, let area, let title, let status else { throw InvalidInput(found.errors) }
        let milestone = Milestone(id: existing?.id ?? id, area: area, title: title, due: due, status: status, done: done, decisions: decisions,
                                  documents: documents, recorded: existing?.recorded ?? stamp)
        if let existing, milestone == existing { throw InvalidInput(field: "status", reason: Message("reason.milestone.nothingChanged")) }
        return milestone
    }

    /// Ids from a list of ids or symbols, each known; the earlier list when none is sent.
    static func links(_ text: String?, existing: [String]?, known: Set<String>, symbols: [String: String], field: String, found: inout FieldErrors) -> [String] {
        guard let text else { return existing ?? [] }
        var ids: [String] = []
        for named in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init) {
            let id = known.contains(named) ? named : symbols[named].flatMap { known.contains($0) ? $0 : nil } ?? named
            if !ids.contains(id) { ids.append(id) }
        }
        if ids.count > maximumLinks {
            found.errors.append(FieldError(field: field, reason: Message("reason.milestone.tooManyLinks", ["maximum": "\(maximumLinks)"])))
        }
        for id in ids where !known.contains(id) {
            found.errors.append(FieldError(field: field, reason: Message("reason.milestone.unknown.\(field)", ["id": .text(id)])))
        }
        return ids
    }

    /// The progress of some milestones on a day.
    public static func progress(_ milestones: [Milestone], today: CivilDate) -> RoadMapProgress {
        RoadMapProgress(total: milestones.count, done: milestones.filter { $0.status == .done }.count,
                        inProgress: milestones.filter { $0.status == .inProgress }.count,
                        late: milestones.filter { $0.isLate(today: today) }.count, dropped: milestones.filter { $0.status == .dropped }.count)
    }
}
