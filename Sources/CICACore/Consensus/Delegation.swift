import Foundation

/// Who speaks for a Member State, and on what terms: the acts that make up a delegation's record.
///
/// Acts are never changed or deleted; a delegation's state at an instant is the fold of its acts up to then. Each act
/// is a leaf of the platform's log.
public enum DelegationActKind: String, Sendable, Codable, CaseIterable {
    /// A person accredited to the delegation: its head or a member, from an instant, until one or open-ended.
    case accredit
    /// An accreditation withdrawn before its end.
    case withdraw
    /// A delegation key revoked: positions signed with it afterwards are refused.
    case revokeKey
    /// From now on every position in the state's name must be signed with one of its keys.
    case requireSignatures
}

/// The role a person has in a delegation.
public enum DelegationRole: String, Sendable, Codable, CaseIterable {
    case head, member
}

/// One act of a delegation's record.
public struct DelegationAct: Sendable, Equatable {
    public var id: String
    public var state: String
    public var kind: DelegationActKind
    /// The act's own fields (for `accredit`: `userId`, `participant`, `name`, `role`, `until`; for `withdraw`:
    /// `accreditation`; for `revokeKey`: `key`).
    public var fields: [String: CanonicalJSON]
    /// Who recorded it, as the public record names people.
    public var by: String
    public var at: Date

    public init(id: String, state: String, kind: DelegationActKind, fields: [String: CanonicalJSON], by: String, at: Date) {
        self.id = id
        self.state = state
        self.kind = kind
        self.fields = fields
        self.by = by
        self.at = at
    }

    /// The act's leaf in the log.
    public var leaf: LogLeaf {
        LogLeaf(source: .delegation, ref: id, row: [
            "id": .string(id), "state": .string(state), "kind": .string(kind.rawValue), "fields": .object(fields), "by": .string(by),
            "at": .string(Timestamp.string(at)),
        ])
    }
}

/// A person accredited to a delegation.
public struct Accreditation: Sendable, Equatable {
    public var id: String
    public var state: String
    public var userId: String
    /// The stable pseudonym the public record names them by.
    public var participant: String
    public var name: String
    public var role: DelegationRole
    public var from: Date
    public var until: Date?
    public var accreditedBy: String
    public var withdrawnAt: Date?

    /// Whether the accreditation holds at `instant`.
    public func holds(at instant: Date) -> Bool {
        from <= instant && (until.map { instant < $0 } ?? true) && (withdrawnAt.map { instant < $0 } ?? true)
    }
}

/// A delegation's record folded: accreditations, revoked keys, whether signatures are required.
public struct DelegationRecord: Sendable, Equatable {
    public var state: String
    public var accreditations: [Accreditation] = []
    /// Key id → when it was revoked.
    public var revokedKeys: [String: Date] = [:]
    public var signaturesRequiredSince: Date?

    public init(state: String) { self.state = state }

    /// The record from the state's acts, in order.
    public init(state: String, acts: [DelegationAct]) {
        self.init(state: state)
        for act in acts where act.state == state {
            switch act.kind {
            case .accredit:
                guard let userId = act.fields["userId"]?.stringValue, let role = act.fields["role"]?.stringValue.flatMap(DelegationRole.init) else { continue }
                accreditations.append(Accreditation(
                    id: act.id, state: state, userId: userId, participant: act.fields["participant"]?.stringValue ?? "",
                    name: act.fields["name"]?.stringValue ?? "", role: role, from: act.at,
                    until: act.fields["until"]?.stringValue.flatMap(Timestamp.date), accreditedBy: act.by, withdrawnAt: nil))
            case .withdraw:
                if let id = act.fields["accreditation"]?.stringValue, let index = accreditations.firstIndex(where: { $0.id == id }),
                   accreditations[index].withdrawnAt == nil {
                    accreditations[index].withdrawnAt = act.at
                }
            case .revokeKey:
                if let key = act.fields["key"]?.stringValue, revokedKeys[key] == nil { revokedKeys[key] = act.at }
            case .requireSignatures:
                if signaturesRequiredSince == nil { signaturesRequiredSince = act.at }
            }
        }
    }

