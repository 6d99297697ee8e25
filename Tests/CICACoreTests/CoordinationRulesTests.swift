import Foundation
import Testing
@testable import CICACore

@Suite("Coordination of the priority areas")
struct CoordinationRulesTests {
    static let area = "trade-and-investment"
    static let day = CivilDate(year: 2026, month: 11, day: 30)
    static let running = [
        CoordinationTerm(id: "t1", priorityArea: area, state: "KG", role: .coordinator, from: nil),
        CoordinationTerm(id: "t2", priorityArea: area, state: "TH", role: .coCoordinator, from: CivilDate(year: 2023, month: 1, day: 10)),
        CoordinationTerm(id: "t3", priorityArea: "tourism", state: "KZ", role: .coCoordinator, from: nil),
    ]
    static let memberStates: Set<String> = ["KG", "TH", "KZ", "IN"]

    static func offer(_ state: String, _ role: CoordinationRole, area: String = area, pending: [CoordinationRules.Offer] = []) throws -> AssignCoordinator {
        try CoordinationRules.offer(CoordinationRules.Offer(state: state, role: role), area: area, areas: [Self.area, "tourism"],
                                    memberStates: memberStates, running: running, pending: pending)
    }

    @Test("an offer becomes the assignment it asks for")
    func accepted() throws {
        #expect(try Self.offer("KZ", .coCoordinator).parameters == ["priorityArea": Self.area, "state": "KZ", "role": "coCoordinator"])
        // A state co-coordinating one area may offer to coordinate an area without a coordinator.
        let unled = try CoordinationRules.offer(.init(state: "KZ", role: .coordinator), area: "tourism", areas: ["tourism"], memberStates: Self.memberStates,
                                                running: [], pending: [])
        #expect(unled.role == .coordinator)
    }

    @Test("an offer is refused with its reason", arguments: [
        ("KZ", CoordinationRole.coCoordinator, "nowhere", "reason.therePriorityArea"),
        ("US", .coCoordinator, area, "reason.memberStateOnlyMember"),
        ("TH", .coCoordinator, area, "refusal.coordination.already"),
        ("IN", .coordinator, area, "refusal.coordination.hasCoordinator"),
    ])
    func refused(state: String, role: CoordinationRole, area: String, reason: String) {
        #expect {
            try Self.offer(state, role, area: area)
        } throws: { error in
            (error as? InvalidInput)?.errors.first?.reason.key == reason || (error as? StepRefusal)?.reason.key == reason
        }
    }

    @Test("a state's second offer for an area, in either role, is refused while one is before the Committee")
    func pendingTwice() throws {
        #expect(throws: StepRefusal.self) { try Self.offer("KZ", .coCoordinator, pending: [.init(state: "KZ", role: .coCoordinator)]) }
        #expect(throws: StepRefusal.self) {
            try CoordinationRules.offer(.init(state: "KZ", role: .coordinator), area: "tourism", areas: ["tourism"], memberStates: Self.memberStates,
                                        running: [], pending: [.init(state: "KZ", role: .coCoordinator)])
        }
        // Another state's pending offer does not stand in the way.
        _ = try Self.offer("KZ", .coCoordinator, pending: [.init(state: "IN", role: .coCoordinator)])
    }

    @Test("adoption ends what it replaces and begins the new term on the day, citing the decision", arguments: [
        // A new co-coordinator: nothing ends.
        ("KZ", CoordinationRole.coCoordinator, [String]()),
        // A new coordinator replaces the old one; the co-coordinator stays.
        ("IN", .coordinator, ["t1:replaced"]),
        // The co-coordinator becomes coordinator: its co-coordination ends as a change of role, and the coordinator is replaced.
        ("TH", .coordinator, ["t1:replaced", "t2:roleChanged"]),
    ])
    func assign(state: String, role: CoordinationRole, ended: [String]) throws {
        let effect = try AssignCoordinator(parameters: ["priorityArea": Self.area, "state": state, "role": role.rawValue])
        let (closed, started) = CoordinationRules.assign(effect, running: Self.running, on: Self.day, decision: "d-1", newId: "t9")
        #expect(closed.map { "\($0.id):\($0.ending?.rawValue ?? "")" }.sorted() == ended)
        #expect(closed.allSatisfy { $0.until == Self.day && $0.endedBy == "d-1" })
        #expect(started == CoordinationTerm(id: "t9", priorityArea: Self.area, state: state, role: role, from: Self.day, startedBy: "d-1"))
        // At most one coordinator at a time, whatever was assigned.
        let after = Self.running.filter { term in !closed.contains { $0.id == term.id } } + [started]
        #expect(after.filter { $0.priorityArea == Self.area && $0.role == .coordinator }.count == 1)
    }

    @Test("a state that leaves CICA ends every coordination it holds")
    func leaving() {
        let ended = CoordinationRules.leave(state: "KZ", running: Self.running + [CoordinationTerm(id: "t4", priorityArea: Self.area, state: "KZ", role: .coCoordinator, from: nil)],
                                            on: Self.day, decision: nil)
        #expect(ended.map(\.id) == ["t3", "t4"] && ended.allSatisfy { $0.ending == .leftMembership && $0.until == Self.day })
    }

    @Test("an area's current coordination: the coordinator first, co-coordinators as they began")
    func current() {
        let terms = [CoordinationTerm(id: "b", priorityArea: "x", state: "IN", role: .coCoordinator, from: CivilDate(year: 2024, month: 1, day: 1)),
                     CoordinationTerm(id: "a", priorityArea: "x", state: "CN", role: .coCoordinator, from: nil),
                     CoordinationTerm(id: "c", priorityArea: "x", state: "RU", role: .coordinator, from: CivilDate(year: 2025, month: 1, day: 1)),
                     CoordinationTerm(id: "d", priorityArea: "x", state: "TR", role: .coCoordinator, from: nil, until: CivilDate(year: 2025, month: 1, day: 1), ending: .replaced)]
        #expect(CoordinationRules.current(terms).map(\.state) == ["RU", "CN", "IN"])
    }

    @Test("the draft is worded for the Committee in English and Russian")
    func wording() {
        let offer = CoordinationRules.Offer(state: "KZ", role: .coCoordinator)
        let english = CoordinationRules.draft(offer, area: Self.area, localizer: Localizer(.en))
        #expect(english.title.contains("co-coordination") && english.text.contains("Kazakhstan co-coordinates"))
        let russian = CoordinationRules.draft(offer, area: Self.area, localizer: Localizer(.ru))
        #expect(russian.text.contains("Казахстан") && russian.text.contains("сокоординатором"))
    }
}
