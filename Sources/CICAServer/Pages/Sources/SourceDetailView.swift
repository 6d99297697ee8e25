import CICACore
import CICAStore

/// One source and the facts that cite it.
struct SourceDetailView: Sendable {
    struct Fact: Sendable {
        var subject: String
        var url: SiteURL
    }
    var title: String
    var url: String?
    var facts: [Fact]
}


extension SourceDetailView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(recorded: title, l)</h1>\n")
        if let url { html("<p><a href=\"\(url)\" rel=\"external noopener\">\(url)</a></p>\n") }
        html("<section aria-labelledby=\"cites\"><h2 id=\"cites\">\(l("sources.cites"))</h2>\n<ul>")
        for fact in facts { html("<li><a href=\"\(fact.url)\">\(fact.subject)</a></li>") }
        html("</ul>\n</section>\n")
    }
}
