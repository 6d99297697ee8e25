import Foundation

/// A term of a Member State's coordination of a priority area: from when and until when, and the decisions that began
/// and ended it. A coordination the sources record without its start has no `from` ("not recorded in the sources").
public struct CoordinationTerm: Sendable, Equatable {
    public var id: String
    public var priorityArea: String
    public var state: String
    public var role: CoordinationRole
    public var from: CivilDate?
    public var until: CivilDate?
    /// The decision that began it; nil for a coordination of the shipped record.
    public var startedBy: String?
    /// The decision that ended it, if a decision did.
    public var endedBy: String?
    public var ending: CoordinationEnding?

    public init(id: String, priorityArea: String, state: String, role: CoordinationRole, from: CivilDate?, until: CivilDate? = nil,
                startedBy: String? = nil, endedBy: String? = nil, ending: CoordinationEnding? = nil) {
        self.id = id
        self.priorityArea = priorityArea
        self.state = state
        self.role = role
        self.from = from
        self.until = until
        self.startedBy = startedBy
        self.endedBy = endedBy
        self.ending = ending
    }

    /// Whether it is running: not ended.
    public var isRunning: Bool { ending == nil }
}

/// Why a coordination ended.
public enum CoordinationEnding: String, Codable, Sendable, CaseIterable {
    /// Another Member State became the area's coordinator.
    case replaced
    /// The same state took the other role in the area (a co-coordinator becoming coordinator).
    case roleChanged
    /// The state is no longer a Member State.
    case leftMembership
    /// The shipped record no longer lists it (the dataset was corrected).
    case recordChanged
}

/// The rules of coordination: only Member States coordinate, an area has at most one coordinator at a time, a state
/// holds one role in an area, and a state that leaves CICA ends its coordinations. Pure: the store loads the terms,
/// calls these and writes what they return.
public enum CoordinationRules {
    /// What a delegate's offer to coordinate is checked against.
    public struct Offer: Sendable, Equatable {
        public var state: String
        public var role: CoordinationRole
        public init(state: String, role: CoordinationRole) {
            self.state = state
            self.role = role
        }
    }

    /// A Member State's offer to coordinate or co-coordinate an area, checked before it becomes a draft decision of the
    /// Senior Officials Committee: the area exists; the state is a Member State; it does not already hold that role
    /// there; an area that has a coordinator takes offers to co-coordinate (a change of coordinator is the Committee's
    /// own draft); no draft for the same offer is already before the Committee.
    public static func offer(_ offer: Offer, area: String, areas: Set<String>, memberStates: Set<String>, running: [CoordinationTerm],
                             pending: [Offer]) throws -> AssignCoordinator {
        guard areas.contains(area) else {
            throw InvalidInput(field: "priorityArea", reason: Message("reason.therePriorityArea", ["priorityArea": .text(area)]))
        }
        guard memberStates.contains(offer.state) else {
            throw InvalidInput(field: "state", reason: Message("reason.memberStateOnlyMember", ["state": .text(offer.state)]))
        }
        let here = running.filter { $0.priorityArea == area && $0.isRunning }
        if here.contains(where: { $0.state == offer.state && $0.role == offer.role }) {
            throw StepRefusal(Message("refusal.coordination.already", ["state": .country(offer.state),
                                                                        "role": .message(Message("coordination.the.\(offer.role.rawValue)")),
                                                                        "area": .priorityArea(area)]))
        }
        if offer.role == .coordinator, let coordinator = here.first(where: { $0.role == .coordinator }) {
            throw StepRefusal(Message("refusal.coordination.hasCoordinator", ["state": .country(coordinator.state), "area": .priorityArea(area)]))
        }
        // One offer of a state per area at a time: a state holds one role in an area.
        if pending.contains(where: { $0.state == offer.state }) {
            throw StepRefusal(Message("refusal.coordination.pending", ["state": .country(offer.state), "area": .priorityArea(area)]))
        }
        do {
            return try AssignCoordinator(parameters: ["priorityArea": area, "state": offer.state, "role": offer.role.rawValue])
        } catch {
            throw InvalidInput(field: error.field, reason: error.reason)
        }
    }

    /// What adopting an assignment does to the terms: the state's running term in the area ends (its role changed), and
    /// so does the running coordinator's when the assignment names a new coordinator (replaced); the new term begins on
    /// the day of adoption, citing the decision.
    public static func assign(_ assign: AssignCoordinator, running: [CoordinationTerm], on day: CivilDate, decision: String,
                              newId: String) -> (ended: [CoordinationTerm], started: CoordinationTerm) {
        var ended: [CoordinationTerm] = []
        for term in running where term.priorityArea == assign.priorityArea && term.isRunning {
            var ending: CoordinationEnding? = nil
            if term.state == assign.state { ending = .roleChanged } else if assign.role == .coordinator && term.role == .coordinator { ending = .replaced }
            guard let ending else { continue }
            var closed = term
            closed.until = day
            closed.endedBy = decision
            closed.ending = ending
            ended.append(closed)
        }
        let started = CoordinationTerm(id: newId, priorityArea: assign.priorityArea, state: assign.state, role: assign.role, from: day,
                                       startedBy: decision)
        return (ended, started)
    }

    /// A state that is no longer a Member State ends every coordination it holds, on that day.
    public static func leave(state: String, running: [CoordinationTerm], on day: CivilDate, decision: String?) -> [CoordinationTerm] {
        running.filter { $0.state == state && $0.isRunning }.map { term in
            var closed = term
            closed.until = day
            closed.endedBy = decision
            closed.ending = .leftMembership
            return closed
        }
    }

    /// The current coordinations of an area from its running terms, the coordinator first, then co-coordinators as they
    /// began.
    public static func current(_ terms: [CoordinationTerm]) -> [Coordination] {
        terms.filter(\.isRunning).sorted { a, b in
            if a.role != b.role { return a.role == .coordinator }
            return (a.from ?? CivilDate(year: 1, month: 1, day: 1)) < (b.from ?? CivilDate(year: 1, month: 1, day: 1))
        }.map { Coordination(priorityArea: $0.priorityArea, state: $0.state, role: $0.role) }
    }
}

extension CoordinationRules {
    /// The draft decision an offer becomes, worded in `l`'s language: its title and text for the Senior Officials Committee.
    public static func draft(_ offer: Offer, area: String, localizer l: Localizer) -> (title: String, text: String) {
        let values: [String: Message.Value] = ["state": .country(offer.state), "area": .priorityArea(area)]
        return (l(Message("coordination.offer.title.\(offer.role.rawValue)", values)), l(Message("coordination.offer.text.\(offer.role.rawValue)", values)))
    }
}
