import Foundation

/// How much of a country's territory lies in Asia.
public enum AsiaExtent: String, Codable, Sendable, CaseIterable {
    case whole, part, none
}

/// Whether an ISO 3166-1 entry is a state that can apply for membership in the ordinary course.
public enum Statehood: String, Codable, Sendable, CaseIterable {
    case unMemberState = "un-member-state"
    case unObserverState = "un-observer-state"
    case dependentTerritory = "dependent-territory"
    case specialAdministrativeRegion = "special-administrative-region"
    case freeAssociation = "free-association"
    case disputedOrUnrecognized = "disputed-or-unrecognized"

    /// Only UN member and observer states are sovereign states in the sense of the eligibility rule.
    public var isSovereignState: Bool { self == .unMemberState || self == .unObserverState }
}

/// An ISO 3166-1 entry with its geography.
public struct Country: Codable, Sendable, Equatable, Hashable {
    /// ISO 3166-1 alpha-2 code, upper case.
    public var alpha2: String
    public var alpha3: String
    public var numeric: String
    public var name: String
    public var officialName: String?
    public var asia: AsiaExtent
    /// UN M49 subregion of Asia, when the country is classified there.
    public var m49AsiaSubregion: String?
    /// For transcontinental countries, which part lies where.
    public var note: String?
    public var statehood: Statehood

    public init(alpha2: String, alpha3: String, numeric: String, name: String, officialName: String? = nil,
                asia: AsiaExtent, m49AsiaSubregion: String? = nil, note: String? = nil, statehood: Statehood) {
        self.alpha2 = alpha2
        self.alpha3 = alpha3
        self.numeric = numeric
        self.name = name
        self.officialName = officialName
        self.asia = asia
        self.m49AsiaSubregion = m49AsiaSubregion
        self.note = note
        self.statehood = statehood
    }
}

/// ISO 3166-1 alpha-2 codes as people type them: trimmed and upper-cased; anything else is refused.
public enum CountryCode {
    /// The canonical form of a typed code, or nil when it cannot be an alpha-2 code.
    public static func normalize(_ text: String) -> String? {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 2, code.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else { return nil }
        return code
    }

    /// A state's code as typed in `field`; a missing or malformed one is refused, naming the field.
    public static func required(_ text: String?, field: String) throws(InvalidInput) -> String {
        guard let code = normalize(text ?? "") else {
            throw InvalidInput(field: field, reason: Message("reason.mustIsoAlphaCode", ["text": "\(text ?? "")"]))
        }
        return code
    }
}
