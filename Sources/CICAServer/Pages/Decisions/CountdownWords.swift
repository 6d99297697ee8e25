import CICACore
import Foundation

/// The words `countdown.js` keeps "time left" current with, in the page's language: each unit in every plural form the
/// language uses, how two units join, and what it says once the deadline has passed. The script picks a form with the
/// browser's `Intl.PluralRules` for the page's `lang`, the same CLDR rules `PluralCategory` follows.
struct CountdownWords: Encodable {
    var days: [String: String]
    var hours: [String: String]
    var minutes: [String: String]
    var pair: String
    var passed: String

    init(_ l: Localizer) {
        func forms(_ unit: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: PluralCategory.used(by: l.language).map { ($0.rawValue, l("duration.\(unit).\($0.rawValue)")) })
        }
        days = forms("days")
        hours = forms("hours")
        minutes = forms("minutes")
        pair = l("duration.pair")
        passed = l("decision.deadlinePassed")
    }

    /// The words as JSON, for the script's `data-words` attribute.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension HTML {
    /// The script that keeps countdowns current, with its words in the reader's language.
    mutating func countdownScript(_ l: Localizer) {
        self("<script src=\"\(SiteURL.countdownScript)\" data-words=\"\(CountdownWords(l).json)\" defer></script>\n")
    }
}
