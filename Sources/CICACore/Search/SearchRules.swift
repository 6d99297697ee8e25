import Foundation

/// What a search finds: the registry's documents (every language version), decisions (every working language of
/// their current text), meetings (with their outcomes) and the yearly implementation reports.
public enum SearchKind: String, CaseIterable, Sendable, Codable {
    case document, decision, meeting, report
}

/// Text as the search sees it: words of letters and digits, compared without case and without diacritics, so that
/// "almaty" finds "Almaty", "алматы" finds "Алматы" and "sao" finds "São". Both databases index the words this makes
/// (joined by spaces), so that SQLite and PostgreSQL match the same words.
public enum SearchText {
    /// A word of `text`: where it stands and how it compares.
    public struct Word: Sendable, Equatable {
        public var range: Range<String.Index>
        public var folded: String
    }

    /// The words of `text`, in order. A word is a run of letters, digits and their combining marks; anything else
    /// separates words.
    public static func words(in text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if isWordCharacter(text[index]) {
                if start == nil { start = index }
            } else if let begun = start {
                words.append(Word(range: begun..<index, folded: fold(text[begun..<index])))
                start = nil
            }
            index = next
        }
        if let begun = start { words.append(Word(range: begun..<text.endIndex, folded: fold(text[begun..<text.endIndex]))) }
        return words.filter { !$0.folded.isEmpty }
    }

    /// The text both databases index: its words, folded, joined by single spaces.
    public static func indexable(_ text: String) -> String {
        words(in: text).map(\.folded).joined(separator: " ")
    }

    /// A word without case and without diacritics (`São` → `sao`, `Ёлка` → `елка`), and of letters and digits alone:
    /// a character that carries another scalar (a quotation mark after a prepended letter, an enclosing mark, a skin
    /// tone) keeps only its letters, so that no word ever holds the quotes of the databases' query syntax.
    public static func fold<S: StringProtocol>(_ word: S) -> String {
        let decomposed = String(word).lowercased().decomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark && isLetterOrDigit(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return first.properties.isAlphabetic || first.properties.numericType != nil
    }
}

/// One thing a query asks for: a word (or the beginning of one, `alm*`), or words in a row (`"Almaty Act"`).
public enum SearchTerm: Sendable, Equatable {
    case word(String, prefix: Bool)
    case phrase([String])

    /// Whether the words of a text, from `index` on, are this term.
    func matches(_ words: [SearchText.Word], at index: Int) -> Int? {
        switch self {
        case .word(let word, let prefix):
            let candidate = words[index].folded
            return (prefix ? candidate.hasPrefix(word) : candidate == word) ? 1 : nil
        case .phrase(let phrase):
            guard index + phrase.count <= words.count else { return nil }
            for (offset, word) in phrase.enumerated() where words[index + offset].folded != word { return nil }
            return phrase.count
        }
    }
}

/// A search as asked: the words, and the filters (kind, year, organ, language). Every term must be found (AND).
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var terms: [SearchTerm]
    public var kind: SearchKind?
    public var year: Int?
    public var organ: String?
    public var language: String?

    /// The longest query, in characters.
    public static let maximumLength = 200
    /// The most words and phrases in one query.
    public static let maximumTerms = 8
    /// The shortest beginning of a word that `*` may follow: one letter would match most of the index.
    public static let minimumPrefix = 2

    public init(text: String, terms: [SearchTerm], kind: SearchKind? = nil, year: Int? = nil, organ: String? = nil, language: String? = nil) {
        self.text = text
        self.terms = terms
        self.kind = kind
        self.year = year
        self.organ = organ
        self.language = language
    }

    /// Reads a query as a person types it: words (all must be found), `"words in a row"`, `word*` for the words that
    /// begin so. Refused, naming the field `q`: an empty query, one over `maximumLength` characters or
    /// `maximumTerms` terms, a quotation mark left open, a `*` anywhere but after a word of `minimumPrefix` letters or
    /// more, and a query of no words at all (only punctuation).
    public static func parse(_ text: String?, kind: SearchKind? = nil, year: Int? = nil, organ: String? = nil,
                             language: String? = nil) throws(InvalidInput) -> SearchQuery {
        let field = "q"
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InvalidInput(field: field, reason: Message("reason.search.empty")) }
        // Counted in Unicode scalars: a character may carry any number of marks.
        guard trimmed.unicodeScalars.count <= maximumLength else {
            throw InvalidInput(field: field, reason: Message("reason.search.tooLong", ["maximum": .text(String(maximumLength)),
                                                                                       "length": .text(String(trimmed.unicodeScalars.count))]))
        }
        let pieces = trimmed.split(separator: "\"", omittingEmptySubsequences: false)
        guard pieces.count % 2 == 1 else { throw InvalidInput(field: field, reason: Message("reason.search.openQuote")) }
        var terms: [SearchTerm] = []
        for (index, piece) in pieces.enumerated() {
            if index % 2 == 1 {
                // Inside quotation marks: the words in a row; a `*` there is punctuation.
                let words = SearchText.words(in: String(piece)).map(\.folded)
                if words.count == 1 { terms.append(.word(words[0], prefix: false)) } else if words.count > 1 { terms.append(.phrase(words)) }
                continue
            }
            for token in piece.split(whereSeparator: \.isWhitespace) {
                let stars = token.reversed().prefix { $0 == "*" }.count
                let body = token.dropLast(stars)
                guard !body.contains("*"), stars <= 1 else { throw InvalidInput(field: field, reason: wildcard) }
                let words = SearchText.words(in: String(body)).map(\.folded)
                if stars == 1 {
                    // `co-oper*`: the words before the last in a row, the last begun.
                    guard let last = words.last, last.count >= minimumPrefix,
                          let lastCharacter = body.last, SearchText.isWordCharacter(lastCharacter) else {
                        throw InvalidInput(field: field, reason: wildcard)
                    }
                    if words.count > 1 { terms.append(.phrase(Array(words.dropLast()))) }
                    terms.append(.word(last, prefix: true))
                } else if words.count == 1 {
                    terms.append(.word(words[0], prefix: false))
                } else if words.count > 1 {
                    // `co-operation` is the words `co` and `operation` in a row, as the index has them.
                    terms.append(.phrase(words))
                }
            }
        }
        guard !terms.isEmpty else { throw InvalidInput(field: field, reason: Message("reason.search.noWords")) }
        guard terms.count <= maximumTerms else {
            throw InvalidInput(field: field, reason: Message("reason.search.tooManyTerms", ["maximum": .text(String(maximumTerms)), "count": .text(String(terms.count))]))
        }
        return SearchQuery(text: trimmed, terms: terms, kind: kind, year: year, organ: organ, language: language)
    }

    private static var wildcard: Message { Message("reason.search.wildcard", ["minimum": .text(String(minimumPrefix))]) }
}

