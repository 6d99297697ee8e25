import Foundation

/// What kind of event an activity of a priority area is.
public enum ActivityKind: String, Codable, Sendable, CaseIterable {
    case workshop, seminar, training, conference, expertMeeting, otherEvent
}

/// Where an activity stands: proposed (by a coordinating state's delegate, or planned by the Secretariat), held (with
/// its outcome), or cancelled.
public enum ActivityStatus: String, Codable, Sendable, CaseIterable {
    case proposed, held, cancelled
}

/// An activity of a priority area — a workshop, a seminar, a training — with its days, the Member State that hosts it,
/// the states and organizations taking part, and its outcome once held.
public struct AreaActivity: Sendable, Equatable {
    public var id: String
    public var priorityArea: String
    public var kind: ActivityKind
    public var title: String
    public var start: CivilDate
    public var end: CivilDate
    public var host: String?
    /// Member States and observers taking part (codes and ids).
    public var participants: [String]
    public var status: ActivityStatus
    /// What came of it (held), or why it did not take place (cancelled).
    public var outcome: String?
    /// The coordinating state whose delegate proposed it; nil when the Secretariat recorded it.
    public var proposedBy: String?
    public var recorded: Stamp

    public init(id: String, priorityArea: String, kind: ActivityKind, title: String, start: CivilDate, end: CivilDate, host: String?, participants: [String],
                status: ActivityStatus, outcome: String?, proposedBy: String?, recorded: Stamp) {
        self.id = id
        self.priorityArea = priorityArea
        self.kind = kind
        self.title = title
        self.start = start
        self.end = end
        self.host = host
        self.participants = participants
        self.status = status
        self.outcome = outcome
        self.proposedBy = proposedBy
        self.recorded = recorded
    }

    /// The states and organizations active in it: its host and those taking part.
    public var active: Set<String> { Set(participants + (host.map { [$0] } ?? [])) }
}

/// An activity as a form or the API sends it; a blank field counts as an absent one.
public struct ActivityFields: Sendable, Equatable {
    public var kind: String?
    public var title: String?
    public var start: String?
    public var end: String?
    public var host: String?
    /// Codes and ids separated by commas, spaces or lines.
    public var participants: String?
    public var status: String?
    /// Absent (nil) keeps an activity's outcome; empty clears it.
    public var outcome: String?

