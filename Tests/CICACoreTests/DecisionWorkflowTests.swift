import Foundation
import Testing
@testable import CICACore

/// The decision workflow as pure functions: each step, table by table, with what it refuses and what it writes.
@Suite("Decision workflow")
struct DecisionWorkflowTests {
    static let registry = EffectTests.registry
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 15 January 2027
    static let secretariat = Actor(userId: "s", label: "officer@example.org", role: "secretariat", requestId: nil, address: nil)
    static let delegate = Actor(userId: "d", label: "kz@example.org", role: "delegate of KZ", requestId: nil, address: nil)

    /// A state's delegation with `delegate` accredited to it, for the workflow's own rules.
    static func accredited(_ state: String) -> DelegationRecord {
        DelegationRecord(state: state, acts: [DelegationAct(id: "acc-\(state)", state: state, kind: .accredit,
                                                            fields: ["userId": "d", "participant": "p", "name": "N", "role": "member"],
                                                            by: "x", at: .distantPast)])
    }
    static let members = Set(EffectTests.dataset.memberStates.map(\.code))
    static let context = DraftingContext(
        organs: ["summit": "Summit", "ministerial-council": "Ministerial Council", "senior-officials-committee": "SOC"],
        meetingOrgans: ["soc-2027-1": "senior-officials-committee"], registry: registry,
        symbolsThisYear: ["CICA/SOC/DEC/2027/3", "CICA/MC/DEC/2027/9", "CICA/SOC/DEC/2026/12"], continues: nil)

    static func draft(title: String = "Budget", organ: String = "senior-officials-committee", meeting: String? = nil, text: String = "The SOC decides.",
                      effect: String = "none", parameters: [String: String] = [:]) -> NewDraft {
        NewDraft(title: title, organ: organ, meeting: meeting, text: text, effectKind: effect, effectParameters: parameters)
    }

    static func drafted(_ draft: NewDraft = draft()) throws -> DecisionState {
        let changes = try DecisionWorkflow.draft(draft, id: "d1", context: context, actor: secretariat, now: t0)
        return DecisionState(decision: changes.decision, versions: changes.version.map { [$0] } ?? [], positions: [], amendments: [])
    }

    /// The state after `changes` were written.
    static func after(_ state: DecisionState, _ changes: DecisionChanges) -> DecisionState {
        var next = state
        next.decision = changes.decision
        if let version = changes.version { next.versions.append(version) }
        if let position = changes.position { next.positions.append(position) }
        if let amendment = changes.amendment { next.amendments.append(amendment) }
        for fold in changes.folds { if let i = next.amendments.firstIndex(where: { $0.id == fold }) { next.amendments[i].foldedInto = changes.version?.number } }
        return next
    }

    static func field(of error: DecisionError) -> String? {
        switch error {
        case .invalid(let field): field.field
        case .effect(let effect): effect.field
        default: nil
        }
    }

    // MARK: drafting

    @Test("a draft is refused, naming the field, when", arguments: [
        (draft(title: "  "), "title"), (draft(title: String(repeating: "x", count: DecisionText.maximumTitle + 1)), "title"),
        (draft(text: " \n "), "text"), (draft(effect: "coronation"), "effect"), (draft(organ: "security-council"), "organ"),
        (draft(effect: "admitMemberState", parameters: ["state": "NP"]), "organ"),  // the SOC is not competent to admit
        (draft(organ: "summit", effect: "admitMemberState", parameters: ["state": "BR"]), "state"),  // Brazil is not in Asia
        (draft(meeting: "no-such-meeting"), "meeting"), (draft(organ: "ministerial-council", meeting: "soc-2027-1"), "meeting"),
        (NewDraft(title: "T", organ: "senior-officials-committee", meeting: nil, text: "x", effectKind: "none", effectParameters: [:], continues: "gone"),
         "continues"),
    ])
    func draftRefused(draft: NewDraft, field: String) {
        #expect(throws: DecisionError.self) { try DecisionWorkflow.draft(draft, id: "d1", context: Self.context, actor: Self.secretariat, now: Self.t0) }
        do { _ = try DecisionWorkflow.draft(draft, id: "d1", context: Self.context, actor: Self.secretariat, now: Self.t0) } catch {
            #expect(Self.field(of: error) == field)
        }
    }

