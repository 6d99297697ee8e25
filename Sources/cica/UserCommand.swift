import ArgumentParser
import CICACore
import CICAServer
import CICAStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `cica user …`: accounts from the command line, for the first administrator and for operators.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage accounts: add, list, disable, enable, grant and revoke roles, reset passwords and second factors, issue API tokens.",
        discussion: """
        Passwords are never given on the command line: they are asked for at the terminal (twice), or read from the \
        first line of standard input when it is not a terminal (printf '%s\\n' "$PASSWORD" | cica user add …). \
        Every change is recorded in the audit log as made by the command line.
        Roles: administrator, secretariat, delegate (with --state, a Member State's ISO code), observer (with --state, \
        an observer state's ISO code or an organization's id such as un).
        """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Grant.self, Revoke.self, Password.self, Token.self, ResetSecondFactor.self]
    )

    struct RoleOptions: ParsableArguments {
        @Option(help: "administrator, secretariat, delegate or observer.")
        var role: String?

        @Option(help: "The Member State (delegate) or observer (observer) the role acts for, e.g. KZ or un.")
        var state: String?

        func parsed() throws -> (RoleKind, String?)? {
            guard let role else {
                if state != nil { throw ValidationError("--state goes with --role delegate or --role observer.") }
                return nil
            }
            guard let kind = RoleKind(rawValue: role.lowercased()) else {
                throw ValidationError("--role must be one of \(RoleKind.allCases.map(\.rawValue).joined(separator: ", ")); got '\(role)'.")
            }
            return (kind, state)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account, optionally with a role.")
        @Argument(help: "The e-mail address the person signs in with.") var email: String
        @Option(help: "The name shown on the platform.") var name: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let roles = try role.parsed().map { [$0] } ?? []
            let password = try readPassword(confirm: true)
            try await withAccounts(options) { accounts, actor in
                let user = try await accounts.addUser(email: email, displayName: name, password: password, roles: roles, actor: actor)
                say("Added \(user.email) (\(user.displayName))\(user.roles.isEmpty ? "" : " as " + user.roles.map(\.description).joined(separator: ", ")).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts with their roles.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withAccounts(options) { accounts, _ in
                let users = try await accounts.users()
                if users.isEmpty { say("No accounts yet.") }
                for user in users {
                    let roles = user.roles.isEmpty ? "no role" : user.roles.map(\.description).joined(separator: ", ")
                    say("\(user.email)\t\(user.displayName)\t\(roles)\(user.disabled ? "\tdisabled" : "")")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: it is signed out everywhere and its API tokens stop working.")
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws { try await UserCommand.setDisabled(email, true, options) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws { try await UserCommand.setDisabled(email, false, options) }
    }

    static func setDisabled(_ email: String, _ disabled: Bool, _ options: DatabaseOptions) async throws {
        try await withAccounts(options) { accounts, actor in
            _ = try await accounts.setDisabled(userId: try await existing(email, accounts).id, disabled, actor: actor)
            say("\(disabled ? "Disabled" : "Enabled") \(email).")
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a role to an account.")
        @Argument var email: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let (kind, scope) = try role.parsed() else { throw ValidationError("Say which role to grant with --role.") }
            try await withAccounts(options) { accounts, actor in
                let grant = try await accounts.grant(userId: try await existing(email, accounts).id, kind: kind, scope: scope, actor: actor)
                say("\(email) is now \(grant.role).")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a role from an account.")
        @Argument var email: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let (kind, scope) = try role.parsed() else { throw ValidationError("Say which role to revoke with --role.") }
            try await withAccounts(options) { accounts, actor in
                let user = try await existing(email, accounts)
                guard let grant = user.grants.first(where: { $0.role.kind == kind && (scope == nil || $0.role.scope?.lowercased() == scope?.lowercased()) }) else {
                    throw ValidationError("\(email) does not hold that role; it holds: \(user.roles.isEmpty ? "no role" : user.roles.map(\.description).joined(separator: ", ")).")
                }
                try await accounts.revoke(userId: user.id, grantId: grant.id, actor: actor)
                say("\(email) is no longer \(grant.role).")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account (for a person who lost theirs).",
            discussion: "The account is signed out everywhere and its API tokens are revoked: whoever knew the old password is out.")
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let password = try readPassword(confirm: true)
            try AccountInput.password(password)
            try await withAccounts(options) { accounts, actor in
                let change = try await accounts.resetPassword(userId: try await existing(email, accounts).id, new: password, now: Date(), actor: actor)
                say("Set a new password for \(email); ended \(change.sessionsEnded) session(s) and revoked \(change.tokensRevoked) API token(s).")
            }
        }
    }

    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-second-factor",
            abstract: "Remove an account's authenticator app and recovery codes (for a person who lost their phone and codes).",
            discussion: """
            The account is signed out everywhere; at the next sign-in the person sets up an app again (an administrator or \
            Secretariat officer must). Check who is asking before you run it: this is how an account's second factor is \
            taken away. It is recorded in the audit log. API tokens keep working.
            """)
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withAccounts(options) { accounts, actor in
                try await accounts.resetSecondFactor(userId: try await existing(email, accounts).id, at: Date(), actor: actor)
                say("Reset two-step sign-in for \(email): signed out everywhere; the app is set up again at the next sign-in.")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an API token for an account; it is printed once and stored only as a hash.")
        @Argument var email: String
        @Option(help: "What the token is for.") var name: String = "command line"
        @Option(help: "Days until it expires (1 to 3650); without it, it does not expire.") var expiresInDays: Int?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withAccounts(options) { accounts, actor in
                // An operator at the command line vouches for the token as a second factor would.
                let issued = try await accounts.issueToken(userId: try await existing(email, accounts).id, name: name,
                                                           expiresInDays: expiresInDays, secondFactor: true, now: Date(), actor: actor)
                FileHandle.standardError.write(Data("API token “\(issued.token.name)” for \(email); copy it now, it is not shown again:\n".utf8))
                say(issued.secret)
            }
        }
    }
}

/// Opens the database (migrated) and runs `body` with the accounts and the command line as the actor;
/// refusals are printed as the field and the reason.
func withAccounts(_ options: DatabaseOptions, _ body: (Accounts, Actor) async throws -> Void) async throws {
    let config = try await serverConfiguration(["database.url": options.database.map { .string($0) }, "log.level": .string(options.logLevel ?? "warning")])
    let actor = Actor.commandLine(user: "\(ProcessInfo.processInfo.userName)@\(ProcessInfo.processInfo.hostName)")
    do {
        try await Platform.withOpen(config, logger: makeLogger(config.logLevel)) { platform in
            try await MigrationRunner().run(on: platform.database)
            try await body(platform.accounts, actor)
        }
    } catch let invalid as InvalidInput {
        throw ValidationError(invalid.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
    } catch let error as AccountError {
        throw ValidationError(accountMessage(error))
    }
}

func existing(_ email: String, _ accounts: Accounts) async throws -> UserAccount {
    guard let user = try await accounts.user(email: email) else {
        throw ValidationError("There is no account \(email); `cica user list` shows them.")
    }
    return user
}

func accountMessage(_ error: AccountError) -> String {
    switch error {
    case .emailTaken(let email): "email: \(email) already has an account."
    case .noSuchUser(let id): "There is no account \(id)."
    case .noSuchGrant, .noSuchToken: "There is no such role or token."
    case .lastAdministrator: "This is the last active administrator: grant the role to someone else first."
    case .role(.notAMemberState(let code)): "--state: \(code) is not a Member State; a delegate acts for a Member State."
    case .role(.notAnObserver(let id)): "--state: \(id) is not an observer state or organization."
    case .role(.scopeMismatch(let kind)): kind == .delegate || kind == .observer
        ? "--state: a \(kind.rawValue) role needs the Member State or observer it acts for."
        : "--state: the \(kind.rawValue) role takes no state."
    case .role(.alreadyHeld(let role)): "The account already holds the role \(role)."
    case .secondFactorAlreadyOn: "Two-step sign-in is already on for this account."
    case .secondFactorOff: "Two-step sign-in is not on for this account; there is nothing to reset."
    case .secondFactorNotStarted: "No authenticator app is being set up for this account."
    case .secondFactorRequired: "The account's role needs two-step sign-in."
    }
}

/// Reads a password: at a terminal without echo (twice, when confirming), otherwise the first line of standard input.
func readPassword(confirm: Bool) throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        guard let first = getpass("Password (at least \(AccountInput.minimumPasswordLength) characters): ").map({ String(cString: $0) }) else {
            throw ValidationError("No password was typed.")
        }
        if confirm {
            guard let second = getpass("Password again: ").map({ String(cString: $0) }), second == first else {
                throw ValidationError("The two passwords differ; run the command again.")
            }
        }
        return first
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("No password on standard input: pipe it in (printf '%s\\n' \"$PASSWORD\" | cica user …) or run at a terminal.")
    }
    return line
}
