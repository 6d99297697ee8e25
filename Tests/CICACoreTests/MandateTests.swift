import Foundation
import Testing
@testable import CICACore

@Suite("Mandates and follow-up")
struct MandateTests {
    static let today = CivilDate(year: 2026, month: 11, day: 30)
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_790_000_000), by: "secretariat")
    static let adopted = DecisionFacts(id: "d1", organ: "senior-officials-committee", status: .adopted, admits: nil, date: nil)

    @Test("a mandate: open, overdue past its deadline without a report, reported once")
    func lifeCycle() throws {
        let m = try MandateRules.give(task: "Draft the Road Map's implementation plan", deadline: "2027-03-01", decision: Self.adopted, named: "d1",
                                      id: "m1", today: Self.today, stamp: Self.stamp)
        #expect(m.status(on: Self.today) == .open && m.decision == "d1")
        #expect(m.status(on: CivilDate(year: 2027, month: 3, day: 2)) == .overdue)
        let report = Document(id: "doc-9", title: "Report", kind: .report, date: nil, dateNote: nil, place: nil, organ: "special-working-group", meeting: nil,
                              access: .public, provenance: Provenance(confidence: .confirmed, sources: []))
        var summitDocument = report
        summitDocument.organ = "summit"
        #expect(throws: InvalidInput.self) { try MandateRules.report(m, document: summitDocument, today: Self.today) }
        let reported = try MandateRules.report(m, document: report, today: Self.today)
        #expect(reported.status(on: CivilDate(year: 2027, month: 4, day: 1)) == .reported && reported.reportedOn == Self.today)
        #expect(throws: StepRefusal.self) { try MandateRules.report(reported, document: report, today: Self.today) }
        #expect(throws: InvalidInput.self) { try MandateRules.report(m, document: nil, today: Self.today) }
    }

    @Test("a mandate is refused naming the field", arguments: [
        (nil as String?, "2027-03-01", nil as DecisionFacts?, nil as String?, "task"),
        ("Task", "2026-11-29", nil, nil, "deadline"),
        ("Task", "March", nil, nil, "deadline"),
        ("Task", "2027-03-01", DecisionFacts(id: "d2", organ: "summit", status: .adopted, admits: nil, date: nil), "d2", "decision"),
        ("Task", "2027-03-01", nil, "no-such-decision", "decision"),
    ])
    func refusals(task: String?, deadline: String, decision: DecisionFacts?, named: String?, field: String) {
        #expect {
            try MandateRules.give(task: task, deadline: deadline, decision: decision, named: named, id: "m", today: Self.today, stamp: Self.stamp)
        } throws: { error in (error as? InvalidInput)?.errors.contains { $0.field == field } == true }
    }

    @Test("follow-up only of the Committee's adopted decisions, with a known status")
    func followUp() throws {
        let f = try MandateRules.followUp(decision: Self.adopted, named: "d1", status: "inProgress", note: "Consultations under way", stamp: Self.stamp)
        #expect(f.status == .inProgress && f.note == "Consultations under way")
        #expect(throws: InvalidInput.self) { try MandateRules.followUp(decision: Self.adopted, named: "d1", status: "stalled", note: nil, stamp: Self.stamp) }
        let open = DecisionFacts(id: "d3", organ: "senior-officials-committee", status: .open, admits: nil, date: nil)
        #expect(throws: InvalidInput.self) { try MandateRules.followUp(decision: open, named: "d3", status: "done", note: nil, stamp: Self.stamp) }
    }
}