    @Test("a draft is numbered after the organ's last symbol of the year, and records its draft and its text")
    func draftWritten() throws {
        let changes = try DecisionWorkflow.draft(Self.draft(title: "  Budget  ", text: "The SOC decides.  \r\n"), id: "d1", context: Self.context,
                                                 actor: Self.secretariat, now: Self.t0)
        #expect(changes.decision.symbol == "CICA/SOC/DEC/2027/4")
        #expect(changes.decision.title == "Budget" && changes.decision.status == .drafting && changes.decision.currentVersion == 1)
        #expect(changes.expectedStatus == nil && changes.version?.text == "The SOC decides.")
        #expect(changes.ledger.map(\.kind) == [.draft, .version])
        #expect(changes.audit.map(\.action) == ["decision.create"])
        let summit = try DecisionWorkflow.draft(Self.draft(organ: "summit"), id: "d2", context: Self.context, actor: Self.secretariat, now: Self.t0)
        #expect(summit.decision.symbol == "CICA/SUMMIT/DEC/2027/1")
    }

    @Test("a draft that takes up an earlier one continues its version numbers")
    func continuation() throws {
        var earlier = try Self.drafted().decision
        earlier.currentVersion = 3
        var context = Self.context
        context.continues = earlier
        var draft = Self.draft()
        draft.continues = earlier.id
        let changes = try DecisionWorkflow.draft(draft, id: "d2", context: context, actor: Self.secretariat, now: Self.t0)
        #expect(changes.decision.currentVersion == 4 && changes.version?.number == 4 && changes.decision.continues == earlier.id)
    }

    // MARK: revising and opening

