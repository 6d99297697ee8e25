import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The Catalogue's editions: the list with the one in force, an edition's measures by dimension (with the Secretariat's
/// forms), and what changed between two editions.
struct EditionPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.editions) { _, context in try await list(context) }
        router.get(.edition(id)) { _, context in try await edition(context) }
        router.get(.editionComparison()) { request, context in try await comparison(request, context) }
        router.post(.measures(id)) { request, context in
            try context.authorize(.manageRecords)
            let edition = try context.parameters.require("id")
            return try await FormFeedback.answering(.measure, request, context: context, action: { form in
                let m = try await platform.catalogueWork.recordMeasure(edition: edition, fields(form, number: true), actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.edition(edition).href + "#measure-\(m.number)"])
            }, redisplay: { form, feedback, status in try await self.edition(context, refused: (form, feedback), status: status) })
        }
        router.post(.measure(id, .parameter("number"))) { request, context in
            try context.authorize(.manageRecords)
            let edition = try context.parameters.require("id"), number = try context.parameters.require("number")
            return try await FormFeedback.answering(.measure, request, context: context, action: { form in
                _ = try await platform.catalogueWork.editMeasure(edition: edition, number: number, fields(form, number: false), actor: context.actor, now: platform.now())
                return Response(status: .seeOther, headers: [.location: SiteURL.edition(edition).href + "#measure-\(number)"])
            }, redisplay: { form, feedback, status in try await self.edition(context, refused: (form, feedback), status: status, number: number) })
        }
    }

    func fields(_ form: Form, number: Bool) -> MeasureFields {
        MeasureFields(number: number ? form["number"] : nil, dimension: form["dimension"], priorityArea: form["priorityArea"], title: form["title"],
                      description: form["description"], procedure: form["procedure"])
    }

    func list(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let editions = try await platform.catalogueWork.editions(readership: context.readership)
        let inForce = CatalogueRules.inForce(editions, today: platform.today())
        let measures = try await platform.catalogueWork.measures(edition: nil)
        let view = EditionsView(
            editions: editions.reversed().map { e in
                EditionsView.Row(title: e.title, url: .edition(e.id), adopted: l.date(e.adopted), inForce: e.id == inForce?.id,
                                 measures: measures.filter { $0.edition == e.id }.count, document: .document(e.id), symbol: e.symbol)
            },
            choices: editions.map { SelectOption(value: $0.id, label: "\($0.title) (\(l.date($0.adopted)))", selected: false) })
        return platform.pages.render(view, title: l("editions.title"), section: .catalogue, context: context)
    }

    /// An edition's page; after a refused form, shown again with the reasons and the input in the form that was sent
    /// (`number`: that measure's own form).
    func edition(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok,
                 number: String? = nil) async throws -> Response {
        let l = context.localizer
        let id = try context.parameters.require("id")
        let editions = try await platform.catalogueWork.editions(readership: context.readership)
        guard let e = editions.first(where: { $0.id == id }) else {
            throw NotFound(entity: Message("entity.catalogueEdition"), key: id, list: SiteURL.editions.href)
        }
        let inForce = CatalogueRules.inForce(editions, today: platform.today())
        let dimensions = try await platform.catalogue.dimensions().map(\.value)
        let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).map(\.value)
        let areaNames = Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, l.name(of: $0)) })
        let measures = try await platform.catalogueWork.measures(edition: id)
        let manages = Policy.decide(context.principal, .manageRecords).isAllowed
        func dimensionChoices(_ chosen: String?) -> [SelectOption] {
            dimensions.map { SelectOption(value: $0.slug, label: l.name(of: $0), selected: $0.slug == chosen) }
        }
        func areaChoices(_ chosen: String?) -> [SelectOption] {
            [SelectOption(value: "", label: l("editions.noArea"), selected: chosen == nil)]
                + areas.map { SelectOption(value: $0.slug, label: l.name(of: $0), selected: $0.slug == chosen) }
        }
        var view = EditionView(
            id: e.id, title: e.title, adopted: l.date(e.adopted), symbol: e.symbol,
            standing: e.id == inForce?.id ? l("editions.inForce") : l("editions.notInForce", ["edition": inForce?.title ?? "—"]),
            dimensions: dimensions.map { d in
                EditionView.DimensionMeasures(name: l.name(of: d), measures: measures.filter { $0.dimension == d.slug }.map { m in
                    EditionView.MeasureRow(number: m.number, title: m.title, area: m.priorityArea.map { ($0 == "" ? nil : areaNames[$0]) ?? $0 },
                                           areaURL: m.priorityArea.map { .priorityArea($0) }, description: m.description, procedure: m.procedure,
                                           dimensions: manages ? dimensionChoices(m.dimension) : [], areas: manages ? areaChoices(m.priorityArea) : [])
                })
            },
            dimensionChoices: manages ? dimensionChoices(nil) : nil, areaChoices: areaChoices(nil))
        if let (form, feedback) = refused {
            view.feedback = feedback
            if let number {
                // That measure's form, open, with what was sent.
                view.refusedMeasure = number
                for index in view.dimensions.indices {
                    for row in view.dimensions[index].measures.indices where view.dimensions[index].measures[row].number == number {
                        var m = view.dimensions[index].measures[row]
                        m.title = form["title"] ?? m.title
                        m.description = form["description"] ?? m.description
                        m.procedure = form["procedure"] ?? m.procedure
                        m.dimensions = m.dimensions.selecting(form["dimension"])
                        m.areas = m.areas.selecting(form["priorityArea"])
                        view.dimensions[index].measures[row] = m
                    }
                }
            } else {
                for key in ["number", "title", "description", "procedure"] { view.values[key] = form[key] ?? "" }
                view.dimensionChoices = view.dimensionChoices?.selecting(form["dimension"])
                view.areaChoices = view.areaChoices.selecting(form["priorityArea"])
            }
        }
        return platform.pages.render(view, title: e.title, section: .catalogue, context: context, status: status)
    }

    func comparison(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let editions = try await platform.catalogueWork.editions(readership: context.readership)
        let from = QueryParameters.string(request, "from"), to = QueryParameters.string(request, "to")
        let (older, newer) = try CatalogueRules.compared(editions, from: from, to: to)
        let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).map(\.value)
        let dimensions = try await platform.catalogue.dimensions().map(\.value)
        var names = Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, l.name(of: $0)) })
        for d in dimensions { names[d.slug] = l.name(of: d) }
        var view = ComparisonView(from: older.map { "\($0.title) (\(l.date($0.adopted)))" }, to: newer.map { "\($0.title) (\(l.date($0.adopted)))" },
                                  fromChoices: editions.map { SelectOption(value: $0.id, label: "\($0.title) (\(l.date($0.adopted)))", selected: $0.id == older?.id) },
                                  toChoices: editions.map { SelectOption(value: $0.id, label: "\($0.title) (\(l.date($0.adopted)))", selected: $0.id == newer?.id) })
        if let older, let newer {
            let c = CatalogueRules.compare(from: try await platform.catalogueWork.measures(edition: older.id),
                                           to: try await platform.catalogueWork.measures(edition: newer.id))
            func value(_ m: CatalogueMeasure, _ field: String) -> String {
                switch field {
                case "title": m.title
                case "description": m.description
                case "procedure": m.procedure ?? "—"
                case "dimension": names[m.dimension] ?? m.dimension
                default: m.priorityArea.map { names[$0] ?? $0 } ?? "—"
                }
            }
            view.added = c.added.map { "\($0.number). \($0.title)" }
            view.removed = c.removed.map { "\($0.number). \($0.title)" }
            view.changed = c.changed.map { change in
                ComparisonView.Change(heading: "\(change.number). \(change.after.title)", fields: change.fields.map { field in
                    (l.fieldLabel(field), value(change.before, field), value(change.after, field))
                })
            }
            view.unchanged = c.unchanged.count
            view.summary = l("comparison.summary", ["added": String(c.added.count), "removed": String(c.removed.count),
                                                    "changed": String(c.changed.count), "unchanged": String(c.unchanged.count)])
        }
        return platform.pages.render(view, title: l("comparison.title"), section: .catalogue, context: context)
    }
}

