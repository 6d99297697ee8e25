import Crypto
import Foundation
import Testing
@testable import CICACore

@Suite("Consensus rules")
struct ConsensusTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let members: Set = ["KZ", "CN", "IN", "EG"]

    static func check(_ kind: PositionKind, statementKind: StatementKind? = nil, statement: String? = nil, reason: String? = nil,
                      status: DecisionStatus = .open, version: Int = 2, procedure: Procedure = .inMeeting, now: Date = t0,
                      state: String = "KZ") -> PositionError? {
        do {
            try ConsensusRule.check(kind: kind, statementKind: statementKind, statement: statement, reason: reason, status: status,
                                    currentVersion: 2, version: version, procedure: procedure, now: now, state: state, memberStates: members)
            return nil
        } catch { return error }
    }

    @Test("which positions may be taken", arguments: [
        (check(.joins), nil as PositionError?),
        (check(.noObjection), nil),
        (check(.noObjection, statementKind: .reservation, statement: "On paragraph 3."), nil),
        (check(.noObjection, statementKind: .interpretativeStatement, statement: "We read 'cooperation' as voluntary."), nil),
        (check(.objects, reason: "Paragraph 2 prejudges the Charter."), nil),
        (check(.objects), .reasonRequired),
        (check(.objects, reason: "   "), .reasonRequired),
        (check(.objects, statementKind: .reservation, statement: "x", reason: "y"), .statementOnlyWithoutObjection),
        (check(.joins, reason: "why"), .reasonOnlyForObjection),
        (check(.joins, statementKind: .reservation, statement: "x"), .statementOnlyWithoutObjection),
        (check(.noObjection, statementKind: .reservation), .statementTextRequired),
        (check(.noObjection, statement: "text without a kind"), .statementKindRequired),
        (check(.joins, status: .drafting), .notOpen(.drafting)),
        (check(.joins, status: .adopted), .notOpen(.adopted)),
        (check(.joins, version: 1), .notCurrentVersion(current: 2)),
        (check(.joins, procedure: .silence(deadline: t0)), .deadlinePassed(t0)),
        (check(.joins, procedure: .silence(deadline: t0.addingTimeInterval(1))), nil),
        (check(.joins, state: "JP"), .notAMemberState("JP")),
    ])
    func positions(result: PositionError?, expected: PositionError?) {
        #expect(result == expected)
    }

    static func position(_ state: String, _ kind: PositionKind, version: Int = 1, at seconds: Double = 0) -> Position {
        Position(state: state, version: version, kind: kind, reason: kind == .objects ? "no" : nil, actor: "\(state)@example.org",
                 takenAt: t0.addingTimeInterval(seconds))
    }

    @Test("adopted if and only if no objection stands on the final version", arguments: [
        ([position("KZ", .joins), position("CN", .noObjection)], 1, DecisionStatus.adopted),
        ([position("KZ", .joins), position("CN", .objects)], 1, .notAdopted),
        ([position("CN", .objects, at: 0), position("CN", .joins, at: 10)], 1, .adopted),
        ([position("CN", .joins, at: 0), position("CN", .objects, at: 10)], 1, .notAdopted),
        ([position("CN", .objects, version: 1), position("KZ", .joins, version: 2)], 2, .adopted),
        ([], 1, .adopted),
    ])
    func outcome(positions: [Position], finalVersion: Int, expected: DecisionStatus) {
        #expect(ConsensusRule.outcome(positions: positions, finalVersion: finalVersion) == expected)
    }

    @Test("the silence procedure: broken by an objection before the deadline, adopted at the deadline otherwise")
    func silence() {
        let deadline = Self.t0.addingTimeInterval(3600)
        let quiet = [Self.position("KZ", .joins)]
        #expect(SilenceProcedure.state(deadline: deadline, positions: quiet, version: 1, now: Self.t0) == .running(deadline: deadline))
        #expect(SilenceProcedure.due(deadline: deadline, positions: quiet, version: 1, now: Self.t0) == nil)
        #expect(SilenceProcedure.due(deadline: deadline, positions: quiet, version: 1, now: deadline) == .adopted)
        let broken = quiet + [Self.position("IN", .objects, at: 60)]
        #expect(SilenceProcedure.state(deadline: deadline, positions: broken, version: 1, now: Self.t0.addingTimeInterval(61)) == .broken(by: ["IN"]))
        #expect(SilenceProcedure.due(deadline: deadline, positions: broken, version: 1, now: Self.t0.addingTimeInterval(61)) == .notAdopted)
        let late = quiet + [Self.position("IN", .objects, at: 3600)]
        #expect(SilenceProcedure.due(deadline: deadline, positions: late, version: 1, now: deadline) == .adopted, "an objection at the deadline is too late")
        let withdrawn = [Self.position("IN", .objects, at: 10), Self.position("IN", .noObjection, at: 20)]
        #expect(SilenceProcedure.due(deadline: deadline, positions: withdrawn, version: 1, now: Self.t0.addingTimeInterval(30)) == nil)
    }

    @Test("what may be done in each status; a closed decision never changes", arguments: DecisionStatus.allCases)
    func steps(status: DecisionStatus) {
        for step in DecisionStep.allCases {
            let possible = step.isPossible(in: status)
            switch status {
            case .adopted, .notAdopted, .withdrawn: #expect(!possible, "\(step) in \(status)")
            case .drafting: #expect(possible == [.revise, .table, .circulate, .withdraw].contains(step), "\(step) in \(status)")
            case .open: #expect(possible == [.revise, .takePosition, .proposeAmendment, .close, .withdraw].contains(step), "\(step) in \(status)")
            }
        }
    }

    @Test("a version is identified by the hash of its canonical text")
    func versions() {
        let a = TextVersion(number: 1, text: "The Council decides:\r\n1. To admit.  \n\n", createdBy: "s", createdAt: Self.t0)
        let b = TextVersion(number: 2, text: "The Council decides:\n1. To admit.", createdBy: "s", createdAt: Self.t0)
        #expect(a.text == "The Council decides:\n1. To admit.")
        #expect(a.textHash == b.textHash && a.textHash.count == 64)
        #expect(DecisionText.hash("Cafe\u{301}") == DecisionText.hash("Café"))
        #expect(DecisionText.hash("a") != DecisionText.hash("b"))
    }

    @Test("differences between versions, line by line")
    func diff() {
        #expect(TextDiff.lines(from: "a\nb\nc", to: "a\nB\nc\nd") == [.same("a"), .removed("b"), .added("B"), .same("c"), .added("d")])
        #expect(TextDiff.lines(from: "x", to: "x") == [.same("x")])
    }
}

