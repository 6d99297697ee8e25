import Crypto
import Foundation

/// What a ledger entry records.
public enum LedgerKind: String, Codable, Sendable, CaseIterable {
    /// A draft was created (with its effect and procedure).
    case draft
    /// A text version.
    case version
    /// The draft was tabled in a meeting or circulated under silence procedure.
    case opened
    /// A Member State's position.
    case position
    /// A delegation's proposed amendment.
    case amendment
    /// Adopted, not adopted or withdrawn.
    case outcome
    /// A historical decision's record corrected against the sources: what changed and why. Earlier entries stay as written.
    case correction
}

/// One entry of the hash-chained record of decisions.
///
/// Each decision's entries form a chain: `hash = SHA-256(prevHash ‖ payload)`, where `prevHash` is the
/// hash of the decision's previous entry (64 zeros for its first). `sequence` numbers every entry of the
/// database without gaps, so that a missing entry shows too.
public struct LedgerEntry: Sendable, Equatable, Codable {
    public var sequence: Int
    public var decision: String
    public var kind: LedgerKind
    /// Canonical JSON.
    public var payload: String
    public var prevHash: String
    public var hash: String
    /// Ed25519 signature (base64) over the canonical JSON of the payload's `signed` part, for signed positions.
    public var signature: String?
    public var keyId: String?

    public init(sequence: Int, decision: String, kind: LedgerKind, payload: String, prevHash: String, hash: String, signature: String?, keyId: String?) {
        self.sequence = sequence
        self.decision = decision
        self.kind = kind
        self.payload = payload
        self.prevHash = prevHash
        self.hash = hash
        self.signature = signature
        self.keyId = keyId
    }
}


/// Builds and checks the record.
public enum Ledger {
    /// The `prevHash` of a decision's first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(prevHash: String, payload: String) -> String {
        Hex.string(SHA256.hash(data: Data((prevHash + payload).utf8)))
    }

    /// Whether `signature` (base64) is `publicKey`'s (base64) Ed25519 signature of `message`.
    public static func isValidSignature(_ signature: String, of message: String, publicKey: String) -> Bool {
        guard let keyData = Data(base64Encoded: publicKey), let signatureData = Data(base64Encoded: signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData) else { return false }
        return key.isValidSignature(signatureData, for: Data(message.utf8))
    }

    /// Whether a base64 text is an Ed25519 public key.
    public static func isPublicKey(_ text: String) -> Bool {
        guard let data = Data(base64Encoded: text) else { return false }
        return (try? Curve25519.Signing.PublicKey(rawRepresentation: data)) != nil
    }

    /// The first problem found in a record, naming the entry.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var sequence: Int?
        public var reason: Message
        /// The problem as a message: "entry 12: …".
        public var message: Message {
            sequence.map { Message("ledger.problem.entry", ["sequence": "\($0)", "reason": .message(reason)]) } ?? reason
        }
        /// The problem in the reader's language.
        public func worded(_ l: Localizer) -> String { l(message) }
        public var description: String { worded(Localizer(.en)) }
    }

    /// Checks every entry (canonical payload, hash, chain per decision, signatures) and, when `gapless`,
    /// that the sequence numbers run 1, 2, 3, … without a gap. Returns nil when everything holds.
    public static func verify(_ entries: [LedgerEntry], keys: [DelegationKey], gapless: Bool) -> Problem? {
        let keysById = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var last: [String: String] = [:]
        var expected = entries.first?.sequence ?? 1
        if gapless { expected = 1 }
        var previousSequence = Int.min
        for entry in entries {
            if gapless && entry.sequence != expected {
                return Problem(sequence: entry.sequence, reason: Message("reason.expectedEntryHereEntry", ["expected": "\(expected)"]))
            }
            if entry.sequence <= previousSequence {
                return Problem(sequence: entry.sequence, reason: Message("reason.entriesAreOutOrder"))
            }
            previousSequence = entry.sequence
            expected = entry.sequence + 1
            guard let payload = CanonicalJSON(parsing: entry.payload), payload.text == entry.payload else {
                return Problem(sequence: entry.sequence, reason: Message("reason.payloadCanonicalJson"))
            }
            if payload["decision"]?.stringValue != entry.decision || payload["kind"]?.stringValue != entry.kind.rawValue {
                return Problem(sequence: entry.sequence, reason: Message("reason.payloadNamesAnotherDecision"))
            }
            let prev = last[entry.decision] ?? genesis
            if entry.prevHash != prev {
                return Problem(sequence: entry.sequence, reason: Message("reason.prevhashDoesMatchDecision", ["prev": "\(String(prev.prefix(12)))"]))
            }
            if hash(prevHash: entry.prevHash, payload: entry.payload) != entry.hash {
                return Problem(sequence: entry.sequence, reason: Message("reason.hashDoesMatchPayload"))
            }
            if let signature = entry.signature {
                guard let keyId = entry.keyId, let key = keysById[keyId] else {
                    return Problem(sequence: entry.sequence, reason: Message("reason.signedKeyRecord"))
                }
                guard let signed = payload["signed"], key.state == signed["state"]?.stringValue else {
                    return Problem(sequence: entry.sequence, reason: Message("reason.keyBelongsAnotherState"))
                }
                guard isValidSignature(signature, of: signed.text, publicKey: key.publicKey) else {
                    return Problem(sequence: entry.sequence, reason: Message("reason.signatureDoesVerifyKey", ["keyId": "\(keyId)"]))
                }
            }
            last[entry.decision] = entry.hash
        }
        return nil
    }
}

