import Crypto
import Foundation
import Testing
@testable import CICACore

@Suite("Merkle log")
struct MerkleLogTests {
    /// The leaves and roots of Certificate Transparency's reference tests (RFC 6962's hashing).
    static let leafData: [[UInt8]] = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
                                      [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], Array(0x60...0x6f)]
    static let roots = ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]
    static let leaves = leafData.map(MerkleLog.leafHash)

    @Test("roots match the reference vectors, computed from the definition and incrementally", arguments: 1...8)
    func roots(size: Int) {
        #expect(MerkleLog.hex(MerkleLog.root(Self.leaves.prefix(size))) == Self.roots[size - 1])
        var frontier = MerkleLog.Frontier()
        for leaf in Self.leaves.prefix(size) { frontier.append(leaf) }
        #expect(MerkleLog.hex(frontier.root) == Self.roots[size - 1])
        #expect(MerkleLog.Frontier(size: frontier.size, nodes: frontier.nodes) == frontier)
    }

    @Test("the empty tree's root is SHA-256 of nothing")
    func empty() {
        #expect(MerkleLog.hex(MerkleLog.root([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleLog.Frontier().root == MerkleLog.emptyRoot)
    }

    static let many = (0..<21).map { MerkleLog.leafHash(Array("leaf \($0)".utf8)) }

    @Test("every leaf's inclusion proof verifies, and no other leaf, index or root passes", arguments: 1...21)
    func inclusion(size: Int) {
        let leaves = Self.many.prefix(size)
        let root = MerkleLog.root(leaves)
        for index in 0..<size {
            let proof = MerkleLog.inclusionProof(index, leaves)
            #expect(MerkleLog.verifyInclusion(index: index, size: size, leafHash: leaves[index], proof: proof, root: root))
            #expect(!MerkleLog.verifyInclusion(index: index, size: size, leafHash: MerkleLog.leafHash(Array("not in the tree".utf8)), proof: proof, root: root))
            if size > 1 {
                #expect(!MerkleLog.verifyInclusion(index: (index + 1) % size, size: size, leafHash: leaves[index], proof: proof, root: root))
                #expect(!MerkleLog.verifyInclusion(index: index, size: size, leafHash: leaves[index], proof: Array(proof.dropLast()), root: root))
            }
            #expect(!MerkleLog.verifyInclusion(index: index, size: size, leafHash: leaves[index], proof: proof, root: MerkleLog.emptyRoot))
        }
        #expect(!MerkleLog.verifyInclusion(index: size, size: size, leafHash: leaves[0], proof: [], root: root))
    }

    @Test("every older tree is proven a prefix of every newer one; a rewritten old tree is not", arguments: 1...21)
    func consistency(new: Int) {
        let leaves = Array(Self.many.prefix(new))
        let newRoot = MerkleLog.root(leaves)
        for old in 1...new {
            let proof = MerkleLog.consistencyProof(old: old, leaves)
            let oldRoot = MerkleLog.root(leaves.prefix(old))
            #expect(MerkleLog.verifyConsistency(old: old, new: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof), "\(old) → \(new)")
            var rewritten = leaves
            rewritten[old - 1] = MerkleLog.leafHash(Array("forged".utf8))
            #expect(!MerkleLog.verifyConsistency(old: old, new: new, oldRoot: MerkleLog.root(rewritten.prefix(old)), newRoot: newRoot, proof: proof))
        }
    }

    @Test("a checkpoint is a signed note that opens with its key only, and not once changed")
    func checkpoint() throws {
        let key = PlatformKey.generate(name: "cica-platform")
        let checkpoint = Checkpoint(origin: "cica-platform", size: 8, root: MerkleLog.hash(hex: Self.roots[7])!)
        let note = checkpoint.signed(by: key)
        #expect(note.hasPrefix("cica-platform\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u{2014} cica-platform "))
        #expect(try Checkpoint.open(note, key: key.verifier) == checkpoint)
        #expect(throws: Checkpoint.Problem.notSignedByKey) { try Checkpoint.open(note, key: PlatformKey.generate(name: "cica-platform").verifier) }
        #expect(throws: Checkpoint.Problem.notSignedByKey) { try Checkpoint.open(note.replacingOccurrences(of: "\n8\n", with: "\n9\n"), key: key.verifier) }
        #expect(throws: Checkpoint.Problem.malformed) { try Checkpoint.open("cica-platform\n8\n", key: key.verifier) }
        // A second signer's line is ignored, the trusted one still found.
        let cosigned = note + PlatformKey.generate(name: "witness").signatureLine(for: checkpoint.body)
        #expect(try Checkpoint.open(cosigned, key: key.verifier) == checkpoint)
    }

    @Test("keys written and read back: the private key file and the public verifier key")
    func keys() throws {
        let key = PlatformKey.generate(name: "cica-platform")
        let read = try #require(PlatformKey(fileText: key.fileText))
        #expect(read.verifier == key.verifier)
        #expect(NoteVerifier(key.verifier.description) == key.verifier)
        #expect(key.verifier.description.hasPrefix("cica-platform+"))
        #expect(NoteVerifier("cica-platform+00000000+" + key.verifier.description.split(separator: "+")[2]) == nil, "a wrong key hash is refused")
        #expect(PlatformKey(fileText: "PRIVATE+KEY+x+00+AAAA") == nil)
        #expect(!NoteVerifier.isValidName("cica platform") && !NoteVerifier.isValidName("a+b") && NoteVerifier.isValidName("cica-platform"))
    }
}

