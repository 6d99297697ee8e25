import CICACore
import CICAStore

/// The search page: the form (words, kind, organ, language, year), why a query was refused, or what it found.
struct SearchView: Sendable {
    struct Hit: Sendable {
        var url: SiteURL
        var title: [SearchFragment]
        var excerpt: [SearchFragment]
        /// Kind, symbol, date, organ, language: what tells one hit from another.
        var facts: [String]
        var language: String?
        /// The language the excerpt is in, when known: a version's, or English for a meeting (recorded as the sources give it).
        var excerptLanguage: String?
    }

    struct Results: Sendable {
        var count: String
        var hits: [Hit]
        var previous: SiteURL?
        var next: SiteURL?
        var position: String?
        /// A page past the last one (the results changed, or the address was typed): the way back to the first.
        var first: SiteURL?

        init(_ results: SearchResults, query: SearchQuery, organNames: [String: String], localizer l: Localizer) {
            count = l("search.count", count: results.total)
            hits = results.hits.map { Self.hit($0, query.terms, organNames: organNames, l) }
            let pages = min(SearchResults.lastPage, (results.total + SearchResults.pageSize - 1) / SearchResults.pageSize)
            let link = { (page: Int) in
                SiteURL.search(q: query.text, kind: query.kind?.rawValue, year: query.year, organ: query.organ, language: query.language, page: page)
            }
            if results.page > pages && results.total > 0 {
                first = link(1)
            } else {
                previous = results.page > 1 ? link(results.page - 1) : nil
                next = results.page < pages ? link(results.page + 1) : nil
                position = pages > 1 ? l("search.page", ["page": String(results.page), "pages": String(pages)]) : nil
            }
        }

        static func hit(_ hit: SearchHit, _ terms: [SearchTerm], organNames: [String: String], _ l: Localizer) -> Hit {
            let url: SiteURL
            let title: String
            switch hit.kind {
            case .document:
                url = .document(hit.record)
                // The English version's title is the one the sources give: the page shows it in the reader's language.
                title = hit.language == "en" ? l.documentTitle(hit.record, recorded: hit.title) : hit.title
            case .decision:
                url = .decision(hit.record)
                title = hit.title
            case .meeting:
                url = .meeting(hit.record)
                title = l.meetingTitle(hit.record, recorded: hit.title)
            case .report:
                let state = hit.state ?? "", year = hit.year.map(String.init) ?? ""
                url = .stateReport(state, year)
                title = l(Message("search.reportTitle", ["state": .country(state), "year": .text(year)]))
            }
            var facts = [l("search.kind.\(hit.kind.rawValue)")]
            if let symbol = hit.symbol { facts.append(symbol) }
            if let day = hit.day.flatMap(PartialDate.init) { facts.append(l.date(day)) }
            if let organ = hit.organ { facts.append(organNames[organ] ?? organ) }
            // A meeting's and a report's entries are as recorded, not versions in a language: the page shows them in the reader's.
            let language = hit.kind == .document || hit.kind == .decision ? hit.language : nil
            if let language { facts.append(l("documentLanguage.\(language)")) }
            return Hit(url: url, title: SearchSnippet.marked(title, terms), excerpt: SearchSnippet.excerpt(hit.body, terms), facts: facts,
                       language: language, excerptLanguage: language ?? (hit.kind == .meeting ? "en" : nil))
        }
    }

    var q: String
    var year: String
    var kinds: [SelectOption] = []
    var organs: [SelectOption] = []
    var languages: [SelectOption] = []
    var problem: Problem?
    var results: Results?
}

extension SearchView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("search.title"))</h1>\n<p class=\"lead\">\(l("search.intro"))</p>\n")
        if let problem {
            html("<div class=\"form-feedback\" role=\"alert\" id=\"form-feedback\"><p><strong>\(problem.pageDetail(l))</strong></p><ul>")
            for error in problem.errors { html("<li><strong>\(l.fieldLabel(error.field))</strong> \(error.reason)</li>") }
            html("</ul></div>\n")
        }
        html("""
            <form method="get" action="\(SiteURL.search())" class="filters" role="search">
            <label for="q">\(l("field.q"))</label>
            <input id="q" name="q" type="search" value="\(q)" maxlength="\(SearchQuery.maximumLength)" aria-describedby="search-help">

            """)
        html.registryFilters(kinds: kinds, organs: organs, languages: languages, year: year, l)
        html("""
            <button type="submit">\(l("search.submit"))</button>
            </form>
            <p class="muted" id="search-help">\(l("search.help"))</p>

            """)
        guard let results else { return }
        html("<p class=\"muted\" role=\"status\">\(results.count)</p>\n")
        if let first = results.first {
            html("<p><a href=\"\(first)\">\(l("search.beyond"))</a></p>\n")
            return
        }
        if results.hits.isEmpty {
            html("<p>\(l("search.none"))</p>\n")
            return
        }
        html("<ol class=\"search-results\">\n")
        for hit in results.hits {
            html("<li><p class=\"search-title\"><a href=\"\(hit.url)\"")
            if let language = hit.language { html(" hreflang=\"\(language)\"") }
            html(">")
            html.fragments(hit.title)
            html("</a></p>\n<p class=\"muted\">\(hit.facts.joined(separator: " · "))</p>\n")
            if !hit.excerpt.isEmpty {
                html("<p class=\"search-excerpt\"")
                if let language = hit.excerptLanguage { html(" lang=\"\(language)\"") }
                html(">")
                html.fragments(hit.excerpt)
                html("</p>\n")
            }
            html("</li>\n")
        }
        html("</ol>\n")
        if results.previous != nil || results.next != nil {
            html("<nav class=\"pages\" aria-label=\"\(l("search.pages"))\"><p>")
            if let previous = results.previous { html("<a href=\"\(previous)\" rel=\"prev\">\(l("search.previous"))</a> ") }
            if let position = results.position { html("<span>\(position)</span> ") }
            if let next = results.next { html("<a href=\"\(next)\" rel=\"next\">\(l("search.next"))</a>") }
            html("</p></nav>\n")
        }
    }
}

extension HTML {
    /// The filters the registry and the search share: kind, organ, language, year.
    mutating func registryFilters(kinds: [SelectOption], organs: [SelectOption], languages: [SelectOption], year: String, _ l: Localizer) {
        self("<label for=\"kind\">\(l("common.kind"))</label>\n<select id=\"kind\" name=\"kind\">")
        options(kinds)
        self("</select>\n<label for=\"organ\">\(l("common.organ"))</label>\n<select id=\"organ\" name=\"organ\">")
        options(organs)
        self("</select>\n<label for=\"language\">\(l("documents.language"))</label>\n<select id=\"language\" name=\"language\">")
        options(languages)
        self("""
            </select>
            <label for="year">\(l("common.year"))</label>
            <input id="year" name="year" type="number" min="\(Limits.years.lowerBound)" max="\(Limits.years.upperBound)" value="\(year)" inputmode="numeric">

            """)
    }

    /// Text with the words a search found marked.
    mutating func fragments(_ fragments: [SearchFragment]) {
        for fragment in fragments {
            if fragment.found { self("<mark>\(fragment.text)</mark>") } else { self("\(fragment.text)") }
        }
    }
}
