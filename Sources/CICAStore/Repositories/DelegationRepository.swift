import Foundation
import SQLKit
import CICACore

/// Writes and reads the acts of delegations' records; each act is logged in the transaction that writes it.
enum DelegationStore {
    static func insert(_ act: DelegationAct, sql: any SQLDatabase) async throws {
        try await TransparencyLog.lock(sql)
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("n")), as: "last").from("delegation_acts").first()?
            .decode(column: "last", as: Int?.self)
        try await sql.insert(into: "delegation_acts").columns("id", "n", "state", "kind", "fields", "by", "at")
            .values([Cell.text(act.id), .int((last ?? 0) + 1), .text(act.state), .text(act.kind.rawValue), .text(CanonicalJSON.object(act.fields).text),
                     .text(act.by), .text(Timestamp.string(act.at))].map(\.expression))
            .run()
        try await TransparencyLog.add(act.leaf, sql: sql)
    }

    static func act(_ row: any SQLRow) throws -> DelegationAct {
        let fieldsText = try row.string("fields")
        guard case .object(let fields)? = CanonicalJSON(parsing: fieldsText), let kind = DelegationActKind(rawValue: try row.string("kind")) else {
            throw CorruptRow(table: "delegation_acts", column: "fields", value: fieldsText)
        }
        return DelegationAct(id: try row.string("id"), state: try row.string("state"), kind: kind, fields: fields, by: try row.string("by"),
                             at: try row.instant("at"))
    }

    /// Every act, or one state's, in order.
    static func acts(state: String?, sql: any SQLDatabase) async throws -> [DelegationAct] {
        let query = sql.select().column("*").from("delegation_acts")
        if let state { query.where("state", .equal, state) }
        return try await query.orderBy("n").all().map(act)
    }

    static func record(state: String, sql: any SQLDatabase) async throws -> DelegationRecord {
        DelegationRecord(state: state, acts: try await acts(state: state, sql: sql))
    }

    /// Accredits a delegate whose role is granted now, as a member: granting the role is how the Secretariat's
    /// administrator records the state's notification of its delegate.
    static func accreditOnGrant(userId: String, name: String, state: String, actor: Actor, now: Date, sql: any SQLDatabase) async throws {
        let record = try await record(state: state, sql: sql)
        guard record.speaker(userId: userId, at: now) == nil else { return }
        let acts = try DelegationRules.accredit(id: newId(), state: state, userId: userId, name: name, role: .member, until: nil,
                                                isMemberState: true, isDelegateOfState: true, record: record, by: actor.recordName,
                                                now: now, withdrawalId: newId())
        for act in acts { try await insert(act, sql: sql) }
    }

    /// Withdraws every accreditation of the account to the state: its delegate role was revoked.
    static func withdrawOnRevoke(userId: String, state: String, actor: Actor, now: Date, sql: any SQLDatabase) async throws {
        let record = try await record(state: state, sql: sql)
        for held in record.accreditations where held.userId == userId && held.holds(at: now) {
            try await insert(try DelegationRules.withdraw(id: newId(), accreditation: held.id, record: record, by: actor.recordName, now: now), sql: sql)
        }
    }

    static func newId() -> String { "act-" + UUID().uuidString.lowercased() }
}

/// A Member State's delegation as its page shows it.
public struct DelegationView: Sendable {
    public var record: DelegationRecord
    public var keys: [DelegationKey]
    /// Every act, newest first, for the history.
    public var acts: [DelegationAct]
}

/// Delegations: who speaks for each Member State, their keys, whether their positions must be signed.
public protocol DelegationRepository: Sendable {
    func delegation(state: String) async throws -> DelegationView
    /// The accreditations with these ids, as they stand (for naming who took positions).
    func accreditations(ids: Set<String>) async throws -> [String: Accreditation]
    /// Accredits a delegate of the state as head or member (the Secretariat).
    func accredit(state: String, userId: String, role: DelegationRole, until: Date?, actor: Actor, now: Date) async throws -> Accreditation
    func withdraw(state: String, accreditation: String, actor: Actor, now: Date) async throws
    /// Revokes one of the state's keys (its delegates).
    func revokeKey(state: String, keyId: String, actor: Actor, now: Date) async throws
    /// From now on, positions in the state's name must be signed (its delegates). It cannot be lifted through the platform.
    func requireSignatures(state: String, actor: Actor, now: Date) async throws
}

