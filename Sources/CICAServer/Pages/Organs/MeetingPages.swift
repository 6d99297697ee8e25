import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// A meeting's page and its forms: planning, the agenda, opening, closing, cancelling, correcting, the report, and
/// the delegations' registrations.
struct MeetingPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.newMeeting) { _, context in try await newForm(context) }
        router.post(.newMeeting) { request, context in
            try context.authorize(.manageRecords)
            return try await FormFeedback.answering(.meeting, request, context: context, action: { form in
                let meeting = try await platform.meetings.plan(fields(form), actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.meeting(meeting.id).href])
            }, redisplay: { form, feedback, status in try await newForm(context, refused: (form, feedback), status: status) })
        }
        router.get(.meeting(id)) { _, context in try await meeting(context) }
        router.post(.meetingForm(id, .registrations)) { request, context in
            try await answering(request, context, action: nil) { form, meeting in
                _ = try await platform.register(meeting: meeting, delegation: form["delegation"] ?? "", head: form["head"], headTitle: form["headTitle"],
                                                members: MeetingRules.members(lines: form["members"]), actor: context.actor,
                                                principal: context.principal) { owner in
                    try context.authorize(.registerAttendance, on: owner)
                }
                return "#participants"
            }
        }
        router.post(.meetingForm(id, .facts)) { request, context in
            try await answering(request, context, action: .manageRecords) { form, meeting in
                _ = try await platform.meetings.edit(id: meeting, fields(form), actor: context.actor, now: platform.now())
                return ""
            }
        }
        router.post(.meetingForm(id, .agenda)) { request, context in
            try await answering(request, context, action: .manageRecords) { form, meeting in
                let chosen = Set(form.all("decision"))
                let decisions = try await platform.meetings.proceedings(id: meeting, readership: context.readership)?.0.decisions
                    .filter { chosen.contains($0.decision.id) }.map { (id: $0.decision.id, title: $0.decision.title) } ?? []
                _ = try await platform.circulateAgenda(meeting: meeting, items: MeetingRules.items(lines: form["items"], decisions: decisions),
                                                                actor: context.actor)
                return "#agenda"
            }
        }
        router.post(.meetingForm(id, .open)) { request, context in
            try await answering(request, context, action: .manageRecords) { form, meeting in
                let provisional = try await platform.meetings.proceedings(id: meeting, readership: context.readership)?.0.agenda.provisional ?? []
                _ = try await platform.meetings.open(id: meeting, amended: MeetingRules.amended(lines: form["agenda"], provisional: provisional),
                                                     actor: context.actor, now: platform.now(), today: platform.today())
                return "#agenda"
            }
        }
        router.post(.meetingForm(id, .close)) { request, context in
            try await answering(request, context, action: .manageRecords) { _, meeting in
                _ = try await platform.close(meeting: meeting, actor: context.actor)
                return ""
            }
        }
        router.post(.meetingForm(id, .cancel)) { request, context in
            try await answering(request, context, action: .manageRecords) { form, meeting in
                _ = try await platform.meetings.cancel(id: meeting, reason: form["reason"], actor: context.actor, now: platform.now())
                return ""
            }
        }
        router.post(.meetingForm(id, .report)) { request, context in
            try await answering(request, context, action: .manageRecords) { _, meeting in
                _ = try await platform.adoptReport(meeting: meeting, actor: context.actor)
                return "#report"
            }
        }
    }

    /// The hours a meeting sits, with their zone and its offset from UTC on the first day.
    static func hours(_ h: SessionHours, from start: PartialDate?, _ l: Localizer) -> String {
        let offset = start?.civilDate.map { SessionHours.offset(of: h.timeZone, on: $0, at: h.opens) }
        return l("meetings.hoursValue", ["opens": SessionHours.text(h.opens), "closes": SessionHours.text(h.closes),
                                         "zone": offset.map { "\(h.timeZone), \($0)" } ?? h.timeZone])
    }

    /// A fact a correction changed, as the meeting's page words it.
    private func worded(_ f: MeetingFacts, _ field: MeetingFacts.Field, names: MeetingReport.Names, _ l: Localizer) -> String {
        switch field {
        case .kind: l("meeting.kind.\(f.kind.rawValue)")
        case .format: l("meeting.format.\(f.format.rawValue)")
        case .title: f.title
        case .number: f.number.map(String.init) ?? l("meetings.notGiven")
        case .dates: l.dateRange(f.start.flatMap { PartialDate($0) }, f.end.flatMap { PartialDate($0) })
        case .hours: f.hours.map { Self.hours($0, from: f.start.flatMap { PartialDate($0) }, l) } ?? l("meetings.wholeDays")
        case .venue: [f.city, f.country.map { names.delegations[$0] ?? $0 }].compactMap { $0 }.joined(separator: ", ")
        case .chair: f.chair.map { names.delegations[$0] ?? $0 } ?? l("meetings.notGiven")
        case .facts: ""
        }
    }

    /// A meeting's facts as the forms name them.
    func fields(_ form: Form) -> MeetingFields {
        MeetingFields(organ: form["organ"], kind: form["kind"], format: form["format"], title: form["title"], number: form["number"],
                      start: form["start"], end: form["end"], city: form["city"], country: form["country"], chair: form["chair"],
                      opens: form["opens"], closes: form["closes"], timeZone: form["timeZone"], correction: form["correction"])
    }

    /// Runs a form of the meeting page (after asking the policy for `action`, when the form needs one for everyone);
    /// a refusal shows the page again with the reasons and the input kept. `body` returns the fragment to go back to.
    private func answering(_ request: Request, _ context: AppRequestContext, action: Action?,
                           body: @escaping (Form, String) async throws -> String) async throws -> Response {
        if let action { try context.authorize(action) }
        let id = try context.parameters.require("id")
        guard try await platform.organs.meeting(id: id, readership: context.readership) != nil else { throw SQLMeetingRepository.notFound(id) }
        return try await FormFeedback.answering(.meeting, request, context: context, action: { form in
            let fragment = try await body(form, id)
            return Response(status: .seeOther, headers: [.location: SiteURL.meeting(id).href + fragment])
        }, redisplay: { form, feedback, status in try await meeting(context, refused: feedback, values: form, status: status) })
    }

    func meeting(_ context: AppRequestContext, refused: FormFeedback? = nil, values: Form? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let id = try context.parameters.require("id")
        guard let record = try await platform.organs.meeting(id: id, readership: context.readership),
              let (proceedings, corrections) = try await platform.meetings.proceedings(id: id, readership: context.readership) else {
            throw SQLMeetingRepository.notFound(id)
        }
        let m = proceedings.meeting
        let names = try await platform.meetingNames(l)
        let holders = try await platform.organs.chairmanships().map(\.value)
        let chair: String? = m.chair ?? m.start.flatMap(\.civilDate).flatMap { Chairmanship.holder(on: $0, in: holders) }?.state
        var facts = [Optional(MeetingView.Fact(label: l("common.organ"), value: names.organs[m.organ] ?? m.organ, url: .organ(m.organ))),
                     MeetingView.Fact(label: l("common.kind"), value: l("meeting.kind.\(m.kind.rawValue)")),
                     MeetingView.Fact(label: l("common.dates"), value: l.dateRange(m.start, m.end)),
                     m.hours.map { MeetingView.Fact(label: l("meetings.hours"), value: Self.hours($0, from: m.start, l)) },
                     MeetingView.Fact(label: l("common.place"), value: MeetingRow.place(m, countryNames: names.delegations, localizer: l))].compactMap { $0 }
        if let chair { facts.append(MeetingView.Fact(label: l("common.chair"), value: names.delegations[chair] ?? chair, url: .memberState(chair))) }
        let principal = context.principal
        let conducts = Policy.decide(principal, .manageRecords).isAllowed
        var steps: Set<SiteURL.MeetingForm> = []
        if conducts {
            if m.status != .cancelled { steps.insert(.facts) }
            if m.status == .planned { steps.formUnion([.agenda, .open, .cancel]) }
            if m.status == .inSession { steps.insert(.close) }
            if m.hasOpened, m.report == nil, proceedings.agenda.adopted != nil { steps.insert(.report) }
        }
        let registrable = m.status == .planned || m.status == .inSession ? try await registrable(principal, names: names, l) : []
        if !registrable.isEmpty { steps.insert(.registrations) }
        let symbols = Dictionary(uniqueKeysWithValues: proceedings.decisions.map { ($0.decision.id, $0.decision.symbol) })
        func delegations(_ kind: DelegationKind) -> [MeetingView.DelegationRow] {
            proceedings.registrations.filter { $0.kind == kind }.map { r in
                func said(_ p: Participant) -> String { p.title.map { "\(p.name), \($0)" } ?? p.name }
                return MeetingView.DelegationRow(name: names.delegations[r.delegation] ?? r.delegation, head: r.head.map(said) ?? "",
                                                 members: r.participants.filter { !$0.head }.map(said))
            }.sorted { $0.name < $1.name }
        }
        let agenda = proceedings.agenda.adopted ?? proceedings.agenda.provisional
        let reportDocument = m.report.flatMap { report in record.documents.first { $0.value.id == report }?.value }
        var view = MeetingView(
            id: m.id, title: l.title(of: m), status: l("meeting.status.\(m.status.rawValue)"), facts: facts, cancellation: m.cancellation,
            provenance: m.planned == nil ? ProvenanceView(record.meeting.provenance, localizer: l) : nil,
            plannedNote: m.planned.map { l("meetings.planned", ["at": l.instant($0.at)]) },
            outcomes: l.outcomes(of: m),
            documents: record.documents.filter { $0.value.id != m.report }.map {
                MeetingView.DocumentRow(title: l.title(of: $0.value), url: .document($0.value.id), kind: l("document.kind.\($0.value.kind.rawValue)"),
                                        provenance: $0.value.registered == nil ? ProvenanceView($0.provenance, localizer: l) : nil)
            },
            agendaHeading: agenda.isEmpty ? nil : (proceedings.agenda.adopted == nil ? l("meetings.provisionalAgenda") : l("meetings.adoptedAgendaHeading")),
            agenda: agenda.map { item in
                MeetingView.AgendaRow(title: item.title, decision: item.decision.flatMap { symbols[$0] }, decisionURL: item.decision.map { .decision($0) })
            },
            decisions: proceedings.decisions.map {
                MeetingView.DecisionRow(symbol: $0.decision.symbol, title: $0.decision.title, status: l("decision.status.\($0.decision.status.rawValue)"),
                                        url: .decision($0.decision.id))
            },
            memberStates: delegations(.memberState), observers: delegations(.observer),
            showsParticipants: m.planned != nil || !proceedings.registrations.isEmpty,
            report: reportDocument.map { MeetingView.Fact(label: $0.symbol, value: "\($0.symbol) \(l.title(of: $0))", url: .document($0.id)) },
            draftReport: steps.contains(.report) ? MeetingReport.draft(proceedings, names: names, localizer: l).text : nil,
            corrections: corrections.reversed().map { correction in
                MeetingView.CorrectionRow(note: correction.note, made: l("meetings.correctionMade", ["at": l.instant(correction.made.at), "by": correction.made.by]),
                                          changes: correction.changes.map { change in
                    guard let (before, after) = correction.facts else {
                        return MeetingView.ChangeRow(label: l("meetings.field.\(change.field.rawValue)"), before: change.before ?? "", after: change.after ?? "")
                    }
                    return MeetingView.ChangeRow(label: l("meetings.field.\(change.field.rawValue)"),
                                                 before: worded(before, change.field, names: names, l), after: worded(after, change.field, names: names, l))
                })
            },
            notes: record.notes.map(NoteView.init),
            sources: m.planned == nil ? citedSources([record.meeting.provenance] + record.documents.map(\.provenance)) : [],
            steps: steps,
            meetingFields: steps.contains(.facts) ? try await fieldsForm(l, names: names, meeting: m) : nil,
            agendaDecisions: proceedings.decisions.filter { [.drafting, .open].contains($0.decision.status) }.map { state in
                MeetingView.Choice(value: state.decision.id, label: "\(state.decision.symbol) \(state.decision.title)",
                                   checked: proceedings.agenda.provisional.contains { $0.decision == state.decision.id })
            },
            registrable: registrable,
            values: ["agenda.items": proceedings.agenda.provisional.filter { $0.decision == nil }.map(\.title).joined(separator: "\n"),
                     "open.agenda": proceedings.agenda.provisional.map(\.title).joined(separator: "\n")],
            feedback: refused)
        // The refused form keeps what was typed; the others show the meeting as it is.
        if let values, let form = values["form"] {
            for key in ["head", "headTitle", "members", "items", "agenda", "reason"] where values[key] != nil { view.values["\(form).\(key)"] = values[key] }
            switch form {
            case "facts": view.meetingFields = view.meetingFields?.keeping(values)
            case "registrations": view.registrable = view.registrable.selecting(values["delegation"])
            case "agenda":
                let chosen = Set(values.all("decision"))
                view.agendaDecisions = view.agendaDecisions.map { MeetingView.Choice(value: $0.value, label: $0.label, checked: chosen.contains($0.value)) }
            default: break
            }
        }
        return platform.pages.render(view, title: l.title(of: m), section: .meetings, context: context, status: status)
    }

    /// The delegations the reader may register: the Secretariat any Member State or observer; a delegate their own
    /// state; an observer their own delegation.
    private func registrable(_ principal: Principal, names: MeetingReport.Names, _ l: Localizer) async throws -> [SelectOption] {
        let members = try await platform.membership.memberStateNames().keys
        let observers = try await platform.membership.observers(kind: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items
            .filter { $0.value.until == nil }.map(\.value.id)
        let codes = members.filter { Policy.decide(principal, .registerAttendance, on: .state($0)).isAllowed }
            + observers.filter { Policy.decide(principal, .registerAttendance, on: .observer($0)).isAllowed }
        return codes.map { SelectOption(value: $0, label: names.delegations[$0] ?? $0, selected: false) }.sorted { $0.label < $1.label }
    }

    private func fieldsForm(_ l: Localizer, names: MeetingReport.Names, meeting m: Meeting?, organs: [SelectOption]? = nil) async throws -> MeetingFieldsForm {
        let countries = try await platform.membership.countryNames().map(\.code)
        let members = try await platform.membership.memberStateNames().keys
        func sorted(_ codes: some Sequence<String>, selected: String?) -> [SelectOption] {
            [SelectOption(value: "", label: "", selected: selected == nil)]
                + codes.map { SelectOption(value: $0, label: names.delegations[$0] ?? $0, selected: $0 == selected) }.sorted { $0.label < $1.label }
        }
        return MeetingFieldsForm(
            organs: organs,
            kinds: MeetingKind.allCases.map { SelectOption(value: $0.rawValue, label: l("meeting.kind.\($0.rawValue)"), selected: $0 == (m?.kind ?? .regular)) },
            formats: [MeetingFormat.inPerson, .online, .hybrid].map { SelectOption(value: $0.rawValue, label: l("meeting.format.\($0.rawValue)"),
                                                                                  selected: $0 == (m?.format ?? .inPerson)) },
            countries: sorted(countries, selected: m?.countryCode), chairs: sorted(members, selected: m?.chair),
            // The seat's zone unless the meeting has its own.
            timeZones: SessionHours.offeredZones.map { SelectOption(value: $0, label: $0, selected: $0 == (m?.hours?.timeZone ?? SessionHours.seatZone)) },
            correcting: m?.status == .held,
            values: ["title": m?.title ?? "", "number": m?.number.map(String.init) ?? "", "start": m?.start?.description ?? "",
                     "end": m?.end?.description ?? "", "city": m?.city ?? "",
                     "opens": m?.hours.map { SessionHours.text($0.opens) } ?? "", "closes": m?.hours.map { SessionHours.text($0.closes) } ?? ""])
    }

    func newForm(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try context.authorize(.manageRecords)
        let l = context.localizer
        let organs = try await platform.organs.organs().map(\.organ).filter { $0.cadence.kind != .permanent }
        var fields = try await fieldsForm(l, names: try await platform.meetingNames(l), meeting: nil,
                                          organs: [SelectOption(value: "", label: l("meetings.chooseOrgan"), selected: true)]
                                            + organs.map { SelectOption(value: $0.slug, label: l.name(of: $0), selected: false) })
        if let (form, _) = refused { fields = fields.keeping(form) }
        let view = NewMeetingView(fields: fields, feedback: refused?.1)
        return platform.pages.render(view, title: l("meetings.new"), section: .meetings, context: context, status: status)
    }
}

