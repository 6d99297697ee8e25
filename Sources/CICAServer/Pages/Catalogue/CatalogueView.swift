import CICACore
import CICAStore

/// The Catalogue page: dimensions, their priority areas, and who coordinates each.
struct CatalogueView: Sendable {
    struct StateLink: Sendable {
        var name: String
        var url: SiteURL
    }
    struct Area: Sendable {
        var slug: String
        var name: String
        var coordinator: StateLink?
        var coordinatorConfidence: String?
        var coCoordinators: [StateLink]
        var provenance: ProvenanceView
    }
    struct DimensionGroup: Sendable {
        var slug: String
        var name: String
        var count: String
        var areas: [Area]
    }
    var intro: String
    var dimensions: [DimensionGroup]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(dimensions: [Sourced<Dimension>], areas: [Sourced<PriorityArea>], names: [String: String], notes: [SourceNote],
                     localizer l: Localizer) -> CatalogueView {
        func link(_ code: String) -> StateLink { StateLink(name: names[code] ?? code, url: .memberState(code)) }
        return CatalogueView(
            intro: l("catalogue.intro"),
            dimensions: dimensions.map { d in
                let inDimension = areas.filter { $0.value.dimension == d.value.slug }
                return DimensionGroup(slug: d.value.slug, name: l.name(of: d.value), count: l("catalogue.areas", count: inDimension.count),
                                      areas: inDimension.map { a in
                    Area(slug: a.value.slug, name: l.name(of: a.value), coordinator: a.value.coordinator.map(link),
                         coordinatorConfidence: a.value.coordinatorConfidence.flatMap { $0 == .confirmed ? nil : l.confidence($0) },
                         coCoordinators: a.value.coCoordinators.map(link), provenance: ProvenanceView(a.provenance, localizer: l))
                })
            },
            notes: notes.map(NoteView.init),
            sources: citedSources(dimensions.map(\.provenance) + areas.map(\.provenance)))
    }
}


extension CatalogueView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("catalogue.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n<p><a href=\"\(SiteURL.roadMap)\">\(l("roadMap.title"))</a> · <a href=\"\(SiteURL.reports())\">\(l("reports.link"))</a> · <a href=\"\(SiteURL.overview())\">\(l("overview.link"))</a> · <a href=\"\(SiteURL.editions)\">\(l("catalogue.editionsLink"))</a> · <a href=\"\(SiteURL.csv(.coordinations))\">\(l("catalogue.coordinationsCSV"))</a></p>\n")
        for dimension in dimensions {
            html("""
                <section class="dimension" aria-labelledby="dimension-\(dimension.slug)">
                <h2 id="dimension-\(dimension.slug)">\(dimension.name) <span class="muted">\(dimension.count)</span></h2>
                <ul class="areas">

                """)
            for area in dimension.areas {
                html("<li id=\"\(area.slug)\"><h3><a href=\"\(SiteURL.priorityArea(area.slug))\">\(area.name)</a></h3>\n<dl class=\"facts\">\n<dt>\(l("catalogue.coordinator"))</dt><dd>")
                if let coordinator = area.coordinator {
                    html("<a href=\"\(coordinator.url)\">\(coordinator.name)</a>")
                } else {
                    html("<span class=\"muted\">\(l("catalogue.unknownCoordinator"))</span>")
                }
                if let confidence = area.coordinatorConfidence { html(" <span class=\"confidence uncertain\">\(confidence)</span>") }
                html("</dd>\n")
                if !area.coCoordinators.isEmpty {
                    html("<dt>\(l("catalogue.coCoordinators", count: area.coCoordinators.count))</dt><dd>")
                    for (index, state) in area.coCoordinators.enumerated() {
                        html("\(index == 0 ? "" : ", ")<a href=\"\(state.url)\">\(state.name)</a>")
                    }
                    html("</dd>")
                }
                html("\n</dl>\n")
                html.provenance(area.provenance, l)
                html("\n</li>\n")
            }
            html("</ul>\n</section>\n")
        }
        html.notes(notes, l)
        html.pageSources(sources, l)
    }
}