    @Test("a revision must change the text and fold only open amendments")
    func revise() throws {
        let state = try Self.drafted()
        #expect(throws: DecisionError.invalid(FieldError(field: "text", reason: Message("reason.sameCurrentVersionChange")))) {
            try DecisionWorkflow.revise(state, text: "The SOC decides.\n", folds: [], actor: Self.secretariat, now: Self.t0)
        }
        #expect(throws: DecisionError.self) { try DecisionWorkflow.revise(state, text: "New.", folds: ["a-1"], actor: Self.secretariat, now: Self.t0) }
        let changes = try DecisionWorkflow.revise(state, text: "New.", folds: [], actor: Self.secretariat, now: Self.t0)
        #expect(changes.decision.currentVersion == 2 && changes.version?.number == 2 && changes.ledger.map(\.kind) == [.version])
        #expect(changes.expectedStatus == .drafting)
    }

    @Test("circulation needs a deadline at least a minute ahead; tabling needs none")
    func open() throws {
        let state = try Self.drafted()
        #expect(throws: DecisionError.self) {
            try DecisionWorkflow.circulate(state, deadline: Self.t0.addingTimeInterval(30), registry: Self.registry, notified: Self.members, actor: Self.secretariat, now: Self.t0)
        }
        let deadline = Self.t0.addingTimeInterval(86_400)
        let circulated = try DecisionWorkflow.circulate(state, deadline: deadline, registry: Self.registry, notified: Self.members, actor: Self.secretariat, now: Self.t0)
        #expect(circulated.decision.status == .open && circulated.decision.procedure == .silence(deadline: deadline))
        #expect(circulated.ledger.map(\.kind) == [.opened] && circulated.audit.map(\.action) == ["decision.circulate"])
        let tabled = try DecisionWorkflow.table(state, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
        #expect(tabled.decision.procedure == .inMeeting && tabled.audit.map(\.action) == ["decision.table"])
        #expect(throws: DecisionError.notPossible(.table, .open)) {
            try DecisionWorkflow.table(Self.after(state, tabled), registry: Self.registry, actor: Self.secretariat, now: Self.t0)
        }
    }

    // MARK: positions

    @Test("under silence procedure an objection ends the decision at once, not adopted; in a meeting it waits for the close")
    func objection() throws {
        let state = try Self.drafted()
        let objection = PositionRequest(state: "IN", version: 1, kind: .objects, reason: "Not yet.")
        let silent = Self.after(state, try DecisionWorkflow.circulate(state, deadline: Self.t0.addingTimeInterval(86_400), registry: Self.registry,
                                                                      notified: Self.members, actor: Self.secretariat, now: Self.t0))
        let broken = try DecisionWorkflow.takePosition(silent, objection, memberStates: Self.members, key: nil, delegation: Self.accredited("IN"), actor: Self.delegate, now: Self.t0)
        #expect(broken.decision.status == .notAdopted && broken.ledger.map(\.kind) == [.position, .outcome])
        #expect(broken.decision.outcomeNote == Message("decision.note.silenceBroken", ["state": .country("IN")]))
        #expect(broken.audit.map(\.action) == ["decision.position", "decision.notAdopted"] && !broken.appliesEffect)
        let meeting = Self.after(state, try DecisionWorkflow.table(state, registry: Self.registry, actor: Self.secretariat, now: Self.t0))
        let taken = try DecisionWorkflow.takePosition(meeting, objection, memberStates: Self.members, key: nil, delegation: Self.accredited("IN"), actor: Self.delegate, now: Self.t0)
        #expect(taken.decision.status == .open && taken.ledger.map(\.kind) == [.position])
    }

    @Test("a position is refused", arguments: [
        (PositionRequest(state: "IN", version: 1, kind: .objects), DecisionError.position(.reasonRequired)),
        (PositionRequest(state: "IN", version: 2, kind: .joins), .position(.notCurrentVersion(current: 1))),
        (PositionRequest(state: "BR", version: 1, kind: .joins), .position(.notAMemberState("BR"))),
        (PositionRequest(state: "IN", version: 1, kind: .joins, signature: "c2lnbmF0dXJl", keyId: "key-1"),
         .invalid(FieldError(field: "keyId", reason: Message("reason.registeredKeyRegisterDelegation")))),
    ])
    func positionRefused(request: PositionRequest, error: DecisionError) throws {
        let state = try Self.drafted()
        let open = Self.after(state, try DecisionWorkflow.table(state, registry: Self.registry, actor: Self.secretariat, now: Self.t0))
        #expect(throws: error) { try DecisionWorkflow.takePosition(open, request, memberStates: Self.members, key: nil, delegation: Self.accredited(request.state), actor: Self.delegate, now: Self.t0) }
    }

    // MARK: closing

    @Test("a meeting closes adopted unless an objection stands; the note names the objecting states")
    func close() throws {
        let admission = try Self.drafted(Self.draft(organ: "summit", effect: "admitMemberState", parameters: ["state": "NP"]))
        var open = Self.after(admission, try DecisionWorkflow.table(admission, registry: Self.registry, actor: Self.secretariat, now: Self.t0))
        let adopted = try DecisionWorkflow.close(open, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
        #expect(adopted.decision.status == .adopted && adopted.appliesEffect && adopted.ledger.map(\.kind) == [.outcome])
        for state in ["IN", "CN"] {
            open = Self.after(open, try DecisionWorkflow.takePosition(open, PositionRequest(state: state, version: 1, kind: .objects, reason: "No."),
                                                                     memberStates: Self.members, key: nil, delegation: Self.accredited(state), actor: Self.delegate, now: Self.t0))
        }
        let refused = try DecisionWorkflow.close(open, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
        #expect(refused.decision.status == .notAdopted && !refused.appliesEffect)
        #expect(refused.decision.outcomeNote == Message("decision.note.objectedBy", ["states": .allOf([.country("CN"), .country("IN")])]))
        #expect(Localizer(.en)(refused.decision.outcomeNote!) == "Objected by China and India.")
    }

    @Test("a Member State the circulation could not notify is not counted as silent, and the outcome says so")
    func notifiedSilence() throws {
        let state = try Self.drafted()
        let deadline = Self.t0.addingTimeInterval(86_400)
        let everyoneBut = Self.members.subtracting(["IN", "CN"])
        let circulated = try DecisionWorkflow.circulate(state, deadline: deadline, registry: Self.registry, notified: everyoneBut,
                                                        actor: Self.secretariat, now: Self.t0)
        #expect(circulated.decision.notNotified == ["CN", "IN"])
        #expect(circulated.ledger[0].payload["notNotified"] == ["CN", "IN"] && circulated.ledger[0].payload["notified"]?["KZ"] == .string(Timestamp.string(Self.t0)))
        let silent = Self.after(state, circulated)
        let closed = try DecisionWorkflow.close(silent, registry: Self.registry, actor: Self.secretariat, now: deadline)
        #expect(closed.decision.status == .notAdopted && !closed.appliesEffect)
        #expect(Localizer(.en)(closed.decision.outcomeNote!).hasPrefix("Not adopted: China and India could not be notified"))
        // A state not notified that took a position knew of it: only the others stand in the way.
        let answered = Self.after(silent, try DecisionWorkflow.takePosition(silent, PositionRequest(state: "IN", version: 1, kind: .noObjection),
                                                                            memberStates: Self.members, key: nil, delegation: Self.accredited("IN"),
                                                                            actor: Self.delegate, now: Self.t0))
        #expect(SilenceProcedure.unaware(notNotified: ["CN", "IN"], positions: answered.positions, version: 1) == ["CN"])
        var all = answered
        all.positions.append(Position(state: "CN", version: 1, kind: .joins, actor: "p", takenAt: Self.t0))
        #expect(try DecisionWorkflow.close(all, registry: Self.registry, actor: Self.secretariat, now: deadline).decision.status == .adopted)
    }

    @Test("silence closes only at its deadline; adoption fails if the effect no longer holds")
    func silenceAndEffect() throws {
        let admission = try Self.drafted(Self.draft(organ: "summit", effect: "admitMemberState", parameters: ["state": "NP"]))
        let deadline = Self.t0.addingTimeInterval(86_400)
        let silent = Self.after(admission, try DecisionWorkflow.circulate(admission, deadline: deadline, registry: Self.registry,
                                                                          notified: Self.members, actor: Self.secretariat, now: Self.t0))
        #expect(throws: DecisionError.silenceRunning(deadline: deadline)) {
            try DecisionWorkflow.close(silent, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
        }
        let elapsed = try DecisionWorkflow.close(silent, registry: Self.registry, actor: Self.secretariat, now: deadline)
        #expect(elapsed.decision.status == .adopted && elapsed.decision.outcomeNote == Message("decision.note.silenceElapsed"))
        var registry = Self.registry
        registry.memberStates["NP"] = MemberState(code: "NP", name: "Nepal", accession: nil, founding: false, context: nil, provenance: Provenance(confidence: .confirmed, sources: []))
        #expect(throws: DecisionError.self) { try DecisionWorkflow.close(silent, registry: registry, actor: Self.secretariat, now: deadline) }
    }

    @Test("a closed decision never changes", arguments: DecisionStep.allCases.filter { $0 != .takePosition })
    func closedIsFinal(step: DecisionStep) throws {
        let state = try Self.drafted()
        let withdrawn = Self.after(state, try DecisionWorkflow.withdraw(state, actor: Self.secretariat, now: Self.t0))
        #expect(withdrawn.decision.status == .withdrawn)
        #expect(throws: DecisionError.notPossible(step, .withdrawn)) {
            switch step {
            case .revise: _ = try DecisionWorkflow.revise(withdrawn, text: "x", folds: [], actor: Self.secretariat, now: Self.t0)
            case .table: _ = try DecisionWorkflow.table(withdrawn, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
            case .circulate:
                _ = try DecisionWorkflow.circulate(withdrawn, deadline: Self.t0.addingTimeInterval(86_400), registry: Self.registry,
                                                   notified: Self.members, actor: Self.secretariat, now: Self.t0)
            case .takePosition: break
            case .proposeAmendment:
                _ = try DecisionWorkflow.proposeAmendment(withdrawn, id: "a", by: "KZ", version: 1, text: "x", rationale: nil, memberStates: Self.members,
                                                          actor: Self.delegate, now: Self.t0)
            case .close: _ = try DecisionWorkflow.close(withdrawn, registry: Self.registry, actor: Self.secretariat, now: Self.t0)
            case .withdraw: _ = try DecisionWorkflow.withdraw(withdrawn, actor: Self.secretariat, now: Self.t0)
            }
        }
        // A position on a closed decision is refused by the consensus rule: it is not open.
        #expect(throws: DecisionError.position(.notOpen(.withdrawn))) {
            try DecisionWorkflow.takePosition(withdrawn, PositionRequest(state: "KZ", version: 1, kind: .joins), memberStates: Self.members,
                                              key: nil, delegation: Self.accredited("KZ"), actor: Self.delegate, now: Self.t0)
        }
    }

    @Test("a delegation key: Ed25519, for a Member State, once")
    func delegationKey() throws {
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        #expect(throws: DecisionError.self) { try DelegationKey.register(id: "k", state: "KZ", publicKey: "short", memberStates: Self.members, alreadyRegistered: false, now: Self.t0) }
        #expect(throws: DecisionError.position(.notAMemberState("BR"))) {
            try DelegationKey.register(id: "k", state: "BR", publicKey: key, memberStates: Self.members, alreadyRegistered: false, now: Self.t0)
        }
        #expect(throws: DecisionError.self) { try DelegationKey.register(id: "k", state: "KZ", publicKey: key, memberStates: Self.members, alreadyRegistered: true, now: Self.t0) }
        #expect(try DelegationKey.register(id: "k", state: "KZ", publicKey: key, memberStates: Self.members, alreadyRegistered: false, now: Self.t0).state == "KZ")
    }
}
