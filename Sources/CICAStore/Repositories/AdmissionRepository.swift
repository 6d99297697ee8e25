import Foundation
import SQLKit
import CICACore

/// Admissions step by step: each state's record as the sources, the decisions and the Secretariat give it.
public protocol AdmissionRepository: Sendable {
    /// The state's record; nil when the code names no country.
    func admission(state: String) async throws -> AdmissionRecord?
    /// The states with an application on record that are not Member States yet.
    func applicants() async throws -> [String]
    /// Records a step (the Secretariat), checked against the record so far; audited.
    func record(state: String, _ fields: AdmissionStepFields, actor: Actor, now: Date, today: CivilDate) async throws -> AdmissionStep
}

/// `AdmissionRepository` on SQLKit.
public struct SQLAdmissionRepository: AdmissionRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func step(_ row: any SQLRow) throws -> AdmissionStep {
        AdmissionStep(kind: try row.value("step", as: AdmissionStepKind.self), date: try row.date("date"), document: try row.optionalString("document"),
                      decision: try row.optionalString("decision"), verdict: try row.optionalValue("verdict", as: EligibilityVerdict.self),
                      note: try row.optionalString("note"), recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    /// A decision as a form names it: by id or symbol.
    static func decision(_ named: String, sql: any SQLDatabase) async throws -> DecisionFacts? {
        try await sql.select().column("*").from("decisions").where("id", .equal, named).orWhere("symbol", .equal, named).first().map(facts)
    }

    static func facts(_ row: any SQLRow) throws -> DecisionFacts {
        let d = try SQLDecisionRepository.decision(row)
        return DecisionFacts(id: d.id, organ: d.organ, status: d.status, admits: d.effectKind == AdmitMemberState.kind ? d.effectParameters["state"] : nil,
                             date: d.recordedDate ?? d.closedAt.map { PartialDate(CivilDate($0)) })
    }

    static func record(_ state: String, sql: any SQLDatabase) async throws -> AdmissionRecord {
        let recorded = try await sql.select().column("*").from("admission_steps").where("state", .equal, state).all().map(Self.step)
        let member = try await sql.select().columns(SQLMembershipRepository.memberColumns).from("member_states").where("code", .equal, state).first()
            .map(SQLMembershipRepository.memberState)
        var admittedBy: DecisionFacts? = nil
        for d in try await sql.select().column("*").from("decisions").where("effect_kind", .equal, AdmitMemberState.kind)
            .where("status", .equal, DecisionStatus.adopted.rawValue).all().map(facts) where d.admits == state {
            admittedBy = d
        }
        return AdmissionRules.record(state: state, recorded: recorded, memberState: member, admittedBy: admittedBy)
    }

    public func admission(state: String) async throws -> AdmissionRecord? {
        guard let code = CountryCode.normalize(state) else { return nil }
        return try await database.read { sql in
            guard try await sql.select().column("code").from("countries").where("code", .equal, code).first() != nil else { return nil }
            return try await Self.record(code, sql: sql)
        }
    }

    public func applicants() async throws -> [String] {
        try await database.read { sql in
            let members = try await SQLDecisionRepository.memberStates(sql)
            return try await sql.select().column("state").from("admission_steps").where("step", .equal, AdmissionStepKind.application.rawValue)
                .orderBy("state").all().map { try $0.string("state") }.filter { !members.contains($0) }
        }
    }

    public func record(state: String, _ fields: AdmissionStepFields, actor: Actor, now: Date, today: CivilDate) async throws -> AdmissionStep {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let answer = try await SQLMembershipRepository.eligibility(code: state, sql: sql)
            let code = answer.country.alpha2
            let record = try await Self.record(code, sql: sql)
            let document = try await fields.document.asyncMap { try await DocumentStore.named($0, sql: sql) } ?? nil
            let decision = try await fields.decision.asyncMap { try await Self.decision($0, sql: sql) } ?? nil
            let step = try AdmissionRules.step(fields, record: record, eligibility: answer, isMember: answer.memberState != nil, document: document,
                                               decision: decision, today: today, stamp: Stamp(at: now, by: actor.recordName))
            let cells: [Cell] = [.text(code), .text(step.kind.rawValue), .text(step.date?.description), .text(step.document), .text(step.decision),
                                 .text(step.verdict?.rawValue), .text(step.note), .text(Timestamp.string(now)), .text(actor.recordName)]
            try await sql.insert(into: "admission_steps")
                .columns("state", "step", "date", "document", "decision", "verdict", "note", "recorded_at", "recorded_by")
                .values(cells.map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "admission.\(step.kind.rawValue)", entity: "country/\(code)", before: nil,
                                      after: [step.date?.description, step.document.map { "document \($0)" }, step.decision.map { "decision \($0)" },
                                              step.verdict?.rawValue].compactMap { $0 }.joined(separator: "; "), at: now)
            return step
        }
    }
}
