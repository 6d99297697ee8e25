import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// Meetings at work: read one with its proceedings; plan, correct, circulate the agenda, open, close, cancel, register
/// a delegation and adopt the report. Every Secretariat step needs `manageRecords`; a registration `registerAttendance`
/// for the delegation it names.
extension PlatformAPI {
    func getMeeting(_ input: Operations.GetMeeting.Input) async throws -> Operations.GetMeeting.Output {
        .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    /// The meeting with its documents the asker may read, its agenda, registrations, decisions and corrections.
    func meetingDetail(_ id: String) async throws -> S.MeetingDetail {
        let readership = RequestInfo.current.readership
        guard let record = try await platform.organs.meeting(id: id, readership: readership),
              let (proceedings, corrections) = try await platform.meetings.proceedings(id: id, readership: readership) else {
            throw NotFound(entity: Message("entity.meeting"), key: id, hint: Message("api.meeting.notFound.hint"))
        }
        let chairs = try await platform.organs.chairmanships().map(\.value)
        let names = try await platform.membership.memberStateNames()
        var meeting = record.meeting
        meeting.value = proceedings.meeting
        func item(_ i: AgendaItem) -> S.AgendaItem { S.AgendaItem(title: i.title, decision: i.decision) }
        func person(_ p: Participant) -> S.Participant { S.Participant(name: p.name, title: p.title) }
        return S.MeetingDetail(
            meeting: try M.meeting(meeting, chairs: chairs, names: names), documents: try record.documents.map { try M.document($0) },
            notes: record.notes.map(M.note), provisionalAgenda: proceedings.agenda.provisional.map(item), adoptedAgenda: proceedings.agenda.adopted?.map(item),
            registrations: proceedings.registrations.map { r in
                S.Registration(delegation: r.delegation, kind: r.kind == .memberState ? .memberState : .observer,
                               head: person(r.head ?? Participant(name: "", title: nil, head: true)), members: r.participants.filter { !$0.head }.map(person),
                               registeredAt: r.registered.at, registeredBy: r.registered.by)
            },
            decisions: proceedings.decisions.map { S.DecisionRef(id: $0.decision.id, symbol: $0.decision.symbol, title: $0.decision.title,
                                                                 status: $0.decision.status.rawValue) },
            corrections: corrections.map { S.MeetingCorrection(number: $0.number, note: $0.note,
                                                              changes: $0.changes.map { S.FactChange(field: .init(rawValue: $0.field.rawValue) ?? .facts, before: $0.before, after: $0.after) },
                                                              madeAt: $0.made.at, madeBy: $0.made.by) })
    }

    func planMeeting(_ input: Operations.PlanMeeting.Input) async throws -> Operations.PlanMeeting.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let meeting = try await platform.meetings.plan(
            MeetingFields(organ: b.organ, kind: b.kind.rawValue, format: b.format.rawValue, title: b.title, number: b.number.map(String.init),
                          start: b.start, end: b.end, city: b.city, country: b.country, chair: b.chair, opens: b.opens, closes: b.closes,
                          timeZone: b.timeZone),
            actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try await meetingDetail(meeting.id))))
    }

    func editMeeting(_ input: Operations.EditMeeting.Input) async throws -> Operations.EditMeeting.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await platform.meetings.edit(id: input.path.id,
                                             MeetingFields(kind: b.kind.rawValue, format: b.format.rawValue, title: b.title, number: b.number.map(String.init),
                                                           start: b.start, end: b.end, city: b.city, country: b.country, chair: b.chair,
                                                           opens: b.opens, closes: b.closes, timeZone: b.timeZone, correction: b.correction),
                                             actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func circulateAgenda(_ input: Operations.CirculateAgenda.Input) async throws -> Operations.CirculateAgenda.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await platform.circulateAgenda(meeting: input.path.id, items: b.items.map { AgendaItem(title: $0.title, decision: $0.decision) },
                                                        actor: info.actor)
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func openMeeting(_ input: Operations.OpenMeeting.Input) async throws -> Operations.OpenMeeting.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await platform.meetings.open(id: input.path.id, amended: b.agenda?.map { AgendaItem(title: $0.title, decision: $0.decision) },
                                             actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func closeMeeting(_ input: Operations.CloseMeeting.Input) async throws -> Operations.CloseMeeting.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        _ = try await platform.close(meeting: input.path.id, actor: info.actor)
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func cancelMeeting(_ input: Operations.CancelMeeting.Input) async throws -> Operations.CancelMeeting.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await platform.meetings.cancel(id: input.path.id, reason: b.reason, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func registerDelegation(_ input: Operations.RegisterDelegation.Input) async throws -> Operations.RegisterDelegation.Output {
        let info = RequestInfo.current
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        _ = try await platform.register(meeting: input.path.id, delegation: input.path.delegation, head: b.head.name, headTitle: b.head.title,
                                        members: (b.members ?? []).map { Participant(name: $0.name, title: $0.title, head: false) },
                                        actor: info.actor, principal: info.principal) { owner in try info.authorize(.registerAttendance, on: owner) }
        return .ok(.init(body: .json(try await meetingDetail(input.path.id))))
    }

    func adoptMeetingReport(_ input: Operations.AdoptMeetingReport.Input) async throws -> Operations.AdoptMeetingReport.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        let document = try await platform.adoptReport(meeting: input.path.id, actor: info.actor)
        return .created(.init(body: .json(try M.documentDetail(try await readable(document.id)))))
    }
}
