import Foundation
import Testing
@testable import CICACore

@Suite("Working languages")
struct WorkingLanguagesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("configuration: two-letter codes, at least one, none twice", arguments: [
        ("en,ru", ["en", "ru"]), (" EN , ru ", ["en", "ru"]), ("ru", ["ru"]), ("", nil), ("en,en", nil), ("english", nil), ("en,r1", nil),
    ] as [(String, [String]?)])
    func parse(list: String, expected: [String]?) {
        #expect((try? WorkingLanguages(list))?.codes == expected)
    }

    @Test("the hash covers every language; a version in one language hashes as versions always did")
    func hash() {
        let english = TextVersion(number: 1, text: "The Council decides.", createdBy: "x", createdAt: Self.t0)
        #expect(english.textHash == DecisionText.hash("The Council decides."))
        let both = TextVersion(number: 1, text: "The Council decides.", translations: ["ru": "Совет постановляет."], createdBy: "x", createdAt: Self.t0)
        let otherRussian = TextVersion(number: 1, text: "The Council decides.", translations: ["ru": "Совет решает."], createdBy: "x", createdAt: Self.t0)
        #expect(both.textHash != english.textHash && both.textHash != otherRussian.textHash, "changing the Russian alone changes the hash")
        #expect(both.texts == ["en": "The Council decides.", "ru": "Совет постановляет."])
        #expect(both.text(in: "ru") == ("ru", "Совет постановляет.") && both.text(in: "zh") == ("en", "The Council decides."))
        // Canonical form: trailing spaces and CRLF do not change the hash.
        let spaced = TextVersion(number: 1, text: "The Council decides.  \r\n", translations: ["ru": "Совет постановляет.\r\n"], createdBy: "x", createdAt: Self.t0)
        #expect(spaced.textHash == both.textHash)
    }

    @Test("a version is put to the Member States only in every working language; translations only into working languages")
    func rules() throws {
        let working = WorkingLanguages.default
        let english = TextVersion(number: 1, text: "Text.", createdBy: "x", createdAt: Self.t0)
        #expect(working.missing(in: english) == ["ru"])
        #expect(throws: DecisionError.invalid(FieldError(field: "text.ru", reason: Message("reason.textMissingInLanguage", ["language": "ru"])))) {
            try working.check(english)
        }
        try working.check(TextVersion(number: 1, text: "Text.", translations: ["ru": "Текст."], createdBy: "x", createdAt: Self.t0))
        try WorkingLanguages.english.check(english)
        #expect(try working.checkTranslations(["ru": "Текст.  \r\n"]) == ["ru": "Текст."])
        #expect(throws: DecisionError.self) { try working.checkTranslations(["fr": "Texte."]) }
        #expect(throws: DecisionError.self) { try working.checkTranslations(["en": "Text."]) }
    }
}
