import Foundation

/// How the registry numbers documents, reusing the decisions' pattern `CICA/<organ>/<kind>/<year>/<n>`.
///
/// - `CICA/SUMMIT/BD/2002/1`: the first basic document of the Summit in 2002. The organ is left out when a document
///   belongs to none (`CICA/NV/2025/3`), the year when its date is not known (`CICA/BD/1`).
/// - A revision adds `/Rev.n` to the original's symbol (`…/2024/1/Rev.2` replaces `…/2024/1/Rev.1`); a corrigendum or an
///   addendum adds `/Corr.n` or `/Add.n` to the symbol of the document it corrects or adds to (`…/2024/1/Rev.1/Corr.1`).
/// - Documents of kind decision that belong to a decision carry the decision's symbol; numbers never clash with the
///   decisions' own, since both are counted together.
public enum DocumentSymbol {
    /// The longest symbol accepted, CICA's own or given by the platform.
    public static let maximumLength = 100

    /// Where the numbers of one organ, kind and year are counted: `CICA/SUMMIT/BD/2002/`.
    public static func prefix(organ shortName: String?, kind: DocumentKind, year: Int?) -> String {
        var parts = ["CICA"]
        if let shortName { parts.append(DecisionSymbol.abbreviation(shortName)) }
        parts.append(kind.symbolCode)
        if let year { parts.append(String(year)) }
        return parts.joined(separator: "/") + "/"
    }

    /// The next free symbol under `prefix`, after every symbol `taken` (of documents and decisions).
    public static func next(prefix: String, taken: some Sequence<String>) -> String {
        var highest = 0
        for symbol in taken where symbol.hasPrefix(prefix) {
            let rest = symbol.dropFirst(prefix.count)
            if let number = Int(rest.prefix { $0 != "/" }) { highest = max(highest, number) }
        }
        return prefix + String(highest + 1)
    }

    /// The symbol without its revision, corrigendum and addendum suffixes: the original document's.
    public static func root(_ symbol: String) -> String {
        var parts = symbol.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, parts.count > 1, SuccessorRelation.allCases.contains(where: { last.hasPrefix($0.suffix) && Int(last.dropFirst($0.suffix.count)) != nil }) {
            parts.removeLast()
        }
        return parts.joined(separator: "/")
    }

    /// The symbol of a document issued against `base`: a revision counts from the original (`root`), a corrigendum or an
    /// addendum from `base` itself.
    public static func successor(of base: String, _ relation: SuccessorRelation, taken: some Sequence<String>) -> String {
        let stem = relation == .revision ? root(base) : base
        let prefix = stem + "/" + relation.suffix
        var highest = 0
        for symbol in taken where symbol.hasPrefix(prefix) {
            let rest = symbol.dropFirst(prefix.count)
            if let number = Int(rest.prefix { $0 != "/" }) { highest = max(highest, number) }
        }
        return prefix + String(highest + 1)
    }

    /// CICA's own symbol as the Secretariat enters it: letters, digits and `/ . - ( )`, starting with a letter or digit,
    /// at most `maximumLength` characters, not taken by another document or decision.
    public static func own(_ text: String, field: String, taken: Set<String>) throws(InvalidInput) -> String {
        let symbol = text.trimmingCharacters(in: .whitespaces)
        let allowed = symbol.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/.-()".unicodeScalars.contains($0)) }
        guard let first = symbol.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first),
              allowed, symbol.count <= maximumLength else {
            throw InvalidInput(field: field, reason: Message("reason.document.symbolForm", ["maximum": "\(maximumLength)"]))
        }
        guard !taken.contains(symbol) else {
            throw InvalidInput(field: field, reason: Message("reason.document.symbolTaken", ["symbol": .text(symbol)]))
        }
        return symbol
    }

    /// Symbols for documents that have none (the shipped dataset, documents registered before the registry), in date
    /// order within each organ, kind and year, after those `taken`. Decision documents carry their decision's symbol.
    public static func assign(_ documents: [Document], organShortNames: [String: String], decisionSymbols: [String: String],
                              taken: Set<String>) -> [String: String] {
        var taken = taken
        var assigned: [String: String] = [:]
        let ordered = documents.filter { $0.symbol.isEmpty }.sorted { a, b in
            switch (a.date, b.date) {
            case let (x?, y?) where x != y: x < y
            case (nil, _?): true
            case (_?, nil): false
            default: a.id < b.id
            }
        }
        for document in ordered {
            let symbol: String
            if document.kind == .decision, let own = document.decision.flatMap({ decisionSymbols[$0] }), !taken.contains(own) {
                symbol = own
            } else {
                symbol = next(prefix: prefix(organ: document.organ.flatMap { organShortNames[$0] }, kind: document.kind, year: document.date?.year),
                              taken: taken)
            }
            taken.insert(symbol)
            assigned[document.id] = symbol
        }
        return assigned
    }
}