/// A self-contained record of one decision, checkable offline with the platform's public key alone: its entries,
/// the keys that signed them, and the log's proof that each entry and each key's registration is in the log that a
/// signed checkpoint covers.
public struct DecisionRecord: Sendable, Equatable, Codable {
    public var format: String
    public var decision: String
    public var entries: [LedgerEntry]
    /// The delegation keys, for convenience only: a check believes a key only from its registration's leaf.
    public var keys: [DelegationKey]
    /// The signed checkpoint the proofs are against, and one included leaf per entry and per key.
    public var log: RecordProof?

    public static let currentFormat = "cica-decision-record/2"

    public init(decision: String, entries: [LedgerEntry], keys: [DelegationKey], log: RecordProof?) {
        self.format = Self.currentFormat
        self.decision = decision
        self.entries = entries
        self.keys = keys
        self.log = log
    }

    /// The chain and signatures, against keys the caller already trusts (the platform's own view of its tables).
    public func verifyChain(keys trusted: [DelegationKey]) -> Ledger.Problem? {
        guard !entries.isEmpty else { return Ledger.Problem(sequence: nil, reason: Message("reason.recordHasEntries")) }
        if let other = entries.first(where: { $0.decision != decision }) {
            return Ledger.Problem(sequence: other.sequence, reason: Message("reason.entryBelongsDecision", ["decision": "\(other.decision)", "decision2": "\(decision)"]))
        }
        return Ledger.verify(entries, keys: trusted, gapless: false)
    }

    /// Checks the record trusting only `key`: the checkpoint is signed by it, every entry is a leaf proven to be in
    /// the log it covers, and the delegation keys believed are those whose registration is such a leaf too (never the
    /// `keys` listed in the file). Nil when the record holds; otherwise the first problem.
    public func verify(trusting key: NoteVerifier) -> Ledger.Problem? {
        guard format == Self.currentFormat else { return Ledger.Problem(sequence: nil, reason: Message("reason.unknownRecordFormat", ["format": "\(format)"])) }
        guard let log else { return Ledger.Problem(sequence: nil, reason: Message("reason.record.noProof")) }
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint.open(log.checkpoint, key: key) } catch {
            return Ledger.Problem(sequence: nil, reason: Message("reason.record.checkpointKey"))
        }
        var included: [String: LogLeaf] = [:]
        for leaf in log.leaves {
            let proof = leaf.proof.compactMap(MerkleLog.hash(hex:))
            guard proof.count == leaf.proof.count,
                  MerkleLog.verifyInclusion(index: leaf.index, size: checkpoint.size, leafHash: leaf.leaf.hash, proof: proof, root: checkpoint.root) else {
                return Ledger.Problem(sequence: nil, reason: Message("reason.record.notIncluded", ["index": "\(leaf.index)"]))
            }
            included[leaf.leaf.source.rawValue + "/" + leaf.leaf.ref] = leaf.leaf
        }
        for entry in entries where included["ledger/\(entry.sequence)"] != LogLeaf.ledger(entry) {
            return Ledger.Problem(sequence: entry.sequence, reason: Message("reason.record.entryNotInLog"))
        }
        let trusted: [DelegationKey] = included.values.filter { $0.source == .key }.compactMap { leaf in
            guard let row = leaf.row, let id = row["id"]?.stringValue, let state = row["state"]?.stringValue,
                  let publicKey = row["publicKey"]?.stringValue else { return nil }
            return DelegationKey(id: id, state: state, publicKey: publicKey, registeredAt: row["registeredAt"]?.stringValue.flatMap(Timestamp.date))
        }
        return verifyChain(keys: trusted)
    }
}

/// The log's part of a downloaded record.
public struct RecordProof: Sendable, Equatable, Codable {
    /// The signed checkpoint (C2SP `tlog-checkpoint`) every proof is against.
    public var checkpoint: String
    public var leaves: [IncludedLeaf]

    public init(checkpoint: String, leaves: [IncludedLeaf]) {
        self.checkpoint = checkpoint
        self.leaves = leaves
    }
}

/// A leaf with its index and its inclusion proof (hex hashes, nearest sibling first).
public struct IncludedLeaf: Sendable, Equatable, Codable {
    public var index: Int
    public var leaf: LogLeaf
    public var proof: [String]

    public init(index: Int, leaf: LogLeaf, proof: [String]) {
        self.index = index
        self.leaf = leaf
        self.proof = proof
    }
}
