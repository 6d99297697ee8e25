import Foundation

/// A task the Senior Officials Committee gives the Special Working Group, with its deadline, and the Group's report
/// back to the Committee once it has done it.
public struct Mandate: Sendable, Equatable {
    public var id: String
    public var task: String
    public var deadline: CivilDate
    /// The Committee's decision that gives it, by id, if it was given by one on the platform.
    public var decision: String?
    public var given: Stamp
    /// The Group's report, a registry document, by id.
    public var report: String?
    public var reportedOn: CivilDate?

    public init(id: String, task: String, deadline: CivilDate, decision: String?, given: Stamp, report: String? = nil, reportedOn: CivilDate? = nil) {
        self.id = id
        self.task = task
        self.deadline = deadline
        self.decision = decision
        self.given = given
        self.report = report
        self.reportedOn = reportedOn
    }

    public enum Status: String, Sendable, CaseIterable {
        /// Given, and its deadline has not passed.
        case open
        /// Its deadline passed without a report.
        case overdue
        /// The Group has reported.
        case reported
    }

    public func status(on today: CivilDate) -> Status {
        if report != nil { return .reported }
        return today > deadline ? .overdue : .open
    }
}

/// Where the follow-up of one of the Committee's decisions stands.
public enum FollowUpStatus: String, Codable, Sendable, CaseIterable {
    case pending, inProgress, done
}

/// The follow-up of an adopted decision of the Committee.
public struct FollowUp: Sendable, Equatable {
    public var decision: String
    public var status: FollowUpStatus
    public var note: String?
    public var updated: Stamp
    public init(decision: String, status: FollowUpStatus, note: String?, updated: Stamp) {
        self.decision = decision
        self.status = status
        self.note = note
        self.updated = updated
    }
}

/// The rules of mandates and follow-up. Pure: the store reads the decision or document named and writes what they return.
public enum MandateRules {
    public static let maximumTask = 2000
    public static let giving = "senior-officials-committee"
    public static let mandated = "special-working-group"

    /// A mandate given by the Committee: a task, a deadline not in the past, and the Committee's adopted decision if named.
    public static func give(task: String?, deadline: String?, decision: DecisionFacts?, named: String?, id: String, today: CivilDate, stamp: Stamp) throws(InvalidInput) -> Mandate {
        var found = FieldErrors()
        let task = found.attempt { () throws(InvalidInput) in try MeetingRules.text(task, field: "task", maximum: maximumTask, required: true, multiline: true) } ?? nil
        let deadline = found.attempt { () throws(InvalidInput) in try MeetingRules.day(deadline, field: "deadline") }
        if let deadline, deadline < today {
            found.errors.append(FieldError(field: "deadline", reason: Message("reason.mandate.deadlinePast")))
        }
        if named != nil, !(decision.map { $0.organ == giving && $0.status == .adopted } ?? false) {
            found.errors.append(FieldError(field: "decision", reason: Message("reason.admission.recommendation")))
        }
        guard found.errors.isEmpty, let task, let deadline else { throw InvalidInput(found.errors) }
        return Mandate(id: id, task: task, deadline: deadline, decision: decision?.id, given: stamp)
    }

    /// The Group's report on a mandate: a registry document, once.
    public static func report(_ mandate: Mandate, document: Document?, today: CivilDate) throws -> Mandate {
        guard mandate.report == nil else { throw StepRefusal(Message("refusal.mandate.reported")) }
        // The Group's report: a document of the Special Working Group.
        guard let document, document.organ == mandated else { throw InvalidInput(field: "document", reason: Message("reason.mandate.document")) }
        var reported = mandate
        reported.report = document.id
        reported.reportedOn = today
        return reported
    }

    /// The follow-up of an adopted decision of the Committee.
    public static func followUp(decision: DecisionFacts?, named: String?, status: String?, note: String?, stamp: Stamp) throws(InvalidInput) -> FollowUp {
        var found = FieldErrors()
        if !(decision.map { $0.organ == giving && $0.status == .adopted } ?? false) {
            found.errors.append(FieldError(field: "decision", reason: Message("reason.followUp.decision", ["decision": .text(named ?? "")])))
        }
        let status = found.attempt { () throws(InvalidInput) in try MeetingRules.choice(status, FollowUpStatus.self, field: "status") }
        let note = found.attempt { () throws(InvalidInput) in try MeetingRules.text(note, field: "note", maximum: maximumTask, required: false, multiline: true) } ?? nil
        guard found.errors.isEmpty, let decision, let status else { throw InvalidInput(found.errors) }
        return FollowUp(decision: decision.id, status: status, note: note, updated: stamp)
    }
}