extension Platform {
    /// The names a meeting's page and report use, in the reader's language: organs, and countries and observers.
    func meetingNames(_ l: Localizer) async throws -> MeetingReport.Names {
        var delegations = l.countries(try await membership.countryNames())
        for observer in try await membership.observers(kind: nil, page: PageRequest(limit: PageRequest.maximumLimit)).items {
            delegations[observer.value.id] = l.name(of: observer.value)
        }
        return MeetingReport.Names(organs: l.organNames(try await organs.organs().map(\.organ)), delegations: delegations)
    }

    /// Registers a delegation, once the policy has said the person may register it: a delegate their own state, an
    /// observer their own delegation, the Secretariat any.
    func register(meeting: String, delegation: String, head: String?, headTitle: String?, members: [Participant], actor: Actor,
                  principal: Principal, authorize: (Owner) throws -> Void) async throws -> Registration {
        let kind = try await meetings.delegationKind(delegation)
        try authorize(kind == .observer ? .observer(delegation) : .state(delegation))
        return try await meetings.register(meeting: meeting, delegation: delegation, head: head, headTitle: headTitle, members: members,
                                           actor: actor, bySecretariat: Policy.decide(principal, .manageRecords).isAllowed, now: now())
    }

    /// Adopts a meeting's report, drafted in each working language the platform words (English and Russian).
    func adoptReport(meeting: String, actor: Actor) async throws -> Document {
        try await meetings.adoptReport(id: meeting, compose: try await wording(MeetingReport.draft), actor: actor, now: now())
    }

