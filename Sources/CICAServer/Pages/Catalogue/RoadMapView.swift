import CICACore
import CICAStore

/// The Road Map page.
struct RoadMapView: Sendable {
    struct Area: Sendable {
        var number: Int
        var title: String
        var provenance: ProvenanceView
    }
    var intro: String
    var endorsedAt: String?
    var endorsedAtURL: SiteURL?
    var provenance: ProvenanceView
    var areas: [Area]
    var uncertain: Bool
    var sources: [SourceView]
}


extension RoadMapView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("roadMap.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        if let endorsedAt, let endorsedAtURL { html("<p>\(l("roadMap.endorsedAt")): <a href=\"\(endorsedAtURL)\">\(endorsedAt)</a></p>\n") }
        html.provenance(provenance, l)
        html("\n<section aria-labelledby=\"areas\"><h2 id=\"areas\">\(l("roadMap.areas"))</h2>\n")
        if uncertain { html("<p class=\"warning\">\(l("roadMap.uncertain"))</p>\n") }
        html("<ol>")
        for area in areas {
            html("<li>\(area.title) ")
            html.provenance(area.provenance, l)
            html("</li>")
        }
        html("</ol>\n</section>\n")
        html.pageSources(sources, l)
    }
}