    /// Every state's record, from all delegations' acts in order.
    public static func byState(_ acts: [DelegationAct]) -> [String: DelegationRecord] {
        Dictionary(grouping: acts, by: \.state).reduce(into: [:]) { records, pair in records[pair.key] = DelegationRecord(state: pair.key, acts: pair.value) }
    }

    /// Who speaks for the state at `instant` on this account, if anyone.
    public func speaker(userId: String, at instant: Date) -> Accreditation? {
        accreditations.last { $0.userId == userId && $0.holds(at: instant) }
    }

    /// The head of delegation at `instant`.
    public func head(at instant: Date) -> Accreditation? {
        accreditations.last { $0.role == .head && $0.holds(at: instant) }
    }

    public func signaturesRequired(at instant: Date) -> Bool { signaturesRequiredSince.map { $0 <= instant } ?? false }

    public func isRevoked(_ key: String, at instant: Date) -> Bool { revokedKeys[key].map { $0 <= instant } ?? false }

    /// Whether a position taken at `instant` by accreditation `accreditation`, signed with `keyId` (or not), stands.
    public func positionProblem(accreditation: String?, at instant: Date, keyId: String?) -> Message? {
        guard let accreditation, accreditations.contains(where: { $0.id == accreditation && $0.holds(at: instant) }) else {
            return Message("reason.delegation.notAccredited", ["state": .country(state)])
        }
        if let keyId {
            if isRevoked(keyId, at: instant) { return Message("reason.delegation.keyRevoked", ["keyId": "\(keyId)"]) }
        } else if signaturesRequired(at: instant) {
            return Message("reason.delegation.signatureRequired", ["state": .country(state)])
        }
        return nil
    }
}

/// The rules for a delegation's acts, with the reason a refusal gives.
public enum DelegationRules {
    /// Accredits `userId` (an account bound to the state as its delegate) as head or member. A new head ends the
    /// accreditation of the one before (the act that withdraws it is returned too).
    public static func accredit(id: String, state: String, userId: String, name: String, role: DelegationRole, until: Date?,
                                isMemberState: Bool, isDelegateOfState: Bool, record: DelegationRecord, by: String,
                                now: Date, withdrawalId: String) throws(InvalidInput) -> [DelegationAct] {
        guard isMemberState else { throw InvalidInput(field: "state", reason: Message("reason.delegation.notMemberState", ["state": .country(state)])) }
        guard isDelegateOfState else { throw InvalidInput(field: "user", reason: Message("reason.delegation.notDelegate", ["state": .country(state)])) }
        if let until, until <= now { throw InvalidInput(field: "until", reason: Message("reason.delegation.untilPast")) }
        if let current = record.speaker(userId: userId, at: now), current.role == role {
            throw InvalidInput(field: "user", reason: Message("reason.delegation.alreadyAccredited", ["name": "\(current.name)"]))
        }
        var acts: [DelegationAct] = []
        if role == .head, let head = record.head(at: now) {
            acts.append(DelegationAct(id: withdrawalId, state: state, kind: .withdraw, fields: ["accreditation": .string(head.id)], by: by, at: now))
        }
        var fields: [String: CanonicalJSON] = ["userId": .string(userId), "participant": .string(Actor.pseudonym(userId: userId)),
                                               "name": .string(name), "role": .string(role.rawValue)]
        fields["until"] = .optional(until.map(Timestamp.string))
        acts.append(DelegationAct(id: id, state: state, kind: .accredit, fields: fields, by: by, at: now))
        return acts
    }

    /// Withdraws an accreditation that still holds.
    public static func withdraw(id: String, accreditation: String, record: DelegationRecord, by: String, now: Date) throws(InvalidInput) -> DelegationAct {
        guard let held = record.accreditations.first(where: { $0.id == accreditation }), held.holds(at: now) else {
            throw InvalidInput(field: "accreditation", reason: Message("reason.delegation.noSuchAccreditation", ["id": "\(accreditation)"]))
        }
        return DelegationAct(id: id, state: record.state, kind: .withdraw, fields: ["accreditation": .string(accreditation)], by: by, at: now)
    }

