import Foundation
import Hummingbird
import CICACore
import CICAStore

/// The chairmanship: every term with the rule in force when it began, and who chaired on a given day.
struct ChairmanshipPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.chairmanship()) { request, context in try await page(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let today = platform.today()
        var asked: CivilDate? = nil
        if let text = QueryParameters.string(request, "date") {
            guard let date = CivilDate(text), Limits.years.contains(date.year) else {
                throw InvalidInput(field: "date", reason: Message("reason.meeting.day"))
            }
            asked = date
        }
        let chairs = try await platform.organs.chairmanships()
        let names = l.countries(try await platform.membership.countryNames())
        let rules = ChairmanshipRule.history.map { rule in
            ChairmanshipView.RuleRow(text: l("chairmanship.rule", count: rule.years), period: rule.from == nil
                ? l("chairmanship.ruleUntil", ["date": l.date(rule.until!)]) : l("chairmanship.ruleFrom", ["date": l.date(rule.from!)]),
                inForce: rule == ChairmanshipRule.inForce(on: today))
        }
        let answer: String? = asked.map { date in
            guard let holder = Chairmanship.holder(on: date, in: chairs.map(\.value)) else { return l("chairmanship.nobody", ["date": l.date(date)]) }
            return l("chairmanship.heldBy", ["date": l.date(date), "state": names[holder.state] ?? holder.state,
                                             "years": "\(ChairmanshipRule.inForce(on: date).years)"])
        }
        let rows = chairs.map { chair in
            let c = chair.value
            let longer = ChairmanshipRule.longerThanRule(c, asOf: today)
            return ChairmanshipView.TermRow(
                row: ChairmanshipRow(chair, names: names, today: today, localizer: l),
                rule: c.start.map { l("chairmanship.rule", count: ChairmanshipRule.inForce(on: $0.earliest).years) } ?? l("date.unknown"),
                longer: longer == true ? l("chairmanship.longer") : nil)
        }
        let view = ChairmanshipView(intro: l("chairmanship.intro"), rules: rules, rulesDocument: .document(ChairmanshipRule.document), date: asked?.description ?? "",
                                    answer: answer, terms: rows, canDraft: Policy.decide(context.principal, .manageRecords).isAllowed,
                                    sources: citedSources(chairs.map(\.provenance)))
        return platform.pages.render(view, title: l("chairmanship.title"), section: .organs, context: context)
    }
}

/// The chairmanship page.
struct ChairmanshipView: Sendable {
    struct RuleRow: Sendable {
        var text: String
        var period: String
        var inForce: Bool
    }
    struct TermRow: Sendable {
        var row: ChairmanshipRow
        var rule: String
        var longer: String?
    }
    var intro: String
    var rules: [RuleRow]
    var rulesDocument: SiteURL
    var date: String
    var answer: String?
    var terms: [TermRow]
    var canDraft: Bool
    var sources: [SourceView]
}

extension ChairmanshipView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("chairmanship.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n<section aria-labelledby=\"rules\"><h2 id=\"rules\">\(l("chairmanship.rules"))</h2><ul>")
        for rule in rules {
            html("<li>\(rule.text) — \(rule.period)")
            if rule.inForce { html(" <span class=\"badge\">\(l("chairmanship.inForce"))</span>") }
            html("</li>")
        }
        html("</ul><p><a href=\"\(rulesDocument)\">\(l("chairmanship.rulesDocument"))</a></p></section>\n")
        html("""
            <form method="get" action="\(SiteURL.chairmanship())" class="filters">
            <label for="date">\(l("chairmanship.onDate"))</label><input id="date" name="date" type="date" value="\(date)">
            <button type="submit">\(l("common.show"))</button>
            </form>

            """)
        if let answer { html("<p role=\"status\" class=\"answer\">\(answer)</p>\n") }
        html("<table><thead><tr><th scope=\"col\">\(l("common.chair"))</th><th scope=\"col\">\(l("common.dates"))</th><th scope=\"col\">\(l("chairmanship.ruleAtStart"))</th><th scope=\"col\">\(l("provenance.heading"))</th></tr></thead><tbody>\n")
        for term in terms {
            html("<tr><th scope=\"row\"><a href=\"\(term.row.url)\">\(term.row.state)</a>")
            if term.row.current { html(" <span class=\"badge\">\(l("organs.current"))</span>") }
            html("</th><td>\(term.row.dates)")
            if let note = term.row.note { html(" <span class=\"muted\">(\(note))</span>") }
            html("</td><td>\(term.rule)")
            if let longer = term.longer { html(" <span class=\"warning\">\(longer)</span>") }
            html("</td><td>")
            html.provenance(term.row.provenance, l)
            html("</td></tr>\n")
        }
        html("</tbody></table>\n<p class=\"hint\">\(l("chairmanship.howRecorded"))</p>\n")
        if canDraft { html("<p><a href=\"\(SiteURL.newDecision)\">\(l("chairmanship.draft"))</a></p>\n") }
        html.pageSources(sources, l)
    }
}
