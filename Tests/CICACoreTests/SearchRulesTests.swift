import Testing
@testable import CICACore

@Suite("Search: queries, words and excerpts")
struct SearchRulesTests {
    @Test("words compare without case or diacritics, in Latin and Cyrillic", arguments: [
        ("Almaty", "almaty"), ("ALMATY", "almaty"), ("São", "sao"), ("Алматы", "алматы"), ("ЁЛКА", "елка"), ("Алматинский", "алматинскии"),
        ("Türkiye", "turkiye"), ("Đà", "đa"), ("2002", "2002"),
    ])
    func folded(word: String, expected: String) {
        #expect(SearchText.fold(word) == expected)
    }

    @Test("a text's words: letters and digits, anything else separates; the index holds them folded")
    func words() {
        #expect(SearchText.indexable("The Almaty Act (2002): CICA's co-operation — Алматинский акт!") == "the almaty act 2002 cica s co operation алматинскии акт")
        #expect(SearchText.words(in: "").isEmpty && SearchText.words(in: " — ").isEmpty)
        let text = "Sé, Алматы"
        #expect(SearchText.words(in: text).map { String(text[$0.range]) } == ["Sé", "Алматы"])
    }

    @Test("a query: words, phrases in quotation marks, beginnings of words", arguments: [
        ("Almaty", [SearchTerm.word("almaty", prefix: false)]),
        ("  Алматы  ", [.word("алматы", prefix: false)]),
        ("almaty act", [.word("almaty", prefix: false), .word("act", prefix: false)]),
        ("\"Almaty Act\" 2002", [.phrase(["almaty", "act"]), .word("2002", prefix: false)]),
        ("confid*", [.word("confid", prefix: true)]),
        ("co-operation", [.phrase(["co", "operation"])]),
        ("co-oper*", [.phrase(["co"]), .word("oper", prefix: true)]),
        ("\"act\"", [.word("act", prefix: false)]),
        ("Almaty, 2002!", [.word("almaty", prefix: false), .word("2002", prefix: false)]),
    ])
    func parsed(text: String, terms: [SearchTerm]) throws {
        #expect(try SearchQuery.parse(text).terms == terms)
    }

    @Test("a query is refused naming the field q and the reason", arguments: [
        (nil, "reason.search.empty"), ("   ", "reason.search.empty"),
        (String(repeating: "a", count: 201), "reason.search.tooLong"),
        ("\"Almaty Act", "reason.search.openQuote"),
        ("a*", "reason.search.wildcard"), ("*", "reason.search.wildcard"), ("al*ty", "reason.search.wildcard"),
        ("alm**", "reason.search.wildcard"), ("alm-*", "reason.search.wildcard"),
        ("— ! ?", "reason.search.noWords"), ("\"\"", "reason.search.noWords"),
        ("a b c d e f g h i", "reason.search.tooManyTerms"),
    ] as [(String?, String)])
    func refused(text: String?, reason: String) {
        #expect {
            try SearchQuery.parse(text)
        } throws: { error in
            guard let errors = (error as? InvalidInput)?.errors, errors.count == 1 else { return false }
            return errors[0].field == "q" && errors[0].reason.key == reason
        }
    }

    @Test("no word ever holds anything but letters and digits, whatever a character carries; length counts scalars")
    func hostileText() throws {
        for text in ["\u{0D4E}\"", "a\u{0D4E}\"b", "x\u{20DD}y", "ok\u{1F3FB}", "it's", "a'b\\c"] {
            let terms = try SearchQuery.parse(text).terms
            let words = terms.flatMap { term -> [String] in
                switch term {
                case .word(let word, _): [word]
                case .phrase(let words): words
                }
            }
            #expect(!words.isEmpty && words.allSatisfy { $0.unicodeScalars.allSatisfy(SearchText.isLetterOrDigit) }, "\(text): \(words)")
        }
        #expect {
            try SearchQuery.parse("a" + String(repeating: "\u{20DD}", count: 6000))
        } throws: { ($0 as? InvalidInput)?.errors.first?.reason.key == "reason.search.tooLong" }
    }

    @Test("200 characters and 8 terms are allowed; the filters are kept")
    func limits() throws {
        #expect(try SearchQuery.parse(String(repeating: "a", count: 200)).terms.count == 1)
        let query = try SearchQuery.parse("a b c d e f g h", kind: .document, year: 2002, organ: "summit", language: "ru")
        #expect(query.terms.count == 8 && query.kind == .document && query.year == 2002 && query.organ == "summit" && query.language == "ru")
    }

    @Test("an excerpt: the words around the first match, every match in it marked, … where the text goes on")
    func excerpt() throws {
        let terms = try SearchQuery.parse("\"confidence building\" asia").terms
        let text = (1...20).map { "w\($0)" }.joined(separator: " ") + " Confidence-Building Measures in Asia. " + (1...40).map { "x\($0)" }.joined(separator: " ")
        let parts = SearchSnippet.excerpt(text, terms)
        #expect(parts.first == SearchFragment("… ", found: false) && parts.last == SearchFragment(" …", found: false))
        #expect(parts.filter(\.found).map(\.text) == ["Confidence-Building", "Asia"])
        #expect(parts.map(\.text).joined().hasPrefix("… w13 w14"))
        #expect(SearchText.words(in: parts.map(\.text).joined()).count == SearchSnippet.length)
        // Nothing matches the text (the title did): its beginning.
        let start = SearchSnippet.excerpt("One two three", terms)
        #expect(start == [SearchFragment("One two three", found: false)])
        #expect(SearchSnippet.excerpt("", terms).isEmpty)
    }

    @Test("a title is marked where the query matches, a beginning of a word too")
    func marked() throws {
        let parts = SearchSnippet.marked("Алматинский акт (Almaty Act)", try SearchQuery.parse("алмат* act").terms)
        #expect(parts == [SearchFragment("Алматинский", found: true), SearchFragment(" акт (Almaty ", found: false),
                          SearchFragment("Act", found: true), SearchFragment(")", found: false)])
    }
}