    /// Revokes one of the state's keys.
    public static func revokeKey(id: String, key: DelegationKey?, keyId: String, record: DelegationRecord, by: String, now: Date) throws(InvalidInput) -> DelegationAct {
        guard let key, key.state == record.state else {
            throw InvalidInput(field: "key", reason: Message("reason.delegation.noSuchKey", ["keyId": "\(keyId)", "state": .country(record.state)]))
        }
        guard !record.isRevoked(key.id, at: now) else { throw InvalidInput(field: "key", reason: Message("reason.delegation.keyAlreadyRevoked")) }
        return DelegationAct(id: id, state: record.state, kind: .revokeKey, fields: ["key": .string(key.id)], by: by, at: now)
    }

    /// From now on positions in the state's name must be signed; the state needs a key that is not revoked.
    public static func requireSignatures(id: String, keys: [DelegationKey], record: DelegationRecord, by: String, now: Date) throws(InvalidInput) -> DelegationAct {
        guard record.signaturesRequiredSince == nil else { throw InvalidInput(field: "state", reason: Message("reason.delegation.alreadyRequired")) }
        guard keys.contains(where: { $0.state == record.state && !record.isRevoked($0.id, at: now) }) else {
            throw InvalidInput(field: "state", reason: Message("reason.delegation.keyFirst"))
        }
        return DelegationAct(id: id, state: record.state, kind: .requireSignatures, fields: [:], by: by, at: now)
    }
}

extension DelegationKey {
    /// What a state's existing key signs to endorse a new key while the state requires signatures: the canonical JSON
    /// of `{"state","publicKey"}`.
    public static func endorsementText(state: String, publicKey: String) -> String {
        CanonicalJSON.object(["state": .string(state), "publicKey": .string(publicKey)]).text
    }

    /// While a state requires signed positions, a new key must be endorsed by one of its keys that is not revoked:
    /// otherwise whoever got a delegate's account could register a key of their own and sign in the state's name.
    public static func checkEndorsement(state: String, publicKey: String, record: DelegationRecord, keys: [DelegationKey],
                                        endorsementKeyId: String?, endorsement: String?, now: Date) throws(InvalidInput) {
        guard record.signaturesRequired(at: now) else { return }
        guard let endorsementKeyId, let endorsement,
              let key = keys.first(where: { $0.id == endorsementKeyId && $0.state == state }), !record.isRevoked(key.id, at: now) else {
            throw InvalidInput(field: "endorsement", reason: Message("reason.delegation.endorsementNeeded", ["state": .country(state)]))
        }
        guard Ledger.isValidSignature(endorsement, of: endorsementText(state: state, publicKey: publicKey), publicKey: key.publicKey) else {
            throw InvalidInput(field: "endorsement", reason: Message("reason.delegation.endorsementInvalid", ["keyId": "\(key.id)"]))
        }
    }
}

/// Whether every position in the record was taken by someone accredited to the state at the time, signed where the
/// state required it, and not with a key revoked before.
public enum DelegationCheck {
    /// The first position that does not stand, naming its entry; nil when all do. Positions recorded before
    /// delegations were (their payload has no `accreditation`) are not judged.
    public static func positions(_ entries: [LedgerEntry], acts: [DelegationAct]) -> Message? {
        let records = DelegationRecord.byState(acts)
        for entry in entries where entry.kind == .position {
            guard let payload = CanonicalJSON(parsing: entry.payload), let accreditation = payload["accreditation"],
                  let state = payload["signed"]?["state"]?.stringValue else { continue }
            let takenAt = payload["takenAt"]?.stringValue.flatMap(Timestamp.date) ?? .distantPast
            let record = records[state] ?? DelegationRecord(state: state)
            if let problem = record.positionProblem(accreditation: accreditation.stringValue, at: takenAt,
                                                    keyId: entry.signature == nil ? nil : entry.keyId) {
                return Message("reason.log.positionDoesNotStand", ["sequence": "\(entry.sequence)", "problem": .message(problem)])
            }
        }
        return nil
    }
}