@Suite("Log check")
struct LogCheckTests {
    static let key = PlatformKey.generate(name: "cica-platform")
    static let rows = (1...5).map { LogLeaf.audit(sequence: $0, columns: ["action": "a\($0)", "before": nil]) }

    static func stored(_ rows: [LogLeaf]) -> [StoredLeaf] {
        rows.enumerated().map { StoredLeaf(index: $0.offset, source: $0.element.source, ref: $0.element.ref, hash: $0.element.hash) }
    }

    static func checkpoint(_ rows: ArraySlice<LogLeaf>, key: PlatformKey = key) -> StoredCheckpoint {
        StoredCheckpoint(size: rows.count, note: Checkpoint(origin: key.name, size: rows.count, root: MerkleLog.root(rows.map(\.hash))).signed(by: key))
    }

    static let intact = (leaves: stored(rows), checkpoints: [checkpoint(rows.prefix(2)), checkpoint(rows[...])])

    static func check(leaves: [StoredLeaf] = intact.leaves, rows: [LogLeaf] = rows, checkpoints: [StoredCheckpoint] = intact.checkpoints,
                      distrusted: [NoteVerifier] = []) -> String? {
        LogCheck.verify(leaves: leaves, rows: rows, checkpoints: checkpoints, keys: [key.verifier], distrusted: distrusted)?.key
    }

    @Test("an intact log verifies")
    func intact() { #expect(Self.check() == nil) }

    @Test("each manipulation is named", arguments: [
        ("a row changed", "reason.log.rowChanged"), ("a row deleted", "reason.log.rowGone"), ("a row added around the log", "reason.log.rowNotLogged"),
        ("a leaf removed", "reason.log.gap"), ("the newest entry removed with its leaf", "reason.log.newestCheckpoint"),
        ("a checkpoint re-signed by another key", "reason.log.checkpointSignature"), ("a checkpoint over other leaves", "reason.log.checkpointRoot"),
        ("no checkpoint", "reason.log.noCheckpoint"), ("leaves rewritten to match changed rows", "reason.log.checkpointRoot"),
    ])
    func manipulations(what: String, expected: String) {
        var rows = Self.rows, leaves = Self.intact.leaves, checkpoints = Self.intact.checkpoints
        switch what {
        case "a row changed": rows[1] = LogLeaf.audit(sequence: 2, columns: ["action": "forged", "before": nil])
        case "a row deleted": rows.remove(at: 3)
        case "a row added around the log": rows.append(LogLeaf.audit(sequence: 9, columns: [:]))
        case "a leaf removed": leaves.remove(at: 2)
        case "the newest entry removed with its leaf": rows.removeLast(); leaves.removeLast()
        case "a checkpoint re-signed by another key": checkpoints[0] = Self.checkpoint(Self.rows.prefix(2), key: PlatformKey.generate(name: "cica-platform"))
        case "a checkpoint over other leaves": checkpoints[0] = StoredCheckpoint(size: 2, note: Self.checkpoint(Self.rows.suffix(2)).note)
        case "no checkpoint": checkpoints = []
        default:
            rows[1] = LogLeaf.audit(sequence: 2, columns: ["action": "forged", "before": nil])
            leaves = Self.stored(rows)
        }
        #expect(Self.check(leaves: leaves, rows: rows, checkpoints: checkpoints) == expected, "\(what)")
    }

    @Test("checkpoints of a distrusted key are no evidence; the new key's checkpoint of the whole log is")
    func distrusted() {
        let compromised = Self.key
        let forged = Self.checkpoint(Self.rows.prefix(3), key: compromised)
        let next = PlatformKey.generate(name: "cica-platform")
        let resigned = Self.checkpoint(Self.rows[...], key: next)
        #expect(LogCheck.verify(leaves: Self.intact.leaves, rows: Self.rows, checkpoints: Self.intact.checkpoints + [forged, resigned],
                                keys: [next.verifier], distrusted: [compromised.verifier]) == nil)
        #expect(LogCheck.verify(leaves: Self.intact.leaves, rows: Self.rows, checkpoints: Self.intact.checkpoints + [resigned],
                                keys: [next.verifier], distrusted: [])?.key == "reason.log.checkpointSignature")
    }
}

