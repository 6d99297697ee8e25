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
        abstract: cli("cli.manageAccountsAddList"),
        discussion: cli("cli.passwordsAreNeverGiven"),
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Grant.self, Revoke.self, Password.self, Token.self, ResetSecondFactor.self]
    )

    struct RoleOptions: ParsableArguments {
        @Option(help: ArgumentHelp(stringLiteral: cli("cli.administratorSecretariatDelegateObserver")))
        var role: String?

        @Option(help: ArgumentHelp(stringLiteral: cli("cli.memberStateDelegateObserver")))
        var state: String?

        func parsed() throws -> (RoleKind, String?)? {
            guard let role else {
                if state != nil { throw ValidationError(cli("cli.stateGoesRoleDelegate")) }
                return nil
            }
            guard let kind = RoleKind(rawValue: role.lowercased()) else {
                throw ValidationError(cli("cli.user.roleUnknown", ["roles": "\(RoleKind.allCases.map(\.rawValue).joined(separator: ", "))", "role": "\(role)"]))
            }
            return (kind, state)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.addAccountOptionallyRole"))
        @Argument(help: ArgumentHelp(stringLiteral: cli("cli.eMailAddressPerson"))) var email: String
        @Option(help: ArgumentHelp(stringLiteral: cli("cli.nameShownPlatform"))) var name: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let roles = try role.parsed().map { [$0] } ?? []
            let password = try readPassword(confirm: true)
            try await withAccounts(options) { accounts, actor in
                let user = try await accounts.addUser(email: email, displayName: name, password: password, roles: roles, actor: actor)
                say(cli("cli.user.added", ["email": "\(user.email)", "name": "\(user.displayName)",
                                             "roles": "\(user.roles.isEmpty ? "" : cli("cli.user.addedRoles", ["roles": roleList(user.roles)]))"]))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.listAccountsTheirRoles"))
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withAccounts(options) { accounts, _ in
                let users = try await accounts.users()
                if users.isEmpty { say(cli("cli.accountsYet")) }
                for user in users {
                    let roles = user.roles.isEmpty ? cli("cli.noRole") : roleList(user.roles)
                    say(cli("cli.user.listLine", ["email": "\(user.email)", "name": "\(user.displayName)", "roles": "\(roles)",
                                                 "disabled": "\(user.disabled ? cli("cli.user.disabledMark") : "")"]))
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.disableAccountSignedOut"))
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws { try await UserCommand.setDisabled(email, true, options) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.enableDisabledAccount"))
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws { try await UserCommand.setDisabled(email, false, options) }
    }

    static func setDisabled(_ email: String, _ disabled: Bool, _ options: DatabaseOptions) async throws {
        try await withAccounts(options) { accounts, actor in
            _ = try await accounts.setDisabled(userId: try await existing(email, accounts).id, disabled, actor: actor)
            say(cli("cli.user.enabledOrDisabled", ["action": "\(cli(disabled ? "cli.user.disabled" : "cli.user.enabled"))", "email": "\(email)"]))
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.grantRoleAccount"))
        @Argument var email: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let (kind, scope) = try role.parsed() else { throw ValidationError(cli("cli.sayWhichRoleGrant")) }
            try await withAccounts(options) { accounts, actor in
                let grant = try await accounts.grant(userId: try await existing(email, accounts).id, kind: kind, scope: scope, actor: actor)
                say(cli("cli.user.granted", ["email": "\(email)", "role": "\(grant.role)"]))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.revokeRoleFromAccount"))
        @Argument var email: String
        @OptionGroup var role: RoleOptions
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let (kind, scope) = try role.parsed() else { throw ValidationError(cli("cli.sayWhichRoleRevoke")) }
            try await withAccounts(options) { accounts, actor in
                let user = try await existing(email, accounts)
                guard let grant = user.grants.first(where: { $0.role.kind == kind && (scope == nil || $0.role.scope?.lowercased() == scope?.lowercased()) }) else {
                    throw ValidationError(cli("cli.user.roleNotHeld", ["email": "\(email)", "roles": "\(user.roles.isEmpty ? cli("cli.noRole") : roleList(user.roles))"]))
                }
                try await accounts.revoke(userId: user.id, grantId: grant.id, actor: actor)
                say(cli("cli.user.revoked", ["email": "\(email)", "role": "\(grant.role)"]))
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: cli("cli.setNewPasswordAccount"),
            discussion: cli("cli.accountSignedOutEverywhere2"))
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let password = try readPassword(confirm: true)
            try AccountInput.password(password)
            try await withAccounts(options) { accounts, actor in
                let change = try await accounts.resetPassword(userId: try await existing(email, accounts).id, new: password, now: Date(), actor: actor)
                say(cli("cli.setNewPasswordEnded", ["email": "\(email)", "change": "\(change.sessionsEnded)", "change2": "\(change.tokensRevoked)"]))
            }
        }
    }

    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-second-factor",
            abstract: cli("cli.removeAccountAuthenticatorApp"),
            discussion: cli("cli.accountSignedOutEverywhere"))
        @Argument var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withAccounts(options) { accounts, actor in
                try await accounts.resetSecondFactor(userId: try await existing(email, accounts).id, at: Date(), actor: actor)
                say(cli("cli.resetTwoStepSign", ["email": "\(email)"]))
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: cli("cli.issueApiTokenAccount"))
        @Argument var email: String
        @Option(help: ArgumentHelp(stringLiteral: cli("cli.whatToken"))) var name: String = "command line"
        @Option(help: ArgumentHelp(stringLiteral: cli("cli.daysUntilExpiresWithout"))) var expiresInDays: Int?
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
        throw ValidationError(invalid.errors.map { "\($0.field): \(cli($0.reason))" }.joined(separator: "\n"))
    } catch let error as AccountError {
        throw ValidationError(cli(error.message))
    }
}

func existing(_ email: String, _ accounts: Accounts) async throws -> UserAccount {
    guard let user = try await accounts.user(email: email) else {
        throw ValidationError(cli("cli.thereAccountCicaUser", ["email": "\(email)"]))
    }
    return user
}

/// Roles in words: "delegate of KZ, Secretariat".
func roleList(_ roles: [Role]) -> String {
    roles.map { cli($0.message) }.joined(separator: ", ")
}

/// Reads a password: at a terminal without echo (twice, when confirming), otherwise the first line of standard input.
func readPassword(confirm: Bool) throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        guard let first = getpass(cli("cli.password.prompt", ["length": "\(AccountInput.minimumPasswordLength)"])).map({ String(cString: $0) }) else {
            throw ValidationError(cli("cli.passwordWasTyped"))
        }
        if confirm {
            guard let second = getpass(cli("cli.password.again")).map({ String(cString: $0) }), second == first else {
                throw ValidationError(cli("cli.twoPasswordsDifferRun"))
            }
        }
        return first
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError(cli("cli.passwordStandardInputPipe"))
    }
    return line
}
