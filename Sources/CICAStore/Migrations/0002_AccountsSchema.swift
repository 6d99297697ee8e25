import SQLKit

/// Accounts, role bindings, browser sessions, API tokens, failed sign-ins and the append-only audit log.
struct AccountsSchema: Migration {
    let version = 2
    let name = "accounts, sessions, tokens and the audit log"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        let bool = SQLDataType.custom(SQLRaw("BOOLEAN"))
        try await sql.create(table: "users")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("disabled", type: bool, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("sort_key", type: .sortKey(engine), .notNull)
            .run()
        try await sql.create(table: "role_bindings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("kind", type: .text, .notNull)
            // '' for roles that act for nobody in particular, so that the unique key covers them.
            .column("scope", type: .text, .notNull)
            .column("granted_by", type: .text)
            .column("granted_at", type: .text, .notNull)
            .unique("user_id", "kind", "scope")
            .run()
        try await sql.create(table: "sessions")
            .column("id_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("csrf_token", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("last_seen_at", type: .text, .notNull)
            .column("address", type: .text)
            .run()
        try await sql.create(index: "sessions_by_user").on("sessions").column("user_id").run()
        try await sql.create(table: "api_tokens")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("name", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("prefix", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("expires_at", type: .text)
            .column("revoked_at", type: .text)
            .column("last_used_at", type: .text)
            .run()
        try await sql.create(index: "api_tokens_by_user").on("api_tokens").column("user_id").run()
        try await sql.create(table: "login_failures")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull)
            .column("address", type: .text, .notNull)
            .column("at", type: .text, .notNull)
            .run()
        try await sql.create(index: "login_failures_by_account").on("login_failures").column("email").column("address").column("at").run()
        try await sql.create(table: "audit_log")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
            .column("at", type: .text, .notNull)
            .column("actor_id", type: .text)
            .column("actor", type: .text, .notNull)
            .column("role", type: .text)
            .column("action", type: .text, .notNull)
            .column("entity", type: .text, .notNull)
            .column("before", type: .text)
            .column("after", type: .text)
            .column("request_id", type: .text)
            .column("address", type: .text)
            .run()
        try await sql.create(index: "audit_log_by_entity").on("audit_log").column("entity").run()
        try await sql.create(index: "audit_log_by_actor").on("audit_log").column("actor").run()

        // The audit log is append-only in the database too: no update or delete gets through.
        switch engine {
        case .sqlite:
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END").run()
        case .postgresql:
            try await sql.raw("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }
}
