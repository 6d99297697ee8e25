import CICACore
import CICAStore

/// The observers and partners page.
struct ObserversView: Sendable {
    struct Row: Sendable {
        var name: String
        var acronym: String?
        var since: String
        var provenance: ProvenanceView
    }
    struct PartnerRow: Sendable {
        var url: SiteURL
        var name: String
        var acronym: String
        var instrument: String
        var signed: String
        /// The sources' wording of the date, shown as they give it when they give no plain date ("2008-08-25 (inferred)").
        var signedAsRecorded: String?
        var provenance: ProvenanceView
    }
    struct RelationRow: Sendable {
        var title: String
        var date: String
        var provenance: ProvenanceView
    }
    var intro: String
    var states: [Row]
    var organizations: [Row]
    var partners: [PartnerRow]
    var relations: [RelationRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(observers: [Sourced<Observer>], partners: [Sourced<Partner>], relations: [Sourced<ExternalRelation>],
                     notes: [SourceNote], localizer l: Localizer) -> ObserversView {
        func row(_ o: Sourced<Observer>) -> Row {
            Row(name: l.name(of: o.value), acronym: l.acronym(of: o.value), since: l.observerSince(o.value), provenance: ProvenanceView(o.provenance, localizer: l))
        }
        return ObserversView(
            intro: l("observers.intro"),
            states: l.alphabetical(observers.filter { $0.value.kind == .state }.map(row), by: \.name),
            organizations: l.alphabetical(observers.filter { $0.value.kind == .organization }.map(row), by: \.name),
            partners: l.alphabetical(partners.map { p in
                PartnerRow(url: .partner(p.value.id), name: l.name(of: p.value), acronym: l.acronym(of: p.value), instrument: l.instrument(of: p.value),
                           signed: p.value.signed.map { l.date($0) } ?? l("date.unknown"),
                           signedAsRecorded: p.value.signed == nil ? p.value.signedNote : nil, provenance: ProvenanceView(p.provenance, localizer: l))
            }, by: \.name),
            relations: relations.map { RelationRow(title: l.title(of: $0.value), date: l.date($0.value.date), provenance: ProvenanceView($0.provenance, localizer: l)) },
            notes: notes.map(NoteView.init),
            sources: citedSources(observers.map(\.provenance) + partners.map(\.provenance) + relations.map(\.provenance)))
    }
}


extension ObserversView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        let head = "<table><thead><tr><th scope=\"col\">\(l("common.name"))</th><th scope=\"col\">\(l("common.since"))</th><th scope=\"col\">\(l("provenance.heading"))</th></tr></thead><tbody>\n"
        html("<h1>\(l("observers.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        html("<p class=\"csv\"><a href=\"\(SiteURL.csv(.observers))\">\(l("observers.csv"))</a> · <a href=\"\(SiteURL.csv(.partners))\">\(l("partners.csv"))</a></p>\n")
        html("<section aria-labelledby=\"observer-states\"><h2 id=\"observer-states\">\(l("observers.states"))</h2>\n")
        html(Markup(bytes: Array(head.utf8)))
        for row in states {
            html("<tr><th scope=\"row\">\(row.name)</th><td>\(row.since)</td><td>")
            html.provenance(row.provenance, l)
            html("</td></tr>\n")
        }
        html("</tbody></table>\n</section>\n<section aria-labelledby=\"observer-organizations\"><h2 id=\"observer-organizations\">\(l("observers.organizations"))</h2>\n")
        html(Markup(bytes: Array(head.utf8)))
        for row in organizations {
            html("<tr><th scope=\"row\">\(row.name)")
            if let acronym = row.acronym { html(" (\(acronym))") }
            html("</th><td>\(row.since)</td><td>")
            html.provenance(row.provenance, l)
            html("</td></tr>\n")
        }
        html("""
            </tbody></table>
            </section>
            <section aria-labelledby="partners"><h2 id="partners">\(l("observers.partners"))</h2>
            <table><thead><tr><th scope="col">\(l("common.name"))</th><th scope="col">\(l("observers.instrument"))</th><th scope="col">\(l("observers.signed"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead><tbody>

            """)
        for row in partners {
            html("<tr><th scope=\"row\"><a href=\"\(row.url)\">\(row.name) (\(row.acronym))</a></th><td>\(row.instrument)</td><td>")
            if let recorded = row.signedAsRecorded { html("\(recorded: recorded, l)") } else { html("\(row.signed)") }
            html("</td><td>")
            html.provenance(row.provenance, l)
            html("</td></tr>\n")
        }
        html("</tbody></table>\n</section>\n<section aria-labelledby=\"external\"><h2 id=\"external\">\(l("observers.external"))</h2>\n<ul>")
        for row in relations {
            html("<li>\(row.title) — \(row.date) ")
            html.provenance(row.provenance, l)
            html("</li>")
        }
        html("</ul>\n</section>\n")
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
