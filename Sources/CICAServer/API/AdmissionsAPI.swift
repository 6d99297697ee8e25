import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// Admissions step by step: read by anyone; a step recorded by the Secretariat.
extension PlatformAPI {
    func getAdmission(_ input: Operations.GetAdmission.Input) async throws -> Operations.GetAdmission.Output {
        .ok(.init(body: .json(try await admission(input.path.code))))
    }

    func recordAdmissionStep(_ input: Operations.RecordAdmissionStep.Input) async throws -> Operations.RecordAdmissionStep.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let state = try await admission(input.path.code).state
        _ = try await platform.admissions.record(state: state, AdmissionStepFields(step: b.step.rawValue, date: b.date, document: b.document,
                                                                                  decision: b.decision, note: b.note),
                                                 actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try await admission(state))))
    }

    func admission(_ code: String) async throws -> S.AdmissionRecord {
        guard let record = try await platform.admissions.admission(state: code) else {
            throw NotFound(entity: Message("entity.country"), key: code)
        }
        var steps: [S.AdmissionStep] = []
        for step in record.steps {
            steps.append(try S.AdmissionStep(step: step.kind.onWire(), date: step.date?.description, document: try await readableDocument(step.document),
                                             decision: step.decision, verdict: step.verdict?.onWire(), note: step.note,
                                             source: step.recorded != nil ? .recorded : step.kind == .admission ? .decision : .sources,
                                             recordedAt: step.recorded?.at, recordedBy: step.recorded?.by))
        }
        return try S.AdmissionRecord(state: record.state, next: record.next?.onWire(), steps: steps)
    }
}
