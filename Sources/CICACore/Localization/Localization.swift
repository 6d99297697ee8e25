/// The localization tables: one per language, keyed by message id.
public enum Localization {
    public static func table(for language: Language) -> [String: String] {
        switch language {
        case .en: english
        case .ru: russian
        }
    }
}
