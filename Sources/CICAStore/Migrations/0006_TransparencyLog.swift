import SQLKit
import CICACore

/// One Merkle log over every ledger entry, every audit line and every delegation key's registration, and the
/// checkpoints the platform signs over it. Both tables are append-only; the rows already written are logged now,
/// ledger first, then keys, then the audit log, each in its own order.
struct TransparencyLogSchema: Migration {
    let version = 6
    let name = "the Merkle log and its signed checkpoints"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.create(table: "log_leaves")
            .column("idx", type: .bigint, .primaryKey(autoIncrement: false))
            .column("source", type: .text, .notNull)
            .column("ref", type: .text, .notNull)
            .column("leaf_hash", type: .text, .notNull)
            .unique("source", "ref")
            .run()
        try await sql.create(table: "checkpoints")
            .column("size", type: .bigint, .notNull)
            // The first four bytes of the signing key's hash (signed-note): after a rotation the new key signs the size
            // the old one signed last.
            .column("signer", type: .text, .notNull)
            .column("root", type: .text, .notNull)
            // The roots of the perfect subtrees of the tree at this size, largest first: the next checkpoint is computed
            // from them and the leaves after, without reading the whole log.
            .column("frontier", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .column("signed_at", type: .text, .notNull)
            .primaryKey("size", "signer")
            .run()
        if engine == .postgresql {
            try await sql.raw("""
                CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the log is append-only'; END $$
                """).run()
        }
        for table in ["log_leaves", "checkpoints"] {
            switch engine {
            case .sqlite:
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_no_update BEFORE UPDATE ON \(unsafeRaw: table) BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END").run()
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_no_delete BEFORE DELETE ON \(unsafeRaw: table) BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END").run()
            case .postgresql:
                try await sql.raw("CREATE TRIGGER \(unsafeRaw: table)_no_change BEFORE UPDATE OR DELETE ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION log_append_only()").run()
            }
        }
        for leaf in try await TransparencyLog.rows(sql) {
            try await TransparencyLog.add(leaf, sql: sql)
        }
    }
}
