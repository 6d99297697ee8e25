import Foundation
import Testing
@testable import CICACore

@Suite("Admission step by step")
struct AdmissionTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_790_000_000), by: "secretariat")
    static let nepal = Country(alpha2: "NP", alpha3: "NPL", numeric: "524", name: "Nepal", asia: .whole, m49AsiaSubregion: "Southern Asia", statehood: .unMemberState)
    static let eligible = EligibilityAnswer(country: nepal, verdict: .eligible, meetsCriterion: true, reason: .wholeTerritoryInAsia(subregion: "Southern Asia"),
                                            memberState: nil, observer: nil)
    static let letter = Document(id: "doc-1", symbol: "CICA/NV/2026/1", symbolAssigned: true, title: "Letter", kind: .noteVerbale, date: nil, dateNote: nil,
                                 place: nil, organ: nil, meeting: nil, decision: nil, access: .public, provenance: Provenance(confidence: .confirmed, sources: []))
    static let recommendation = DecisionFacts(id: "d1", organ: "senior-officials-committee", status: .adopted, admits: nil, date: nil)

    static func step(_ kind: String, _ date: String = "2026-11-01", record: AdmissionRecord, member: Bool = false, document: Document? = nil,
                     decision: DecisionFacts? = nil, answer: EligibilityAnswer = eligible) throws -> AdmissionStep {
        try AdmissionRules.step(AdmissionStepFields(step: kind, date: date, document: document?.id, decision: decision?.id), record: record,
                                eligibility: answer, isMember: member, document: document, decision: decision, today: today, stamp: stamp)
    }

    @Test("from the letter to the recommendation, each step after the one before it")
    func inOrder() throws {
        var record = AdmissionRecord(state: "NP", steps: [])
        #expect(record.next == .application)
        #expect(throws: StepRefusal.self) { try Self.step("eligibility", record: record) }
        let application = try Self.step("application", "2026-09-01", record: record, document: Self.letter)
        #expect(application.document == "doc-1" && application.date == PartialDate("2026-09-01"))
        record.steps.append(application)
        let verdict = try Self.step("eligibility", "2026-09-15", record: record)
        #expect(verdict.verdict == .eligible, "the verdict is the rule's")
        record.steps.append(verdict)
        #expect(record.next == .recommendation)
        let recommended = try Self.step("recommendation", "2026-10-01", record: record, decision: Self.recommendation)
        #expect(recommended.decision == "d1")
        record.steps.append(recommended)
        #expect(record.next == .admission)
        #expect(throws: StepRefusal.self) { try Self.step("application", record: record, document: Self.letter) }
    }

    @Test("refusals name the field or say why the step cannot be taken", arguments: [
        ("application", "2026-12-01", "date"), ("application", "2026-11", "date"), ("application", "2026-11-01", "document"),
        ("admission", "2026-11-01", "step"), ("resignation", "2026-11-01", "step"),
    ])
    func fieldRefusals(kind: String, date: String, field: String) {
        #expect {
            try Self.step(kind, date, record: AdmissionRecord(state: "NP", steps: []))
        } throws: { error in (error as? InvalidInput)?.errors.contains { $0.field == field } == true }
    }

    @Test("a recommendation needs an eligible verdict and an adopted decision of the Senior Officials Committee")
    func recommendation() throws {
        let notEligible = AdmissionRecord(state: "NP", steps: [AdmissionStep(kind: .application, date: PartialDate("2026-09-01")),
                                                               AdmissionStep(kind: .eligibility, date: PartialDate("2026-09-02"), verdict: .notEligible)])
        #expect(throws: StepRefusal(Message("refusal.admission.notEligible"))) { try Self.step("recommendation", record: notEligible, decision: Self.recommendation) }
        let eligible = AdmissionRecord(state: "NP", steps: [AdmissionStep(kind: .application, date: PartialDate("2026-09-01")),
                                                            AdmissionStep(kind: .eligibility, date: PartialDate("2026-09-02"), verdict: .eligible)])
        for decision in [DecisionFacts(id: "d2", organ: "summit", status: .adopted, admits: nil, date: nil),
                         DecisionFacts(id: "d3", organ: "senior-officials-committee", status: .open, admits: nil, date: nil)] {
            #expect(throws: InvalidInput.self) { try Self.step("recommendation", record: eligible, decision: decision) }
        }
        #expect {
            try Self.step("recommendation", "2026-08-01", record: eligible, decision: Self.recommendation)
        } throws: { error in (error as? InvalidInput)?.errors.first?.reason.key == "reason.admission.beforePrevious" }
    }

    @Test("signatures follow admission; a Member State does not apply again")
    func signatures() throws {
        let record = AdmissionRecord(state: "NP", steps: [])
        #expect(throws: StepRefusal(Message("refusal.admission.notYetMember"))) { try Self.step("almatyActSigned", record: record) }
        #expect(throws: StepRefusal(Message("refusal.admission.alreadyMember"))) { try Self.step("application", record: record, member: true, document: Self.letter) }
        let admitted = AdmissionRecord(state: "NP", steps: [AdmissionStep(kind: .admission, date: PartialDate("2026-10-20"), decision: "d9")])
        let signed = try Self.step("almatyActSigned", "2026-11-02", record: admitted, member: true)
        #expect(signed.kind == .almatyActSigned)
        #expect(throws: InvalidInput.self) { try Self.step("declarationSigned", "2026-10-01", record: admitted, member: true) }
    }

    @Test("past admissions: the adopted decision's step and the founding members' signature in Almaty; the rest not recorded")
    func fromTheRecord() throws {
        let kuwait = MemberState(code: "KW", name: "Kuwait", accession: PartialDate("2022-10-12"), founding: false, context: nil,
                                 provenance: Provenance(confidence: .confirmed, sources: []))
        let record = AdmissionRules.record(state: "KW", recorded: [], memberState: kuwait,
                                           admittedBy: DecisionFacts(id: "history-admission-kw", organ: "summit", status: .adopted, admits: "KW", date: nil))
        #expect(record.steps.map(\.kind) == [.admission] && record.step(.admission)?.date == PartialDate("2022-10-12"))
        #expect(record.next == .application)
        let kazakhstan = MemberState(code: "KZ", name: "Kazakhstan", accession: PartialDate("1999-09-14"), founding: true, context: nil,
                                     provenance: Provenance(confidence: .confirmed, sources: []))
        let founding = AdmissionRules.record(state: "KZ", recorded: [], memberState: kazakhstan, admittedBy: nil)
        #expect(founding.step(.declarationSigned)?.date == PartialDate("1999-09-14") && founding.step(.declarationSigned)?.recorded == nil)
    }
}
