import Foundation
import SQLKit
import CICACore

/// The Secretariat's personnel appointed on the platform. Every write is one transaction checked by
/// `SecretariatRules` and audited.
public protocol SecretariatRepository: Sendable {
    /// Every appointment, serving ones first, then by start.
    func staff() async throws -> [StaffAppointment]
    func appoint(_ fields: StaffFields, actor: Actor, now: Date) async throws -> StaffAppointment
    /// Ends a term on `date`, its last day.
    func end(id: String, date: String?, actor: Actor, now: Date) async throws -> StaffAppointment
}

/// `SecretariatRepository` on SQLKit.
public struct SQLSecretariatRepository: SecretariatRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static func appointment(_ row: any SQLRow) throws -> StaffAppointment {
        func day(_ column: String) throws -> CivilDate? { try row.optionalString(column).flatMap(CivilDate.init) }
        guard let start = try day("start_date") else {
            throw CorruptRow(table: "secretariat_staff", column: "start_date", value: try row.optionalString("start_date") ?? "")
        }
        return StaffAppointment(id: try row.string("id"), category: try row.value("category", as: StaffCategory.self), title: try row.string("title"),
                                name: try row.string("name"), secondedBy: try row.optionalString("seconded_by"), contractEnd: try day("contract_end"),
                                start: start, end: try day("end_date"), recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    static func all(_ sql: any SQLDatabase) async throws -> [StaffAppointment] {
        try await sql.select().column("*").from("secretariat_staff").orderBy("start_date").orderBy("id").all().map(Self.appointment)
            .sorted { ($0.end == nil ? 0 : 1, $0.start) < ($1.end == nil ? 0 : 1, $1.start) }
    }

    public func staff() async throws -> [StaffAppointment] {
        try await database.read { sql in try await Self.all(sql) }
    }

    /// The heads and deputies of the record (and those appointed by decision) still serving, as appointments the rule of
    /// one at a time counts.
    /// Of each post, the latest to begin: the record leaves some earlier terms without an end (Çınar Aldemir's), which
    /// its successor ended.
    static func recordedHeads(_ sql: any SQLDatabase) async throws -> [StaffAppointment] {
        let open = try await sql.select().column("*").from("secretariat_appointments").where("end_date", .is, SQLLiteral.null).all().compactMap { row -> StaffAppointment? in
            let post = try row.value("post", as: SecretariatPost.self)
            guard let start = try row.date("start_date")?.earliest else { return nil }
            return StaffAppointment(id: try row.string("id"), category: post.isHead ? .secretaryGeneral : .deputySecretaryGeneral, title: try row.string("title"),
                                    name: try row.optionalString("name") ?? "", secondedBy: nil, contractEnd: nil, start: start, end: nil,
                                    recorded: Stamp(at: Date(timeIntervalSince1970: 0), by: LanguageVersion.datasetAuthor))
        }
        return StaffCategory.allCases.compactMap { category in open.filter { $0.category == category }.max { $0.start < $1.start } }
    }

    public func appoint(_ fields: StaffFields, actor: Actor, now: Date) async throws -> StaffAppointment {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let serving = try await Self.all(sql) + Self.recordedHeads(sql)
            let a = try SecretariatRules.appoint(fields, id: "staff-" + UUID().uuidString.lowercased().prefix(12), serving: serving,
                                                 memberStates: try await SQLDecisionRepository.memberStates(sql), stamp: Stamp(at: now, by: actor.recordName))
            let cells: [Cell] = [.text(a.id), .text(a.category.rawValue), .text(a.title), .text(a.name), .text(a.secondedBy), .text(a.contractEnd?.description),
                                 .text(a.start.description), .text(nil), .text(Timestamp.string(now)), .text(actor.recordName)]
            try await sql.insert(into: "secretariat_staff")
                .columns("id", "category", "title", "name", "seconded_by", "contract_end", "start_date", "end_date", "recorded_at", "recorded_by")
                .values(cells.map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "secretariat.appoint", entity: "staff/\(a.id)", before: nil,
                                      after: [a.category.rawValue, a.title, a.name, a.secondedBy.map { "seconded by \($0)" },
                                              a.contractEnd.map { "contract to \($0)" }, "from \(a.start)"].compactMap { $0 }.joined(separator: "; "), at: now)
            return a
        }
    }

    public func end(id: String, date: String?, actor: Actor, now: Date) async throws -> StaffAppointment {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let current = try await sql.select().column("*").from("secretariat_staff").where("id", .equal, id).first().map(Self.appointment) else {
                throw NotFound(entity: Message("entity.staff"), key: id, list: "/secretariat")
            }
            let ended = try SecretariatRules.end(current, on: date)
            try await sql.update("secretariat_staff").set("end_date", to: ended.end?.description).where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "secretariat.endTerm", entity: "staff/\(id)", before: "serving",
                                      after: "term ended \(ended.end?.description ?? "")", at: now)
            return ended
        }
    }
}
