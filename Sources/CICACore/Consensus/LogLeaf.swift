import Foundation

/// The tables whose rows the Merkle log holds, one leaf per row, in the order they were written.
public enum LogSource: String, Sendable, Codable, CaseIterable {
    /// An entry of the record of decisions (`ledger`).
    case ledger
    /// A line of the audit log (`audit_log`).
    case audit
    /// A delegation key's registration (`delegation_keys`).
    case key
    /// An act of a delegation's record: an accreditation, its withdrawal, a key revoked, signatures required
    /// (`delegation_acts`).
    case delegation
}

/// One leaf of the Merkle log: the canonical JSON of a row, with a payload version, and where the row is.
///
/// The leaf's data is rebuilt from the row whenever the log is checked, so a row changed after it was logged no
/// longer gives its leaf's hash.
public struct LogLeaf: Sendable, Equatable, Codable {
    /// The version of the leaf's layout; 1 is the canonical JSON of the row's columns, named as below.
    public static let payloadVersion = 1

    public var source: LogSource
    /// The row's key in its table: a ledger sequence number, an audit sequence number, a key id.
    public var ref: String
    /// Canonical JSON: `{"v":1,"source":…,"ref":…,"row":{…}}`.
    public var data: String

    public init(source: LogSource, ref: String, row: [String: CanonicalJSON]) {
        self.source = source
        self.ref = ref
        data = CanonicalJSON.object(["v": .int(Self.payloadVersion), "source": .string(source.rawValue), "ref": .string(ref), "row": .object(row)]).text
    }

    public init(source: LogSource, ref: String, data: String) {
        self.source = source
        self.ref = ref
        self.data = data
    }

    public var hash: MerkleLog.Hash { MerkleLog.leafHash(data.utf8) }

    /// A ledger entry's leaf.
    public static func ledger(_ e: LedgerEntry) -> LogLeaf {
        LogLeaf(source: .ledger, ref: String(e.sequence), row: [
            "seq": .int(e.sequence), "decision": .string(e.decision), "kind": .string(e.kind.rawValue), "payload": .string(e.payload),
            "prevHash": .string(e.prevHash), "hash": .string(e.hash), "signature": .optional(e.signature), "keyId": .optional(e.keyId),
        ])
    }

    /// A delegation key's registration.
    public static func key(id: String, state: String, publicKey: String, registeredAt: String) -> LogLeaf {
        LogLeaf(source: .key, ref: id, row: ["id": .string(id), "state": .string(state), "publicKey": .string(publicKey), "registeredAt": .string(registeredAt)])
    }

    /// A line of the audit log, from its columns as stored.
    public static func audit(sequence: Int, columns: [String: String?]) -> LogLeaf {
        LogLeaf(source: .audit, ref: String(sequence), row: columns.mapValues { .optional($0) }.merging(["seq": .int(sequence)]) { _, new in new })
    }

    /// The row, for a leaf read from a downloaded record.
    public var row: CanonicalJSON? { CanonicalJSON(parsing: data)?["row"] }
}

/// What the log holds: leaf `index` is the hash of a row of `source` with key `ref`.
public struct StoredLeaf: Sendable, Equatable {
    public var index: Int
    public var source: LogSource
    public var ref: String
    public var hash: MerkleLog.Hash

    public init(index: Int, source: LogSource, ref: String, hash: MerkleLog.Hash) {
        self.index = index
        self.source = source
        self.ref = ref
        self.hash = hash
    }
}

/// A checkpoint as stored: the signed note and the size it covers.
public struct StoredCheckpoint: Sendable, Equatable {
    public var size: Int
    public var note: String

    public init(size: Int, note: String) {
        self.size = size
        self.note = note
    }
}

