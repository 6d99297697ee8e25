/// What the eligibility rule says of one country.
public enum EligibilityVerdict: String, Codable, Sendable, CaseIterable {
    /// Already a Member State.
    case alreadyMember
    /// A sovereign state with territory in Asia that is not yet a Member State: it may apply.
    case eligible
    /// Not a sovereign state, or no part of its territory lies in Asia.
    case notEligible
}

/// Why the rule decided as it did, as data; `Localizer` turns it into a sentence.
public enum EligibilityReason: Sendable, Equatable {
    /// Not a sovereign state (a dependent territory, a special administrative region, …).
    case notASovereignState(Statehood)
    /// No part of the territory lies in Asia.
    case noTerritoryInAsia
    /// All of the territory lies in Asia (with the UN M49 subregion).
    case wholeTerritoryInAsia(subregion: String?)
    /// Part of the territory lies in Asia; the note says which part.
    case partOfTerritoryInAsia(note: String?)
}

/// The answer to "may this country become a Member State?", with the reason a person can read.
public struct EligibilityAnswer: Sendable, Equatable {
    public var country: Country
    public var verdict: EligibilityVerdict
    /// Whether the country meets the criterion: a sovereign state with at least part of its territory in Asia.
    public var meetsCriterion: Bool
    public var reason: EligibilityReason
    /// Its membership, when it is already a Member State.
    public var memberState: MemberState?
    /// Its observer status, when it has one.
    public var observer: Observer?
}

/// Why an eligibility question could not be answered.
public enum EligibilityError: Error, Equatable, Sendable {
    /// The text is not an ISO 3166-1 alpha-2 code (two letters).
    case malformedCode(String)
    /// A two-letter code that ISO 3166-1 does not assign.
    case unknownCode(String)
}

/// The membership criterion of the CICA description: "a state must have at least a part of its territory in Asia".
public enum Eligibility {
    /// Decides for a known country, given its current membership and observer status.
    public static func assess(_ country: Country, memberState: MemberState?, observer: Observer?) -> EligibilityAnswer {
        let reason: EligibilityReason
        if !country.statehood.isSovereignState {
            reason = .notASovereignState(country.statehood)
        } else {
            switch country.asia {
            case .none: reason = .noTerritoryInAsia
            case .whole: reason = .wholeTerritoryInAsia(subregion: country.m49AsiaSubregion)
            case .part: reason = .partOfTerritoryInAsia(note: country.note)
            }
        }
        let meets: Bool
        switch reason {
        case .wholeTerritoryInAsia, .partOfTerritoryInAsia: meets = true
        case .noTerritoryInAsia, .notASovereignState: meets = false
        }
        let verdict: EligibilityVerdict = memberState != nil ? .alreadyMember : (meets ? .eligible : .notEligible)
        return EligibilityAnswer(country: country, verdict: verdict, meetsCriterion: meets, reason: reason,
                                 memberState: memberState, observer: observer)
    }

    /// Decides for a code as a person typed it, looking the country up in `countries`.
    public static func assess(
        code text: String,
        countries: (String) -> Country?,
        memberState: (String) -> MemberState?,
        observer: (String) -> Observer?
    ) throws(EligibilityError) -> EligibilityAnswer {
        guard let code = CountryCode.normalize(text) else { throw .malformedCode(text) }
        guard let country = countries(code) else { throw .unknownCode(code) }
        return assess(country, memberState: memberState(code), observer: observer(code))
    }
}

extension EligibilityAnswer {
    /// Why the country may not become a Member State, as a message; nil when it may (or already is one).
    public var refusal: Message? {
        switch reason {
        case .notASovereignState(let statehood):
            Message("eligibility.notState", ["name": .country(country.alpha2), "statehood": .message(Message("statehood.\(statehood.rawValue)"))])
        case .noTerritoryInAsia:
            Message("eligibility.noTerritory", ["name": .country(country.alpha2)])
        case .wholeTerritoryInAsia, .partOfTerritoryInAsia:
            nil
        }
    }
}
