import Foundation

/// An iCalendar (RFC 5545) calendar of events, written as the standard asks: CRLF line ends, lines folded at 75 octets
/// without splitting a character, text values escaped, all-day events as `VALUE=DATE` with an exclusive end, instants
/// in UTC, a stable `UID` and a `SEQUENCE` that rises when an event changes.
public struct ICalendar: Sendable, Equatable {
    public var name: String
    public var events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// When an event happens: whole days (the end exclusive, as RFC 5545 3.6.1 has it), an instant, or from one local
    /// time to another in a time zone (written with its `TZID`, the zone described once in a `VTIMEZONE`).
    public enum Time: Sendable, Equatable {
        case days(from: CivilDate, through: CivilDate)
        case instant(Date)
        case local(from: LocalTime, to: LocalTime, timeZone: String)
    }

    /// What an event is about on the site.
    public enum About: Sendable, Equatable {
        case meeting(String), decision(String)
    }

    public enum Status: String, Sendable {
        case confirmed = "CONFIRMED", tentative = "TENTATIVE", cancelled = "CANCELLED"
    }

    public struct Event: Sendable, Equatable {
        /// Stable across changes: `meeting-summit-6@cica-platform`.
        public var uid: String
        /// Raised each time the event changes.
        public var sequence: Int
        /// When this version of the event was made.
        public var stamp: Date
        public var summary: String
        public var description: String?
        public var location: String?
        /// An absolute address about the event, written as `URL`.
        public var url: String?
        /// What the event is about, for the site to link to its page.
        public var about: About?
        public var time: Time
        public var status: Status
        /// Repeats every year (CICA Day).
        public var yearly: Bool
        public var categories: [String]

        public init(uid: String, sequence: Int = 0, stamp: Date, summary: String, description: String? = nil, location: String? = nil,
                    url: String? = nil, about: About? = nil, time: Time, status: Status = .confirmed, yearly: Bool = false, categories: [String] = []) {
            self.uid = uid
            self.sequence = sequence
            self.stamp = stamp
            self.summary = summary
            self.description = description
            self.location = location
            self.url = url
            self.about = about
            self.time = time
            self.status = status
            self.yearly = yearly
            self.categories = categories
        }
    }

