import SQLKit

/// The second factor (TOTP secrets, recovery codes, sign-ins waiting for a code), devices known to an account,
/// and what the throttle needs: failures by address and by device, sessions that passed the second factor.
struct SignInSecuritySchema: Migration {
    let version = 4
    let name = "second factor, known devices and sign-in throttling"

    func up(_ sql: any SQLDatabase, engine: Database.Engine) async throws {
        let bool = SQLDataType.custom(SQLRaw("BOOLEAN"))
        try await sql.create(table: "second_factors")
            .column("user_id", type: .text, .primaryKey(autoIncrement: false), .references("users", "id"))
            // Base32, as the authenticator app was given it. Only a secret the person confirmed with a code is kept here;
            // one being set up lives with the session (or the sign-in challenge) it was shown in.
            .column("secret", type: .text, .notNull)
            .column("confirmed_at", type: .text, .notNull)
            // The last time step whose code was accepted, so that no code works twice.
            .column("last_step", type: .bigint)
            .run()
        try await sql.create(table: "recovery_codes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("code_hash", type: .text, .notNull)
            .column("used_at", type: .text)
            .run()
        try await sql.create(index: "recovery_codes_by_user").on("recovery_codes").column("user_id").run()
        try await sql.create(table: "sign_in_challenges")
            .column("id_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("attempts", type: .int, .notNull)
            .column("next", type: .text, .notNull)
            .column("address", type: .text, .notNull)
            // The secret shown to a person who must set up an app before signing in, for this sign-in only.
            .column("enrolment_secret", type: .text)
            .run()
        try await sql.create(table: "known_devices")
            .column("device_hash", type: .text, .notNull)
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("last_seen_at", type: .text, .notNull)
            .primaryKey("device_hash", "user_id")
            .run()
        try await sql.alter(table: "login_failures").column("device_hash", type: .text, .notNull, .default(SQLLiteral.string(""))).run()
        try await sql.create(index: "login_failures_by_address").on("login_failures").column("address").column("at").run()
        try await sql.create(index: "login_failures_by_email").on("login_failures").column("email").column("at").run()
        try await sql.alter(table: "sessions").column("second_factor", type: bool, .notNull, .default(SQLLiteral.boolean(false))).run()
        // The secret shown on the account page while the person sets up an app, for this session only.
        try await sql.alter(table: "sessions").column("enrolment_secret", type: .text).run()
        // Whether the token was made by someone who had passed the second factor (or by an operator at the command line):
        // a token made without it does not act for roles that need it. Tokens made before this migration did not.
        try await sql.alter(table: "api_tokens").column("second_factor", type: bool, .notNull, .default(SQLLiteral.boolean(false))).run()
    }
}
