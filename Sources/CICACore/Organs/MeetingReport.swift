import Foundation

/// What a meeting did, as its report is drafted from: its facts, the agenda it adopted, the delegations registered, the
/// decisions tabled in it with their positions, and its documents (those anyone may read).
public struct Proceedings: Sendable, Equatable {
    public var meeting: Meeting
    public var agenda: Agenda
    public var registrations: [Registration]
    public var decisions: [DecisionState]
    public var documents: [Document]

    public init(meeting: Meeting, agenda: Agenda, registrations: [Registration], decisions: [DecisionState], documents: [Document]) {
        self.meeting = meeting
        self.agenda = agenda
        self.registrations = registrations
        self.decisions = decisions
        self.documents = documents
    }
}

/// The report of a meeting, drafted from its proceedings in one language. Once adopted, the texts are kept as the
/// language versions of a registry document and never drafted again: later changes to the proceedings do not reach it.
public enum MeetingReport {
    /// The names the report uses, in its language: organs by slug, Member States and observers by code or id.
    public struct Names: Sendable {
        public var organs: [String: String]
        public var delegations: [String: String]
        public init(organs: [String: String], delegations: [String: String]) {
            self.organs = organs
            self.delegations = delegations
        }
    }

    /// The report's title and text in `l`'s language.
    public static func draft(_ p: Proceedings, names: Names, localizer l: Localizer) -> (title: String, text: String) {
        let title = l("report.title", ["meeting": l.title(of: p.meeting)])
        var lines: [String] = [title, ""] + facts(p.meeting, names: names, l)
        lines += [""] + attendance(p, names: names, l)
        lines += ["", l("report.agenda")] + items(p.agenda.adopted ?? [], of: p)

        lines += ["", l("report.decisions")]
        if p.decisions.isEmpty { lines.append(l("report.noDecisions")) }
        for state in p.decisions {
            let d = state.decision
            lines.append("\(d.symbol) \(d.title): \(l("decision.status.\(d.status.rawValue)"))")
            let current = ConsensusRule.current(state.positions, on: d.currentVersion)
            for code in current.keys.sorted(by: { (names.delegations[$0] ?? $0) < (names.delegations[$1] ?? $1) }) {
                guard let position = current[code] else { continue }
                var line = "- " + (names.delegations[code] ?? code) + ": " + l("position.\(position.request.kind.rawValue)")
                if let kind = position.request.statementKind, let statement = position.request.statement {
                    line += "; " + l("statement.\(kind.rawValue)") + ": “" + statement + "”"
                } else if let reason = position.request.reason {
                    line += ": “" + reason + "”"
                }
                lines.append(line)
            }
        }

        lines += ["", l("report.documents")]
        if p.documents.isEmpty { lines.append(l("report.noDocuments")) }
        for document in p.documents { lines.append("- \(document.symbol) \(l.title(of: document))") }
        return (title, lines.joined(separator: "\n"))
    }

    /// The provisional agenda as circulated: a registry document of kind *agenda*, revised when circulated again.
    public static func provisionalAgenda(_ p: Proceedings, names: Names, localizer l: Localizer) -> (title: String, text: String) {
        let title = l("agendaDocument.title", ["meeting": l.title(of: p.meeting)])
        let lines = [title, ""] + facts(p.meeting, names: names, l) + [""] + items(p.agenda.provisional, of: p)
        return (title, lines.joined(separator: "\n"))
    }

    /// The list of participants as registered when the meeting closed: a registry document of kind
    /// *listOfParticipants*, which later corrections of the meeting's facts do not reach.
    public static func participants(_ p: Proceedings, names: Names, localizer l: Localizer) -> (title: String, text: String) {
        let title = l("participantsDocument.title", ["meeting": l.title(of: p.meeting)])
        let lines = [title, ""] + facts(p.meeting, names: names, l) + [""] + attendance(p, names: names, l)
        return (title, lines.joined(separator: "\n"))
    }

    /// The meeting's organ, dates, hours, place, format and chair.
    static func facts(_ m: Meeting, names: Names, _ l: Localizer) -> [String] {
        let place = [l.city(of: m), m.countryCode.flatMap { names.delegations[$0] }].compactMap { $0 }.joined(separator: ", ")
        var dates = l.dateRange(m.start, m.end)
        if let hours = m.hours {
            dates += ", " + l("meetings.hoursValue", ["opens": SessionHours.text(hours.opens), "closes": SessionHours.text(hours.closes), "zone": hours.timeZone])
        }
        var lines = [l("report.facts", ["organ": names.organs[m.organ] ?? m.organ, "dates": dates, "format": l("meeting.format.\(m.format.rawValue)"),
                                        "place": place.isEmpty ? l("report.noPlace") : place])]
        if let chair = m.chair { lines.append(l("report.chair", ["state": names.delegations[chair] ?? chair])) }
        return lines
    }

    /// The delegations registered, Member States then observers, each with its head and members.
    static func attendance(_ p: Proceedings, names: Names, _ l: Localizer) -> [String] {
        var lines = [l("report.attendance")]
        for kind in DelegationKind.allCases {
            let registered = p.registrations.filter { $0.kind == kind }
                .sorted { (names.delegations[$0.delegation] ?? $0.delegation) < (names.delegations[$1.delegation] ?? $1.delegation) }
            lines.append(l("report.delegations.\(kind.rawValue)", count: registered.count))
            for registration in registered {
                let people = registration.participants.map { person in
                    var said = person.name
                    if let title = person.title { said += ", " + title }
                    if person.head { said += " (" + l("report.head") + ")" }
                    return said
                }
                lines.append("- " + (names.delegations[registration.delegation] ?? registration.delegation) + ": " + people.joined(separator: "; "))
            }
        }
        return lines
    }

    /// Agenda items numbered, each with the symbol of the draft decision it takes up.
    static func items(_ items: [AgendaItem], of p: Proceedings) -> [String] {
        let decisions = Dictionary(uniqueKeysWithValues: p.decisions.map { ($0.decision.id, $0.decision) })
        return items.enumerated().map { index, item in
            var line = "\(index + 1). \(item.title)"
            if let id = item.decision, let decision = decisions[id] { line += " (" + decision.symbol + ")" }
            return line
        }
    }
}
