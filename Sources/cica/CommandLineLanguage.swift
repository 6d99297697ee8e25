import CICACore
import Foundation

/// The command line's language: `CICA_LANGUAGE` (en, ru), else the locale in `LC_ALL`, `LC_MESSAGES` or `LANG`
/// (`ru_RU.UTF-8` is Russian), else English.
enum CommandLineLanguage {
    static let current: Language = {
        let environment = ProcessInfo.processInfo.environment
        for name in ["CICA_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let code = value.lowercased().prefix { $0.isLetter }
            return Language(rawValue: String(code)) ?? .en
        }
        return .en
    }()

    static let localizer = Localizer(current)
}

/// A sentence of the command line, from the localization tables.
func cli(_ key: String, _ values: [String: String] = [:]) -> String { CommandLineLanguage.localizer(key, values) }

/// A message, worded in the command line's language.
func cli(_ message: Message) -> String { CommandLineLanguage.localizer(message) }