/// A piece of a title or snippet as shown: found words are marked.
public struct SearchFragment: Sendable, Equatable {
    public var text: String
    public var found: Bool
    public init(_ text: String, found: Bool) {
        self.text = text
        self.found = found
    }
}

/// Where a text matches a query, shown around the first place it does. The same on both databases: it is worked out
/// here from the text and the query, not by the database.
public enum SearchSnippet {
    /// Words shown before the first match, and in all.
    public static let before = 8
    public static let length = 30

    /// The ranges of `words` that some term matches, in order, not overlapping.
    static func matches(_ words: [SearchText.Word], _ terms: [SearchTerm]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < words.count {
            let longest = terms.compactMap { $0.matches(words, at: index) }.max()
            if let longest {
                found.append(index..<index + longest)
                index += longest
            } else {
                index += 1
            }
        }
        return found
    }

    /// The whole of `text` with what the query found in it marked (for a title).
    public static func marked(_ text: String, _ terms: [SearchTerm]) -> [SearchFragment] {
        let words = SearchText.words(in: text)
        return fragments(text, words, matches(words, terms), from: text.startIndex, to: text.endIndex)
    }

    /// A passage of `text` around the first match, about `length` words, with every match in it marked and `…` where
    /// the text goes on; the beginning of the text when nothing in it matches (the title did); empty for no text.
    public static func excerpt(_ text: String, _ terms: [SearchTerm]) -> [SearchFragment] {
        let words = SearchText.words(in: text)
        guard !words.isEmpty else { return [] }
        let found = matches(words, terms)
        let first = max(0, (found.first?.lowerBound ?? 0) - before)
        let last = min(words.count, first + length) - 1
        // From the text's beginning when the passage starts there, to its end (closing punctuation included) when it ends there.
        let start = first == 0 ? text.startIndex : words[first].range.lowerBound
        let end = last == words.count - 1 ? text.endIndex : words[last].range.upperBound
        var result: [SearchFragment] = []
        if first > 0 { result.append(SearchFragment("… ", found: false)) }
        result += fragments(text, words, found.filter { $0.lowerBound >= first && $0.upperBound <= last + 1 }, from: start, to: end)
        if last < words.count - 1 { result.append(SearchFragment(" …", found: false)) }
        return result
    }

    private static func fragments(_ text: String, _ words: [SearchText.Word], _ found: [Range<Int>],
                                  from start: String.Index, to end: String.Index) -> [SearchFragment] {
        var result: [SearchFragment] = []
        var cursor = start
        for match in found {
            let from = words[match.lowerBound].range.lowerBound, to = words[match.upperBound - 1].range.upperBound
            if cursor < from { result.append(SearchFragment(String(text[cursor..<from]), found: false)) }
            result.append(SearchFragment(String(text[from..<to]), found: true))
            cursor = to
        }
        if cursor < end { result.append(SearchFragment(String(text[cursor..<end]), found: false)) }
        return result.map { SearchFragment($0.text.replacingOccurrences(of: "\n", with: " "), found: $0.found) }
    }
}
