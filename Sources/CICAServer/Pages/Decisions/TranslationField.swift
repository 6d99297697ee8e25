import CICACore

/// A text area for a decision's text in one more working language (`text.<code>`), with what it holds.
struct TranslationField: Sendable {
    var code: String
    var label: String
    var value: String

    /// One field per working language after the first, filled from `texts`.
    static func fields(_ working: WorkingLanguages, texts: [String: String], localizer l: Localizer) -> [TranslationField] {
        working.codes.dropFirst().map { code in
            TranslationField(code: code, label: l("decisions.textIn", ["language": l.languageName(code)]), value: texts[code] ?? "")
        }
    }
}

extension HTML {
    /// "Also in: Russian · English", each linking to the text in that language.
    mutating func otherLanguages(_ languages: [(name: String, url: SiteURL)], _ l: Localizer) {
        guard !languages.isEmpty else { return }
        self("<p class=\"muted\">\(l("decisions.alsoIn"))")
        for (index, language) in languages.enumerated() {
            self(index == 0 ? " " : " · ")
            self("<a href=\"\(language.url)\">\(language.name)</a>")
        }
        self("</p>\n")
    }

    /// The text areas of `fields`, with the ids `prefix-<code>`.
    mutating func translationFields(_ fields: [TranslationField], prefix: String, rows: Int) {
        for field in fields {
            self("<label for=\"\(prefix)-\(field.code)\">\(field.label)</label><textarea id=\"\(prefix)-\(field.code)\" name=\"text.\(field.code)\" rows=\"\(rows)\" lang=\"\(field.code)\">\(field.value)</textarea>\n")
        }
    }
}