    /// Circulates a meeting's provisional agenda, registered as a document in each working language.
    func circulateAgenda(meeting: String, items: [AgendaItem], actor: Actor) async throws -> [AgendaItem] {
        try await meetings.circulateAgenda(id: meeting, items: items, compose: try await wording(MeetingReport.provisionalAgenda), actor: actor, now: now())
    }

    /// Closes a meeting, its list of participants registered as a document in each working language.
    func close(meeting: String, actor: Actor) async throws -> Meeting {
        try await meetings.close(id: meeting, compose: try await wording(MeetingReport.participants), actor: actor, now: now())
    }

    /// A meeting's document worded in each working language the platform words (English and Russian), from the
    /// proceedings the store reads in its writing transaction.
    private func wording(_ text: @escaping @Sendable (Proceedings, MeetingReport.Names, Localizer) -> (title: String, text: String)) async throws
        -> @Sendable (Proceedings) -> [ReportText] {
        var names: [(Localizer, MeetingReport.Names)] = []
        for code in configuration.workingLanguages.codes {
            guard let language = Language(rawValue: code) else { continue }
            let l = Localizer(language)
            names.append((l, try await meetingNames(l)))
        }
        let wording = names
        return { proceedings in
            wording.map { l, names in
                let worded = text(proceedings, names, l)
                return ReportText(language: l.language.rawValue, title: worded.title, text: worded.text)
            }
        }
    }
}