/// The list of the Catalogue's editions.
struct EditionsView: Sendable {
    struct Row: Sendable {
        var title: String
        var url: SiteURL
        var adopted: String
        var inForce: Bool
        var measures: Int
        var document: SiteURL
        var symbol: String
    }
    var editions: [Row]
    var choices: [SelectOption]
}

extension EditionsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("editions.title"))</h1>\n<p class=\"lead\">\(l("editions.intro"))</p>\n")
        html("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">\(l("editions.edition"))</th><th scope=\"col\">\(l("editions.adopted"))</th><th scope=\"col\">\(l("editions.measures"))</th><th scope=\"col\">\(l("editions.document"))</th></tr></thead><tbody>\n")
        for e in editions {
            html("<tr><th scope=\"row\"><a href=\"\(e.url)\">\(e.title)</a>")
            if e.inForce { html(" <strong class=\"badge\">\(l("editions.inForce"))</strong>") }
            html("</th><td>\(e.adopted)</td><td>")
            if e.measures == 0 { html("0 <span class=\"muted\">(\(l("editions.notRecorded")))</span>") } else { html("\(e.measures)") }
            html("</td><td><a href=\"\(e.document)\">\(e.symbol.isEmpty ? l("editions.document") : e.symbol)</a></td></tr>\n")
        }
        html("</tbody></table></div>\n")
        if choices.count >= 2 {
            html("<form method=\"get\" action=\"\(SiteURL.editionComparison())\" class=\"stacked\"><h2>\(l("comparison.title"))</h2>\n")
            html("<label for=\"compare-from\">\(l("field.from"))</label><select id=\"compare-from\" name=\"from\">")
            html.options(choices.enumerated().map { SelectOption(value: $0.element.value, label: $0.element.label, selected: $0.offset == choices.count - 2) })
            html("</select>\n<label for=\"compare-to\">\(l("field.to"))</label><select id=\"compare-to\" name=\"to\">")
            html.options(choices.enumerated().map { SelectOption(value: $0.element.value, label: $0.element.label, selected: $0.offset == choices.count - 1) })
            html("</select>\n<p><button type=\"submit\">\(l("comparison.compare"))</button></p></form>\n")
        }
    }
}