/// `DelegationRepository` on SQLKit.
public struct SQLDelegationRepository: DelegationRepository {
    let database: Database

    public func delegation(state: String) async throws -> DelegationView {
        try await database.read { sql in
            let acts = try await DelegationStore.acts(state: state, sql: sql)
            let keys = try await sql.select().column("*").from("delegation_keys").where("state", .equal, state).orderBy("registered_at").all()
                .map(SQLDecisionRepository.key)
            return DelegationView(record: DelegationRecord(state: state, acts: acts), keys: keys, acts: acts.reversed())
        }
    }

    public func accreditations(ids: Set<String>) async throws -> [String: Accreditation] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            let acts = try await DelegationStore.acts(state: nil, sql: sql)
            var found: [String: Accreditation] = [:]
            for record in DelegationRecord.byState(acts).values {
                for accreditation in record.accreditations where ids.contains(accreditation.id) {
                    found[accreditation.id] = accreditation
                }
            }
            return found
        }
    }

    public func accredit(state: String, userId: String, role: DelegationRole, until: Date?, actor: Actor, now: Date) async throws -> Accreditation {
        try await database.write { sql in
            let record = try await DelegationStore.record(state: state, sql: sql)
            let name = try await sql.select().column("display_name").from("users").where("id", .equal, userId).first()?.string("display_name")
            let bound = try await sql.select().column("id").from("role_bindings").where("user_id", .equal, userId).where("kind", .equal, "delegate")
                .where("scope", .equal, state).first() != nil
            let members = try await SQLDecisionRepository.memberStates(sql)
            let acts = try DelegationRules.accredit(id: DelegationStore.newId(), state: state, userId: userId, name: name ?? "", role: role, until: until,
                                                    isMemberState: members.contains(state), isDelegateOfState: name != nil && bound, record: record,
                                                    by: actor.recordName, now: now, withdrawalId: DelegationStore.newId())
            for act in acts { try await DelegationStore.insert(act, sql: sql) }
            try await AuditLog.append(sql, actor: actor, action: "delegation.accredit", entity: "delegation/\(state)", before: nil,
                                      after: "\(userId) accredited as \(role.rawValue)", at: now)
            let after = DelegationRecord(state: state, acts: try await DelegationStore.acts(state: state, sql: sql))
            guard let accreditation = after.accreditations.last else { throw CorruptRow(table: "delegation_acts", column: "id", value: state) }
            return accreditation
        }
    }

    public func withdraw(state: String, accreditation: String, actor: Actor, now: Date) async throws {
        try await database.write { sql in
            let record = try await DelegationStore.record(state: state, sql: sql)
            try await DelegationStore.insert(try DelegationRules.withdraw(id: DelegationStore.newId(), accreditation: accreditation, record: record,
                                                                         by: actor.recordName, now: now), sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "delegation.withdraw", entity: "delegation/\(state)", before: accreditation,
                                      after: "withdrawn", at: now)
        }
    }

    public func revokeKey(state: String, keyId: String, actor: Actor, now: Date) async throws {
        try await database.write { sql in
            let record = try await DelegationStore.record(state: state, sql: sql)
            let key = try await sql.select().column("*").from("delegation_keys").where("id", .equal, keyId).first().map(SQLDecisionRepository.key)
            try await DelegationStore.insert(try DelegationRules.revokeKey(id: DelegationStore.newId(), key: key, keyId: keyId, record: record,
                                                                          by: actor.recordName, now: now), sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "key.revoke", entity: "key/\(keyId)", before: nil, after: "revoked", at: now)
        }
    }

    public func requireSignatures(state: String, actor: Actor, now: Date) async throws {
        try await database.write { sql in
            let record = try await DelegationStore.record(state: state, sql: sql)
            let keys = try await sql.select().column("*").from("delegation_keys").where("state", .equal, state).all().map(SQLDecisionRepository.key)
            try await DelegationStore.insert(try DelegationRules.requireSignatures(id: DelegationStore.newId(), keys: keys, record: record,
                                                                                  by: actor.recordName, now: now), sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "delegation.requireSignatures", entity: "delegation/\(state)", before: nil,
                                      after: "positions must be signed", at: now)
        }
    }
}