@Suite("Downloaded record")
struct DownloadedRecordTests {
    static let platform = PlatformKey.generate(name: "cica-platform")
    static let delegation = Curve25519.Signing.PrivateKey()
    static let delegationKey = DelegationKey(id: "key-1", state: "IN", publicKey: delegation.publicKey.rawRepresentation.base64EncodedString(), registeredAt: nil)

    static func entry(_ sequence: Int, _ kind: LedgerKind, _ fields: [String: CanonicalJSON], prev: String, sign: Bool = false,
                      with key: Curve25519.Signing.PrivateKey = delegation, keyId: String = "key-1") -> LedgerEntry {
        var payload = fields
        payload["decision"] = "d1"
        payload["kind"] = .string(kind.rawValue)
        let text = CanonicalJSON.object(payload).text
        let signature = sign ? try! key.signature(for: Data(payload["signed"]!.text.utf8)).base64EncodedString() : nil
        return LedgerEntry(sequence: sequence, decision: "d1", kind: kind, payload: text, prevHash: prev, hash: Ledger.hash(prevHash: prev, payload: text),
                           signature: signature, keyId: sign ? keyId : nil)
    }

    static let entries: [LedgerEntry] = {
        let draft = entry(1, .draft, ["title": "T"], prev: Ledger.genesis)
        let position = entry(2, .position, ["signed": ["state": "IN", "position": "objects", "decision": "d1"], "actor": "participant-1"],
                             prev: draft.hash, sign: true)
        let outcome = entry(3, .outcome, ["status": "notAdopted"], prev: position.hash)
        return [draft, position, outcome]
    }()

    /// The record as the platform builds it: the decision's entries and its key's registration in a log with other leaves.
    static func record(entries: [LedgerEntry] = entries, keyLeaf: LogLeaf? = nil, signer: PlatformKey = platform) -> DecisionRecord {
        let keyLeaf = keyLeaf ?? LogLeaf.key(id: "key-1", state: "IN", publicKey: delegationKey.publicKey, registeredAt: "2026-11-30T00:00:00Z")
        let logged = [LogLeaf.audit(sequence: 1, columns: [:]), keyLeaf] + Self.entries.map(LogLeaf.ledger)
        let hashes = logged.map(\.hash)
        let checkpoint = Checkpoint(origin: signer.name, size: logged.count, root: MerkleLog.root(hashes)).signed(by: signer)
        let included = ([keyLeaf] + entries.map(LogLeaf.ledger)).compactMap { leaf -> IncludedLeaf? in
            guard let index = logged.firstIndex(of: leaf) else { return nil }
            return IncludedLeaf(index: index, leaf: leaf, proof: MerkleLog.inclusionProof(index, hashes[...]).map(MerkleLog.hex))
        }
        return DecisionRecord(decision: "d1", entries: entries, keys: [delegationKey], log: RecordProof(checkpoint: checkpoint, leaves: included))
    }

    @Test("an intact record verifies with the platform's public key alone, after a round trip through JSON")
    func intact() throws {
        let decoded = try JSONDecoder().decode(DecisionRecord.self, from: JSONEncoder().encode(Self.record()))
        #expect(decoded.verify(trusting: Self.platform.verifier) == nil)
    }

