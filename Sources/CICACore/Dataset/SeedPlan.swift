/// A fact an adopted decision changed, and the decision that changed it.
public struct DecidedFact: Sendable, Hashable {
    public var subject: Subject
    /// The decision's symbol, as the record shows it.
    public var decision: String

    public init(subject: Subject, decision: String) {
        self.subject = subject
        self.decision = decision
    }

    /// The facts an adopted decision with `effect` changed, as its applier records them: for decisions adopted before
    /// decided facts were recorded. (The Secretary General an appointment replaced is not named by the effect, so only the
    /// new appointment is.)
    public static func subjects(of effect: any DecisionEffect, decision id: String) -> [Subject] {
        switch effect {
        case let admit as AdmitMemberState: [.memberState(admit.state), .observer(admit.state)]
        case let grant as GrantObserverStatus: [.observer(grant.id)]
        case let assign as AssignCoordinator: [.priorityArea(assign.priorityArea)]
        case is AppointSecretaryGeneral: [.appointment(AppointSecretaryGeneral.appointmentID(decision: id))]
        case is AdoptDocument: [.document(AdoptDocument.documentID(decision: id))]
        default: []
        }
    }
}

/// What a seed writes once decisions have changed the registry: every reference fact of the dataset, except those an
/// adopted decision decided. Decided state wins: the dataset adds and corrects what the sources say, but a Member State
/// admitted, an observer's status granted or ended, a coordinator assigned or a Secretary General appointed by decision
/// stays as decided, with the provenance the decision gave it, until another decision changes it.
public struct SeedPlan: Sendable {
    /// The dataset without the decided facts.
    public var dataset: ReferenceDataset
    /// The priority areas whose coordinators were assigned by decision: their coordinations are not replaced.
    public var decidedCoordinations: Set<String>
    /// Every fact of the dataset the seed leaves as decided, in the dataset's order.
    public var leftAlone: [DecidedFact]
    /// Every provenance the seed writes (those of decided facts are left as decided).
    public var provenances: [(Subject, Provenance)]

    public init(_ dataset: ReferenceDataset, decided: [DecidedFact]) {
        var by: [Subject: String] = [:]
        for fact in decided where by[fact.subject] == nil { by[fact.subject] = fact.decision }
        var left: [DecidedFact] = []
        func keeps(_ subject: Subject) -> Bool {
            guard let decision = by[subject] else { return true }
            left.append(DecidedFact(subject: subject, decision: decision))
            return false
        }
        var plan = dataset
        plan.memberStates = dataset.memberStates.filter { keeps(.memberState($0.code)) }
        plan.observers = dataset.observers.filter { keeps(.observer($0.id)) }
        plan.secretariatHeads = dataset.secretariatHeads.filter { keeps(.appointment($0.id)) }
        decidedCoordinations = Set(dataset.priorityAreas.map(\.slug).filter { !keeps(.priorityArea($0)) })
        self.dataset = plan
        leftAlone = left
        // A priority area's name and dimension are reference facts; its provenance, like its coordinators, is decided.
        provenances = plan.provenances.filter { by[$0.0] == nil }
    }
}
