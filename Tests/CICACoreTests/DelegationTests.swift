import Crypto
import Foundation
import Testing
@testable import CICACore

@Suite("Delegations")
struct DelegationTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    static func accredit(_ id: String, user: String, role: DelegationRole = .member, at hours: Double, until: Double? = nil) -> DelegationAct {
        var fields: [String: CanonicalJSON] = ["userId": .string(user), "participant": .string(Actor.pseudonym(userId: user)), "name": .string(user),
                                               "role": .string(role.rawValue)]
        fields["until"] = .optional(until.map { Timestamp.string(at($0)) })
        return DelegationAct(id: id, state: "IN", kind: .accredit, fields: fields, by: "participant-x", at: at(hours))
    }

    static let acts = [
        accredit("a1", user: "u1", role: .head, at: 0),
        accredit("a2", user: "u2", at: 1, until: 10),
        DelegationAct(id: "w1", state: "IN", kind: .withdraw, fields: ["accreditation": "a1"], by: "x", at: at(5)),
        DelegationAct(id: "k1", state: "IN", kind: .revokeKey, fields: ["key": "key-old"], by: "x", at: at(3)),
        DelegationAct(id: "s1", state: "IN", kind: .requireSignatures, fields: [:], by: "x", at: at(4)),
        // Another state's acts never count for India.
        DelegationAct(id: "o1", state: "CN", kind: .requireSignatures, fields: [:], by: "x", at: at(0)),
    ]
    static let record = DelegationRecord(state: "IN", acts: acts)

    @Test("who speaks for the state, and when", arguments: [
        ("u1", 0.5, "a1"), ("u1", 5, nil), ("u2", 0.5, nil), ("u2", 2, "a2"), ("u2", 10, nil), ("u3", 2, nil),
    ] as [(String, Double, String?)])
    func speaker(user: String, hours: Double, expected: String?) {
        #expect(Self.record.speaker(userId: user, at: Self.at(hours))?.id == expected)
    }

    @Test("a position stands only when accredited, signed where required, not with a revoked key", arguments: [
        ("a2", 2.0, nil, nil), ("a2", 2.0, "key-old", nil), ("a2", 3.5, "key-old", "reason.delegation.keyRevoked"), ("a2", 2.5, "key-new", nil),
        ("a2", 4.5, nil, "reason.delegation.signatureRequired"), ("a2", 4.5, "key-new", nil), ("a1", 6.0, "key-new", "reason.delegation.notAccredited"),
        (nil, 2.0, nil, "reason.delegation.notAccredited"), ("zz", 2.0, nil, "reason.delegation.notAccredited"),
    ] as [(String?, Double, String?, String?)])
    func position(accreditation: String?, hours: Double, keyId: String?, expected: String?) {
        #expect(Self.record.positionProblem(accreditation: accreditation, at: Self.at(hours), keyId: keyId)?.key == expected)
    }

    @Test("accrediting: only a Member State's own delegate; a new head ends the old head's accreditation; refusals name the field")
    func accrediting() throws {
        let empty = DelegationRecord(state: "IN")
        func accredit(_ record: DelegationRecord = empty, member: Bool = true, delegate: Bool = true, role: DelegationRole = .member,
                      until: Date? = nil, user: String = "u9") throws(InvalidInput) -> [DelegationAct] {
            try DelegationRules.accredit(id: "n", state: "IN", userId: user, name: "N", role: role, until: until, isMemberState: member,
                                         isDelegateOfState: delegate, record: record, by: "p", now: Self.at(1), withdrawalId: "w")
        }
        #expect(throws: InvalidInput(field: "state", reason: Message("reason.delegation.notMemberState", ["state": .country("IN")]))) { try accredit(member: false) }
        #expect(throws: InvalidInput(field: "user", reason: Message("reason.delegation.notDelegate", ["state": .country("IN")]))) { try accredit(delegate: false) }
        #expect(throws: InvalidInput(field: "until", reason: Message("reason.delegation.untilPast"))) { try accredit(until: Self.at(0)) }
        let withHead = DelegationRecord(state: "IN", acts: [Self.accredit("a1", user: "u1", role: .head, at: 0)])
        let acts = try accredit(withHead, role: .head)
        #expect(acts.map(\.kind) == [.withdraw, .accredit] && acts[0].fields["accreditation"]?.stringValue == "a1")
        let after = DelegationRecord(state: "IN", acts: [Self.accredit("a1", user: "u1", role: .head, at: 0)] + acts)
        #expect(after.head(at: Self.at(2))?.userId == "u9")
        #expect(throws: InvalidInput.self) { try accredit(after, role: .head) }
        #expect(try accredit(withHead).map(\.kind) == [.accredit], "a member leaves the head in place")
    }

    @Test("revoking and requiring: refusals that say what to do")
    func keys() throws {
        let key = DelegationKey(id: "key-1", state: "IN", publicKey: "x", registeredAt: nil)
        let empty = DelegationRecord(state: "IN")
        #expect(throws: InvalidInput.self) { try DelegationRules.requireSignatures(id: "r", keys: [], record: empty, by: "p", now: Self.t0) }
        #expect(try DelegationRules.requireSignatures(id: "r", keys: [key], record: empty, by: "p", now: Self.t0).kind == .requireSignatures)
        #expect(throws: InvalidInput.self) { try DelegationRules.requireSignatures(id: "r", keys: [key], record: Self.record, by: "p", now: Self.t0) }
        #expect(throws: InvalidInput.self) {
            try DelegationRules.revokeKey(id: "r", key: DelegationKey(id: "key-2", state: "CN", publicKey: "x", registeredAt: nil), keyId: "key-2",
                                          record: empty, by: "p", now: Self.t0)
        }
        #expect(try DelegationRules.revokeKey(id: "r", key: key, keyId: "key-1", record: empty, by: "p", now: Self.t0).fields["key"]?.stringValue == "key-1")
    }

    @Test("while signatures are required, a new key must be endorsed by one the state already has")
    func endorsement() throws {
        let existing = Curve25519.Signing.PrivateKey()
        let key = DelegationKey(id: "key-1", state: "IN", publicKey: existing.publicKey.rawRepresentation.base64EncodedString(), registeredAt: nil)
        let newKey = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        let required = DelegationRecord(state: "IN", acts: [DelegationAct(id: "s", state: "IN", kind: .requireSignatures, fields: [:], by: "p", at: Self.t0)])
        let text = DelegationKey.endorsementText(state: "IN", publicKey: newKey)
        let endorsement = try existing.signature(for: Data(text.utf8)).base64EncodedString()
        try DelegationKey.checkEndorsement(state: "IN", publicKey: newKey, record: DelegationRecord(state: "IN"), keys: [], endorsementKeyId: nil,
                                           endorsement: nil, now: Self.t0)
        try DelegationKey.checkEndorsement(state: "IN", publicKey: newKey, record: required, keys: [key], endorsementKeyId: "key-1",
                                           endorsement: endorsement, now: Self.t0)
        #expect(throws: InvalidInput.self) {
            try DelegationKey.checkEndorsement(state: "IN", publicKey: newKey, record: required, keys: [key], endorsementKeyId: nil, endorsement: nil, now: Self.t0)
        }
        #expect(throws: InvalidInput.self) {
            let forged = try Curve25519.Signing.PrivateKey().signature(for: Data(text.utf8)).base64EncodedString()
            try DelegationKey.checkEndorsement(state: "IN", publicKey: newKey, record: required, keys: [key], endorsementKeyId: "key-1",
                                               endorsement: forged, now: Self.t0)
        }
    }

    @Test("the log's check finds a position no accredited delegate took, or unsigned where required")
    func logCheck() {
        func entry(_ accreditation: CanonicalJSON?, hours: Double, signed: Bool = false) -> LedgerEntry {
            var payload: [String: CanonicalJSON] = ["signed": ["state": "IN", "position": "objects"], "takenAt": .string(Timestamp.string(Self.at(hours)))]
            if let accreditation { payload["accreditation"] = accreditation }
            return LedgerEntry(sequence: 7, decision: "d", kind: .position, payload: CanonicalJSON.object(payload).text, prevHash: "", hash: "",
                               signature: signed ? "sig" : nil, keyId: signed ? "key-new" : nil)
        }
        #expect(DelegationCheck.positions([entry("a2", hours: 2)], acts: Self.acts) == nil)
        #expect(DelegationCheck.positions([entry(nil, hours: 2)], acts: Self.acts) == nil, "recorded before delegations were")
        #expect(DelegationCheck.positions([entry(.null, hours: 2)], acts: Self.acts)?.key == "reason.log.positionDoesNotStand")
        #expect(DelegationCheck.positions([entry("a2", hours: 4.5)], acts: Self.acts)?.values["problem"] ==
                .message(Message("reason.delegation.signatureRequired", ["state": .country("IN")])))
        #expect(DelegationCheck.positions([entry("a2", hours: 4.5, signed: true)], acts: Self.acts) == nil)
    }
}
