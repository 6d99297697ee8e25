import Foundation

/// A meeting's facts as a form or the API sends them: text, checked by `MeetingRules` for both doors alike. A blank
/// field counts as an absent one.
public struct MeetingFields: Sendable, Equatable {
    public var organ: String?
    public var kind: String?
    public var format: String?
    public var title: String?
    public var number: String?
    public var start: String?
    public var end: String?
    public var city: String?
    public var country: String?
    public var chair: String?
    /// The hours it sits (`HH:MM`), with the venue's time zone; both or neither.
    public var opens: String?
    public var closes: String?
    public var timeZone: String?
    /// Why a held meeting's facts are corrected (required then, ignored before).
    public var correction: String?

    public init(organ: String? = nil, kind: String? = nil, format: String? = nil, title: String? = nil, number: String? = nil,
                start: String? = nil, end: String? = nil, city: String? = nil, country: String? = nil, chair: String? = nil,
                opens: String? = nil, closes: String? = nil, timeZone: String? = nil, correction: String? = nil) {
        self.organ = given(organ)
        self.kind = given(kind)
        self.format = given(format)
        self.title = given(title)
        self.number = given(number)
        self.start = given(start)
        self.end = given(end)
        self.city = given(city)
        self.country = given(country)
        self.chair = given(chair)
        self.opens = given(opens)
        self.closes = given(closes)
        self.timeZone = given(timeZone)
        self.correction = given(correction)
    }
}

/// What planning is checked against: the organs that hold meetings, the Member States, the countries, the ids taken.
public struct MeetingContext: Sendable {
    /// Organ slugs whose cadence is not `permanent` (the Secretariat holds no meetings).
    public var organs: Set<String>
    public var memberStates: Set<String>
    public var countries: Set<String>
    public var taken: Set<String>

    public init(organs: Set<String>, memberStates: Set<String>, countries: Set<String>, taken: Set<String>) {
        self.organs = organs
        self.memberStates = memberStates
        self.countries = countries
        self.taken = taken
    }
}

/// One item of a meeting's agenda: its title, and the draft decision it takes up, if any (by id).
public struct AgendaItem: Codable, Sendable, Equatable {
    public var title: String
    public var decision: String?
    public init(title: String, decision: String? = nil) {
        self.title = title
        self.decision = decision
    }
}

/// A meeting's agenda: the provisional one circulated before it, and the one adopted at its opening.
public struct Agenda: Sendable, Equatable {
    public var provisional: [AgendaItem]
    /// Nil until the meeting opens.
    public var adopted: [AgendaItem]?
    public init(provisional: [AgendaItem] = [], adopted: [AgendaItem]? = nil) {
        self.provisional = provisional
        self.adopted = adopted
    }
}

/// Whom a delegation speaks for.
public enum DelegationKind: String, Codable, Sendable, CaseIterable {
    case memberState, observer
}

/// A member of a delegation, as the list of participants names them.
public struct Participant: Codable, Sendable, Equatable {
    public var name: String
    public var title: String?
    public var head: Bool
    public init(name: String, title: String?, head: Bool) {
        self.name = name
        self.title = title
        self.head = head
    }
}

/// A delegation registered for a meeting: the head first, then the members.
public struct Registration: Sendable, Equatable {
    public var meeting: String
    /// The Member State's code or the observer's id.
    public var delegation: String
    public var kind: DelegationKind
    public var participants: [Participant]
    public var registered: Stamp

    public init(meeting: String, delegation: String, kind: DelegationKind, participants: [Participant], registered: Stamp) {
        self.meeting = meeting
        self.delegation = delegation
        self.kind = kind
        self.participants = participants
        self.registered = registered
    }

    public var head: Participant? { participants.first(where: \.head) }
}

