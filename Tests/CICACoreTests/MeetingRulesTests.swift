import Foundation
import Testing
@testable import CICACore

@Suite("Meetings as CICA holds them")
struct MeetingRulesTests {
    static let context = MeetingContext(organs: ["senior-officials-committee", "summit"], memberStates: ["KZ", "IN", "CN"],
                                        countries: ["KZ", "IN", "CN", "US"], taken: ["senior-officials-committee-2026-12-10"])
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let today = CivilDate(year: 2026, month: 11, day: 30)
    static let firstDay = CivilDate(year: 2026, month: 12, day: 10)
    static let soc = MeetingFields(organ: "senior-officials-committee", kind: "regular", format: "inPerson", title: "Meeting of the SOC",
                                   start: "2026-12-10", end: "2026-12-11", city: "Astana", country: "KZ", chair: "KZ")

    static func planned() throws -> Meeting { try MeetingRules.plan(soc, context: context, actor: "secretariat", now: now, today: today) }

    static func fields(_ change: (inout MeetingFields) -> Void) -> MeetingFields {
        var fields = soc
        change(&fields)
        return fields
    }

    @Test("a plan gives an id from the organ and first day, numbered when taken, and is planned")
    func plan() throws {
        let m = try Self.planned()
        #expect(m.id == "senior-officials-committee-2026-12-10-2")
        #expect(m.status == .planned)
        #expect(m.start == PartialDate("2026-12-10") && m.end == PartialDate("2026-12-11"))
        #expect(m.chair == "KZ" && m.countryCode == "KZ" && m.city == "Astana")
        #expect(m.planned == Stamp(at: Self.now, by: "secretariat"))
        // A one-day meeting: the end is the start.
        let oneDay = try MeetingRules.plan(Self.fields { $0.end = nil; $0.start = "2027-03-01" }, context: Self.context, actor: "s", now: Self.now, today: Self.today)
        #expect(oneDay.end == oneDay.start && oneDay.id == "senior-officials-committee-2027-03-01")
    }

    @Test("a meeting sits from its opening time on the first day to its closing time on the last, in a named zone")
    func hours() throws {
        let timed = try MeetingRules.plan(Self.fields { $0.opens = "10:00"; $0.closes = "13:30"; $0.timeZone = "Asia/Almaty" },
                                          context: Self.context, actor: "s", now: Self.now, today: Self.today)
        #expect(timed.hours == SessionHours(opens: 600, closes: 810, timeZone: "Asia/Almaty"))
        // Over several days the last day may close earlier than the first opened; a zone sent alone means whole days.
        let overnight = try MeetingRules.plan(Self.fields { $0.opens = "15:00"; $0.closes = "12:00"; $0.timeZone = "America/New_York" },
                                              context: Self.context, actor: "s", now: Self.now, today: Self.today)
        #expect(overnight.hours?.closes == 720)
        #expect(try MeetingRules.plan(Self.fields { $0.timeZone = "Asia/Almaty" }, context: Self.context, actor: "s", now: Self.now, today: Self.today).hours == nil)
        #expect(SessionHours.offset(of: "Asia/Kolkata", on: Self.firstDay, at: 600) == "UTC+05:30")
        #expect(SessionHours.offset(of: "America/New_York", on: CivilDate(year: 2026, month: 9, day: 22), at: 600) == "UTC−04:00")
        #expect(SessionHours.offeredZones.contains("Asia/Almaty") && SessionHours.offeredZones.contains("America/New_York"))
        // Ten o'clock in New York on the first day of the UN General Assembly's week is 14:00 UTC (summer time).
        let ny = TimeZone(identifier: "America/New_York")!
        let instant = LocalTime(day: CivilDate(year: 2026, month: 9, day: 22), minutes: 600).instant(in: ny)
        #expect(ICalendar.utc(instant) == "20260922T140000Z")
        #expect(LocalTime(instant, in: ny) == LocalTime(day: CivilDate(year: 2026, month: 9, day: 22), minutes: 600))
    }

