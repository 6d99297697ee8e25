import Testing
@testable import CICACore

@Suite("Eligibility")
struct EligibilityTests {
    static let dataset = try! ReferenceDataset.shipped()
    static let countries = Dictionary(uniqueKeysWithValues: dataset.countries.map { ($0.alpha2, $0) })
    static let members = Dictionary(uniqueKeysWithValues: dataset.memberStates.map { ($0.code, $0) })
    static let observers = Dictionary(uniqueKeysWithValues: dataset.observers.compactMap { o in o.countryCode.map { ($0, o) } })

    static func assess(_ code: String) throws(EligibilityError) -> EligibilityAnswer {
        try Eligibility.assess(code: code, countries: { countries[$0] }, memberState: { members[$0] }, observer: { observers[$0] })
    }

    @Test("every Member State is already a member and meets the criterion", arguments: dataset.memberStates.map(\.code))
    func members(code: String) throws {
        let answer = try Self.assess(code)
        #expect(answer.verdict == .alreadyMember)
        #expect(answer.meetsCriterion)
        #expect(answer.memberState?.code == code)
    }

    @Test("observer states: Asian ones may apply, the others may not", arguments: [
        ("JP", EligibilityVerdict.eligible), ("ID", .eligible), ("LA", .eligible), ("MY", .eligible), ("PH", .eligible),
        ("SA", .eligible), ("TM", .eligible), ("BY", .notEligible), ("UA", .notEligible), ("US", .notEligible),
    ])
    func observerStates(code: String, verdict: EligibilityVerdict) throws {
        let answer = try Self.assess(code)
        #expect(answer.verdict == verdict)
        #expect(answer.observer?.countryCode == code)
        #expect(answer.memberState == nil)
    }

    @Test("the table covers every current observer state in the dataset")
    func everyObserverStateCovered() {
        let covered: Set = ["JP", "ID", "LA", "MY", "PH", "SA", "TM", "BY", "UA", "US"]
        #expect(Set(Self.dataset.observers.filter { $0.kind == .state && $0.until == nil }.compactMap(\.countryCode)) == covered)
    }

    @Test("states with no territory in Asia are not eligible", arguments: ["BR", "FR", "DE", "GB", "AU", "NG", "CA", "MX", "AR", "ZA", "NZ", "IT"])
    func nonAsian(code: String) throws {
        let answer = try Self.assess(code)
        #expect(answer.verdict == .notEligible)
        #expect(answer.reason == .noTerritoryInAsia)
        #expect(!answer.meetsCriterion)
    }

    @Test("territories that are not sovereign states are not eligible", arguments: [
        ("HK", Statehood.specialAdministrativeRegion), ("MO", .specialAdministrativeRegion), ("TW", .disputedOrUnrecognized), ("AW", .dependentTerritory),
    ])
    func nonStates(code: String, statehood: Statehood) throws {
        let answer = try Self.assess(code)
        #expect(answer.verdict == .notEligible)
        #expect(answer.reason == .notASovereignState(statehood))
    }

    @Test("Asian states that are neither members nor observers may apply", arguments: ["SG", "NP", "BT", "MV", "OM", "AM", "GE", "KP", "MM", "BN", "TL", "YE", "SY", "LB", "CY"])
    func eligibleNonMembers(code: String) throws {
        let answer = try Self.assess(code)
        #expect(answer.verdict == .eligible)
        #expect(answer.memberState == nil && answer.observer == nil)
    }

    @Test("the reasons a person reads", arguments: [
        ("KZ", ["Kazakhstan is already a Member State: a founding member since 14 September 1999.", "the lands west of the Ural River lie in Europe"]),
        ("EG", ["Egypt is already a Member State", "the Sinai Peninsula lies in Asia"]),
        ("KW", ["Kuwait is already a Member State, since 13 October 2022."]),
        ("BR", ["Brazil is not eligible: no part of its territory lies in Asia."]),
        ("JP", ["Japan is eligible: its territory lies in Asia (Eastern Asia).", "currently an observer (by 2001)"]),
        ("HK", ["Hong Kong is not eligible: it is a special administrative region, not a sovereign state"]),
        ("US", ["United States is not eligible", "is an observer (by 2001"]),
        ("SA", ["currently an observer (since 26 December 2023)"]),
        ("NP", ["Nepal is eligible: its territory lies in Asia (Southern Asia)."]),
        ("YE", ["Yemen is eligible: part of its territory lies in Asia (Socotra lies off Africa)."]),
    ])
    func explanations(code: String, fragments: [String]) throws {
        let text = Localizer(.en).explanation(of: try Self.assess(code))
        for fragment in fragments {
            #expect(text.contains(fragment), "\(code): \(text)")
        }
    }

    @Test("codes are read as people type them", arguments: ["kz", " KZ ", "Kz"])
    func normalization(text: String) throws {
        #expect(try Self.assess(text).country.alpha2 == "KZ")
    }

    @Test("an unknown code is an error that names it")
    func unknown() {
        #expect(throws: EligibilityError.unknownCode("XX")) { try Self.assess("xx") }
        #expect(throws: EligibilityError.unknownCode("ZZ")) { try Self.assess("ZZ") }
    }

    @Test("text that cannot be a code is an error that repeats it", arguments: ["", "KAZ", "1", "K1", "ÉG"])
    func malformed(text: String) {
        #expect(throws: EligibilityError.malformedCode(text)) { try Self.assess(text) }
    }
}
