import Foundation

/// Instants as stored: ISO 8601 in UTC with milliseconds, which sorts as text on both engines.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    public static func string(_ date: Date) -> String {
        date.formatted(style)
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
