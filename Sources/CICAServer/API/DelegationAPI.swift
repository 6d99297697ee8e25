import CICACore
import CICAStore
import Foundation
import OpenAPIRuntime

/// Delegations in the API: read by anyone; accredited by the Secretariat; keys revoked and signatures required by the
/// state's own delegates.
extension PlatformAPI {
    /// The Member State named by the path, or 404.
    private func memberState(_ code: String) async throws -> String {
        guard let state = CountryCode.normalize(code), try await platform.membership.memberState(code: state) != nil else {
            throw NotFound(entity: Message("entity.memberState"), key: code, hint: Message("api.memberState.notFound.hint"))
        }
        return state
    }

    /// The state's delegation as it stands now.
    private func current(_ state: String) async throws -> S.Delegation {
        Self.delegation(try await platform.delegations.delegation(state: state), now: platform.now())
    }

    static func delegation(_ view: DelegationView, now: Date) -> S.Delegation {
        S.Delegation(
            state: view.record.state, signaturesRequiredSince: view.record.signaturesRequiredSince,
            accreditations: view.record.accreditations.map { a in
                S.Accreditation(id: a.id, participant: a.participant, name: a.name, role: a.role == .head ? .head : .member, from: a.from,
                                until: a.until, withdrawnAt: a.withdrawnAt, accreditedBy: a.accreditedBy, current: a.holds(at: now))
            },
            keys: view.keys.map { S.DelegationKeyStatus(id: $0.id, publicKey: $0.publicKey, registeredAt: $0.registeredAt, revokedAt: view.record.revokedKeys[$0.id]) })
    }

    func getDelegation(_ input: Operations.GetDelegation.Input) async throws -> Operations.GetDelegation.Output {
        let state = try await memberState(input.path.code)
        return .ok(.init(body: .json(try await current(state))))
    }

    func accreditDelegate(_ input: Operations.AccreditDelegate.Input) async throws -> Operations.AccreditDelegate.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let state = try await memberState(input.path.code)
        guard let user = try await platform.accounts.user(email: body.email) else {
            throw InvalidInput(field: "email", reason: Message("reason.delegation.notDelegate", ["state": .country(state)]))
        }
        _ = try await platform.delegations.accredit(state: state, userId: user.id, role: body.role == .head ? .head : .member, until: body.until,
                                                    actor: info.actor, now: platform.now())
        return .created(.init(body: .json(try await current(state))))
    }

    func withdrawAccreditation(_ input: Operations.WithdrawAccreditation.Input) async throws -> Operations.WithdrawAccreditation.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        let state = try await memberState(input.path.code)
        try await platform.delegations.withdraw(state: state, accreditation: input.path.id, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await current(state))))
    }

    func revokeDelegationKey(_ input: Operations.RevokeDelegationKey.Input) async throws -> Operations.RevokeDelegationKey.Output {
        let info = RequestInfo.current
        let state = try await memberState(input.path.code)
        try info.authorize(.registerDelegationKey, on: .state(state))
        try await platform.delegations.revokeKey(state: state, keyId: input.path.keyId, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await current(state))))
    }

    func requireSignatures(_ input: Operations.RequireSignatures.Input) async throws -> Operations.RequireSignatures.Output {
        let info = RequestInfo.current
        let state = try await memberState(input.path.code)
        try info.authorize(.registerDelegationKey, on: .state(state))
        try await platform.delegations.requireSignatures(state: state, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await current(state))))
    }
}
