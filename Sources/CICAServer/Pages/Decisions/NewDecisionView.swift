import Foundation
import CICACore
import CICAStore

/// The form to draft a decision.
struct NewDecisionView: Sendable {
    var organs: [SelectOption]
    var effects: [SelectOption]
    var priorityAreas: [SelectOption]
    var observerKinds: [SelectOption]
    var coordinationRoles: [SelectOption]
    /// The text in each other working language.
    var translations: [TranslationField]
    /// What was typed, by field (`effect.state` as `effectState`), when the draft was refused and is shown again.
    var values: [String: String] = [:]
    var feedback: FormFeedback?

    /// The form as it was sent and refused: the reasons above it, every field as the officer left it.
    mutating func keep(_ form: Form, refused feedback: FormFeedback) {
        self.feedback = feedback
        let fields = [("title", "title"), ("meeting", "meeting"), ("text", "text"), ("effect.state", "effectState"), ("effect.id", "effectId"),
                      ("effect.name", "effectName"), ("effect.title", "effectTitle"), ("effect.nationality", "effectNationality")]
        for (field, key) in fields { values[key] = form[field] ?? "" }
        translations = translations.map { var field = $0; field.value = form["text.\(field.code)"] ?? ""; return field }
        organs = organs.selecting(form["organ"])
        effects = effects.selecting(form["effect"])
        priorityAreas = priorityAreas.selecting(form["effect.priorityArea"])
        observerKinds = observerKinds.selecting(form["effect.observerKind"])
        coordinationRoles = coordinationRoles.selecting(form["effect.role"])
    }
}


extension NewDecisionView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        func value(_ key: String) -> String { values[key] ?? "" }
        html("<h1>\(l("decisions.new"))</h1>\n<p class=\"lead\">\(l("decisions.newIntro"))</p>\n")
        html.formFeedback(feedback, l)
        html("""
            <form method="post" action="\(SiteURL.decisions)" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="title">\(l("common.title"))</label><input id="title" name="title" required maxlength="\(DecisionText.maximumTitle)" value="\(value("title"))">
            <label for="organ">\(l("common.organ"))</label><select id="organ" name="organ">
            """)
        html.options(organs)
        html("""
            </select>
            <label for="meeting">\(l("decisions.meetingId"))</label><input id="meeting" name="meeting" aria-describedby="meeting-hint" value="\(value("meeting"))"><p id="meeting-hint" class="hint">\(l("decisions.meetingHint"))</p>
            <label for="text">\(l("decisions.text"))</label><textarea id="text" name="text" rows="10" required>\(value("text"))</textarea>
            """)
        html.translationFields(translations, prefix: "text", rows: 10)
        html("""
            <label for="effect">\(l("decisions.effect"))</label><select id="effect" name="effect">
            """)
        html.options(effects)
        html("""
            </select>
            <fieldset><legend>\(l("decisions.effectParameters"))</legend>
            <p class="hint">\(l("decisions.effectHint"))</p>
            <label for="effect-state">\(l("decisions.effectState"))</label><input id="effect-state" name="effect.state" maxlength="2" value="\(value("effectState"))">
            <label for="effect-observer-kind">\(l("decisions.effectObserverKind"))</label><select id="effect-observer-kind" name="effect.observerKind">
            """)
        html.options(observerKinds)
        html("""
            </select>
            <label for="effect-id">\(l("decisions.effectId"))</label><input id="effect-id" name="effect.id" maxlength="20" value="\(value("effectId"))">
            <label for="effect-name">\(l("decisions.effectName"))</label><input id="effect-name" name="effect.name" value="\(value("effectName"))">
            <label for="effect-title">\(l("decisions.effectTitle"))</label><input id="effect-title" name="effect.title" value="\(value("effectTitle"))">
            <label for="effect-area">\(l("decisions.effectArea"))</label><select id="effect-area" name="effect.priorityArea">
            """)
        html.options(priorityAreas)
        html("</select>\n<label for=\"effect-role\">\(l("decisions.effectRole"))</label><select id=\"effect-role\" name=\"effect.role\">")
        html.options(coordinationRoles)
        html("""
            </select>
            <label for="effect-nationality">\(l("decisions.effectNationality"))</label><input id="effect-nationality" name="effect.nationality" maxlength="2" value="\(value("effectNationality"))">
            </fieldset>
            <p><button type="submit">\(l("decisions.draft"))</button></p>
            </form>

            """)
    }
}
