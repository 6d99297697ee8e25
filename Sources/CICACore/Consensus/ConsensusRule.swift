import Foundation

/// Why a position cannot be taken.
public enum PositionError: Error, Equatable, Sendable {
    case notOpen(DecisionStatus)
    case notCurrentVersion(current: Int)
    case deadlinePassed(Date)
    case notAMemberState(String)
    case reasonRequired
    case reasonOnlyForObjection
    case statementOnlyWithoutObjection
    case statementKindRequired
    case statementTextRequired
}

/// The rules of consensus: who may take what position, and what the positions decide.
public enum ConsensusRule {
    /// Checks a position before it is recorded.
    public static func check(kind: PositionKind, statementKind: StatementKind?, statement: String?, reason: String?,
                             status: DecisionStatus, currentVersion: Int, version: Int, procedure: Procedure, now: Date,
                             state: String, memberStates: Set<String>) throws(PositionError) {
        guard status == .open else { throw .notOpen(status) }
        guard version == currentVersion else { throw .notCurrentVersion(current: currentVersion) }
        if let deadline = procedure.deadline, now >= deadline { throw .deadlinePassed(deadline) }
        guard memberStates.contains(state) else { throw .notAMemberState(state) }
        let hasReason = !(reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        let hasStatement = !(statement?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        switch kind {
        case .objects:
            guard hasReason else { throw .reasonRequired }
            guard statementKind == nil && !hasStatement else { throw .statementOnlyWithoutObjection }
        case .noObjection:
            guard !hasReason else { throw .reasonOnlyForObjection }
            if statementKind != nil && !hasStatement { throw .statementTextRequired }
            if hasStatement && statementKind == nil { throw .statementKindRequired }
        case .joins:
            guard !hasReason else { throw .reasonOnlyForObjection }
            guard statementKind == nil && !hasStatement else { throw .statementOnlyWithoutObjection }
        }
    }

    /// The current position of each state on `version`: the latest taken.
    public static func current(_ positions: [Position], on version: Int) -> [String: Position] {
        var result: [String: Position] = [:]
        for position in positions where position.version == version {
            if let existing = result[position.state], existing.takenAt > position.takenAt { continue }
            result[position.state] = position
        }
        return result
    }

    /// The states that object on `version`.
    public static func objections(_ positions: [Position], on version: Int) -> [String] {
        current(positions, on: version).values.filter { $0.kind == .objects }.map(\.state).sorted()
    }

    /// What a close decides: adopted if and only if no objection stands on the final version.
    public static func outcome(positions: [Position], finalVersion: Int) -> DecisionStatus {
        objections(positions, on: finalVersion).isEmpty ? .adopted : .notAdopted
    }
}

/// The silence procedure: adopted at the deadline unless a Member State breaks silence by objecting.
public enum SilenceProcedure {
    public enum State: Equatable, Sendable {
        /// Circulated; the deadline has not come and nobody objects.
        case running(deadline: Date)
        /// A Member State objected before the deadline: not adopted (it can be revised and circulated again).
        case broken(by: [String])
        /// The deadline came with no objection: adopted.
        case elapsed
    }

    public static func state(deadline: Date, positions: [Position], version: Int, now: Date) -> State {
        let objections = ConsensusRule.objections(positions.filter { $0.takenAt < deadline }, on: version)
        if !objections.isEmpty { return .broken(by: objections) }
        return now >= deadline ? .elapsed : .running(deadline: deadline)
    }

    /// The Member States not notified of the circulation that took no position on the final version: they cannot be
    /// counted as silent.
    public static func unaware(notNotified: [String], positions: [Position], version: Int) -> [String] {
        let answered = Set(positions.filter { $0.version == version }.map(\.state))
        return notNotified.filter { !answered.contains($0) }
    }

    /// Whether the procedure must be closed now, and with what outcome.
    public static func due(deadline: Date, positions: [Position], version: Int, now: Date) -> DecisionStatus? {
        switch state(deadline: deadline, positions: positions, version: version, now: now) {
        case .running: nil
        case .broken: .notAdopted
        case .elapsed: .adopted
        }
    }
}

/// What may be done to a draft in each status.
public enum DecisionStep: String, Sendable, CaseIterable {
    case revise, table, circulate, takePosition, proposeAmendment, close, withdraw

    /// Whether the step is possible in `status`; closed decisions never change.
    public func isPossible(in status: DecisionStatus) -> Bool {
        switch (self, status) {
        case (_, .adopted), (_, .notAdopted), (_, .withdrawn): false
        case (.revise, _), (.withdraw, _): true
        case (.table, .drafting), (.circulate, .drafting): true
        case (.takePosition, .open), (.proposeAmendment, .open), (.close, .open): true
        default: false
        }
    }
}
