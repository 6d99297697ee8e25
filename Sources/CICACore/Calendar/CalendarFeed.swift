import Foundation

/// What a calendar feed holds, worded in the reader's language: meetings with their whole dates, CICA's official days
/// every year, and the deadlines of silence procedures.
public enum CalendarFeed {
    /// An open silence procedure's deadline, for the feed.
    public struct Deadline: Sendable, Equatable {
        public var decision: String
        public var symbol: String
        public var title: String
        public var deadline: Date
        /// When the procedure was opened: the event's version.
        public var openedAt: Date

        public init(decision: String, symbol: String, title: String, deadline: Date, openedAt: Date) {
            self.decision = decision
            self.symbol = symbol
            self.title = title
            self.deadline = deadline
            self.openedAt = openedAt
        }
    }

    /// Whether an open silence procedure's deadline concerns someone, for their private feed: the Secretariat conducts
    /// every procedure; a delegate's state is concerned until it has taken a position on the version circulated;
    /// observers and administrators take no part.
    public static func concerns(_ principal: Principal, statesWithPosition: Set<String>) -> Bool {
        principal.roles.contains { role in
            switch role {
            case .secretariat: true
            case .delegate(let state): !statesWithPosition.contains(state)
            default: false
            }
        }
    }

    /// The delegations someone follows a calendar for: their Member State as a delegate, their delegation as an observer.
    public static func delegations(of principal: Principal) -> Set<String> {
        Set(principal.roles.compactMap { role in
            switch role {
            case .delegate(let state): state
            case .observer(let observer): observer
            default: nil
            }
        })
    }

    /// Whether a meeting belongs in someone's private feed. The Secretariat and administrators follow every meeting. A
    /// delegate or an observer follows their delegation's meetings: those it registered for, and those still to come
    /// (planned or in session), which it may register for; a meeting the Secretariat planned and then cancelled stays,
    /// so that a calendar that showed it removes it. A past meeting the delegation did not register for is not theirs.
    public static func concerns(_ meeting: Meeting, principal: Principal, registered: Bool) -> Bool {
        if principal.roles.contains(where: { $0 == .secretariat || $0 == .administrator }) || registered { return true }
        if delegations(of: principal).isEmpty { return false }
        switch meeting.status {
        case .planned, .inSession: return true
        case .cancelled: return meeting.planned != nil
        case .held: return false
        }
    }

    /// A cancelled meeting stays in calendars, marked so; one not yet held is tentative.
    static func status(of meeting: Meeting) -> ICalendar.Status {
        switch meeting.status {
        case .cancelled: .cancelled
        case .planned: .tentative
        case .inSession, .held: .confirmed
        }
    }

    /// A meeting's days, or its hours in its venue's zone when the Secretariat recorded them.
    static func time(of meeting: Meeting, from first: CivilDate, through last: CivilDate) -> ICalendar.Time {
        guard let hours = meeting.hours else { return .days(from: first, through: last) }
        return .local(from: LocalTime(day: first, minutes: hours.opens), to: LocalTime(day: last, minutes: hours.closes), timeZone: hours.timeZone)
    }

    /// The events: a meeting only when its first day is known (a meeting known by month alone is not a day in a
    /// calendar); the reference data's events stamped with the dataset's date, so that the feed changes only when
    /// what it says changes.
    public static func events(meetings: [Meeting], organNames: [String: String], countries: [String: String], officialDays: [OfficialDay], deadlines: [Deadline],
                              referenceStamp: Date, localizer l: Localizer) -> [ICalendar.Event] {
        var events: [ICalendar.Event] = []
        for meeting in meetings {
            guard let start = meeting.start, let first = start.day.flatMap({ day in start.month.map { CivilDate(year: start.year, month: $0, day: day) } })
            else { continue }
            var last = first
            if let end = meeting.end, let day = end.day, let month = end.month {
                let through = CivilDate(year: end.year, month: month, day: day)
                if through >= first { last = through }
            }
            let place = [l.city(of: meeting), meeting.countryCode.flatMap { countries[$0] }].compactMap { $0 }.joined(separator: ", ")
            // A meeting the Secretariat planned is versioned by its revision: each change of its facts or status raises the SEQUENCE.
            events.append(ICalendar.Event(uid: "meeting-\(meeting.id)@cica-platform", sequence: meeting.revision ?? 0,
                                          stamp: meeting.planned?.at ?? referenceStamp, summary: l.title(of: meeting),
                                          description: l("calendar.meeting", ["organ": organNames[meeting.organ] ?? meeting.organ, "kind": l("meeting.kind.\(meeting.kind.rawValue)")]),
                                          location: place.isEmpty ? nil : place, about: .meeting(meeting.id), time: time(of: meeting, from: first, through: last),
                                          status: status(of: meeting), categories: [meeting.organ]))
        }
        for day in officialDays where day.month >= 1 && day.month <= 12 {
            // Observed from the year the idea was proposed; the description says why the day is kept.
            let first = CivilDate(year: 1992, month: day.month, day: min(day.day, CivilDate.daysIn(month: day.month, year: 1992)))
            events.append(ICalendar.Event(uid: "official-day-\(day.slug)@cica-platform", stamp: referenceStamp,
                                          summary: day.slug == "cica-day" ? l("calendar.cicaDay") : day.name, description: l.description(of: day),
                                          time: .days(from: first, through: first), yearly: true, categories: ["official-day"]))
        }
        for deadline in deadlines {
            events.append(ICalendar.Event(uid: "silence-\(deadline.decision)@cica-platform", stamp: deadline.openedAt,
                                          summary: l("calendar.silenceEnds", ["symbol": deadline.symbol]), description: deadline.title,
                                          about: .decision(deadline.decision),
                                          time: .instant(deadline.deadline), categories: ["silence-procedure"]))
        }
        return events
    }
}
