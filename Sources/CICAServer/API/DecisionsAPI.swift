import CICACore
import CICAStore
import Foundation
import OpenAPIRuntime

/// The decisions part of the API: read by anyone; drafted and conducted by the Secretariat; positions and
/// amendments by each Member State's delegates for their own state.
extension PlatformAPI {
    static func decision(_ d: Decision) throws -> S.Decision {
        let l = Localizer(RequestInfo.current.language)
        return try S.Decision(id: d.id, symbol: d.symbol, title: d.title, organ: d.organRecorded ? d.organ : nil, meeting: d.meeting,
                       recordedDate: d.recordedDate?.description,
                       status: d.status.onWire(),
                       procedure: d.procedure.map { try wireCase($0.kind) }, deadline: d.procedure?.deadline,
                       currentVersion: d.currentVersion,
                       effect: S.Effect(kind: d.effectKind, parameters: .init(additionalProperties: d.effectParameters), summary: d.effect.map { l($0.summary) }),
                       continues: d.continues, historical: d.historical, createdAt: d.createdAt, openedAt: d.openedAt, closedAt: d.closedAt,
                       outcomeNote: d.outcomeNote.map { l($0) },
                       attention: d.attention.map { S.Decision.AttentionPayload(reason: l($0.reason), since: $0.since) })
    }

    static func amendment(_ a: Amendment) -> S.Amendment {
        S.Amendment(id: a.id, state: a.state, version: a.version, text: a.text, rationale: a.rationale, proposedAt: a.proposedAt, foldedInto: a.foldedInto)
    }

    private var decisions: any DecisionRepository { platform.decisions }
    private var info: RequestInfo { RequestInfo.current }

