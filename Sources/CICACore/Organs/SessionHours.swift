import Foundation

/// The hours a meeting sits, in its venue's time zone: from `opens` on its first day to `closes` on its last. A meeting
/// without them is a meeting of whole days.
public struct SessionHours: Codable, Sendable, Equatable {
    /// Minutes after midnight, local time.
    public var opens: Int
    public var closes: Int
    /// An IANA time zone (`Asia/Almaty`, `America/New_York` for the sidelines of the UN General Assembly).
    public var timeZone: String

    public init(opens: Int, closes: Int, timeZone: String) {
        self.opens = opens
        self.closes = closes
        self.timeZone = timeZone
    }

    /// The zone of CICA's seat, Astana (the IANA database names it after Almaty): a form's choice until another is made.
    public static let seatZone = "Asia/Almaty"

    /// `HH:MM`, 00:00 to 23:59, as a form's time field and the API send it; nil for anything else.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// `HH:MM`.
    public static func text(_ minutes: Int) -> String { (minutes / 60).padded(to: 2) + ":" + (minutes % 60).padded(to: 2) }

    /// A time zone the platform accepts: one of the IANA identifiers the system knows (not an offset such as `GMT+5`).
    public static func isKnown(_ identifier: String) -> Bool { knownZones.contains(identifier) }

    /// The zones a form offers: Asia's, Europe's, the UN's seats (New York, Geneva, Vienna are in Europe's), and UTC.
    public static let offeredZones: [String] = {
        (knownZones.filter { $0.hasPrefix("Asia/") || $0.hasPrefix("Europe/") } + ["America/New_York", "UTC"]).sorted()
    }()

    private static let knownZones: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    /// The zone's offset from UTC on a day, as `UTC+05:00`, for a reader.
    public static func offset(of timeZone: String, on day: CivilDate, at minutes: Int) -> String {
        guard let zone = TimeZone(identifier: timeZone) else { return timeZone }
        let seconds = zone.secondsFromGMT(for: LocalTime(day: day, minutes: minutes).instant(in: zone))
        let sign = seconds < 0 ? "−" : "+"
        return "UTC\(sign)" + (abs(seconds) / 3600).padded(to: 2) + ":" + (abs(seconds) % 3600 / 60).padded(to: 2)
    }
}

/// A day and a time of day, in no particular zone: the "floating" local time of RFC 5545, given a zone by `TZID`.
public struct LocalTime: Sendable, Equatable, Comparable {
    public var day: CivilDate
    /// Minutes after midnight.
    public var minutes: Int

    public init(day: CivilDate, minutes: Int) {
        self.day = day
        self.minutes = minutes
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { (a.day, a.minutes) < (b.day, b.minutes) }

    /// The instant this local time is in a zone (the earlier one when a clock change makes it twice, the one after a
    /// gap when it never happens).
    public func instant(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60))
            ?? day.startUTC
    }

    /// The local time of an instant in a zone.
    public init(_ instant: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        self.init(day: CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1), minutes: (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }
}