/// An edition with its measures by dimension, and the Secretariat's forms.
struct EditionView: Sendable {
    struct MeasureRow: Sendable {
        var number: String
        var title: String
        var area: String?
        var areaURL: SiteURL?
        var description: String
        var procedure: String?
        /// The Secretariat's choices to change it (none: no form).
        var dimensions: [SelectOption]
        var areas: [SelectOption]
    }
    struct DimensionMeasures: Sendable {
        var name: String
        var measures: [MeasureRow]
    }
    var id: String
    var title: String
    var adopted: String
    var symbol: String
    var standing: String
    var dimensions: [DimensionMeasures]
    /// The Secretariat's form to add a measure (nil: not offered).
    var dimensionChoices: [SelectOption]?
    var areaChoices: [SelectOption]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
    /// The measure whose own form was refused.
    var refusedMeasure: String?
}

extension EditionView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(SiteURL.catalogue())\">\(l("catalogue.title"))</a> · <a href=\"\(SiteURL.editions)\">\(l("editions.title"))</a></p>\n")
        html("<h1>\(title)</h1>\n<dl class=\"facts\"><dt>\(l("editions.adopted"))</dt><dd>\(adopted)</dd><dt>\(l("editions.standing"))</dt><dd>\(standing)</dd>")
        html("<dt>\(l("editions.document"))</dt><dd><a href=\"\(SiteURL.document(id))\">\(symbol.isEmpty ? title : symbol)</a></dd></dl>\n")
        if dimensions.allSatisfy({ $0.measures.isEmpty }) { html("<p class=\"muted\">\(l("editions.noMeasures"))</p>\n") }
        for d in dimensions where !d.measures.isEmpty {
            html("<section><h2>\(d.name)</h2>\n")
            for m in d.measures {
                html("<article class=\"measure\" id=\"measure-\(m.number)\"><h3>\(m.number). \(m.title)</h3>\n")
                if let area = m.area, let url = m.areaURL { html("<p class=\"muted\">\(l("field.priorityArea")): <a href=\"\(url)\">\(area)</a></p>\n") }
                html("<p class=\"decision-text\">\(m.description)</p>\n")
                if let procedure = m.procedure { html("<h4>\(l("field.procedure"))</h4><p class=\"decision-text\">\(procedure)</p>\n") }
                if !m.dimensions.isEmpty {
                    let refused = refusedMeasure == m.number
                    html("<details\(attribute: "open", when: refused)><summary>\(l("editions.change"))</summary>")
                    if refused { html.formFeedback(feedback, l) }
                    html("<form method=\"post\" action=\"\(SiteURL.measure(id, m.number))\" class=\"stacked\">\(trusted: chrome.csrfField)\n")
                    html("<label for=\"dimension-\(m.number)\">\(l("field.dimension"))</label><select id=\"dimension-\(m.number)\" name=\"dimension\">")
                    html.options(m.dimensions)
                    html("</select>\n<label for=\"area-\(m.number)\">\(l("field.priorityArea"))</label><select id=\"area-\(m.number)\" name=\"priorityArea\">")
                    html.options(m.areas)
                    html("</select>\n<label for=\"title-\(m.number)\">\(l("field.title"))</label><input id=\"title-\(m.number)\" name=\"title\" value=\"\(m.title)\" maxlength=\"\(CatalogueRules.maximumTitle)\">\n")
                    html("<label for=\"description-\(m.number)\">\(l("field.description"))</label><textarea id=\"description-\(m.number)\" name=\"description\" rows=\"4\">\(m.description)</textarea>\n")
                    html("<label for=\"procedure-\(m.number)\">\(l("field.procedure"))</label><textarea id=\"procedure-\(m.number)\" name=\"procedure\" rows=\"3\">\(m.procedure ?? "")</textarea>\n")
                    html("<p><button type=\"submit\">\(l("editions.save"))</button></p></form></details>\n")
                }
                html("</article>\n")
            }
            html("</section>\n")
        }
        if let dimensionChoices {
            html("<section aria-labelledby=\"new-measure\"><h2 id=\"new-measure\">\(l("editions.add"))</h2>\n")
            if refusedMeasure == nil { html.formFeedback(feedback, l) }
            html("<form method=\"post\" action=\"\(SiteURL.measures(id))\" class=\"stacked\">\(trusted: chrome.csrfField)\n")
            html("<p class=\"hint\" id=\"number-hint\">\(l("editions.numberHint"))</p>\n")
            html("<label for=\"measure-number\">\(l("field.number"))</label><input id=\"measure-number\" name=\"number\" required aria-describedby=\"number-hint\" value=\"\(values["number"] ?? "")\">\n")
            html("<label for=\"measure-dimension\">\(l("field.dimension"))</label><select id=\"measure-dimension\" name=\"dimension\">")
            html.options(dimensionChoices)
            html("</select>\n<label for=\"measure-area\">\(l("field.priorityArea"))</label><select id=\"measure-area\" name=\"priorityArea\">")
            html.options(areaChoices)
            html("</select>\n<label for=\"measure-title\">\(l("field.title"))</label><input id=\"measure-title\" name=\"title\" required maxlength=\"\(CatalogueRules.maximumTitle)\" value=\"\(values["title"] ?? "")\">\n")
            html("<label for=\"measure-description\">\(l("field.description"))</label><textarea id=\"measure-description\" name=\"description\" rows=\"4\" required>\(values["description"] ?? "")</textarea>\n")
            html("<label for=\"measure-procedure\">\(l("field.procedure"))</label><textarea id=\"measure-procedure\" name=\"procedure\" rows=\"3\">\(values["procedure"] ?? "")</textarea>\n")
            html("<p><button type=\"submit\">\(l("editions.addButton"))</button></p></form></section>\n")
        }
    }
}

