import CICACore
import Foundation

/// What each operation's query parameters accept, so that a value the generated decoder refuses is reported
/// by name, with what would be accepted (the generator's errors do not say which parameter failed).
enum QueryParameterRules {
    typealias Rule = ParameterRule
    private static let limit = Rule.limit
    private static let year = Rule.year

    static let rules: [String: [String: Rule]] = [
        "listMemberStates": ["founding": .boolean, "limit": limit],
        "listObservers": ["kind": .oneOf(Components.Schemas.ObserverKind.allCases.map(\.rawValue)), "limit": limit],
        "listPartners": ["limit": limit],
        "listMeetings": ["kind": .oneOf(Components.Schemas.MeetingKind.allCases.map(\.rawValue)), "year": year, "limit": limit],
        "listDocuments": ["kind": .oneOf(Components.Schemas.DocumentKind.allCases.map(\.rawValue)), "year": year, "limit": limit],
        "listDecisions": ["status": .oneOf(Components.Schemas.DecisionStatus.allCases.map(\.rawValue)), "year": year, "limit": limit],
        "listAudit": ["limit": limit],
    ]

    /// The date-time field of each operation whose body has one, to name it when it cannot be read (the date
    /// transcoder is not told which field it reads).
    static let instantFields: [String: String] = ["circulateDecision": "deadline"]

    /// The query parameters of `query` that `operationID` cannot accept, each with the reason.
    static func problems(operationID: String, query: String?) -> [FieldError] {
        guard let rules = rules[operationID], let query,
              let items = URLComponents(string: "?" + query)?.queryItems else { return [] }
        return items.compactMap { item in
            guard let rule = rules[item.name], let reason = rule.problem(with: item.value ?? "") else { return nil }
            return FieldError(field: item.name, reason: reason)
        }
    }
}