/// A recorded correction of a held meeting's facts: why, and what they were and became (as data, worded when shown).
public struct MeetingCorrection: Sendable, Equatable {
    public var number: Int
    public var note: String
    /// The facts before and after, as `MeetingFacts.json` wrote them.
    public var before: String
    public var after: String
    public var made: Stamp
    public init(number: Int, note: String, before: String, after: String, made: Stamp) {
        self.number = number
        self.note = note
        self.before = before
        self.after = after
        self.made = made
    }

    /// The facts before and after, unless an older build recorded them as lines of text.
    public var facts: (before: MeetingFacts, after: MeetingFacts)? {
        guard let from = MeetingFacts(json: before), let to = MeetingFacts(json: after) else { return nil }
        return (from, to)
    }

    /// What changed, fact by fact: the facts before and after each. A correction recorded as one line of text (by the
    /// build that first recorded corrections) is one change of `facts` with those lines as its values.
    public var changes: [MeetingFacts.Change] {
        guard let (from, to) = facts else { return [MeetingFacts.Change(field: .facts, before: before, after: after)] }
        return MeetingFacts.Field.allCases.compactMap { field in
            let (b, a) = (from.value(field), to.value(field))
            return b == a ? nil : MeetingFacts.Change(field: field, before: b, after: a)
        }
    }
}

/// A meeting's facts as a correction records them: codes and ISO dates, worded in the reader's language when shown.
public struct MeetingFacts: Codable, Sendable, Equatable {
    public var kind: MeetingKind
    public var format: MeetingFormat
    public var title: String
    public var number: Int?
    public var start: String?
    public var end: String?
    public var city: String?
    public var country: String?
    public var chair: String?
    public var hours: SessionHours?

    public init(_ m: Meeting) {
        kind = m.kind
        format = m.format
        title = m.title
        number = m.number
        start = m.start?.description
        end = m.end?.description
        city = m.city
        country = m.countryCode
        chair = m.chair
        hours = m.hours
    }

    public init?(json: String) {
        guard json.hasPrefix("{"), let facts = try? JSONDecoder().decode(MeetingFacts.self, from: Data(json.utf8)) else { return nil }
        self = facts
    }

    /// The facts as JSON with sorted keys: the same facts, the same text.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The facts a correction names, in the order a meeting's page shows them; `facts` is a whole line of an older record.
    public enum Field: String, CaseIterable, Sendable {
        case kind, number, title, dates, hours, venue, format, chair
        case facts
    }

    public struct Change: Sendable, Equatable {
        public var field: Field
        public var before: String?
        public var after: String?
        public init(field: Field, before: String?, after: String?) {
            self.field = field
            self.before = before
            self.after = after
        }
    }

    /// A fact as data: `2026-12-10/2026-12-11`, `10:00-18:00 Asia/Almaty`, `Astana, KZ`.
    public func value(_ field: Field) -> String? {
        switch field {
        case .kind: kind.rawValue
        case .number: number.map(String.init)
        case .title: title
        case .dates: start.map { start in end.map { $0 == start ? start : "\(start)/\($0)" } ?? start }
        case .hours: hours.map { "\(SessionHours.text($0.opens))-\(SessionHours.text($0.closes)) \($0.timeZone)" }
        case .venue: city == nil && country == nil ? nil : [city, country].compactMap { $0 }.joined(separator: ", ")
        case .format: format.rawValue
        case .chair: chair
        case .facts: nil
        }
    }
}

/// A step where a record stands does not allow (registering for a held meeting, closing one with a decision open,
/// recommending a state not found eligible): a conflict with the record, not a mistake in a field.
public struct StepRefusal: Error, Sendable, Equatable {
    public var reason: Message
    public init(_ reason: Message) { self.reason = reason }
}

/// What a draft decision named in an agenda is, for the checks.
public struct AgendaDecision: Sendable, Equatable {
    public var organ: String
    public var meeting: String?
    public var status: DecisionStatus
    public init(organ: String, meeting: String?, status: DecisionStatus) {
        self.organ = organ
        self.meeting = meeting
        self.status = status
    }
}

