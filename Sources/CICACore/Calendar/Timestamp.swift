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
