import Foundation
import SQLKit
import CICACore

/// What `Awaiting` reads to work out what waits for a person, and which acts they marked read.
public protocol AwaitingRepository: Sendable {
    /// The record `Awaiting.acts` needs for `principal`, read in one transaction; only the parts its roles call for are
    /// loaded (a visitor's or an administrator's is empty).
    func situation(for principal: Principal, today: CivilDate) async throws -> Awaiting.Situation
    /// The keys of the acts `user` marked read.
    func read(user: String) async throws -> Set<String>
    /// Marks `acts` read for `user` and forgets the marks of acts no longer waiting (not in `current`), in one transaction.
    func markRead(user: String, acts: [String], current: Set<String>, now: Date) async throws
    /// Marks `acts` unread again.
    func markUnread(user: String, acts: [String]) async throws
}

/// `AwaitingRepository` on SQLKit.
public struct SQLAwaitingRepository: AwaitingRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public func situation(for principal: Principal, today: CivilDate) async throws -> Awaiting.Situation {
        let delegations = Set(principal.roles.compactMap(\.scope))
        let states = Set(principal.roles.compactMap(\.delegatedState))
        let secretariat = principal.roles.contains(.secretariat)
        let year = Awaiting.reportYear(on: today)
        return try await database.read { sql in
            var situation = Awaiting.Situation(memberStates: [], openDecisions: [], attention: [], meetings: [], registered: [:], reportYear: year,
                                               reportDeadline: ReportingRules.deadline(of: year, set: nil), reported: [], mandates: [], staff: [])
            if !states.isEmpty {
                situation.memberStates = try await SQLDecisionRepository.memberStates(sql)
                let open = try await sql.select().column("*").from("decisions").where("status", .equal, DecisionStatus.open.rawValue)
                    .where("historical", .equal, false).orderBy("id").all().map(SQLDecisionRepository.decision)
                let positions = try await SQLDecisionRepository.positions(of: open.map(\.id), sql: sql)
                situation.openDecisions = open.map { Awaiting.OpenDecision(decision: $0, positions: positions[$0.id] ?? []) }
                situation.reportDeadline = try await SQLReportRepository.deadline(year, sql: sql).0
                situation.reported = Set(try await sql.select().column("state").from("implementation_reports").where("year", .equal, year)
                    .where("state", .in, SQLBind.group(Array(states))).all().map { try $0.string("state") })
            }
            if !delegations.isEmpty {
                let rows = try await sql.select().column("*").from("meetings")
                    .where("status", .in, SQLBind.group([MeetingStatus.planned.rawValue, MeetingStatus.inSession.rawValue])).orderBy("id").all()
                let outcomes = try await SQLOrganRepository.outcomes(of: try rows.map { try $0.string("id") }, sql: sql)
                situation.meetings = try rows.map { try SQLOrganRepository.meeting($0, outcomes: outcomes) }
                for row in try await sql.select().column("meeting").column("delegation").from("meeting_registrations")
                    .where("delegation", .in, SQLBind.group(Array(delegations))).all() {
                    situation.registered[try row.string("delegation"), default: []].insert(try row.string("meeting"))
                }
            }
            if secretariat {
                situation.attention = try await sql.select().column("*").from("decisions").where("attention_note", .isNot, SQLLiteral.null)
                    .orderBy("attention_at").all().map(SQLDecisionRepository.decision)
                situation.mandates = try await sql.select().column("*").from("mandates").where("report", .is, SQLLiteral.null).orderBy("deadline").all()
                    .map(SQLMandateRepository.mandate)
                situation.staff = try await SQLSecretariatRepository.all(sql)
            }
            return situation
        }
    }

    public func read(user: String) async throws -> Set<String> {
        try await database.read { sql in
            Set(try await sql.select().column("act").from("awaited_reads").where("user_id", .equal, user).all().map { try $0.string("act") })
        }
    }

    public func markRead(user: String, acts: [String], current: Set<String>, now: Date) async throws {
        try await database.write(sealed: false) { sql in
            if !acts.isEmpty {
                try await sql.insert(into: "awaited_reads").columns("user_id", "act", "read_at")
                    .rows(acts.map { [Cell.text(user), .text($0), .text(Timestamp.string(now))].map(\.expression) })
                    .ignoringConflicts(with: ["user_id", "act"]).run()
            }
            let kept = try await sql.select().column("act").from("awaited_reads").where("user_id", .equal, user).all().map { try $0.string("act") }
            let gone = kept.filter { !current.contains($0) }
            if !gone.isEmpty {
                try await sql.delete(from: "awaited_reads").where("user_id", .equal, user).where("act", .in, SQLBind.group(gone)).run()
            }
        }
    }

    public func markUnread(user: String, acts: [String]) async throws {
        guard !acts.isEmpty else { return }
        try await database.write(sealed: false) { sql in
            try await sql.delete(from: "awaited_reads").where("user_id", .equal, user).where("act", .in, SQLBind.group(acts)).run()
        }
    }
}