/// Checks the log against the tables it covers and the checkpoints against the platform's key.
public enum LogCheck {
    /// The first problem, in the order: leaves numbered without a gap; every leaf's row present and unchanged;
    /// every row logged; every checkpoint signed by one of `keys` and its root that of the log's first `size` leaves;
    /// the newest checkpoint covering every leaf. Nil when all holds.
    public static func verify(leaves: [StoredLeaf], rows: [LogLeaf], checkpoints: [StoredCheckpoint], keys: [NoteVerifier],
                              distrusted: [NoteVerifier] = []) -> Message? {
        var current: [String: LogLeaf] = [:]
        for row in rows { current[row.source.rawValue + "/" + row.ref] = row }
        var logged = Set<String>()
        for (position, leaf) in leaves.enumerated() {
            guard leaf.index == position else { return Message("reason.log.gap", ["index": "\(position)"]) }
            let name = leaf.source.rawValue + "/" + leaf.ref
            guard let row = current[name] else {
                return Message("reason.log.rowGone", ["index": "\(leaf.index)", "source": "\(leaf.source.rawValue)", "ref": "\(leaf.ref)"])
            }
            guard row.hash == leaf.hash else {
                return Message("reason.log.rowChanged", ["index": "\(leaf.index)", "source": "\(leaf.source.rawValue)", "ref": "\(leaf.ref)"])
            }
            logged.insert(name)
        }
        for row in rows where !logged.contains(row.source.rawValue + "/" + row.ref) {
            return Message("reason.log.rowNotLogged", ["source": "\(row.source.rawValue)", "ref": "\(row.ref)"])
        }
        // Checkpoints signed by a key declared compromised are not evidence either way.
        let believed = checkpoints.filter { stored in !distrusted.contains { (try? Checkpoint.open(stored.note, key: $0)) != nil } }
        guard let newest = believed.max(by: { $0.size < $1.size }) else {
            return leaves.isEmpty ? nil : Message("reason.log.noCheckpoint", ["size": "\(leaves.count)"])
        }
        let bySize = Dictionary(grouping: believed, by: \.size)
        var frontier = MerkleLog.Frontier()
        func check(_ size: Int) -> Message? {
            guard let signed = bySize[size] else { return nil }
            for stored in signed {
                guard let opened = keys.lazy.compactMap({ try? Checkpoint.open(stored.note, key: $0) }).first, opened.size == size else {
                    return Message("reason.log.checkpointSignature", ["size": "\(size)"])
                }
                guard opened.root == frontier.root else { return Message("reason.log.checkpointRoot", ["size": "\(size)"]) }
            }
            return nil
        }
        if let problem = check(0) { return problem }
        for leaf in leaves {
            frontier.append(leaf.hash)
            if let problem = check(frontier.size) { return problem }
        }
        guard newest.size == leaves.count else {
            return Message("reason.log.newestCheckpoint", ["size": "\(newest.size)", "count": "\(leaves.count)"])
        }
        return nil
    }
}

/// Whether what the pages read of a decision (its tables) says what its record says, entry for entry: every text
/// version, every position (state, kind, version, statement, reason, signature, who and when), and the outcome.
public enum RecordAgreement {
    /// The first difference, naming it; nil when the tables and the record agree.
    public static func check(_ state: DecisionState, entries: [LedgerEntry]) -> Message? {
        let id = state.decision.id
        var recordedVersions: [Int: String] = [:]
        var recordedPositions: [String] = []
        var outcome: String?
        for entry in entries {
            guard let payload = CanonicalJSON(parsing: entry.payload) else { return Message("reason.payloadCanonicalJson") }
            switch entry.kind {
            case .version:
                if let number = payload["version"]?.intValue, let hash = payload["textHash"]?.stringValue { recordedVersions[number] = hash }
            case .position:
                guard let signed = payload["signed"] else { continue }
                recordedPositions.append(fingerprint(state: signed["state"]?.stringValue, version: signed["version"]?.intValue,
                                                     kind: signed["position"]?.stringValue, statementKind: signed["statementKind"]?.stringValue,
                                                     statement: signed["statement"]?.stringValue, reason: signed["reason"]?.stringValue,
                                                     actor: payload["actor"]?.stringValue, takenAt: payload["takenAt"]?.stringValue,
                                                     signature: entry.signature, keyId: entry.keyId,
                                                     accreditation: payload["accreditation"]?.stringValue))
            case .outcome:
                outcome = payload["status"]?.stringValue
            default: break
            }
        }
        for version in state.versions where recordedVersions[version.number] != version.textHash {
            return Message("reason.agreement.version", ["decision": "\(id)", "version": "\(version.number)"])
        }
        if recordedVersions.count != state.versions.count {
            return Message("reason.agreement.versionMissing", ["decision": "\(id)"])
        }
        var unmatched = recordedPositions
        for p in state.positions {
            let print = fingerprint(state: p.state, version: p.version, kind: p.kind.rawValue, statementKind: p.statementKind?.rawValue,
                                    statement: p.statement, reason: p.reason, actor: p.actor, takenAt: Timestamp.string(p.takenAt),
                                    signature: p.signature, keyId: p.keyId, accreditation: p.accreditation)
            guard let index = unmatched.firstIndex(of: print) else {
                return Message("reason.agreement.position", ["decision": "\(id)", "state": .country(p.state), "version": "\(p.version)"])
            }
            unmatched.remove(at: index)
        }
        if !unmatched.isEmpty { return Message("reason.agreement.positionMissing", ["decision": "\(id)"]) }
        let status = state.decision.status
        if status.isClosed ? outcome != status.rawValue : outcome != nil {
            return Message("reason.agreement.outcome", ["decision": "\(id)", "status": "\(status.rawValue)", "recorded": "\(outcome ?? "—")"])
        }
        return nil
    }

    static func fingerprint(state: String?, version: Int?, kind: String?, statementKind: String?, statement: String?, reason: String?,
                            actor: String?, takenAt: String?, signature: String?, keyId: String?, accreditation: String?) -> String {
        CanonicalJSON.array([.optional(state), version.map(CanonicalJSON.int) ?? .null, .optional(kind), .optional(statementKind),
                             .optional(statement), .optional(reason), .optional(actor), .optional(takenAt), .optional(signature),
                             .optional(keyId), .optional(accreditation)]).text
    }
}