/// The rules of meetings as CICA holds them: planning, the agenda, registration, opening and closing, cancellation and
/// corrections. Pure: the store loads what they need, calls them and writes what they return.
public enum MeetingRules {
    public static let maximumTitle = 300
    public static let maximumPlace = 200
    public static let maximumName = 200
    public static let maximumNote = 2000
    public static let maximumParticipants = 60
    public static let maximumAgendaItems = 60
    /// A planned meeting lasts at most this many days.
    public static let maximumDays = 31

    // MARK: planning

    /// A new meeting from the Secretariat's plan; every problem named at once.
    public static func plan(_ fields: MeetingFields, context: MeetingContext, actor: String, now: Date, today: CivilDate) throws(InvalidInput) -> Meeting {
        var found = FieldErrors()
        var organ: String? = nil
        if let slug = fields.organ, context.organs.contains(slug) { organ = slug } else {
            found.errors.append(FieldError(field: "organ", reason: Message("reason.meeting.organ", ["organs": .allOf(context.organs.sorted().map(Message.Value.organ))])))
        }
        let facts = found.attempt { () throws(InvalidInput) in try self.facts(fields, context: context) }
        // A meeting is planned ahead; one already over is recorded by opening and closing it on its days, or by the record.
        if let last = facts?.end?.civilDate, last < today {
            found.errors.append(FieldError(field: "start", reason: Message("reason.meeting.past")))
        }
        guard found.errors.isEmpty, let organ, let facts else { throw InvalidInput(found.errors) }
        var meeting = facts
        meeting.organ = organ
        meeting.id = id(organ: organ, start: facts.start, taken: context.taken)
        meeting.planned = Stamp(at: now, by: actor)
        return meeting
    }

    /// The meeting's id: the organ and its first day, with a number when that is taken (`senior-officials-committee-2026-12-10-2`).
    static func id(organ: String, start: PartialDate?, taken: Set<String>) -> String {
        let base = "\(organ)-\(start?.description ?? "undated")"
        if !taken.contains(base) { return base }
        return (2...).lazy.map { "\(base)-\($0)" }.first { !taken.contains($0) }!
    }

    /// The facts of a meeting from the fields (the organ and id left for `plan`).
    static func facts(_ fields: MeetingFields, context: MeetingContext) throws(InvalidInput) -> Meeting {
        var found = FieldErrors()
        let kind = found.attempt { () throws(InvalidInput) in try choice(fields.kind, MeetingKind.self, field: "kind") }
        let format = found.attempt { () throws(InvalidInput) in try choice(fields.format, MeetingFormat.self, field: "format",
                                                                          offered: [.inPerson, .online, .hybrid]) }
        let title = found.attempt { () throws(InvalidInput) in try text(fields.title, field: "title", maximum: maximumTitle, required: true) } ?? nil
        var number: Int? = nil
        if let text = fields.number {
            number = Int(text).flatMap { (1...999).contains($0) ? $0 : nil }
            if number == nil { found.errors.append(FieldError(field: "number", reason: Message("reason.meeting.number"))) }
        }
        let start = found.attempt { () throws(InvalidInput) in try day(fields.start, field: "start") }
        let end = fields.end == nil ? start : found.attempt { () throws(InvalidInput) in try day(fields.end, field: "end") }
        if let start, let end {
            if end < start {
                found.errors.append(FieldError(field: "end", reason: Message("reason.meeting.endBeforeStart", ["start": .date(start.description)])))
            } else if Int(end.startUTC.timeIntervalSince(start.startUTC) / 86_400) >= maximumDays {
                found.errors.append(FieldError(field: "end", reason: Message("reason.meeting.tooLongDays", ["days": "\(maximumDays)"])))
            }
        }
        let city = found.attempt { () throws(InvalidInput) in try text(fields.city, field: "city", maximum: maximumPlace, required: false) } ?? nil
        var country: String? = nil
        if let code = fields.country {
            country = CountryCode.normalize(code).flatMap { context.countries.contains($0) ? $0 : nil }
            if country == nil { found.errors.append(FieldError(field: "country", reason: Message("reason.meeting.country", ["code": .text(code)]))) }
        }
        var chair: String? = nil
        if let code = fields.chair {
            chair = CountryCode.normalize(code).flatMap { context.memberStates.contains($0) ? $0 : nil }
            if chair == nil { found.errors.append(FieldError(field: "chair", reason: Message("reason.meeting.chair", ["code": .text(code)]))) }
        }
        if format == .inPerson || format == .hybrid, city == nil, country == nil {
            found.errors.append(FieldError(field: "city", reason: Message("reason.meeting.venue")))
        }
        let hours = found.attempt { () throws(InvalidInput) in try self.hours(fields, oneDay: start != nil && start == end) } ?? nil
        guard found.errors.isEmpty, let kind, let format, let title, let start, let end else { throw InvalidInput(found.errors) }
        return Meeting(id: "", organ: "", kind: kind, number: kind == .regular ? number : nil, title: title, start: PartialDate(start),
                       end: PartialDate(end), city: city, countryCode: country, format: format, status: .planned, outcomes: [],
                       provenance: Provenance(confidence: .confirmed, sources: [], note: nil), chair: chair, hours: hours)
    }

