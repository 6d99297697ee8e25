import CICACore

/// The frame of every page: head, header with who is signed in, navigation, main, footer.
enum Layout {
    static func write(_ html: inout HTML, _ chrome: Chrome, main: (inout HTML) -> Void) {
        let l = chrome.l
        html("""
            <!DOCTYPE html>
            <html lang="\(l.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(chrome.title) · \(l("site.name"))</title>
            <link rel="stylesheet" href="\(SiteURL.stylesheet)">
            <link rel="icon" href="\(SiteURL.icon)" type="image/svg+xml">

            """)
        for other in chrome.languages where !other.current {
            html("<link rel=\"alternate\" hreflang=\"\(other.language.rawValue)\" href=\"\(other.href)\">\n")
        }
        html("""
            </head>
            <body>
            <a class="skip" href="#main">\(l("site.skip"))</a>
            <header class="site">
            <div class="masthead">
            <p class="brand"><a href="\(SiteURL.home)">\(l("site.name"))</a> <span>\(l("site.organization"))</span></p>
            <div class="who">
            """)
        if let user = chrome.user {
            html("<span class=\"signed-in\">\(l("account.signedInAs")) <strong>\(user.name)</strong> (\(user.roles))</span>\n")
            for duty in chrome.duties {
                html("<a href=\"\(duty.url)\"\(attribute: "aria-current=\"page\"", when: duty.current)>\(duty.label)</a> ")
            }
            html("""
                <a href="\(SiteURL.account())">\(l("account.link"))</a>
                <form method="post" action="\(SiteURL.logout)" class="inline">\(trusted: chrome.csrfField)<button type="submit" class="link">\(l("account.signOut"))</button></form>
                """)
        } else {
            html("<a href=\"\(chrome.signIn)\">\(l("account.signIn"))</a>")
        }
        html("\n<nav class=\"languages\" aria-label=\"\(l("language.switch"))\"><ul>")
        for other in chrome.languages {
            let name = Localizer(other.language)("language.name")
            html("<li><a href=\"\(other.href)\" hreflang=\"\(other.language.rawValue)\" lang=\"\(other.language.rawValue)\"\(attribute: "aria-current=\"true\"", when: other.current)>\(name)</a></li>")
        }
        html("</ul></nav>")
        html("</div>\n</div>\n<nav aria-label=\"\(l("nav.label"))\">\n<ul>")
        for item in chrome.nav {
            html("<li><a href=\"\(item.url)\"\(attribute: "aria-current=\"page\"", when: item.current)>\(item.label)</a></li>")
        }
        html("</ul>\n</nav>\n</header>\n<main id=\"main\">\n")
        if !chrome.trail.isEmpty {
            html("<nav class=\"trail\" aria-label=\"\(l("nav.trail"))\"><ol>")
            for crumb in chrome.trail {
                if crumb.current {
                    html("<li><span aria-current=\"page\">\(crumb.label)</span></li>")
                } else {
                    html("<li><a href=\"\(crumb.url)\">\(crumb.label)</a></li>")
                }
            }
            html("</ol></nav>\n")
        }
        if let notice = chrome.notice { html("<p class=\"notice\" role=\"status\">\(notice)</p>\n") }
        main(&html)
        html("""
            </main>
            <footer class="site">
            <p>\(l("site.footer"))</p>
            <p><a href="\(SiteURL.sources)">\(l("site.sourcesLink"))</a> · <a href="\(SiteURL.openData)">\(l("openData.title"))</a> · <a href="\(SiteURL.openAPI)">\(l("site.api"))</a></p>
            </footer>
            </body>
            </html>

            """)
    }
}

/// The pieces several pages share: where a fact comes from, where sources disagree, the page's sources, a refused form.
extension HTML {
    /// A fact's provenance, folded: its confidence, the note, the sources.
    mutating func provenance(_ p: ProvenanceView?, _ l: Localizer) {
        guard let p else { return }
        self("<details class=\"provenance\"><summary>\(l("provenance.heading")) <span class=\"confidence \(p.confidence)\">\(p.confidenceLabel)</span></summary>")
        if let note = p.note { self("<p>\(recorded: note, l)</p>") }
        if p.sources.isEmpty {
            self("<p>\(l("provenance.none"))</p>")
        } else {
            self("<ul>")
            for source in p.sources { self("<li>"); citation(source, l); self("</li>") }
            self("</ul>")
        }
        self("</details>")
    }

    /// A source: its page here, and where it was read.
    mutating func sourceLink(_ source: SourceView, _ l: Localizer) {
        // A page cites a handful of sources a hundred times (the Member States page: 5 sources, 111 citations).
        once("source " + source.id) { html in
            html.citation(source, l)
            if let external = source.external { html(" · <a href=\"\(external)\" rel=\"external noopener\">\(l("sources.open"))</a>") }
        }
    }

    /// A source cited by a fact: its page here (which says where it was read).
    mutating func citation(_ source: SourceView, _ l: Localizer) {
        once("cite " + source.id) { html in html("<a href=\"\(source.url)\">\(recorded: source.title, l)</a>") }
    }

    /// Where the sources disagree, and which reading the platform follows.
    mutating func notes(_ notes: [NoteView], _ l: Localizer) {
        guard !notes.isEmpty else { return }
        self("<section class=\"notes\" aria-labelledby=\"notes-heading\"><h2 id=\"notes-heading\">\(l("provenance.disagree"))</h2>")
        for note in notes {
            self("\n<div class=\"note\"><h3>\(recorded: note.topic, l)</h3><ul>")
            for value in note.values { self("<li>\(recorded: value, l)</li>") }
            self("</ul><p><strong>\(l("provenance.preferred")):</strong> \(recorded: note.preferred, l)</p></div>")
        }
        self("\n</section>\n")
    }

    /// Every source the page cites, once each.
    mutating func pageSources(_ sources: [SourceView], _ l: Localizer) {
        guard !sources.isEmpty else { return }
        self("<section class=\"page-sources\" aria-labelledby=\"page-sources-heading\"><h2 id=\"page-sources-heading\">\(l("common.sourcesOnPage"))</h2><ul>")
        for source in sources { self("\n<li>"); sourceLink(source, l); self("</li>") }
        self("\n</ul></section>\n")
    }

    /// Why a form was refused, above the form, each field named.
    mutating func formFeedback(_ feedback: FormFeedback?, _ l: Localizer) {
        guard let feedback else { return }
        self("<div class=\"form-feedback\" role=\"alert\" id=\"form-feedback\"><p><strong>\(feedback.detail)</strong></p>")
        if !feedback.errors.isEmpty {
            self("<ul>")
            for error in feedback.errors { self("<li><strong>\(l.fieldLabel(error.field))</strong> \(error.reason)</li>") }
            self("</ul>")
        }
        self("</div>\n")
    }

    /// The options of a select element, the chosen one selected.
    mutating func options(_ options: [SelectOption]) {
        for option in options { self("<option value=\"\(option.value)\"\(attribute: "selected", when: option.selected)>\(option.label)</option>") }
    }
}