    /// The calendar as `text/calendar` content.
    public var text: String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CICA Platform//Calendar//EN", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:" + Self.escape(name)]
        // Each zone an event is timed in, described over the years its events span.
        var zones: [String: ClosedRange<Int>] = [:]
        for event in events {
            guard case .local(let from, let to, let zone) = event.time else { continue }
            let years = from.day.year...max(from.day.year, to.day.year)
            zones[zone] = zones[zone].map { min($0.lowerBound, years.lowerBound)...max($0.upperBound, years.upperBound) } ?? years
        }
        for (zone, years) in zones.sorted(by: { $0.key < $1.key }) { lines += Self.timeZone(zone, years: years) }
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "SEQUENCE:\(event.sequence)", "DTSTAMP:" + Self.utc(event.stamp)]
            switch event.time {
            case .days(let from, let through):
                lines.append("DTSTART;VALUE=DATE:" + Self.date(from))
                lines.append("DTEND;VALUE=DATE:" + Self.date(through.next))
            case .instant(let instant):
                lines.append("DTSTART:" + Self.utc(instant))
                lines.append("DTEND:" + Self.utc(instant))
            case .local(let from, let to, let zone):
                lines.append("DTSTART;TZID=\(zone):" + Self.local(from))
                lines.append("DTEND;TZID=\(zone):" + Self.local(to))
            }
            if event.yearly { lines.append("RRULE:FREQ=YEARLY") }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if let description = event.description { lines.append("DESCRIPTION:" + Self.escape(description)) }
            if let location = event.location { lines.append("LOCATION:" + Self.escape(location)) }
            if let url = event.url { lines.append("URL:" + url) }
            if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(Self.escape).joined(separator: ",")) }
            lines.append("STATUS:" + event.status.rawValue)
            lines.append(event.yearly ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Control characters are not allowed in a value.
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A line folded so that no line is longer than 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence: each
    /// continuation starts with a space.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result = "", current = 0
        for character in line {
            let size = String(character).utf8.count
            if current + size > 75 {
                result += "\r\n "
                current = 1
            }
            result.append(character)
            current += size
        }
        return result
    }

    static func date(_ d: CivilDate) -> String { d.year.padded(to: 4) + d.month.padded(to: 2) + d.day.padded(to: 2) }

    static func local(_ t: LocalTime) -> String { date(t.day) + "T" + (t.minutes / 60).padded(to: 2) + (t.minutes % 60).padded(to: 2) + "00" }

    /// A `VTIMEZONE` for an IANA zone over some years (RFC 5545 3.6.5), from the system's time zone data: the offset in
    /// force when the first year begins, then each change of offset within the years, each with its onset in the local
    /// time before it. A zone without changes (Asia/Almaty, Asia/Kolkata) is one `STANDARD` observance.
    static func timeZone(_ identifier: String, years: ClosedRange<Int>) -> [String] {
        guard let zone = TimeZone(identifier: identifier), let utc = TimeZone(identifier: "UTC") else { return [] }
        let begin = CivilDate(year: years.lowerBound, month: 1, day: 1).startUTC
        let end = CivilDate(year: years.upperBound + 1, month: 1, day: 1).startUTC
        func offset(_ seconds: Int) -> String {
            (seconds < 0 ? "-" : "+") + (abs(seconds) / 3600).padded(to: 2) + (abs(seconds) % 3600 / 60).padded(to: 2)
                + (abs(seconds) % 60 == 0 ? "" : (abs(seconds) % 60).padded(to: 2))
        }
        func observance(at instant: Date, from before: Int, to after: Int) -> [String] {
            let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
            let onset = LocalTime(instant.addingTimeInterval(TimeInterval(before)), in: utc)
            var lines = ["BEGIN:\(kind)", "DTSTART:" + local(onset), "TZOFFSETFROM:" + offset(before), "TZOFFSETTO:" + offset(after)]
            if let name = zone.abbreviation(for: instant), !name.hasPrefix("GMT") { lines.append("TZNAME:" + escape(name)) }
            return lines + ["END:\(kind)"]
        }
        let first = zone.secondsFromGMT(for: begin)
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + identifier] + observance(at: begin, from: first, to: first)
        var cursor = begin
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change < end {
            lines += observance(at: change, from: zone.secondsFromGMT(for: change.addingTimeInterval(-1)), to: zone.secondsFromGMT(for: change))
            cursor = change
        }
        return lines + ["END:VTIMEZONE"]
    }

    static func utc(_ instant: Date) -> String {
        let c = Calendar.gregorianUTC.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return (c.year ?? 0).padded(to: 4) + (c.month ?? 0).padded(to: 2) + (c.day ?? 0).padded(to: 2) + "T"
            + (c.hour ?? 0).padded(to: 2) + (c.minute ?? 0).padded(to: 2) + (c.second ?? 0).padded(to: 2) + "Z"
    }
}

extension Calendar {
    static let gregorianUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

extension CivilDate {
    /// The day's first instant in UTC.
    public var startUTC: Date {
        Calendar.gregorianUTC.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day of the week, Monday 1 to Sunday 7 (ISO 8601).
    public var isoWeekday: Int {
        (Calendar.gregorianUTC.component(.weekday, from: startUTC) + 5) % 7 + 1
    }

    /// The day after.
    public var next: CivilDate {
        if day < CivilDate.daysIn(month: month, year: year) { return CivilDate(year: year, month: month, day: day + 1) }
        if month < 12 { return CivilDate(year: year, month: month + 1, day: 1) }
        return CivilDate(year: year + 1, month: 1, day: 1)
    }
}
