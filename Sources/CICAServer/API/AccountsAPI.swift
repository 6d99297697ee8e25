import CICACore
import CICAStore
import Foundation
import OpenAPIRuntime

/// The signed-in part of the API: the caller's account and tokens, user administration and the audit log.
/// Every handler asks the access policy first; writes name their actor and are audited by the repository.
extension PlatformAPI {
    typealias S = Components.Schemas

    private var request: RequestInfo { RequestInfo.current }

    /// The signed-in user, or a 401 that says how to sign in.
    private func caller() throws -> UserAccount {
        guard let user = request.context?.identity?.user else {
            throw AccessDenied(verdict: .signInRequired(reason: Message("reason.signDoSendApi")))
        }
        return user
    }

    static func user(_ user: UserAccount) throws -> S.User {
        try S.User(id: user.id, email: user.email, displayName: user.displayName, disabled: user.disabled, createdAt: user.createdAt,
                   roles: user.grants.map(grant))
    }

    static func grant(_ grant: RoleGrant) throws -> S.Grant {
        try S.Grant(id: grant.id, kind: grant.role.kind.onWire(), scope: grant.role.scope,
                    description: grant.role.description, grantedAt: grant.grantedAt)
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(try Self.user(try caller()))))
    }

    func listMyTokens(_ input: Operations.ListMyTokens.Input) async throws -> Operations.ListMyTokens.Output {
        let user = try caller()
        try request.authorize(.manageOwnAccount, on: .user(user.id))
        let now = platform.now()
        return .ok(.init(body: .json(.init(items: try await platform.accounts.tokens(userId: user.id).map { token in
            S.Token(id: token.id, name: token.name, prefix: token.prefix, createdAt: token.createdAt, expiresAt: token.expiresAt,
                    revokedAt: token.revokedAt, lastUsedAt: token.lastUsedAt, active: token.isActive(at: now))
        }))))
    }

    func revokeMyToken(_ input: Operations.RevokeMyToken.Input) async throws -> Operations.RevokeMyToken.Output {
        let user = try caller()
        try request.authorize(.manageOwnAccount, on: .user(user.id))
        try await platform.accounts.revokeToken(userId: user.id, tokenId: input.path.id, at: platform.now(), actor: request.actor)
        return .noContent(.init())
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        try request.authorize(.manageAccounts)
        return .ok(.init(body: .json(.init(items: try await platform.accounts.users().map(Self.user)))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        try request.authorize(.manageAccounts)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let user = try await platform.accounts.addUser(email: body.email, displayName: body.displayName, password: body.password,
                                              roles: (body.roles ?? []).map { (try $0.kind.inCore(RoleKind.self, field: "roles.kind"), $0.scope) },
                                              actor: request.actor)
        return .created(.init(body: .json(try Self.user(user))))
    }

    private func found(_ id: String) async throws -> UserAccount {
        guard let user = try await platform.accounts.user(id: id) else { throw AccountError.noSuchUser(id) }
        return user
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        try request.authorize(.manageAccounts)
        return .ok(.init(body: .json(try Self.user(try await found(input.path.id)))))
    }

    func disableUser(_ input: Operations.DisableUser.Input) async throws -> Operations.DisableUser.Output {
        try request.authorize(.manageAccounts)
        let user = try await platform.accounts.setDisabled(userId: try await found(input.path.id).id, true, actor: request.actor)
        return .ok(.init(body: .json(try Self.user(user))))
    }

    func enableUser(_ input: Operations.EnableUser.Input) async throws -> Operations.EnableUser.Output {
        try request.authorize(.manageAccounts)
        let user = try await platform.accounts.setDisabled(userId: try await found(input.path.id).id, false, actor: request.actor)
        return .ok(.init(body: .json(try Self.user(user))))
    }

    func grantRole(_ input: Operations.GrantRole.Input) async throws -> Operations.GrantRole.Output {
        try request.authorize(.manageAccounts)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let grant = try await platform.accounts.grant(userId: try await found(input.path.id).id, kind: body.kind.inCore(RoleKind.self, field: "kind"),
                                                        scope: body.scope, actor: request.actor)
        return .created(.init(body: .json(try Self.grant(grant))))
    }

    func revokeRole(_ input: Operations.RevokeRole.Input) async throws -> Operations.RevokeRole.Output {
        try request.authorize(.manageAccounts)
        try await platform.accounts.revoke(userId: try await found(input.path.id).id, grantId: input.path.grantId, actor: request.actor)
        return .noContent(.init())
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        try request.authorize(.readAuditLog)
        let q = input.query
        let filter = try AuditFilter(actor: q.actor, entity: q.entity, action: q.action, fromDay: q.from, toDay: q.to)
        let page = try await platform.audit.entries(filter, page: try PageRequest.parse(limit: q.limit, cursor: q.cursor))
        return .ok(.init(body: .json(.init(items: page.items.map {
            S.AuditEntry(sequence: $0.sequence, at: $0.at, actor: $0.actor, role: $0.role, action: $0.action, entity: $0.entity,
                         before: $0.before, after: $0.after, requestId: $0.requestId, address: $0.address)
        }, nextCursor: page.nextCursor))))
    }

    func exportAudit(_ input: Operations.ExportAudit.Input) async throws -> Operations.ExportAudit.Output {
        try request.authorize(.readAuditLog)
        let q = input.query
        let filter = try AuditFilter(actor: q.actor, entity: q.entity, action: q.action, fromDay: q.from, toDay: q.to)
        return .ok(.init(body: .csv(HTTPBody(AuditCSV.render(try await AuditExport.all(platform.audit, filter: filter))))))
    }
}