    @Test("a plan is refused naming the field and the reason", arguments: [
        (Self.fields { $0.end = "2026-12-09" }, "end", "reason.meeting.endBeforeStart"),
        (Self.fields { $0.chair = "US" }, "chair", "reason.meeting.chair"),
        (Self.fields { $0.chair = "ZZ" }, "chair", "reason.meeting.chair"),
        (Self.fields { $0.organ = "secretariat" }, "organ", "reason.meeting.organ"),
        (Self.fields { $0.organ = nil }, "organ", "reason.meeting.organ"),
        (Self.fields { $0.start = "10 December" }, "start", "reason.meeting.day"),
        (Self.fields { $0.start = "2026-02-30" }, "start", "reason.meeting.day"),
        (Self.fields { $0.kind = "extraordinary" }, "kind", "reason.meeting.oneOf"),
        (Self.fields { $0.format = "videoconference" }, "format", "reason.meeting.oneOf"),
        (Self.fields { $0.title = "  " }, "title", "reason.meeting.required"),
        (Self.fields { $0.title = String(repeating: "x", count: 301) }, "title", "reason.meeting.tooLong"),
        (Self.fields { $0.number = "0" }, "number", "reason.meeting.number"),
        (Self.fields { $0.city = nil; $0.country = nil }, "city", "reason.meeting.venue"),
        (Self.fields { $0.country = "XX" }, "country", "reason.meeting.country"),
        (Self.fields { $0.end = "2027-02-01" }, "end", "reason.meeting.tooLongDays"),
        (Self.fields { $0.start = "2020-01-01"; $0.end = nil }, "start", "reason.meeting.past"),
        (Self.fields { $0.title = "Meeting \u{202E}CO S" }, "title", "reason.containsWhichReversesDirection"),
        (Self.fields { $0.city = "Astana\nEND:VEVENT" }, "city", "reason.meeting.oneLine"),
        (Self.fields { $0.opens = "10:00"; $0.timeZone = "Asia/Almaty" }, "closes", "reason.meeting.hoursBoth"),
        (Self.fields { $0.closes = "18:00"; $0.timeZone = "Asia/Almaty" }, "opens", "reason.meeting.hoursBoth"),
        (Self.fields { $0.opens = "10 am"; $0.closes = "18:00"; $0.timeZone = "Asia/Almaty" }, "opens", "reason.meeting.time"),
        (Self.fields { $0.opens = "24:00"; $0.closes = "18:00"; $0.timeZone = "Asia/Almaty" }, "opens", "reason.meeting.time"),
        (Self.fields { $0.opens = "10:00"; $0.closes = "18:00" }, "timeZone", "reason.meeting.timeZoneMissing"),
        (Self.fields { $0.opens = "10:00"; $0.closes = "18:00"; $0.timeZone = "GMT+5" }, "timeZone", "reason.meeting.timeZone"),
        (Self.fields { $0.end = nil; $0.opens = "18:00"; $0.closes = "10:00"; $0.timeZone = "Asia/Almaty" }, "closes", "reason.meeting.closesBeforeOpens"),
    ])
    func planRefused(fields: MeetingFields, field: String, reason: String) {
        #expect {
            try MeetingRules.plan(fields, context: Self.context, actor: "s", now: Self.now, today: Self.today)
        } throws: { error in
            guard let invalid = error as? InvalidInput else { return false }
            return invalid.errors.contains { $0.field == field && $0.reason.key == reason }
        }
    }

    @Test("every problem of a plan is named at once")
    func allProblems() {
        let fields = MeetingFields(organ: "nope", kind: "regular", format: "inPerson", title: "", start: "2026-12-10", end: "2026-12-01", chair: "US")
        #expect {
            try MeetingRules.plan(fields, context: Self.context, actor: "s", now: Self.now, today: Self.today)
        } throws: { error in
            Set((error as? InvalidInput)?.errors.map(\.field) ?? []) == ["organ", "title", "end", "chair", "city"]
        }
    }

    @Test("an online meeting needs no venue; a hybrid one does")
    func venue() throws {
        let online = try MeetingRules.plan(Self.fields { $0.format = "online"; $0.city = nil; $0.country = nil }, context: Self.context, actor: "s", now: Self.now, today: Self.today)
        #expect(online.format == .online)
        #expect(throws: InvalidInput.self) {
            try MeetingRules.plan(Self.fields { $0.format = "hybrid"; $0.city = nil; $0.country = nil }, context: Self.context, actor: "s", now: Self.now, today: Self.today)
        }
    }

    @Test("the life-cycle: planned → in session → held, each step raising the revision; cancelled only while planned")
    func lifeCycle() throws {
        let m = try Self.planned()
        let items = [AgendaItem(title: "Opening"), AgendaItem(title: "Draft decision", decision: "d1")]
        let decisions = ["d1": AgendaDecision(organ: m.organ, meeting: m.id, status: .drafting)]
        let agenda = try MeetingRules.agenda(items, for: m, decisions: decisions)
        #expect(agenda == items)
        let (opened, adopted) = try MeetingRules.open(m, agenda: Agenda(provisional: agenda), amended: nil, decisions: decisions, today: Self.firstDay)
        #expect(opened.status == .inSession && opened.revision == 1 && adopted == items)
        #expect(MeetingRules.mayTakeDecisions(opened) && !MeetingRules.mayTakeDecisions(m))
        #expect(throws: StepRefusal(Message("refusal.meeting.decisionsOpen", ["decisions": .allOf([.text("CICA/SOC/DEC/2026/1")])]))) {
            try MeetingRules.close(opened, openDecisions: ["CICA/SOC/DEC/2026/1"])
        }
        let held = try MeetingRules.close(opened, openDecisions: [])
        #expect(held.status == .held && held.revision == 2 && !MeetingRules.mayTakeDecisions(held))
        for meeting in [opened, held] {
            #expect(throws: StepRefusal.self) { try MeetingRules.cancel(meeting, reason: "no quorum") }
            #expect(throws: StepRefusal.self) { try MeetingRules.agenda(items, for: meeting, decisions: decisions) }
            #expect(throws: StepRefusal.self) { try MeetingRules.open(meeting, agenda: Agenda(provisional: items), amended: nil, decisions: decisions, today: Self.firstDay) }
        }
        #expect(throws: StepRefusal.self) { try MeetingRules.close(m, openDecisions: []) }
        let cancelled = try MeetingRules.cancel(m, reason: "The host asked to postpone.")
        #expect(cancelled.status == .cancelled && cancelled.cancellation == "The host asked to postpone." && cancelled.revision == 1)
        #expect(throws: InvalidInput.self) { try MeetingRules.cancel(m, reason: " ") }
    }

    @Test("opening needs an agenda; an amended one keeps the decisions its items take up")
    func opening() throws {
        let m = try Self.planned()
        #expect(throws: StepRefusal(Message("refusal.meeting.noAgenda"))) { try MeetingRules.open(m, agenda: Agenda(), amended: nil, decisions: [:], today: Self.firstDay) }
        #expect(throws: StepRefusal(Message("refusal.meeting.notYet", ["date": .date("2026-12-10")]))) {
            try MeetingRules.open(m, agenda: Agenda(provisional: [AgendaItem(title: "a")]), amended: nil, decisions: [:], today: Self.today)
        }
        let provisional = [AgendaItem(title: "Opening"), AgendaItem(title: "Draft", decision: "d1")]
        #expect(MeetingRules.amended(lines: "Opening\nDraft", provisional: provisional) == nil)
        #expect(MeetingRules.amended(lines: "  ", provisional: provisional) == nil)
        #expect(MeetingRules.amended(lines: "Opening\nAny other business\nDraft\n", provisional: provisional)
                == [AgendaItem(title: "Opening"), AgendaItem(title: "Any other business"), AgendaItem(title: "Draft", decision: "d1")])
    }

    @Test("an agenda item takes up only a live draft of the meeting's organ drafted for it, once", arguments: [
        (AgendaDecision(organ: "summit", meeting: "senior-officials-committee-2026-12-10-2", status: .drafting), "reason.agenda.decision"),
        (AgendaDecision(organ: "senior-officials-committee", meeting: "other", status: .drafting), "reason.agenda.decision"),
        (AgendaDecision(organ: "senior-officials-committee", meeting: "senior-officials-committee-2026-12-10-2", status: .adopted), "reason.agenda.decisionEnded"),
    ])
    func agendaDecision(decision: AgendaDecision, reason: String) throws {
        let m = try Self.planned()
        #expect {
            try MeetingRules.agenda([AgendaItem(title: "x", decision: "d1")], for: m, decisions: ["d1": decision])
        } throws: { error in
            guard case .message(let inner)? = (error as? InvalidInput)?.errors.first?.reason.values["reason"] else { return false }
            return inner.key == reason
        }
        let live = ["d1": AgendaDecision(organ: m.organ, meeting: m.id, status: .drafting)]
        #expect(throws: InvalidInput.self) { try MeetingRules.agenda([AgendaItem(title: "a", decision: "d1"), AgendaItem(title: "b", decision: "d1")], for: m, decisions: live) }
        #expect(throws: InvalidInput.self) { try MeetingRules.agenda([], for: m, decisions: live) }
    }

    @Test("a delegate registers their state only while accredited; the Secretariat and observers need no accreditation", arguments: [
        (DelegationKind.memberState, Bool?.some(false), true), (.memberState, true, false), (.memberState, nil, false), (.observer, false, false),
    ])
    func accreditation(kind: DelegationKind, accredited: Bool?, refused: Bool) throws {
        let register = { try MeetingRules.register(for: try Self.planned(), delegation: "IN", kind: kind, head: "A", headTitle: nil, members: [],
                                                   stamp: Stamp(at: Self.now, by: "p"), accredited: accredited) }
        if refused {
            #expect(throws: StepRefusal(Message("refusal.registration.notAccredited", ["state": .country("IN")]))) { try register() }
        } else {
            #expect(try register().participants.count == 1)
        }
    }

    @Test("a delegation registers while the meeting is planned or in session, never once held or cancelled")
    func registration() throws {
        let m = try Self.planned()
        let stamp = Stamp(at: Self.now, by: "participant-1")
        let members = MeetingRules.members(lines: "Aigerim Sadykova, Counsellor\n\n  Daniyar Akhmetov  \n")
        #expect(members == [Participant(name: "Aigerim Sadykova", title: "Counsellor", head: false), Participant(name: "Daniyar Akhmetov", title: nil, head: false)])
        #expect(throws: InvalidInput.self) {
            try MeetingRules.register(for: m, delegation: "JP", kind: .observer, head: "Taro \u{202E}ocsiM", headTitle: nil, members: [], stamp: stamp)
        }
        let r = try MeetingRules.register(for: m, delegation: "KZ", kind: .memberState, head: "Kairat Umarov", headTitle: "Deputy Minister",
                                          members: members, stamp: stamp)
        #expect(r.head == Participant(name: "Kairat Umarov", title: "Deputy Minister", head: true) && r.participants.count == 3)
        var held = m
        held.status = .held
        var cancelled = m
        cancelled.status = .cancelled
        for closed in [held, cancelled] {
            #expect(throws: StepRefusal.self) {
                try MeetingRules.register(for: closed, delegation: "KZ", kind: .memberState, head: "X", headTitle: nil, members: [], stamp: stamp)
            }
        }
        #expect {
            try MeetingRules.register(for: m, delegation: "ZZ", kind: nil, head: nil, headTitle: nil, members: [Participant(name: " ", title: nil, head: false)], stamp: stamp)
        } throws: { error in
            Set((error as? InvalidInput)?.errors.map(\.field) ?? []) == ["delegation", "head", "members"]
        }
    }

    @Test("a held meeting's facts change only as a recorded correction; a cancelled meeting's never")
    func corrections() throws {
        let m = try Self.planned()
        let (edited, note) = try MeetingRules.edit(m, Self.fields { $0.end = "2026-12-12" }, context: Self.context)
        #expect(edited.end == PartialDate("2026-12-12") && note == nil && edited.revision == 1)
        #expect(throws: InvalidInput.self) { try MeetingRules.edit(m, Self.soc, context: Self.context) }
        var held = m
        held.status = .held
        #expect {
            try MeetingRules.edit(held, Self.fields { $0.end = "2026-12-12" }, context: Self.context)
        } throws: { error in (error as? InvalidInput)?.errors.map(\.field) == ["correction"] }
        let (corrected, reason) = try MeetingRules.edit(held, Self.fields { $0.end = "2026-12-12"; $0.correction = "The closing day was recorded wrongly." },
                                                        context: Self.context)
        #expect(corrected.status == .held && reason == "The closing day was recorded wrongly.")
        let recorded = MeetingCorrection(number: 1, note: reason ?? "", before: MeetingFacts(held).json, after: MeetingFacts(corrected).json,
                                         made: Stamp(at: Self.now, by: "s"))
        #expect(recorded.changes == [MeetingFacts.Change(field: .dates, before: "2026-12-10/2026-12-11", after: "2026-12-10/2026-12-12")])
        // An older record's line of text is kept as it was written.
        #expect(MeetingCorrection(number: 1, note: "n", before: "regular; no. 3", after: "regular; no. 4", made: Stamp(at: Self.now, by: "s")).changes
                    == [MeetingFacts.Change(field: .facts, before: "regular; no. 3", after: "regular; no. 4")])
        var cancelled = m
        cancelled.status = .cancelled
        #expect(throws: StepRefusal(Message("refusal.meeting.cancelledFacts"))) { try MeetingRules.edit(cancelled, Self.soc, context: Self.context) }
    }

    @Test("the report is adopted once, after the opening")
    func reportOnce() throws {
        let m = try Self.planned()
        #expect(throws: StepRefusal.self) { try MeetingRules.mayAdoptReport(m, agenda: Agenda(provisional: [AgendaItem(title: "a")])) }
        var opened = m
        opened.status = .inSession
        try MeetingRules.mayAdoptReport(opened, agenda: Agenda(provisional: [], adopted: [AgendaItem(title: "a")]))
        opened.report = "doc-1"
        #expect(throws: StepRefusal(Message("refusal.meeting.reportAdopted"))) {
            try MeetingRules.mayAdoptReport(opened, agenda: Agenda(provisional: [], adopted: [AgendaItem(title: "a")]))
        }
    }

    @Test("the report is drafted from the proceedings: attendance, agenda, decisions with positions, documents")
    func reportText() throws {
        var m = try Self.planned()
        m.status = .held
        let version = TextVersion(number: 1, text: "The Committee decides.", createdBy: "s", createdAt: Self.now)
        let decision = Decision(id: "d1", symbol: "CICA/SOC/DEC/2026/1", title: "On the calendar", organ: m.organ, meeting: m.id, effectKind: "none",
                                effectParameters: [:], procedure: .inMeeting, status: .adopted, currentVersion: 1, continues: nil, historical: false,
                                createdBy: "s", createdAt: Self.now, openedAt: Self.now, closedAt: Self.now, closedBy: "s", outcomeNote: nil)
        let positions = [Position(state: "IN", version: 1, kind: .noObjection, statementKind: .reservation, statement: "on paragraph 2", actor: "p", takenAt: Self.now),
                         Position(state: "KZ", version: 1, kind: .joins, actor: "p", takenAt: Self.now)]
        let proceedings = Proceedings(
            meeting: m, agenda: Agenda(provisional: [], adopted: [AgendaItem(title: "Opening"), AgendaItem(title: "Calendar", decision: "d1")]),
            registrations: [Registration(meeting: m.id, delegation: "KZ", kind: .memberState,
                                         participants: [Participant(name: "Kairat Umarov", title: "Deputy Minister", head: true)], registered: Stamp(at: Self.now, by: "p")),
                            Registration(meeting: m.id, delegation: "un", kind: .observer,
                                         participants: [Participant(name: "A. Observer", title: nil, head: true)], registered: Stamp(at: Self.now, by: "p"))],
            decisions: [DecisionState(decision: decision, versions: [version], positions: positions, amendments: [])], documents: [])
        let names = MeetingReport.Names(organs: ["senior-officials-committee": "Senior Officials Committee"],
                                        delegations: ["KZ": "Kazakhstan", "IN": "India", "un": "United Nations"])
        let (title, text) = MeetingReport.draft(proceedings, names: names, localizer: Localizer(.en))
        #expect(title == "Report of the Meeting of the SOC")
        #expect(text.contains("- Kazakhstan: Kairat Umarov, Deputy Minister (head of delegation)"))
        #expect(text.contains("1 observer:\n- United Nations: A. Observer (head of delegation)"))
        #expect(text.contains("2. Calendar (CICA/SOC/DEC/2026/1)"))
        #expect(text.contains("CICA/SOC/DEC/2026/1 On the calendar: adopted"))
        #expect(text.contains("- India: does not object; reservation: “on paragraph 2”"))
        #expect(text.contains("In the chair: Kazakhstan."))
        let russian = MeetingReport.draft(proceedings, names: names, localizer: Localizer(.ru)).text
        #expect(russian.contains("1 наблюдатель:") && russian.contains("глава делегации"))
    }
}