    public init(kind: String? = nil, title: String? = nil, start: String? = nil, end: String? = nil, host: String? = nil, participants: String? = nil,
                status: String? = nil, outcome: String? = nil) {
        self.kind = given(kind)
        self.title = given(title)
        self.start = given(start)
        self.end = given(end)
        self.host = given(host)
        self.participants = participants
        self.status = given(status)
        self.outcome = outcome?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The rules of a priority area's activities. A delegate of a state that coordinates or co-coordinates the area proposes
/// one on its state's behalf; the Secretariat records any, and records what came of it. Pure.
public enum ActivityRules {
    public static let maximumTitle = 300
    public static let maximumOutcome = 10_000
    public static let maximumParticipants = 80

    /// What an activity is checked against.
    public struct Context: Sendable {
        public var areas: Set<String>
        public var memberStates: Set<String>
        /// Observer states' codes and observer organizations' ids.
        public var observers: Set<String>
        /// The area's running coordination terms.
        public var running: [CoordinationTerm]
        public init(areas: Set<String>, memberStates: Set<String>, observers: Set<String>, running: [CoordinationTerm]) {
            self.areas = areas
            self.memberStates = memberStates
            self.observers = observers
            self.running = running
        }
    }

    /// A proposal by a delegate of `state`: the state coordinates or co-coordinates the area now; the activity is
    /// proposed (its outcome comes later, from the Secretariat).
    public static func propose(_ fields: ActivityFields, area: String, by state: String, context: Context, id: String, today: CivilDate,
                               stamp: Stamp) throws -> AreaActivity {
        guard context.areas.contains(area) else {
            throw InvalidInput(field: "priorityArea", reason: Message("reason.therePriorityArea", ["priorityArea": .text(area)]))
        }
        guard context.running.contains(where: { $0.priorityArea == area && $0.state == state && $0.isRunning }) else {
            throw StepRefusal(Message("refusal.activity.notCoordinating", ["state": .country(state), "area": .priorityArea(area)]))
        }
        if let status = fields.status, status != ActivityStatus.proposed.rawValue {
            throw InvalidInput(field: "status", reason: Message("reason.activity.proposedOnly"))
        }
        var activity = try record(fields, area: area, context: context, id: id, today: today, stamp: stamp)
        activity.proposedBy = state
        return activity
    }

    /// An activity the Secretariat records, or `existing` changed (its outcome recorded, its days moved); every problem
    /// named at once. A held activity has ended by today and says what came of it; a proposed one has no outcome yet.
    public static func record(_ fields: ActivityFields, existing: AreaActivity? = nil, area: String, context: Context, id: String, today: CivilDate,
                              stamp: Stamp) throws(InvalidInput) -> AreaActivity {
        var found = FieldErrors()
        if existing == nil, !context.areas.contains(area) {
            found.errors.append(FieldError(field: "priorityArea", reason: Message("reason.therePriorityArea", ["priorityArea": .text(area)])))
        }
        let kind = found.attempt { () throws(InvalidInput) in
            try MeetingRules.choice(fields.kind ?? existing?.kind.rawValue, ActivityKind.self, field: "kind")
        }
        let title = found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.title ?? existing?.title, field: "title", maximum: maximumTitle, required: true)
        } ?? nil
        let start = fields.start == nil ? existing?.start : found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.start, field: "start") }
        if start == nil, fields.start == nil, existing == nil { found.errors.append(FieldError(field: "start", reason: Message("reason.meeting.day"))) }
        let end = fields.end == nil ? (existing?.end ?? start) : found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.end, field: "end") }
        if let start, let end, end < start { found.errors.append(FieldError(field: "end", reason: Message("reason.activity.endBeforeStart"))) }
        var host = existing?.host
        if let text = fields.host {
            let code = CountryCode.normalize(text) ?? text
            if context.memberStates.contains(code) { host = code } else {
                found.errors.append(FieldError(field: "host", reason: Message("reason.activity.host", ["state": .text(text)])))
            }
        }
        var participants = existing?.participants ?? []
        if let text = fields.participants {
            participants = []
            let named = text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            if named.count > maximumParticipants {
                // Not checked one by one: a list this long is refused as such, with one reason.
                found.errors.append(FieldError(field: "participants", reason: Message("reason.activity.tooMany", ["maximum": "\(maximumParticipants)"])))
            }
            for named in named.count > maximumParticipants ? [] : named {
                let code = CountryCode.normalize(named) ?? named
                let id = context.memberStates.contains(code) || context.observers.contains(code) ? code : named
                guard context.memberStates.contains(id) || context.observers.contains(id) else {
                    found.errors.append(FieldError(field: "participants", reason: Message("reason.activity.participant", ["state": .text(named)])))
                    continue
                }
                if !participants.contains(id) { participants.append(id) }
            }
        }
        let status = found.attempt { () throws(InvalidInput) in
            try MeetingRules.choice(fields.status ?? existing?.status.rawValue ?? ActivityStatus.proposed.rawValue, ActivityStatus.self, field: "status")
        }
        let outcome = fields.outcome == nil ? existing?.outcome : found.attempt { () throws(InvalidInput) in
            try MeetingRules.text(fields.outcome, field: "outcome", maximum: maximumOutcome, required: false, multiline: true)
        } ?? nil
        switch status {
        case .held?:
            if let end, end > today { found.errors.append(FieldError(field: "status", reason: Message("reason.activity.heldFuture"))) }
            if outcome == nil, !found.errors.contains(where: { $0.field == "outcome" }) {
                found.errors.append(FieldError(field: "outcome", reason: Message("reason.activity.outcomeMissing")))
            }
        case .proposed?:
            if outcome != nil { found.errors.append(FieldError(field: "outcome", reason: Message("reason.activity.outcomeProposed"))) }
        case .cancelled?, nil: break
        }
        guard found.errors.isEmpty, let kind, let title, let start, let end, let status else { throw InvalidInput(found.errors) }
        let activity = AreaActivity(id: existing?.id ?? id, priorityArea: existing?.priorityArea ?? area, kind: kind, title: title, start: start, end: end,
                                    host: host, participants: participants, status: status, outcome: outcome, proposedBy: existing?.proposedBy,
                                    recorded: existing?.recorded ?? stamp)
        if let existing, activity == existing { throw InvalidInput(field: "status", reason: Message("reason.measure.nothingChanged")) }
        return activity
    }

    /// Who was active in which area in a year: the host and those taking part in each activity held that year (by its
    /// first day).
    public static func active(_ activities: [AreaActivity], year: Int) -> Set<Coordination.Key> {
        var result: Set<Coordination.Key> = []
        for a in activities where a.status == .held && a.start.year == year {
            for state in a.active { result.insert(Coordination.Key(state: state, area: a.priorityArea)) }
        }
        return result
    }
}

extension Coordination {
    /// A state in an area.
    public struct Key: Sendable, Hashable {
        public var state: String
        public var area: String
        public init(state: String, area: String) {
            self.state = state
            self.area = area
        }
    }
}