    @Test("an objection removed, an outcome changed, a position re-signed with a key added to the file: all refused")
    func forged() {
        // Objection removed and the chain re-hashed so that it links.
        var withoutObjection = [Self.entries[0]]
        withoutObjection.append(Self.entry(2, .outcome, ["status": "adopted"], prev: Self.entries[0].hash))
        var record = Self.record()
        record.entries = withoutObjection
        #expect(record.verify(trusting: Self.platform.verifier)?.reason.key == "reason.record.entryNotInLog")

        var changed = Self.record()
        changed.entries[2] = Self.entry(3, .outcome, ["status": "adopted"], prev: Self.entries[1].hash)
        #expect(changed.verify(trusting: Self.platform.verifier)?.reason.key == "reason.record.entryNotInLog")

        // A position re-signed ("joins") with a new key the forger lists in the file.
        let forger = Curve25519.Signing.PrivateKey()
        var resigned = Self.record()
        resigned.entries[1] = Self.entry(2, .position, ["signed": ["state": "IN", "position": "joins", "decision": "d1"], "actor": "participant-1"],
                                         prev: Self.entries[0].hash, sign: true, with: forger, keyId: "key-2")
        resigned.keys.append(DelegationKey(id: "key-2", state: "IN", publicKey: forger.publicKey.rawRepresentation.base64EncodedString(), registeredAt: nil))
        #expect(resigned.verify(trusting: Self.platform.verifier)?.reason.key == "reason.record.entryNotInLog")

        // The same, with the forger's key registration and a checkpoint of the forger's own making.
        let forgedKey = LogLeaf.key(id: "key-1", state: "IN", publicKey: forger.publicKey.rawRepresentation.base64EncodedString(), registeredAt: "x")
        let selfSigned = Self.record(keyLeaf: forgedKey, signer: PlatformKey.generate(name: "cica-platform"))
        #expect(selfSigned.verify(trusting: Self.platform.verifier)?.reason.key == "reason.record.checkpointKey")
    }

    @Test("a key listed in the file but not proven registered in the log is not believed")
    func unprovenKey() {
        var record = Self.record()
        record.log?.leaves.removeAll { $0.leaf.source == .key }
        #expect(record.verify(trusting: Self.platform.verifier)?.reason.key == "reason.signedKeyRecord")
    }
}

@Suite("Record agreement")
struct RecordAgreementTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func state(positions: [Position], status: DecisionStatus = .open) -> DecisionState {
        var decision = Decision(id: "d1", symbol: "S", title: "T", organ: "senior-officials-committee", meeting: nil, effectKind: "none",
                                effectParameters: [:], procedure: .inMeeting, status: status, currentVersion: 1, continues: nil, historical: false,
                                createdBy: "x", createdAt: now, openedAt: now, closedAt: nil, closedBy: nil, outcomeNote: nil)
        decision.status = status
        return DecisionState(decision: decision, versions: [TextVersion(number: 1, text: "Text", createdBy: "x", createdAt: now)],
                             positions: positions, amendments: [])
    }

    static func entries(positions: [Position], outcome: String? = nil) -> [LedgerEntry] {
        let version = TextVersion(number: 1, text: "Text", createdBy: "x", createdAt: now)
        var payloads: [(LedgerKind, CanonicalJSON)] = [(.version, ["version": 1, "textHash": .string(version.textHash)])]
        for p in positions {
            payloads.append((.position, ["signed": PositionStatement.signed(decision: "d1", version: 1, textHash: version.textHash, state: p.state,
                                                                             kind: p.kind, statementKind: nil, statement: nil, reason: p.reason),
                                         "actor": .string(p.actor), "takenAt": .string(Timestamp.string(p.takenAt))]))
        }
        if let outcome { payloads.append((.outcome, ["status": .string(outcome)])) }
        return payloads.enumerated().map { LedgerEntry(sequence: $0.offset + 1, decision: "d1", kind: $0.element.0, payload: $0.element.1.text,
                                                      prevHash: "", hash: "", signature: nil, keyId: nil) }
    }

    static let objection = Position(state: "IN", version: 1, kind: .objects, reason: "No", actor: "participant-1", takenAt: now)

    @Test("the tables agree with the record, or the difference is named", arguments: [
        ("agree", nil), ("position forged in the table", "reason.agreement.position"), ("position deleted from the table", "reason.agreement.positionMissing"),
        ("outcome changed in the table", "reason.agreement.outcome"), ("version text changed", "reason.agreement.version"),
    ] as [(String, String?)])
    func agreement(what: String, expected: String?) {
        var state = Self.state(positions: [Self.objection])
        var entries = Self.entries(positions: [Self.objection])
        switch what {
        case "position forged in the table":
            state.positions = [Position(state: "IN", version: 1, kind: .joins, actor: "participant-1", takenAt: Self.now)]
        case "position deleted from the table": state.positions = []
        case "outcome changed in the table":
            state.decision.status = .adopted
            entries = Self.entries(positions: [Self.objection], outcome: "notAdopted")
        case "version text changed": state.versions = [TextVersion(number: 1, text: "Other", createdBy: "x", createdAt: Self.now)]
        default: break
        }
        #expect(RecordAgreement.check(state, entries: entries)?.key == expected, "\(what)")
    }
}