@Suite("Effects")
struct EffectTests {
    static let dataset = try! ReferenceDataset.shipped()
    static let registry = RegistryView(
        countries: Dictionary(uniqueKeysWithValues: dataset.countries.map { ($0.alpha2, $0) }),
        memberStates: Dictionary(uniqueKeysWithValues: dataset.memberStates.map { ($0.code, $0) }),
        observers: Set(dataset.observers.map(\.id)),
        priorityAreas: Dictionary(uniqueKeysWithValues: dataset.priorityAreas.map { ($0.slug, $0) }))

    @Test("admission: refused unless eligible and not already a member", arguments: [
        ("NP", nil as String?), ("JP", nil), ("KZ", "already a Member State"), ("BR", "no part of its territory lies in Asia"),
        ("HK", "not a sovereign state"), ("XX", "no country"),
    ])
    func admission(state: String, problem: String?) throws {
        let effect = try Effects.make(kind: "admitMemberState", parameters: ["state": state])
        let error = effect.check(Self.registry)
        if let problem { #expect(error?.reason.description.contains(problem) == true, "\(state): \(error?.reason.description ?? "accepted")") } else { #expect(error == nil) }
    }

    @Test("each effect checks its parameters and the registry", arguments: [
        ("grantObserverStatus", ["observerKind": "state", "id": "NP"], nil as String?),
        ("grantObserverStatus", ["observerKind": "state", "id": "JP"], "already has observer status"),
        ("grantObserverStatus", ["observerKind": "state", "id": "KZ"], "is a Member State"),
        ("grantObserverStatus", ["observerKind": "organization", "id": "asean", "name": "ASEAN"], nil),
        ("grantObserverStatus", ["observerKind": "organization", "id": "un", "name": "UN"], "already has observer status"),
        ("assignCoordinator", ["priorityArea": "finance", "state": "CN"], nil),
        ("assignCoordinator", ["priorityArea": "finance", "state": "JP"], "not a Member State"),
        ("assignCoordinator", ["priorityArea": "human-dimension", "state": "UZ"], "already is the coordinator"),
        ("assignCoordinator", ["priorityArea": "space", "state": "KZ"], "no priority area"),
        ("appointSecretaryGeneral", ["name": "A. Person", "nationality": "AZ"], nil),
        ("appointSecretaryGeneral", ["name": "A. Person", "nationality": "US"], "not a Member State"),
        ("adoptDocument", ["title": "Statement on volunteerism"], nil),
        ("none", [:], nil),
    ])
    func checks(kind: String, parameters: [String: String], problem: String?) throws {
        let error = try Effects.make(kind: kind, parameters: parameters).check(Self.registry)
        if let problem { #expect(error?.reason.description.contains(problem) == true, "\(kind): \(error?.reason.description ?? "accepted")") } else { #expect(error == nil) }
    }

    @Test("missing or malformed parameters name the field", arguments: [
        ("admitMemberState", [String: String](), "state"), ("admitMemberState", ["state": "Nepal"], "state"),
        ("grantObserverStatus", ["observerKind": "club", "id": "x"], "observerKind"), ("assignCoordinator", ["state": "KZ"], "priorityArea"),
        ("assignCoordinator", ["priorityArea": "finance", "state": "KZ", "role": "chief"], "role"), ("appointSecretaryGeneral", ["name": "X"], "nationality"),
        ("adoptDocument", [:], "title"), ("coronation", [:], "effect"),
    ])
    func malformed(kind: String, parameters: [String: String], field: String) {
        #expect(throws: EffectError.self) { try Effects.make(kind: kind, parameters: parameters) }
        do { _ = try Effects.make(kind: kind, parameters: parameters) } catch { #expect(error.field == field) }
    }

    @Test("each kind names the organs competent to adopt it", arguments: [
        ("admitMemberState", "summit", true), ("admitMemberState", "ministerial-council", true), ("admitMemberState", "senior-officials-committee", false),
        ("assignCoordinator", "senior-officials-committee", true), ("assignCoordinator", "summit", false),
        ("appointSecretaryGeneral", "ministerial-council", true), ("appointSecretaryGeneral", "summit", true),
        ("appointSecretaryGeneral", "senior-officials-committee", false), ("grantObserverStatus", "senior-officials-committee", true),
        ("none", "senior-officials-committee", true), ("none", "special-working-group", false),
    ])
    func competence(kind: String, organ: String, competent: Bool) throws {
        let parameters: [String: String] = ["state": "NP", "priorityArea": "finance", "name": "X", "nationality": "KZ", "title": "T", "observerKind": "state", "id": "TM"]
        let error = Effects.competence(of: try Effects.make(kind: kind, parameters: parameters), organ: organ)
        #expect((error == nil) == competent)
        if let error { #expect(error.field == "organ" && error.reason.description.contains("is not competent")) }
    }
}

@Suite("Ledger")
struct LedgerTests {
    static let key = Curve25519.Signing.PrivateKey()
    static let publicKey = key.publicKey.rawRepresentation.base64EncodedString()

    static func chain(_ payloads: [(String, LedgerKind, CanonicalJSON, Bool)]) -> [LedgerEntry] {
        var last: [String: String] = [:]
        return payloads.enumerated().map { index, item in
            let (decision, kind, body, sign) = item
            var fields: [String: CanonicalJSON] = ["decision": .string(decision), "kind": .string(kind.rawValue), "body": body]
            var signature: String?
            if sign {
                let signed: CanonicalJSON = ["decision": .string(decision), "state": "KZ", "position": "joins"]
                fields["signed"] = signed
                signature = try! key.signature(for: Data(signed.text.utf8)).base64EncodedString()
            }
            let payload = CanonicalJSON.object(fields).text
            let prev = last[decision] ?? Ledger.genesis
            let hash = Ledger.hash(prevHash: prev, payload: payload)
            last[decision] = hash
            return LedgerEntry(sequence: index + 1, decision: decision, kind: kind, payload: payload, prevHash: prev, hash: hash,
                               signature: signature, keyId: sign ? "k1" : nil)
        }
    }

    static let keys = [DelegationKey(id: "k1", state: "KZ", publicKey: publicKey, registeredAt: nil)]
    static let entries = chain([("d1", .draft, "x", false), ("d2", .draft, "y", false), ("d1", .version, "text", false),
                                ("d1", .position, "p", true), ("d1", .outcome, "adopted", false)])

    @Test("canonical JSON: sorted keys, no spaces, minimal escapes, integers")
    func canonical() {
        let value: CanonicalJSON = ["b": 1, "a": ["é\"\n", true, nil], "A": -2]
        #expect(value.text == #"{"A":-2,"a":["é\"\n",true,null],"b":1}"#)
        #expect(CanonicalJSON(parsing: "{ \"b\" : 1, \"a\": [\"\\u00e9\\\"\\n\", true, null], \"A\": -2 }") == value)
        #expect(CanonicalJSON(parsing: "{\"a\": 1.5}") == nil)
        #expect(CanonicalJSON(parsing: "{\"a\": 1, \"a\": 2}") == nil)
        #expect(CanonicalJSON(parsing: "[\"\\ud83d\\ude00\"]") == ["😀"])
        #expect(CanonicalJSON(parsing: "{") == nil)
    }

    @Test("an intact ledger verifies, gapless, with its signature")
    func intact() {
        #expect(Ledger.verify(Self.entries, keys: Self.keys, gapless: true) == nil)
    }

    @Test("a changed payload, a broken link, a gap or a forged signature is named by its entry")
    func tampering() {
        var changed = Self.entries
        changed[2].payload = changed[2].payload.replacingOccurrences(of: "text", with: "txet")
        #expect(Ledger.verify(changed, keys: Self.keys, gapless: true)?.sequence == 3)

        var rehashed = changed
        rehashed[2].hash = Ledger.hash(prevHash: rehashed[2].prevHash, payload: rehashed[2].payload)
        #expect(Ledger.verify(rehashed, keys: Self.keys, gapless: true)?.sequence == 4, "the next entry no longer links")

        var gap = Self.entries
        gap.remove(at: 1)
        #expect(Ledger.verify(gap, keys: Self.keys, gapless: true)?.sequence == 3)
        #expect(Ledger.verify(gap, keys: Self.keys, gapless: false) == nil, "a single decision's record need not be gapless")

        let otherKey = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        let problem = Ledger.verify(Self.entries, keys: [DelegationKey(id: "k1", state: "KZ", publicKey: otherKey, registeredAt: nil)], gapless: true)
        #expect(problem?.sequence == 4 && problem?.reason.description.contains("signature") == true)
        #expect(Ledger.verify(Self.entries, keys: [], gapless: true)?.sequence == 4)
        #expect(Ledger.verify(Self.entries, keys: [DelegationKey(id: "k1", state: "CN", publicKey: Self.publicKey, registeredAt: nil)], gapless: true)?.sequence == 4)

        var spaced = Self.entries
        spaced[0].payload = " " + spaced[0].payload
        #expect(Ledger.verify(spaced, keys: Self.keys, gapless: true)?.reason.description.contains("canonical") == true)
    }

    @Test("a decision's chain verifies against the keys the platform trusts")
    func record() throws {
        let record = DecisionRecord(decision: "d1", entries: Self.entries.filter { $0.decision == "d1" }, keys: Self.keys, log: nil)
        #expect(record.verifyChain(keys: Self.keys) == nil)
        let decoded = try JSONDecoder().decode(DecisionRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded.verifyChain(keys: Self.keys) == nil)
        var foreign = record
        foreign.entries.append(Self.entries[1])
        #expect(foreign.verifyChain(keys: Self.keys)?.sequence == 2)
        #expect(record.verify(trusting: PlatformKey.generate(name: "p").verifier)?.reason.key == "reason.record.noProof",
                "a record without the log's proof is not believed offline")
    }

}
