import Foundation
import SQLKit
import CICACore

/// CICA's partner organizations and the memoranda the Secretariat records with them.
public protocol PartnerRepository: Sendable {
    /// A partner with its sources, and the memoranda recorded with it, the newest first; nil for no such partner.
    func partner(id: String) async throws -> (partner: Sourced<Partner>, memoranda: [Memorandum])?
    /// Records a memorandum (the Secretariat); audited.
    func record(partner id: String, _ fields: MemorandumFields, actor: Actor, now: Date, today: CivilDate) async throws -> Memorandum
}

/// `PartnerRepository` on SQLKit.
public struct SQLPartnerRepository: PartnerRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func memorandum(_ row: any SQLRow) throws -> Memorandum {
        guard let signed = CivilDate(try row.string("signed")) else { throw CorruptRow(table: "memoranda", column: "signed", value: try row.string("signed")) }
        return Memorandum(id: try row.string("id"), partner: try row.string("partner"), instrument: try row.string("instrument"), signed: signed,
                          place: try row.optionalString("place"), document: try row.optionalString("document"),
                          status: try row.value("status", as: MemorandumStatus.self),
                          recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    static func notFound(_ id: String) -> NotFound { NotFound(entity: Message("entity.partner"), key: id, list: "/observers") }

    public func partner(id: String) async throws -> (partner: Sourced<Partner>, memoranda: [Memorandum])? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("partners").where("id", .equal, id).first() else { return nil }
            let partner = try await ProvenanceReader.sourced([try SQLMembershipRepository.partner(row)], subject: { .partner($0.id) }, sql: sql)[0]
            let memoranda = try await sql.select().column("*").from("memoranda").where("partner", .equal, id).orderBy("signed", .descending).all()
                .map(Self.memorandum)
            return (partner, memoranda)
        }
    }

    public func record(partner id: String, _ fields: MemorandumFields, actor: Actor, now: Date, today: CivilDate) async throws -> Memorandum {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard try await sql.select().column("id").from("partners").where("id", .equal, id).first() != nil else { throw Self.notFound(id) }
            let document = try await fields.document.asyncMap { try await DocumentStore.named($0, sql: sql) } ?? nil
            let m = try MemorandumRules.record(fields, partner: id, document: document, id: "memorandum-" + UUID().uuidString.lowercased().prefix(12),
                                               today: today, stamp: Stamp(at: now, by: actor.recordName))
            try await sql.insert(into: "memoranda").columns("id", "partner", "instrument", "signed", "place", "document", "status", "recorded_at", "recorded_by")
                .values([Cell.text(m.id), .text(m.partner), .text(m.instrument), .text(m.signed.description), .text(m.place), .text(m.document),
                         .text(m.status.rawValue), .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "partner.memorandum", entity: "partner/\(id)", before: nil,
                                      after: "\(m.instrument), signed \(m.signed)\(m.place.map { " in \($0)" } ?? ""); \(m.status.rawValue)", at: now)
            return m
        }
    }
}
