import CICACore
import CICAStore

/// The eligibility checker: a form, and the answer with its reason.
struct EligibilityView: Sendable {
    var intro: String
    var rule: String
    var ruleProvenance: ProvenanceView?
    var options: [SelectOption]
    var typed: String
    var error: String?
    var answer: Answer?

    struct Answer: Sendable {
        var name: String
        var verdict: String
        var verdictLabel: String
        var reason: String
        var memberURL: SiteURL?
        /// Its admission, step by step, for a state that may join or has joined.
        var admissionURL: SiteURL?
    }

    static func make(countries: [(code: String, name: String)], code: String?, answer: EligibilityAnswer?, error: String?, rule: String,
                     ruleProvenance: ResolvedProvenance?, localizer l: Localizer) -> EligibilityView {
        let selected = code.flatMap(CountryCode.normalize)
        return EligibilityView(
            intro: l("eligibility.intro"), rule: l.eligibilityRule(recorded: rule), ruleProvenance: ruleProvenance.map { ProvenanceView($0, localizer: l) },
            options: l.alphabetical(countries.map { (code: $0.code, name: l.country($0.code, recorded: $0.name)) }, by: \.name)
                .map { SelectOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == selected) },
            typed: code ?? "", error: error,
            answer: answer.map { a in
                Answer(name: l.country(a.country), verdict: a.verdict.rawValue, verdictLabel: l("eligibility.verdict.\(a.verdict.rawValue)"),
                       reason: l.explanation(of: a), memberURL: a.memberState.map { .memberState($0.code) },
                       admissionURL: a.verdict == .notEligible ? nil : .admission(a.country.alpha2))
            })
    }
}


extension EligibilityView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("eligibility.title"))</h1>
            <p class="lead">\(intro)</p>
            <form method="get" action="\(SiteURL.eligibility())" class="eligibility">
            <label for="code">\(l("eligibility.field"))</label>
            <select id="code" name="code"\(attribute: "aria-invalid=\"true\" aria-describedby=\"code-error\"", when: error != nil)>
            <option value=""></option>

            """)
        for option in options {
            html("<option value=\"\(option.value)\"\(attribute: "selected", when: option.selected)>\(option.label)</option>\n")
        }
        html("</select>\n<button type=\"submit\">\(l("eligibility.submit"))</button>\n</form>\n")
        if let error { html("<p id=\"code-error\" class=\"error\" role=\"alert\">\(error)</p>\n") }
        if let answer {
            html("""
                <section class="answer \(answer.verdict)" aria-labelledby="answer-heading" role="status">
                <h2 id="answer-heading">\(l("eligibility.answer")): \(answer.verdictLabel)</h2>
                <p>\(answer.reason)</p>

                """)
            if let url = answer.memberURL { html("<p><a href=\"\(url)\">\(answer.name)</a></p>\n") }
            if let url = answer.admissionURL { html("<p><a href=\"\(url)\">\(l("admission.link", ["state": answer.name]))</a></p>\n") }
            html("</section>\n")
        }
        html("<section aria-labelledby=\"rule\"><h2 id=\"rule\">\(l("eligibility.rule"))</h2>\n<p>\(rule)</p>\n")
        html.provenance(ruleProvenance, l)
        html("\n</section>\n")
    }
}
