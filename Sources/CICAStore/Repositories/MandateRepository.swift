import Foundation
import SQLKit
import CICACore

/// The Committee's mandates to the Special Working Group and the follow-up of its decisions. Every write is one
/// transaction checked by `MandateRules` and audited.
public protocol MandateRepository: Sendable {
    /// Every mandate, the soonest deadline first.
    func mandates() async throws -> [Mandate]
    func give(task: String?, deadline: String?, decision: String?, actor: Actor, now: Date, today: CivilDate) async throws -> Mandate
    /// Records the Group's report on a mandate: a registry document, by id or symbol.
    func report(mandate id: String, document: String?, actor: Actor, now: Date, today: CivilDate) async throws -> Mandate
    /// The follow-up of the Committee's adopted decisions: every one, with its status where one is recorded.
    func followUps() async throws -> [(decision: Decision, followUp: FollowUp?)]
    func followUp(decision: String?, status: String?, note: String?, actor: Actor, now: Date) async throws -> FollowUp
}

/// `MandateRepository` on SQLKit.
public struct SQLMandateRepository: MandateRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func mandate(_ row: any SQLRow) throws -> Mandate {
        guard let deadline = CivilDate(try row.string("deadline")) else { throw CorruptRow(table: "mandates", column: "deadline", value: try row.string("deadline")) }
        return Mandate(id: try row.string("id"), task: try row.string("task"), deadline: deadline, decision: try row.optionalString("decision"),
                       given: Stamp(at: try row.instant("given_at"), by: try row.string("given_by")), report: try row.optionalString("report"),
                       reportedOn: try row.optionalString("reported_on").flatMap(CivilDate.init))
    }

    public func mandates() async throws -> [Mandate] {
        try await database.read { sql in
            try await sql.select().column("*").from("mandates").orderBy("deadline").orderBy("id").all().map(Self.mandate)
        }
    }

    public func give(task: String?, deadline: String?, decision: String?, actor: Actor, now: Date, today: CivilDate) async throws -> Mandate {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let named = try await decision.asyncMap { try await SQLAdmissionRepository.decision($0, sql: sql) } ?? nil
            let m = try MandateRules.give(task: task, deadline: deadline, decision: named, named: decision, id: "mandate-" + UUID().uuidString.lowercased().prefix(12),
                                          today: today, stamp: Stamp(at: now, by: actor.recordName))
            try await sql.insert(into: "mandates").columns("id", "task", "deadline", "decision", "given_at", "given_by")
                .values([Cell.text(m.id), .text(m.task), .text(m.deadline.description), .text(m.decision), .text(Timestamp.string(now)), .text(actor.recordName)]
                    .map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "mandate.give", entity: "mandate/\(m.id)", before: nil,
                                      after: "due \(m.deadline)\(m.decision.map { " by decision \($0)" } ?? ""): \(m.task)", at: now)
            return m
        }
    }

    public func report(mandate id: String, document: String?, actor: Actor, now: Date, today: CivilDate) async throws -> Mandate {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let mandate = try await sql.select().column("*").from("mandates").where("id", .equal, id).first().map(Self.mandate) else {
                throw NotFound(entity: Message("entity.mandate"), key: id)
            }
            let found = try await document.asyncMap { try await DocumentStore.named($0, sql: sql) } ?? nil
            let reported = try MandateRules.report(mandate, document: found, today: today)
            try await sql.update("mandates").set("report", to: reported.report).set("reported_on", to: reported.reportedOn?.description)
                .where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "mandate.report", entity: "mandate/\(id)", before: nil,
                                      after: "reported by document \(reported.report ?? "")", at: now)
            return reported
        }
    }

    public func followUps() async throws -> [(decision: Decision, followUp: FollowUp?)] {
        try await database.read { sql in
            let decisions = try await sql.select().column("*").from("decisions").where("organ", .equal, MandateRules.giving)
                .where("status", .equal, DecisionStatus.adopted.rawValue).orderBy("symbol").all().map(SQLDecisionRepository.decision)
            let followUps = try await sql.select().column("*").from("follow_ups").all().reduce(into: [String: FollowUp]()) { result, row in
                let decision = try row.string("decision")
                result[decision] = FollowUp(decision: decision, status: try row.value("status", as: FollowUpStatus.self), note: try row.optionalString("note"),
                                            updated: Stamp(at: try row.instant("updated_at"), by: try row.string("updated_by")))
            }
            return decisions.map { ($0, followUps[$0.id]) }
        }
    }

    public func followUp(decision: String?, status: String?, note: String?, actor: Actor, now: Date) async throws -> FollowUp {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let named = try await decision.asyncMap { try await SQLAdmissionRepository.decision($0, sql: sql) } ?? nil
            let f = try MandateRules.followUp(decision: named, named: decision, status: status, note: note, stamp: Stamp(at: now, by: actor.recordName))
            let before = try await sql.select().column("status").from("follow_ups").where("decision", .equal, f.decision).first().map { try $0.string("status") }
            try await sql.delete(from: "follow_ups").where("decision", .equal, f.decision).run()
            try await sql.insert(into: "follow_ups").columns("decision", "status", "note", "updated_at", "updated_by")
                .values([Cell.text(f.decision), .text(f.status.rawValue), .text(f.note), .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "decision.followUp", entity: "decision/\(f.decision)", before: before,
                                      after: f.status.rawValue + (f.note.map { ": \($0)" } ?? ""), at: now)
            return f
        }
    }
}