    func listDecisions(_ input: Operations.ListDecisions.Input) async throws -> Operations.ListDecisions.Output {
        let q = input.query
        let page = try await decisions.decisions(
            DecisionFilter(status: q.status.map { try $0.inCore(field: "status") }, organ: q.organ, meeting: q.meeting, effect: q.effect,
                           year: try Self.year(q.year)),
            page: try PageRequest.parse(limit: q.limit, cursor: q.cursor))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.decision), nextCursor: page.nextCursor))))
    }

    private func detail(_ id: String) async throws -> DecisionDetail {
        guard let detail = try await decisions.decision(id: id) else { throw DecisionError.noSuchDecision(id) }
        return detail
    }

    func getDecision(_ input: Operations.GetDecision.Input) async throws -> Operations.GetDecision.Output {
        let detail = try await detail(input.path.id)
        let problem = try await platform.recordProblem(detail)
        let current = Set(ConsensusRule.current(detail.positions, on: detail.decision.currentVersion).values.map { "\($0.state)|\($0.takenAt.timeIntervalSince1970)" })
        return .ok(.init(body: .json(.init(
            decision: try Self.decision(detail.decision),
            versions: detail.versions.map {
                .init(number: $0.number, language: $0.language, text: $0.text,
                      translations: $0.translations.isEmpty ? nil : .init(additionalProperties: $0.translations), textHash: $0.textHash,
                      folds: $0.folds, createdAt: $0.createdAt)
            },
            positions: try detail.positions.map { p in
                .init(state: p.state, version: p.version, position: try p.kind.onWire(),
                      statementKind: try p.statementKind.map { try $0.onWire() }, statement: p.statement, reason: p.reason,
                      takenAt: p.takenAt, signed: p.signature != nil,
                      current: p.version == detail.decision.currentVersion && current.contains("\(p.state)|\(p.takenAt.timeIntervalSince1970)"))
            },
            amendments: detail.amendments.map(Self.amendment), recordVerifies: problem == nil, recordProblem: problem.map { Localizer(.en)($0) }))))
    }

    func getDecisionRecord(_ input: Operations.GetDecisionRecord.Input) async throws -> Operations.GetDecisionRecord.Output {
        guard let record = try await decisions.record(id: input.path.id) else { throw DecisionError.noSuchDecision(input.path.id) }
        return .ok(.init(body: .json(.init(
            format: record.format, decision: record.decision,
            entries: try record.entries.map { e in
                .init(sequence: e.sequence, decision: e.decision, kind: try e.kind.onWire(), payload: e.payload,
                      prevHash: e.prevHash, hash: e.hash, signature: e.signature, keyId: e.keyId)
            },
            keys: record.keys.map { .init(id: $0.id, state: $0.state, publicKey: $0.publicKey, registeredAt: $0.registeredAt) },
            log: try record.log.map { proof in
                S.RecordProof(checkpoint: proof.checkpoint, leaves: try proof.leaves.map { included in
                    S.IncludedLeaf(index: included.index, leaf: S.LogLeaf(source: try wireCase(included.leaf.source.rawValue),
                                                                          ref: included.leaf.ref, data: included.leaf.data),
                                   proof: included.proof)
                })
            }))))
    }

    func createDecision(_ input: Operations.CreateDecision.Input) async throws -> Operations.CreateDecision.Output {
        try info.authorize(.conductDecisions)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let draft = NewDraft(title: body.title, organ: body.organ, meeting: body.meeting, text: body.text,
                             translations: body.translations?.additionalProperties ?? [:], effectKind: body.effect.kind,
                             effectParameters: body.effect.parameters.additionalProperties, continues: body.continues)
        return .created(.init(body: .json(try Self.decision(try await decisions.create(draft, actor: info.actor, now: platform.now())))))
    }

    func reviseDecision(_ input: Operations.ReviseDecision.Input) async throws -> Operations.ReviseDecision.Output {
        try info.authorize(.conductDecisions)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let decision = try await decisions.revise(id: input.path.id, text: body.text, translations: body.translations?.additionalProperties ?? [:],
                                                  folds: body.folds ?? [], actor: info.actor, now: platform.now())
        return .created(.init(body: .json(try Self.decision(decision))))
    }

    func tableDecision(_ input: Operations.TableDecision.Input) async throws -> Operations.TableDecision.Output {
        try info.authorize(.conductDecisions)
        return .ok(.init(body: .json(try Self.decision(try await decisions.table(id: input.path.id, actor: info.actor, now: platform.now())))))
    }

    func circulateDecision(_ input: Operations.CirculateDecision.Input) async throws -> Operations.CirculateDecision.Output {
        try info.authorize(.conductDecisions)
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        return .ok(.init(body: .json(try Self.decision(try await decisions.circulate(id: input.path.id, deadline: body.deadline, actor: info.actor, now: platform.now())))))
    }

    func takePosition(_ input: Operations.TakePosition.Input) async throws -> Operations.TakePosition.Output {
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let request = try PositionRequest(PositionFields(state: body.state, version: String(body.version), position: body.position.rawValue,
                                                         statementKind: body.statementKind?.rawValue, statement: body.statement, reason: body.reason,
                                                         signature: body.signature, keyId: body.keyId))
        try info.authorize(.takePosition, on: .state(request.state))
        return .created(.init(body: .json(try Self.decision(try await decisions.takePosition(id: input.path.id, request, actor: info.actor, now: platform.now())))))
    }

    func proposeAmendment(_ input: Operations.ProposeAmendment.Input) async throws -> Operations.ProposeAmendment.Output {
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let state = try CountryCode.required(body.state, field: "state")
        try info.authorize(.proposeAmendment, on: .state(state))
        let amendment = try await decisions.proposeAmendment(id: input.path.id, state: state, version: body.version, text: body.text,
                                                             rationale: body.rationale, actor: info.actor, now: platform.now())
        return .created(.init(body: .json(Self.amendment(amendment))))
    }

    func closeDecision(_ input: Operations.CloseDecision.Input) async throws -> Operations.CloseDecision.Output {
        try info.authorize(.conductDecisions)
        return .ok(.init(body: .json(try Self.decision(try await decisions.close(id: input.path.id, actor: info.actor, now: platform.now())))))
    }

    func withdrawDecision(_ input: Operations.WithdrawDecision.Input) async throws -> Operations.WithdrawDecision.Output {
        try info.authorize(.conductDecisions)
        return .ok(.init(body: .json(try Self.decision(try await decisions.withdraw(id: input.path.id, actor: info.actor, now: platform.now())))))
    }

    func listDelegationKeys(_ input: Operations.ListDelegationKeys.Input) async throws -> Operations.ListDelegationKeys.Output {
        let state = try input.query.state.map { text throws(InvalidInput) in try CountryCode.required(text, field: "state") }
        let keys = try await decisions.keys(state: state)
        return .ok(.init(body: .json(.init(items: keys.map { .init(id: $0.id, state: $0.state, publicKey: $0.publicKey, registeredAt: $0.registeredAt) }))))
    }

    func registerDelegationKey(_ input: Operations.RegisterDelegationKey.Input) async throws -> Operations.RegisterDelegationKey.Output {
        guard case .json(let body) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let state = try CountryCode.required(body.state, field: "state")
        try info.authorize(.registerDelegationKey, on: .state(state))
        let endorsement = body.endorsementKeyId.flatMap { keyId in body.endorsement.map { (keyId: keyId, signature: $0) } }
        let key = try await decisions.registerKey(state: state, publicKey: body.publicKey, endorsement: endorsement, actor: info.actor, now: platform.now())
        return .created(.init(body: .json(.init(id: key.id, state: key.state, publicKey: key.publicKey, registeredAt: key.registeredAt))))
    }

}
