import Foundation
import SQLKit
import CICACore

/// Who speaks for each Member State: the acts of each delegation's record (accreditations, withdrawals, keys revoked,
/// signatures required), append-only and logged; the accreditation a position was taken under. The delegates bound
/// to a state before this migration are accredited as members of its delegation, from now, by the platform.
struct DelegationSchema: Migration {
    let version = 7
    let name = "delegations: accreditations, revoked keys, required signatures"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "delegation_acts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("n", type: .bigint, .notNull, .unique)
            .column("state", type: .text, .notNull, .references("countries", "code"))
            .column("kind", type: .text, .notNull)
            .column("fields", type: .text, .notNull)
            .column("by", type: .text, .notNull)
            .column("at", type: .text, .notNull)
            .run()
        try await sql.create(index: "delegation_acts_by_state").on("delegation_acts").column("state").column("n").run()
        switch engine {
        case .sqlite:
            try await sql.raw("CREATE TRIGGER delegation_acts_no_update BEFORE UPDATE ON delegation_acts BEGIN SELECT RAISE(ABORT, 'a delegation''s record is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER delegation_acts_no_delete BEFORE DELETE ON delegation_acts BEGIN SELECT RAISE(ABORT, 'a delegation''s record is append-only'); END").run()
        case .postgresql:
            try await sql.raw("CREATE TRIGGER delegation_acts_no_change BEFORE UPDATE OR DELETE ON delegation_acts FOR EACH ROW EXECUTE FUNCTION log_append_only()").run()
        }
        try await sql.alter(table: "positions").column("accreditation", type: .text).run()
        let now = Date()
        for row in try await sql.raw("""
            SELECT r.user_id, r.scope, u.display_name FROM role_bindings r JOIN users u ON u.id = r.user_id
            WHERE r.kind = 'delegate' ORDER BY r.granted_at, r.id
            """).all() {
            let userId = try row.string("user_id")
            let act = DelegationAct(id: "act-" + UUID().uuidString.lowercased(), state: try row.string("scope"), kind: .accredit,
                                    fields: ["userId": .string(userId), "participant": .string(Actor.pseudonym(userId: userId)),
                                             "name": .string(try row.string("display_name")), "role": .string(DelegationRole.member.rawValue),
                                             "until": .null],
                                    by: "platform (migration)", at: now)
            try await DelegationStore.insert(act, sql: sql)
        }
    }
}