/// What changed between two editions.
struct ComparisonView: Sendable {
    struct Change: Sendable {
        var heading: String
        var fields: [(label: String, before: String, after: String)]
    }
    var from: String?
    var to: String?
    var fromChoices: [SelectOption]
    var toChoices: [SelectOption]
    var summary: String?
    var added: [String] = []
    var removed: [String] = []
    var changed: [Change] = []
    var unchanged = 0
}

extension ComparisonView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(SiteURL.catalogue())\">\(l("catalogue.title"))</a> · <a href=\"\(SiteURL.editions)\">\(l("editions.title"))</a></p>\n<h1>\(l("comparison.title"))</h1>\n")
        html("<form method=\"get\" action=\"\(SiteURL.editionComparison())\" class=\"inline\"><label for=\"compare-from\">\(l("field.from"))</label><select id=\"compare-from\" name=\"from\">")
        html.options(fromChoices)
        html("</select> <label for=\"compare-to\">\(l("field.to"))</label><select id=\"compare-to\" name=\"to\">")
        html.options(toChoices)
        html("</select> <button type=\"submit\">\(l("comparison.compare"))</button></form>\n")
        guard let from, let to, let summary else {
            html("<p class=\"muted\">\(l("comparison.needTwo"))</p>\n")
            return
        }
        html("<p class=\"lead\">\(l("comparison.between", ["from": from, "to": to]))</p>\n<p>\(summary)</p>\n")
        if added.isEmpty && removed.isEmpty && changed.isEmpty && unchanged == 0 { html("<p class=\"muted\">\(l("editions.noMeasures"))</p>\n") }
        for (key, items) in [("comparison.added", added), ("comparison.removed", removed)] where !items.isEmpty {
            html("<section><h2>\(l(key))</h2><ul>")
            for item in items { html("<li>\(item)</li>") }
            html("</ul></section>\n")
        }
        if !changed.isEmpty {
            html("<section><h2>\(l("comparison.changed"))</h2>\n")
            for change in changed {
                html("<h3>\(change.heading)</h3><div class=\"scroll\"><table><thead><tr><th scope=\"col\">\(l("comparison.field"))</th><th scope=\"col\">\(l("comparison.before"))</th><th scope=\"col\">\(l("comparison.after"))</th></tr></thead><tbody>")
                for f in change.fields { html("<tr><th scope=\"row\">\(f.label)</th><td class=\"decision-text\">\(f.before)</td><td class=\"decision-text\">\(f.after)</td></tr>") }
                html("</tbody></table></div>\n")
            }
            html("</section>\n")
        }
    }
}
