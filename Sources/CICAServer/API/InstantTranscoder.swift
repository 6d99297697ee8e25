import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// Instants in the API as the store keeps them (ISO 8601 UTC with milliseconds); on input, with or without
/// fractional seconds and with any offset, as people and programs write them.
struct InstantTranscoder: DateTranscoder {
    struct NotAnInstant: Error, CustomStringConvertible {
        var text: String
        var description: String { Localizer(.en)(reason) }
        /// The reason, as a field error gives it.
        var reason: Message { Message("reason.notAnInstant", ["text": "\(text)"]) }
    }

    func encode(_ date: Date) throws -> String { Timestamp.string(date) }

    func decode(_ text: String) throws -> Date {
        if let date = Timestamp.date(text) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        throw NotAnInstant(text: text)
    }
}
