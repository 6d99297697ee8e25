import Foundation
import Testing
@testable import CICACore

@Suite("The Road Map's milestones")
struct MilestoneTests {
    static let context = RoadMapRules.Context(areas: Set(1...8), decisions: ["d-1"], documents: ["doc-1", "roadmap-2023"],
                                              decisionSymbols: ["CICA/SOC/DEC/2026/1": "d-1"], documentSymbols: ["CICA/MC/RM/2023/1": "roadmap-2023"])
    static let today = CivilDate(year: 2026, month: 11, day: 30)
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 1_790_000_000), by: "secretariat")

    static func make(_ fields: MilestoneFields, existing: Milestone? = nil) throws -> Milestone {
        try RoadMapRules.milestone(fields, existing: existing, context: context, id: "m-1", today: today, stamp: stamp)
    }

    @Test("a milestone: its area, title, due day, status and links; planned unless said")
    func recorded() throws {
        let m = try Self.make(MilestoneFields(area: "3", title: "Draft the Charter", due: "2027-06-30", decisions: "d-1", documents: "doc-1, roadmap-2023"))
        #expect(m.area == 3 && m.status == .planned && m.due == CivilDate(year: 2027, month: 6, day: 30) && m.done == nil)
        #expect(m.decisions == ["d-1"] && m.documents == ["doc-1", "roadmap-2023"] && m.recorded == Self.stamp)
        // Named by their symbols, they are linked by id; a decision's symbol does not name a document.
        let bySymbol = try Self.make(MilestoneFields(area: "3", title: "x", decisions: "CICA/SOC/DEC/2026/1", documents: "CICA/MC/RM/2023/1"))
        #expect(bySymbol.decisions == ["d-1"] && bySymbol.documents == ["roadmap-2023"])
        #expect(throws: InvalidInput.self) { try Self.make(MilestoneFields(area: "3", title: "x", documents: "CICA/SOC/DEC/2026/1")) }
    }

    @Test("a milestone is refused naming the field and the reason", arguments: [
        (MilestoneFields(area: "9", title: "x"), "area", "reason.milestone.area"),
        (MilestoneFields(title: "x"), "area", "reason.milestone.areaMissing"),
        (MilestoneFields(area: "1"), "title", "reason.meeting.required"),
        (MilestoneFields(area: "1", title: "x", due: "June"), "due", "reason.meeting.day"),
        (MilestoneFields(area: "1", title: "x", status: "finished"), "status", "reason.meeting.oneOf"),
        (MilestoneFields(area: "1", title: "x", status: "done"), "done", "reason.milestone.doneMissing"),
        (MilestoneFields(area: "1", title: "x", status: "done", done: "2027-01-01"), "done", "reason.milestone.doneFuture"),
        (MilestoneFields(area: "1", title: "x", status: "inProgress", done: "2026-01-01"), "done", "reason.milestone.doneNotDone"),
        (MilestoneFields(area: "1", title: "x", decisions: "d-2"), "decisions", "reason.milestone.unknown.decisions"),
        (MilestoneFields(area: "1", title: "x", documents: "nowhere"), "documents", "reason.milestone.unknown.documents"),
        (MilestoneFields(area: "1", title: "x", documents: (1...21).map { "doc-\($0)" }.joined(separator: ",")), "documents", "reason.milestone.tooManyLinks"),
    ])
    func refused(fields: MilestoneFields, field: String, reason: String) {
        #expect {
            try Self.make(fields)
        } throws: { error in
            (error as? InvalidInput)?.errors.contains { $0.field == field && $0.reason.key == reason } ?? false
        }
    }

    @Test("a change keeps what is not sent; done needs its day; nothing changed is refused")
    func changed() throws {
        let m = try Self.make(MilestoneFields(area: "3", title: "Draft the Charter", due: "2026-06-30"))
        let done = try Self.make(MilestoneFields(status: "done", done: "2026-11-20"), existing: m)
        #expect(done.title == m.title && done.area == 3 && done.status == .done && done.done == CivilDate(year: 2026, month: 11, day: 20))
        // Reopened, it no longer has a day it was done on.
        #expect(try Self.make(MilestoneFields(status: "inProgress"), existing: done).done == nil)
        #expect(throws: InvalidInput.self) { try Self.make(MilestoneFields(status: "planned"), existing: m) }
        // Links and the due day are cleared when sent empty, kept when not sent.
        let linked = try Self.make(MilestoneFields(documents: "doc-1"), existing: m)
        #expect(linked.documents == ["doc-1"] && linked.due == m.due)
        let cleared = try Self.make(MilestoneFields(due: "", documents: ""), existing: linked)
        #expect(cleared.documents.isEmpty && cleared.due == nil)
    }

    @Test("progress: done of those not dropped; late when past due and not done")
    func progress() throws {
        func m(_ status: MilestoneStatus, due: String?) -> Milestone {
            Milestone(id: UUID().uuidString, area: 1, title: "x", due: due.flatMap(CivilDate.init), status: status,
                      done: status == .done ? Self.today : nil, decisions: [], documents: [], recorded: Self.stamp)
        }
        let all = [m(.done, due: "2025-01-01"), m(.inProgress, due: "2026-01-01"), m(.planned, due: "2027-01-01"), m(.dropped, due: "2024-01-01"),
                   m(.planned, due: nil)]
        let p = RoadMapRules.progress(all, today: Self.today)
        #expect(p == RoadMapProgress(total: 5, done: 1, inProgress: 1, late: 1, dropped: 1))
        #expect(p.counted == 4 && p.percent == 25)
        #expect(RoadMapRules.progress([m(.dropped, due: nil)], today: Self.today).percent == nil)
    }
}