    /// The hours a meeting sits: an opening and a closing time with the zone they are in, or none (a meeting of whole
    /// days; a time zone sent alone, as a form's default, means nothing then).
    static func hours(_ fields: MeetingFields, oneDay: Bool) throws(InvalidInput) -> SessionHours? {
        guard fields.opens != nil || fields.closes != nil else { return nil }
        var found = FieldErrors()
        func time(_ text: String?, field: String) -> Int? {
            guard let text else {
                found.errors.append(FieldError(field: field, reason: Message("reason.meeting.hoursBoth")))
                return nil
            }
            guard let minutes = SessionHours.minutes(text) else {
                found.errors.append(FieldError(field: field, reason: Message("reason.meeting.time", ["value": .text(text)])))
                return nil
            }
            return minutes
        }
        let opens = time(fields.opens, field: "opens")
        let closes = time(fields.closes, field: "closes")
        var zone: String? = nil
        if let identifier = fields.timeZone, SessionHours.isKnown(identifier) { zone = identifier } else {
            found.errors.append(FieldError(field: "timeZone", reason: fields.timeZone.map { Message("reason.meeting.timeZone", ["value": .text($0)]) }
                                                                  ?? Message("reason.meeting.timeZoneMissing")))
        }
        if let opens, let closes, oneDay, closes <= opens {
            found.errors.append(FieldError(field: "closes", reason: Message("reason.meeting.closesBeforeOpens", ["opens": .text(SessionHours.text(opens))])))
        }
        guard found.errors.isEmpty, let opens, let closes, let zone else { throw InvalidInput(found.errors) }
        return SessionHours(opens: opens, closes: closes, timeZone: zone)
    }

    /// The meeting with its facts changed. Before it is held, an edit is an edit; once held, it is a correction and needs
    /// its reason, which is returned to be recorded. A cancelled meeting's facts stay as they were.
    public static func edit(_ meeting: Meeting, _ fields: MeetingFields, context: MeetingContext) throws -> (Meeting, correction: String?) {
        if meeting.status == .cancelled { throw StepRefusal(Message("refusal.meeting.cancelledFacts")) }
        var found = FieldErrors()
        let facts = found.attempt { () throws(InvalidInput) in try self.facts(fields, context: context) }
        var correction: String? = nil
        if meeting.status == .held {
            correction = found.attempt { () throws(InvalidInput) in try text(fields.correction, field: "correction", maximum: maximumNote, required: true, multiline: true) } ?? nil
            if correction == nil, !found.errors.contains(where: { $0.field == "correction" }) {
                found.errors.append(FieldError(field: "correction", reason: Message("reason.meeting.correction")))
            }
        }
        guard found.errors.isEmpty, let facts else { throw InvalidInput(found.errors) }
        var edited = meeting
        edited.kind = facts.kind
        edited.format = facts.format
        edited.title = facts.title
        edited.number = facts.number
        edited.start = facts.start
        edited.end = facts.end
        edited.city = facts.city
        edited.countryCode = facts.countryCode
        edited.chair = facts.chair
        edited.hours = facts.hours
        guard edited != meeting else { throw InvalidInput(field: "title", reason: Message("reason.meeting.nothingChanged")) }
        edited.revision = (meeting.revision ?? 0) + 1
        return (edited, correction)
    }

