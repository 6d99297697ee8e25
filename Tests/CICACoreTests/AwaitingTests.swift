import Foundation
import Testing
@testable import CICACore

@Suite("What needs my action")
struct AwaitingTests {
    static let now = Date(timeIntervalSince1970: 1_795_960_000) // 2026-11-29 13:46 UTC
    static let today = CivilDate(year: 2026, month: 11, day: 29)
    static func day(_ offset: Int) -> CivilDate { CivilDate(today.startUTC.addingTimeInterval(Double(offset) * 86_400)) }
    static let none = Provenance(confidence: .confirmed, sources: [], note: nil)

    static func decision(_ id: String, procedure: Procedure?, status: DecisionStatus = .open, version: Int = 1, historical: Bool = false) -> Decision {
        Decision(id: id, symbol: "", title: "On \(id)", organ: "senior-officials-committee", meeting: nil, effectKind: "none", effectParameters: [:],
                 procedure: procedure, status: status, currentVersion: version, continues: nil, historical: historical, createdBy: "s",
                 createdAt: now, openedAt: now, closedAt: nil, closedBy: nil, outcomeNote: nil)
    }

    static func position(_ state: String, version: Int = 1) -> Position {
        Position(state: state, version: version, kind: .noObjection, actor: "d", takenAt: now.addingTimeInterval(-60))
    }

    static func meeting(_ id: String, on day: CivilDate, status: MeetingStatus = .planned) -> Meeting {
        Meeting(id: id, organ: "senior-officials-committee", kind: .regular, number: nil, title: "Meeting \(id)", start: PartialDate(day), end: PartialDate(day),
                city: nil, countryCode: nil, format: .inPerson, status: status, outcomes: [], provenance: none)
    }

    static func situation(decisions: [Awaiting.OpenDecision] = [], attention: [Decision] = [], meetings: [Meeting] = [], registered: [String: Set<String>] = [:],
                          reported: Set<String> = ["KZ", "IN"], mandates: [Mandate] = [], staff: [StaffAppointment] = []) -> Awaiting.Situation {
        Awaiting.Situation(memberStates: ["KZ", "IN", "CN"], openDecisions: decisions, attention: attention, meetings: meetings, registered: registered,
                           reportYear: 2025, reportDeadline: CivilDate(year: 2026, month: 3, day: 31), reported: reported, mandates: mandates, staff: staff)
    }

    static let delegateKZ = Principal(userId: "u1", roles: [.delegate(state: "KZ")])
    static let observerUN = Principal(userId: "u2", roles: [.observer(observer: "un")])
    static let officer = Principal(userId: "u3", roles: [.secretariat])
    static let administrator = Principal(userId: "u4", roles: [.administrator])

    static func keys(_ principal: Principal, _ situation: Awaiting.Situation) -> [String] {
        Awaiting.acts(for: principal, in: situation, now: now, today: today).map(\.key)
    }

    @Test("a delegate is asked for a position on each open draft its state has not answered, while the deadline has not passed",
          arguments: [
            // (procedure, positions, status, version, historical, expected keys)
            (Procedure.silence(deadline: now.addingTimeInterval(3_600)), [Position](), DecisionStatus.open, 1, false, ["position:d:1:KZ"]),
            (.silence(deadline: now.addingTimeInterval(3_600)), [position("IN")], .open, 1, false, ["position:d:1:KZ"]),
            (.silence(deadline: now.addingTimeInterval(3_600)), [position("KZ")], .open, 1, false, []),
            // A position on an earlier version does not answer the current one: a new key, asked again.
            (.silence(deadline: now.addingTimeInterval(3_600)), [position("KZ", version: 1)], .open, 2, false, ["position:d:2:KZ"]),
            (.silence(deadline: now.addingTimeInterval(-1)), [], .open, 1, false, []),
            (.silence(deadline: now), [], .open, 1, false, []),
            (.inMeeting, [], .open, 1, false, ["position:d:1:KZ"]),
            (.inMeeting, [], .adopted, 1, false, []),
            (.inMeeting, [], .open, 1, true, []),
          ] as [(Procedure, [Position], DecisionStatus, Int, Bool, [String])])
    func positions(procedure: Procedure, positions: [Position], status: DecisionStatus, version: Int, historical: Bool, expected: [String]) {
        let d = Self.decision("d", procedure: procedure, status: status, version: version, historical: historical)
        let situation = Self.situation(decisions: [Awaiting.OpenDecision(decision: d, positions: positions)])
        #expect(Self.keys(Self.delegateKZ, situation) == expected)
        // Nobody else is asked for Kazakhstan's position.
        for other in [Self.observerUN, Self.officer, Self.administrator, Principal.anonymous] {
            #expect(Self.keys(other, situation).filter { $0.hasPrefix("position:") } == [])
        }
    }

    @Test("a delegate of a state that is no longer a Member State is asked for nothing")
    func formerMember() {
        let d = Self.decision("d", procedure: .inMeeting)
        let principal = Principal(userId: "u9", roles: [.delegate(state: "XX")])
        let situation = Self.situation(decisions: [Awaiting.OpenDecision(decision: d, positions: [])], meetings: [Self.meeting("m", on: Self.day(10))])
        #expect(Self.keys(principal, situation) == [])
    }

