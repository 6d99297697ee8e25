import Foundation

/// Instants as stored: ISO 8601 in UTC with milliseconds, which sorts as text on both engines.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    /// An instant as stored: ISO 8601 in UTC to the millisecond, rounded to the nearest. Reading it back and writing it
    /// again gives the same text: the formatter cuts the fraction rather than rounding it, and a millisecond read back
    /// is a hair below itself in binary (`.165` is `.16499…`), so the instant is first rounded to its millisecond and
    /// moved a tenth of one past it. Rows logged with their instant verify only if this holds (a delegate added from
    /// the command line, whose clock is not rounded, made every record fail to verify).
    public static func string(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        return Date(timeIntervalSince1970: (milliseconds + 0.1) / 1000).formatted(style)
    }

    /// Reads a stored instant back; nil for text that is not one.
    public static func date(_ text: String) -> Date? {
        try? style.parse(text)
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
}

/// Where the Secretariat sits: silence deadlines are shown in its time as well as in UTC.
public enum SecretariatTime {
    /// Astana (Kazakhstan keeps one time, UTC+5, since March 2024; the tz database's zone for it is Asia/Almaty).
    public static let zone = TimeZone(identifier: "Asia/Almaty") ?? TimeZone(secondsFromGMT: 5 * 3600)!
}
