import Foundation

/// The steps by which a state joins CICA, in order: its letter of application, the Secretariat's verdict on its
/// eligibility, the Senior Officials Committee's recommendation, admission by the Summit or the Ministerial Council, and
/// its signature of the Declaration on Principles and of the Almaty Act.
public enum AdmissionStepKind: String, Codable, Sendable, CaseIterable {
    case application, eligibility, recommendation, admission, declarationSigned, almatyActSigned
}

/// One step of an admission, as recorded or as the sources give it.
public struct AdmissionStep: Sendable, Equatable {
    public var kind: AdmissionStepKind
    public var date: PartialDate?
    /// The registry document (the letter of application), by id.
    public var document: String?
    /// The decision (recommendation or admission), by id.
    public var decision: String?
    /// The Secretariat's verdict on eligibility.
    public var verdict: EligibilityVerdict?
    public var note: String?
    /// Who recorded it on the platform, and when; nil for a step the sources or the record of decisions give.
    public var recorded: Stamp?

    public init(kind: AdmissionStepKind, date: PartialDate?, document: String? = nil, decision: String? = nil, verdict: EligibilityVerdict? = nil,
                note: String? = nil, recorded: Stamp? = nil) {
        self.kind = kind
        self.date = date
        self.document = document
        self.decision = decision
        self.verdict = verdict
        self.note = note
        self.recorded = recorded
    }
}

/// Where a state stands: every step known, in order.
public struct AdmissionRecord: Sendable, Equatable {
    public var state: String
    public var steps: [AdmissionStep]

    public init(state: String, steps: [AdmissionStep]) {
        self.state = state
        self.steps = steps.sorted { AdmissionStepKind.allCases.firstIndex(of: $0.kind)! < AdmissionStepKind.allCases.firstIndex(of: $1.kind)! }
    }

    public func step(_ kind: AdmissionStepKind) -> AdmissionStep? { steps.first { $0.kind == kind } }

    /// The next step the process waits for, if any.
    public var next: AdmissionStepKind? { AdmissionStepKind.allCases.first { step($0) == nil } }
}

/// What a decision named by an admission step, a mandate or a follow-up is, for the checks.
public struct DecisionFacts: Sendable, Equatable {
    public var id: String
    public var organ: String
    public var status: DecisionStatus
    /// The state an `admitMemberState` effect admits, if that is its effect.
    public var admits: String?
    public var date: PartialDate?

    public init(id: String, organ: String, status: DecisionStatus, admits: String?, date: PartialDate?) {
        self.id = id
        self.organ = organ
        self.status = status
        self.admits = admits
        self.date = date
    }
}

/// A step as the Secretariat's form or the API sends it: text, checked by `AdmissionRules`.
public struct AdmissionStepFields: Sendable, Equatable {
    public var step: String?
    public var date: String?
    public var document: String?
    public var decision: String?
    public var note: String?

    public init(step: String? = nil, date: String? = nil, document: String? = nil, decision: String? = nil, note: String? = nil) {
        self.step = given(step)
        self.date = given(date)
        self.document = given(document)
        self.decision = given(decision)
        self.note = given(note)
    }
}

/// The rules of admission. Pure: the store reads the record so far, the eligibility answer, the document and the
/// decision named, and writes the step returned.
public enum AdmissionRules {
    public static let maximumNote = 2000
    /// The organs that admit: the Summit and the Ministerial Council.
    public static let admittingOrgans: Set<String> = ["summit", "ministerial-council"]
    public static let recommendingOrgan = "senior-officials-committee"

    /// The steps that are recorded by hand; admission is the adopted decision's, and shows by itself.
    public static let recordable: [AdmissionStepKind] = [.application, .eligibility, .recommendation, .declarationSigned, .almatyActSigned]

