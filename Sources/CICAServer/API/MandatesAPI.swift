import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// The Committee's mandates to the Special Working Group and the follow-up of its decisions: read by anyone, recorded
/// by the Secretariat.
extension PlatformAPI {
    func listMandates(_ input: Operations.ListMandates.Input) async throws -> Operations.ListMandates.Output {
        var items: [S.Mandate] = []
        for m in try await platform.mandates.mandates() { items.append(try await mandate(m)) }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func giveMandate(_ input: Operations.GiveMandate.Input) async throws -> Operations.GiveMandate.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.mandates.give(task: b.task, deadline: b.deadline, decision: b.decision, actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try await mandate(m))))
    }

    func reportOnMandate(_ input: Operations.ReportOnMandate.Input) async throws -> Operations.ReportOnMandate.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.mandates.report(mandate: input.path.id, document: b.document, actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(try await mandate(m))))
    }

    func listFollowUps(_ input: Operations.ListFollowUps.Input) async throws -> Operations.ListFollowUps.Output {
        .ok(.init(body: .json(.init(items: try await platform.mandates.followUps().map { decision, followUp in
            try S.FollowUp(decision: decision.id, symbol: decision.symbol, title: decision.title, status: (followUp?.status ?? .pending).onWire(),
                           note: followUp?.note, updatedAt: followUp?.updated.at)
        }))))
    }

    func recordFollowUp(_ input: Operations.RecordFollowUp.Input) async throws -> Operations.RecordFollowUp.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let f = try await platform.mandates.followUp(decision: input.path.decision, status: b.status.rawValue, note: b.note, actor: info.actor, now: platform.now())
        guard let decision = try await platform.decisions.decision(id: f.decision)?.decision else { throw NotFound(entity: Message("entity.decision"), key: f.decision) }
        return .ok(.init(body: .json(try S.FollowUp(decision: f.decision, symbol: decision.symbol, title: decision.title, status: f.status.onWire(),
                                                    note: f.note, updatedAt: f.updated.at))))
    }

    func mandate(_ m: Mandate) async throws -> S.Mandate {
        try S.Mandate(id: m.id, task: m.task, deadline: m.deadline.description, decision: m.decision, status: m.status(on: platform.today()).onWire(),
                      givenAt: m.given.at, report: try await readableDocument(m.report), reportedOn: m.reportedOn?.description)
    }

    /// A document's id when the asker may read the document; nil otherwise, so that a restricted document is not even named.
    func readableDocument(_ id: String?) async throws -> String? {
        guard let id else { return nil }
        return try await platform.documents.document(id: id, readership: RequestInfo.current.readership) == nil ? nil : id
    }
}
