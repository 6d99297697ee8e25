import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// Partners and their memoranda: read by anyone, recorded by the Secretariat.
extension PlatformAPI {
    func getPartner(_ input: Operations.GetPartner.Input) async throws -> Operations.GetPartner.Output {
        guard let found = try await platform.partners.partner(id: input.path.id) else {
            throw NotFound(entity: Message("entity.partner"), key: input.path.id)
        }
        var memoranda: [S.Memorandum] = []
        for m in found.memoranda { memoranda.append(try await memorandum(m)) }
        return .ok(.init(body: .json(.init(partner: try M.partner(found.partner), memoranda: memoranda))))
    }

    func recordMemorandum(_ input: Operations.RecordMemorandum.Input) async throws -> Operations.RecordMemorandum.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.partners.record(partner: input.path.id, MemorandumFields(instrument: b.instrument, signed: b.signed, place: b.place,
                                                                                           document: b.document, status: b.status?.rawValue),
                                                   actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try await memorandum(m))))
    }

    func memorandum(_ m: Memorandum) async throws -> S.Memorandum {
        try S.Memorandum(id: m.id, partner: m.partner, instrument: m.instrument, signed: m.signed.description, place: m.place,
                         document: try await readableDocument(m.document), status: m.status.onWire(), recordedAt: m.recorded.at)
    }
}
