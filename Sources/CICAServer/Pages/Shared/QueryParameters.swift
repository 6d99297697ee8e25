import Hummingbird
import CICACore

/// Query parameters of pages, checked and named when they are wrong.
enum QueryParameters {
    static func bool(_ request: Request, _ name: String) throws(InvalidInput) -> Bool? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw InvalidInput(field: name, reason: "must be true or false; got '\(text)'.")
        }
    }

    static func int(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws(InvalidInput) -> Int? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw InvalidInput(field: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
        }
        return value
    }

    static func value<E: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, as type: E.Type) throws(InvalidInput) -> E?
    where E.RawValue == String {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = E(rawValue: text) else {
            throw InvalidInput(field: name, reason: "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'.")
        }
        return value
    }

    static func string(_ request: Request, _ name: String) -> String? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        return text
    }
}
