import Foundation
import Hummingbird
import CICACore

/// Query parameters of pages, checked and named when they are wrong.
enum QueryParameters {
    static func bool(_ request: Request, _ name: String) throws(InvalidInput) -> Bool? {
        guard let text = string(request, name) else { return nil }
        return try ParameterRule.boolean.read(text.lowercased(), field: name) == "true"
    }

    static func int(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws(InvalidInput) -> Int? {
        guard let text = string(request, name) else { return nil }
        return Int(try ParameterRule.integer(range).read(text, field: name))
    }

    static func value<E: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, as type: E.Type) throws(InvalidInput) -> E?
    where E.RawValue == String {
        guard let text = string(request, name) else { return nil }
        return E(rawValue: try ParameterRule.cases(of: E.self).read(text, field: name))
    }

    /// A text field of a form sent by GET, as the browser wrote it: `+` stands for a space (HTML's form encoding), `%2B`
    /// for a plus sign. Nil when absent; "" when sent empty.
    static func formText(_ request: Request, _ name: String) -> String? {
        guard let query = request.uri.query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first.map(String.init)?.removingPercentEncoding == name else { continue }
            let raw = parts.count > 1 ? String(parts[1]) : ""
            return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return nil
    }

    /// A query parameter as a form sent it (`+` a space); nil when absent or empty.
    static func string(_ request: Request, _ name: String) -> String? {
        guard let text = formText(request, name), !text.isEmpty else { return nil }
        return text
    }
}