    @Test("the yearly report is asked of a state that has not filed it, overdue after its deadline", arguments: [
        (Set(["KZ"]), [String]()), (Set(["IN"]), ["report:2025:KZ"]),
    ])
    func report(reported: Set<String>, expected: [String]) {
        let acts = Awaiting.acts(for: Self.delegateKZ, in: Self.situation(reported: reported), now: Self.now, today: Self.today)
        #expect(acts.map(\.key) == expected)
        #expect(acts.allSatisfy { $0.overdue && $0.due == .on(CivilDate(year: 2026, month: 3, day: 31)) })
        #expect(Awaiting.acts(for: Self.delegateKZ, in: Self.situation(reported: reported), now: Self.now, today: CivilDate(year: 2026, month: 3, day: 1))
            .allSatisfy { !$0.overdue })
    }

    @Test("delegations are asked to register for meetings within the notice, until they have; meetings in session too",
          arguments: [
            (10, MeetingStatus.planned, false, true), (Awaiting.registrationNotice, .planned, false, true), (Awaiting.registrationNotice + 1, .planned, false, false),
            (10, .planned, true, false), (-1, .planned, false, false), (-1, .inSession, false, true), (10, .cancelled, false, false), (-30, .held, false, false),
          ] as [(Int, MeetingStatus, Bool, Bool)])
    func registrations(days: Int, status: MeetingStatus, registered: Bool, asked: Bool) {
        let meeting = Self.meeting("m", on: Self.day(days), status: status)
        for (principal, delegation) in [(Self.delegateKZ, "KZ"), (Self.observerUN, "un")] {
            let situation = Self.situation(meetings: [meeting], registered: registered ? [delegation: ["m"]] : ["other": ["m"]])
            #expect(Self.keys(principal, situation).filter { $0.hasPrefix("registration:") } == (asked ? ["registration:m:\(delegation)"] : []))
        }
        #expect(Self.keys(Self.officer, Self.situation(meetings: [meeting])) == [])
    }

    @Test("the Secretariat is asked about mandates due or overdue, contracts ending and decisions needing attention")
    func secretariat() {
        let stamp = Stamp(at: Self.now, by: "s")
        let mandates = [
            Mandate(id: "soon", task: "Study", deadline: Self.day(20), decision: nil, given: stamp),
            Mandate(id: "later", task: "Later", deadline: Self.day(Awaiting.mandateNotice + 1), decision: nil, given: stamp),
            Mandate(id: "late", task: "Late", deadline: Self.day(-5), decision: nil, given: stamp),
            Mandate(id: "done", task: "Done", deadline: Self.day(5), decision: nil, given: stamp, report: "doc", reportedOn: Self.today),
        ]
        let staff = [
            StaffAppointment(id: "a", category: .support, title: "Assistant", name: "A", secondedBy: nil, contractEnd: Self.day(40),
                             start: CivilDate(year: 2024, month: 1, day: 1), end: nil, recorded: stamp),
            StaffAppointment(id: "b", category: .support, title: "Assistant", name: "B", secondedBy: nil, contractEnd: Self.day(400),
                             start: CivilDate(year: 2024, month: 1, day: 1), end: nil, recorded: stamp),
        ]
        var stuck = Self.decision("stuck", procedure: .inMeeting)
        stuck.attention = Attention(reason: Message("decision.note.silenceBroken"), since: Self.now)
        let situation = Self.situation(attention: [stuck], mandates: mandates, staff: staff)
        let acts = Awaiting.acts(for: Self.officer, in: situation, now: Self.now, today: Self.today)
        // Soonest due first; without a deadline last.
        #expect(acts.map(\.key) == ["mandate:late:\(Self.day(-5))", "mandate:soon:\(Self.day(20))",
                                    "contract:a:\(Self.day(40))", "attention:stuck"])
        #expect(acts.map(\.overdue) == [true, false, false, false])
        for other in [Self.delegateKZ, Self.observerUN, Self.administrator] {
            #expect(Self.keys(other, situation).filter { !$0.hasPrefix("report:") } == [])
        }
    }

    @Test("marking: all, or named acts that are waiting now; anything else is refused and names the field")
    func marking() throws {
        let acts = Awaiting.acts(for: Self.delegateKZ, in: Self.situation(reported: []), now: Self.now, today: Self.today)
        #expect(acts.map(\.key) == ["report:2025:KZ"])
        #expect(try Awaiting.marking([], all: true, among: acts) == ["report:2025:KZ"])
        #expect(try Awaiting.marking(["report:2025:KZ", "report:2025:KZ"], all: false, among: acts) == ["report:2025:KZ"])
        for (requested, reason) in [([String](), "reason.awaiting.noAct"), (["report:2025:IN"], "reason.awaiting.unknownAct"),
                                    (Array(repeating: "report:2025:KZ", count: Awaiting.maximumMarks + 1), "reason.awaiting.tooMany")] {
            #expect {
                try Awaiting.marking(requested, all: false, among: acts)
            } throws: { error in
                let errors = (error as? InvalidInput)?.errors ?? []
                return errors.map(\.field) == ["act"] && errors.map(\.reason.key) == [reason]
            }
        }
    }
}
