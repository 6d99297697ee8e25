import CICACore

/// The Secretariat's form to register a document with its first language version.
struct NewDocumentView: Sendable {
    var kinds: [SelectOption]
    var meetings: [SelectOption]
    var access: [SelectOption]
    var organs: [SelectOption]
    var languages: [SelectOption]
    var values: [String: String] = [:]
    var feedback: FormFeedback?

    /// The form as it was sent and refused: the reasons above it, every field as the officer left it.
    mutating func keep(_ form: Form, refused feedback: FormFeedback) {
        self.feedback = feedback
        for key in ["title", "date", "place", "decision", "symbol", "text"] { values[key] = form[key] ?? "" }
        meetings = meetings.selecting(form["meeting"] ?? "")
        kinds = kinds.selecting(form["kind"])
        access = access.selecting(form["access"])
        organs = organs.selecting(form["organ"])
        languages = languages.selecting(form["language"])
    }
}


extension NewDocumentView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        func value(_ key: String) -> String { values[key] ?? "" }
        html("<h1>\(l("documents.new"))</h1>\n<p class=\"lead\">\(l("documents.newIntro"))</p>\n")
        html.formFeedback(feedback, l)
        html("""
            <form method="post" action="\(SiteURL.newDocument)" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="title">\(l("common.title"))</label><input id="title" name="title" required maxlength="\(DocumentRules.maximumTitle)" value="\(value("title"))">
            <label for="language">\(l("documents.language"))</label><select id="language" name="language">
            """)
        html.options(languages)
        html("</select>\n<label for=\"kind\">\(l("common.kind"))</label><select id=\"kind\" name=\"kind\">")
        html.options(kinds)
        html("</select>\n<label for=\"access\">\(l("documents.access"))</label><select id=\"access\" name=\"access\" aria-describedby=\"access-hint\">")
        html.options(access)
        html("""
            </select><p id="access-hint" class="hint">\(l("documents.accessHint"))</p>
            <label for="date">\(l("common.date"))</label><input id="date" name="date" value="\(value("date"))" placeholder="2026-11-30" aria-describedby="date-hint"><p id="date-hint" class="hint">\(l("documents.dateHint"))</p>
            <label for="place">\(l("common.place"))</label><input id="place" name="place" maxlength="\(DocumentRules.maximumPlace)" value="\(value("place"))">
            <label for="organ">\(l("common.organ"))</label><select id="organ" name="organ">
            """)
        html.options(organs)
        html("""
            </select>
            <label for="meeting">\(l("field.meeting"))</label><select id="meeting" name="meeting">
            """)
        html.options(meetings)
        html("""
            </select>
            <label for="decision">\(l("documents.decisionId"))</label><input id="decision" name="decision" value="\(value("decision"))">
            <label for="symbol">\(l("documents.ownSymbol"))</label><input id="symbol" name="symbol" maxlength="\(DocumentSymbol.maximumLength)" value="\(value("symbol"))" aria-describedby="symbol-hint"><p id="symbol-hint" class="hint">\(l("documents.ownSymbolHint"))</p>
            <label for="text">\(l("field.text"))</label><textarea id="text" name="text" rows="8">\(value("text"))</textarea>
            <p><button type="submit">\(l("documents.register"))</button></p>
            </form>

            """)
    }
}