    // MARK: the agenda

    /// The provisional agenda, circulated while the meeting is planned: its items' titles, each draft decision of the
    /// meeting's organ drafted for it. A decision is taken up once.
    public static func agenda(_ items: [AgendaItem], for meeting: Meeting, decisions: [String: AgendaDecision]) throws -> [AgendaItem] {
        guard meeting.status == .planned else {
            throw StepRefusal(Message("refusal.meeting.agendaNotPlanned", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
        return try checked(items, for: meeting, decisions: decisions)
    }

    static func checked(_ items: [AgendaItem], for meeting: Meeting, decisions: [String: AgendaDecision]) throws(InvalidInput) -> [AgendaItem] {
        var found = FieldErrors()
        var result: [AgendaItem] = []
        if items.isEmpty { found.errors.append(FieldError(field: "items", reason: Message("reason.agenda.empty"))) }
        if items.count > maximumAgendaItems {
            found.errors.append(FieldError(field: "items", reason: Message("reason.agenda.tooMany", ["maximum": "\(maximumAgendaItems)"])))
        }
        var seen: Set<String> = []
        for (index, item) in items.prefix(maximumAgendaItems).enumerated() {
            // Each problem names the item by its number on the agenda.
            var itemFound = FieldErrors()
            defer { found.errors += itemFound.errors.map { FieldError(field: "items", reason: Message("reason.agenda.item", ["number": "\(index + 1)", "reason": .message($0.reason)])) } }
            let field = "items"
            let title = itemFound.attempt { () throws(InvalidInput) in try text(item.title, field: field, maximum: maximumTitle, required: true) } ?? nil
            if let id = item.decision {
                if let decision = decisions[id], decision.organ == meeting.organ, decision.meeting == meeting.id {
                    if !seen.insert(id).inserted {
                        itemFound.errors.append(FieldError(field: field, reason: Message("reason.agenda.decisionTwice")))
                    } else if [.adopted, .notAdopted, .withdrawn].contains(decision.status) {
                        itemFound.errors.append(FieldError(field: field, reason: Message("reason.agenda.decisionEnded",
                                                                                    ["status": .message(Message("decision.status.\(decision.status.rawValue)"))])))
                    }
                } else {
                    itemFound.errors.append(FieldError(field: field, reason: Message("reason.agenda.decision", ["organ": .organ(meeting.organ)])))
                }
            }
            if let title { result.append(AgendaItem(title: title, decision: item.decision)) }
        }
        guard found.errors.isEmpty else { throw InvalidInput(found.errors) }
        return result
    }

    /// Agenda items from a form: one title per line, then an item for each draft decision chosen, titled as it is.
    public static func items(lines: String?, decisions: [(id: String, title: String)]) -> [AgendaItem] {
        let titled = (lines ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return titled.map { AgendaItem(title: $0) } + decisions.map { AgendaItem(title: $0.title, decision: $0.id) }
    }

    /// The agenda as the meeting adopts it from the opening form: nil when the lines are the circulated items' titles
    /// (adopted as circulated) or blank; otherwise one item per line, a line that is a circulated item's title keeping
    /// the decision that item takes up.
    public static func amended(lines: String?, provisional: [AgendaItem]) -> [AgendaItem]? {
        let titles = (lines ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !titles.isEmpty, titles != provisional.map(\.title) else { return nil }
        return titles.map { title in provisional.first { $0.title == title } ?? AgendaItem(title: title) }
    }

    // MARK: opening, closing, cancelling

    /// Opened: the agenda is adopted as circulated, or as the meeting amends it (`amended`).
    public static func open(_ meeting: Meeting, agenda: Agenda, amended: [AgendaItem]?, decisions: [String: AgendaDecision], today: CivilDate) throws -> (Meeting, [AgendaItem]) {
        guard meeting.status == .planned else {
            throw StepRefusal(Message("refusal.meeting.notPlanned", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
        if let first = meeting.start?.civilDate, today < first {
            throw StepRefusal(Message("refusal.meeting.notYet", ["date": .date(first.description)]))
        }
        guard !agenda.provisional.isEmpty || amended != nil else { throw StepRefusal(Message("refusal.meeting.noAgenda")) }
        let adopted = try amended.map { items throws(InvalidInput) in try checked(items, for: meeting, decisions: decisions) } ?? agenda.provisional
        var opened = meeting
        opened.status = .inSession
        opened.revision = (meeting.revision ?? 0) + 1
        return (opened, adopted)
    }

    /// Closed: held, once no decision tabled in it is still open (`open` names them by symbol).
    public static func close(_ meeting: Meeting, openDecisions: [String]) throws(StepRefusal) -> Meeting {
        guard meeting.status == .inSession else {
            throw StepRefusal(Message("refusal.meeting.notInSession", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
        guard openDecisions.isEmpty else {
            throw StepRefusal(Message("refusal.meeting.decisionsOpen", ["decisions": .allOf(openDecisions.map(Message.Value.text))]))
        }
        var held = meeting
        held.status = .held
        held.revision = (meeting.revision ?? 0) + 1
        return held
    }

    /// Cancelled before it opens, with its reason.
    public static func cancel(_ meeting: Meeting, reason: String?) throws -> Meeting {
        guard meeting.status == .planned else {
            throw StepRefusal(Message("refusal.meeting.cancelNotPlanned", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
        let reason = try text(reason, field: "reason", maximum: maximumNote, required: true, multiline: true)
        var cancelled = meeting
        cancelled.status = .cancelled
        cancelled.cancellation = reason
        cancelled.revision = (meeting.revision ?? 0) + 1
        return cancelled
    }

    // MARK: registration

    /// A delegation's registration (replacing an earlier one): a head and members, while the meeting is planned or in
    /// session. `kind` says whether `delegation` is a Member State or an observer; the access policy has already said
    /// whether the person may register it. A delegate speaks for their state only while accredited to its delegation
    /// (the record docs/ledger.md describes): `accredited` is false for a delegate whose accreditation was withdrawn or
    /// has ended, nil when no accreditation is asked (the Secretariat, an observer).
    public static func register(for meeting: Meeting, delegation: String, kind: DelegationKind?, head: String?, headTitle: String?,
                                members: [Participant], stamp: Stamp, accredited: Bool? = nil) throws -> Registration {
        guard meeting.status == .planned || meeting.status == .inSession else {
            throw StepRefusal(Message("refusal.meeting.registrationClosed", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
        if kind == .memberState, accredited == false {
            throw StepRefusal(Message("refusal.registration.notAccredited", ["state": .country(delegation)]))
        }
        var found = FieldErrors()
        if kind == nil { found.errors.append(FieldError(field: "delegation", reason: Message("reason.registration.delegation", ["delegation": .text(delegation)]))) }
        let name = found.attempt { () throws(InvalidInput) in try text(head, field: "head", maximum: maximumName, required: true) } ?? nil
        let title = found.attempt { () throws(InvalidInput) in try text(headTitle, field: "headTitle", maximum: maximumName, required: false) } ?? nil
        if members.count >= maximumParticipants {
            found.errors.append(FieldError(field: "members", reason: Message("reason.registration.tooMany", ["maximum": "\(maximumParticipants)"])))
        }
        var checked: [Participant] = []
        for (index, member) in members.prefix(maximumParticipants).enumerated() {
            var memberFound = FieldErrors()
            defer { found.errors += memberFound.errors.map { FieldError(field: "members", reason: Message("reason.registration.member", ["number": "\(index + 1)", "reason": .message($0.reason)])) } }
            let field = "members"
            let name = memberFound.attempt { () throws(InvalidInput) in try text(member.name, field: field, maximum: maximumName, required: true) } ?? nil
            let title = memberFound.attempt { () throws(InvalidInput) in try text(member.title, field: field, maximum: maximumName, required: false) } ?? nil
            if let name { checked.append(Participant(name: name, title: title, head: false)) }
        }
        guard found.errors.isEmpty, let kind, let name else { throw InvalidInput(found.errors) }
        return Registration(meeting: meeting.id, delegation: delegation, kind: kind,
                            participants: [Participant(name: name, title: title, head: true)] + checked, registered: stamp)
    }

    /// Members from a form: one per line, the name, then a comma and the title if any.
    public static func members(lines: String?) -> [Participant] {
        (lines ?? "").split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return Participant(name: name, title: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil, head: false)
        }
    }

    // MARK: decisions and the report

    /// Whether a decision tabled in this meeting may be taken now: only while it is in session.
    public static func mayTakeDecisions(_ meeting: Meeting) -> Bool { meeting.status == .inSession }

    /// Whether the report may be adopted: once the agenda is adopted (in session or held), and only once.
    public static func mayAdoptReport(_ meeting: Meeting, agenda: Agenda) throws(StepRefusal) {
        guard meeting.report == nil else { throw StepRefusal(Message("refusal.meeting.reportAdopted")) }
        guard meeting.hasOpened, agenda.adopted != nil else {
            throw StepRefusal(Message("refusal.meeting.reportNotOpened", ["status": .message(Message("meeting.status.\(meeting.status.rawValue)"))]))
        }
    }

    // MARK: fields

    /// A text field: trimmed, within `maximum` characters (counted as Unicode scalars, so that combining marks stacked on
    /// one letter count as what they weigh), without control characters or a direction override (which
    /// would make a name shown among others read as another), and on one line unless `multiline`.
    static func text(_ value: String?, field: String, maximum: Int, required: Bool, multiline: Bool = false) throws(InvalidInput) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            if required { throw InvalidInput(field: field, reason: Message("reason.meeting.required")) }
            return nil
        }
        guard value.unicodeScalars.count <= maximum else { throw InvalidInput(field: field, reason: Message("reason.meeting.tooLong", ["maximum": "\(maximum)"])) }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
            throw InvalidInput(field: field, reason: Message(multiline ? "reason.meeting.control" : "reason.meeting.oneLine"))
        }
        if let problem = StoredText.nameProblem(field: field, value: value) { throw InvalidInput([problem]) }
        return value
    }

    static func day(_ value: String?, field: String) throws(InvalidInput) -> CivilDate {
        guard let value, let date = CivilDate(value), Limits.years.contains(date.year) else {
            throw InvalidInput(field: field, reason: Message("reason.meeting.day"))
        }
        return date
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ value: String?, _ type: T.Type, field: String, offered: [T]? = nil) throws(InvalidInput) -> T
        where T.RawValue == String {
        let allowed = offered ?? Array(T.allCases)
        guard let value, let choice = T(rawValue: value), allowed.contains(where: { $0.rawValue == choice.rawValue }) else {
            throw InvalidInput(field: field, reason: Message("reason.meeting.oneOf", ["values": .text(allowed.map(\.rawValue).joined(separator: ", "))]))
        }
        return choice
    }
}
