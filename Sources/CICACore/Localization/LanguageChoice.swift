import Foundation

/// Which language a reader gets: the one asked for in the address (`?lang=ru`, remembered), then the one remembered,
/// then the first of the browser's `Accept-Language` the platform speaks, then English.
public enum LanguageChoice {
    public struct Choice: Sendable, Equatable {
        public var language: Language
        /// The reader asked for it in the address: remember it (a cookie) for the pages that follow.
        public var remember: Bool
    }

    public static func choose(query: String?, remembered: String?, acceptLanguage: String?) -> Choice {
        if let query, let language = Language(rawValue: query.lowercased()) { return Choice(language: language, remember: true) }
        if let remembered, let language = Language(rawValue: remembered) { return Choice(language: language, remember: false) }
        return Choice(language: preferred(acceptLanguage) ?? .en, remember: false)
    }

    /// The language of `Accept-Language` with the highest weight that the platform speaks (`ru-RU;q=0.9` counts as `ru`).
    public static func preferred(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for (position, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), let primary = tag.split(separator: "-").first,
                  let language = Language(rawValue: String(primary)) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") { weight = Double(parameter.dropFirst(2)) ?? 0 }
            // Equal weights keep the order the browser gave.
            let score = weight - Double(position) * 1e-6
            if weight > 0, score > (best?.1 ?? -1) { best = (language, score) }
        }
        return best?.0
    }
}
