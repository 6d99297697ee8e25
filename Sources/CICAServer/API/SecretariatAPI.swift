import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// The Secretariat's personnel: the directory for everyone, contract details for the Secretariat, appointments and
/// ends of terms recorded by it.
extension PlatformAPI {
    func listStaff(_ input: Operations.ListStaff.Input) async throws -> Operations.ListStaff.Output {
        let info = RequestInfo.current
        let contracts = Policy.decide(info.principal, .readSecretariatOnly).isAllowed
        let staff = try await platform.secretariat.staff()
        return .ok(.init(body: .json(.init(items: try staff.map { try Self.staff($0, contracts: contracts) },
                                           contractsEnding: contracts ? try SecretariatRules.contractsEnding(staff, today: platform.today()).map { try Self.staff($0, contracts: true) } : nil))))
    }

    func appointStaff(_ input: Operations.AppointStaff.Input) async throws -> Operations.AppointStaff.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let appointed = try await platform.secretariat.appoint(StaffFields(category: b.category.rawValue, title: b.title, name: b.name, secondedBy: b.secondedBy,
                                                                           contractEnd: b.contractEnd, start: b.start), actor: info.actor, now: platform.now())
        return .created(.init(body: .json(try Self.staff(appointed, contracts: true))))
    }

    func endStaffTerm(_ input: Operations.EndStaffTerm.Input) async throws -> Operations.EndStaffTerm.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let ended = try await platform.secretariat.end(id: input.path.id, date: b.end, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try Self.staff(ended, contracts: true))))
    }

    static func staff(_ a: StaffAppointment, contracts: Bool) throws -> S.StaffAppointment {
        try S.StaffAppointment(id: a.id, category: a.category.onWire(), title: a.title, name: a.name, secondedBy: a.secondedBy,
                               contractEnd: contracts ? a.contractEnd?.description : nil, start: a.start.description, end: a.end?.description)
    }
}