    /// The record of a state as the sources and the decisions give it, with the steps recorded on the platform:
    /// admission from the adopted decision that admitted it; the Declaration on Principles for a founding member,
    /// signed in Almaty on 14 September 1999.
    public static func record(state: String, recorded: [AdmissionStep], memberState: MemberState?, admittedBy decision: DecisionFacts?) -> AdmissionRecord {
        var steps = recorded
        if recorded.first(where: { $0.kind == .admission }) == nil, let decision {
            steps.append(AdmissionStep(kind: .admission, date: decision.date ?? memberState?.accession, decision: decision.id))
        }
        if memberState?.founding == true, recorded.first(where: { $0.kind == .declarationSigned }) == nil {
            steps.append(AdmissionStep(kind: .declarationSigned, date: PartialDate("1999-09-14")))
        }
        return AdmissionRecord(state: state, steps: steps)
    }

    /// A step recorded by the Secretariat, checked against the record so far.
    public static func step(_ fields: AdmissionStepFields, record: AdmissionRecord, eligibility: EligibilityAnswer, isMember: Bool,
                            document: Document?, decision: DecisionFacts?, today: CivilDate, stamp: Stamp) throws -> AdmissionStep {
        guard let kind = fields.step.flatMap(AdmissionStepKind.init(rawValue:)), recordable.contains(kind) else {
            throw InvalidInput(field: "step", reason: Message("reason.admission.step", ["steps": .text(recordable.map(\.rawValue).joined(separator: ", "))]))
        }
        if record.step(kind) != nil { throw StepRefusal(Message("refusal.admission.recorded", ["step": .message(Message("admission.step.\(kind.rawValue)"))])) }
        var found = FieldErrors()
        var date: PartialDate? = nil
        if let text = fields.date, let parsed = PartialDate(text), parsed.day != nil, let day = parsed.civilDate, day <= today, Limits.years.contains(parsed.year) {
            date = parsed
        } else {
            found.errors.append(FieldError(field: "date", reason: Message("reason.admission.date")))
        }
        let note = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.note, field: "note", maximum: maximumNote, required: false, multiline: true) } ?? nil
        // Each step follows the one before it, on the same day or later; a signature follows admission.
        let previous: AdmissionStepKind? = switch kind {
        case .application, .admission: nil
        case .eligibility: .application
        case .recommendation: .eligibility
        case .declarationSigned, .almatyActSigned: .admission
        }
        if let previous {
            if let before = record.step(previous) {
                if let date, let earlier = before.date?.earliest, let day = date.civilDate, day < earlier {
                    found.errors.append(FieldError(field: "date", reason: Message("reason.admission.beforePrevious", ["date": .date(before.date!.description)])))
                }
            } else if previous != .admission {
                throw StepRefusal(Message("refusal.admission.order", ["step": .message(Message("admission.step.\(kind.rawValue)")),
                                                                         "previous": .message(Message("admission.step.\(previous.rawValue)"))]))
            }
        }
        var step = AdmissionStep(kind: kind, date: date, note: note, recorded: stamp)
        switch kind {
        case .application:
            if isMember { throw StepRefusal(Message("refusal.admission.alreadyMember")) }
            if let document { step.document = document.id } else {
                found.errors.append(FieldError(field: "document", reason: Message("reason.admission.document")))
            }
        case .eligibility:
            // The verdict is the rule's, not typed: the Secretariat records that it has assessed the application.
            step.verdict = eligibility.verdict
        case .recommendation:
            if record.step(.eligibility)?.verdict != .eligible {
                throw StepRefusal(Message("refusal.admission.notEligible"))
            }
            if let decision, decision.organ == recommendingOrgan, decision.status == .adopted { step.decision = decision.id } else {
                found.errors.append(FieldError(field: "decision", reason: Message("reason.admission.recommendation")))
            }
        case .declarationSigned, .almatyActSigned:
            if !isMember { throw StepRefusal(Message("refusal.admission.notYetMember")) }
        case .admission:
            break
        }
        guard found.errors.isEmpty else { throw InvalidInput(found.errors) }
        return step
    }
}
