import Foundation
import CICACore
import CICAStore

/// A document's page: what it is and belongs to, its language versions with their texts and files, every revision,
/// what follows it, and the Secretariat's forms.
struct DocumentView: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
        var url: SiteURL?
    }
    struct Version: Sendable {
        var language: String
        var code: String
        var title: String
        var text: String?
        /// Why there is no text: not in the sources, or only in the file.
        var noText: String?
        var file: FileRow?
        var revision: String
    }
    struct FileRow: Sendable {
        var name: String
        var type: String
        var size: String
        var sha256: String
        var url: SiteURL
    }
    struct Revision: Sendable {
        var language: String
        var number: Int
        var title: String
        var file: FileRow?
        var made: String
    }
    var title: String
    var symbol: String
    var symbolNote: String?
    var facts: [Fact]
    var versions: [Version]
    var revisions: [Revision]
    var related: [Fact]
    var provenance: ProvenanceView?
    var registered: String?
    var sources: [SourceView]
    var id: String
    var canManage: Bool
    var fileLimit: String
    var languages: [SelectOption]
    var relations: [SelectOption]
    var access: [SelectOption]
    var successorAccess: [SelectOption]
    var successorLanguages: [SelectOption]
    /// What each form shows: the document's own values, or what was typed into the form just refused.
    var values: [String: String] = [:]
    var feedback: FormFeedback?
    /// An act (a declaration, a basic document…) in Akoma Ntoso XML, one link per language version.
    var akomaNtoso: [(language: String, label: String, url: SiteURL)] = []

    static func make(_ record: DocumentRecord, title: String, organ: String?, meeting: String?, canManage: Bool, fileLimit: Int,
                     feedback: FormFeedback?, values: Form?, localizer l: Localizer) -> DocumentView {
        let d = record.document.value
        func file(_ v: LanguageVersion) -> FileRow? {
            v.file.map { FileRow(name: $0.filename, type: $0.type.extensions[0].uppercased(), size: l("documents.bytes", count: $0.size),
                                 sha256: $0.sha256, url: .documentFile(d.id, language: v.language, revision: v.revision)) }
        }
        var facts = [Fact(label: l("common.kind"), value: l("document.kind.\(d.kind.rawValue)")),
                     Fact(label: l("common.date"), value: l.dateNote(of: d) ?? l.date(d.date))]
        if let place = l.place(of: d) { facts.append(Fact(label: l("common.place"), value: place)) }
        if let organ, let slug = d.organ { facts.append(Fact(label: l("common.organ"), value: organ, url: .organ(slug))) }
        if let meeting, let id = d.meeting { facts.append(Fact(label: l("field.meeting"), value: meeting, url: .meeting(id))) }
        if let decision = record.decision, let id = d.decision {
            facts.append(Fact(label: l("documents.decision"), value: "\(decision.symbol) \(decision.title)", url: .decision(id)))
        }
        facts.append(Fact(label: l("documents.access"), value: l("access.\(d.access.rawValue)")))
        var related: [Fact] = []
        if let follows = record.follows, let relation = d.relation {
            related.append(Fact(label: l("documents.follows.\(relation.rawValue)"), value: "\(follows.symbol) \(l.title(of: follows))", url: .document(follows.id)))
        }
        for next in record.followedBy {
            related.append(Fact(label: l("documents.followedBy.\(next.relation?.rawValue ?? SuccessorRelation.revision.rawValue)"),
                                value: "\(next.symbol) \(l.title(of: next))", url: .document(next.id)))
        }
        let versions = record.current.map { v in
            Version(language: l("documentLanguage.\(v.language)"), code: v.language, title: v.title, text: v.text,
                    noText: v.text != nil ? nil : v.file != nil ? l("documents.textInFile") : v.isFromDataset ? l("documents.notInSources") : l("documents.noText"),
                    file: file(v), revision: l("documents.revision", ["number": "\(v.revision)"]))
        }
        let revisions = record.revisions.reversed().map { v in
            Revision(language: l("documentLanguage.\(v.language)"), number: v.revision, title: v.title, file: file(v),
                     made: l("documents.made", ["by": v.isFromDataset ? l("documents.byDataset") : v.createdBy, "at": l.instant(v.createdAt)]))
        }
        var view = DocumentView(
            title: title, symbol: d.symbol, symbolNote: d.symbolAssigned ? l("documents.symbolAssigned") : nil, facts: facts, versions: versions,
            revisions: revisions, related: related,
            provenance: d.registered == nil ? ProvenanceView(record.document.provenance, localizer: l) : nil,
            registered: d.registered.map { l("documents.registered", ["at": l.instant($0.at)]) },
            sources: d.registered == nil ? citedSources([record.document.provenance]) : [], id: d.id, canManage: canManage,
            fileLimit: l(UploadRules.megabytes(fileLimit)),
            languages: DocumentLanguage.codes.map { SelectOption(value: $0, label: l("documentLanguage.\($0)"), selected: $0 == "en") },
            relations: SuccessorRelation.allCases.map { SelectOption(value: $0.rawValue, label: l("documents.relation.\($0.rawValue)"), selected: false) },
            access: AccessLevel.allCases.map { SelectOption(value: $0.rawValue, label: l("access.\($0.rawValue)"), selected: $0 == d.access) },
            successorAccess: AccessLevel.allCases.map { SelectOption(value: $0.rawValue, label: l("access.\($0.rawValue)"), selected: $0 == d.access) },
            successorLanguages: DocumentLanguage.codes.map { SelectOption(value: $0, label: l("documentLanguage.\($0)"), selected: $0 == l.language.rawValue) },
            values: ["amend.date": d.date?.description ?? "", "amend.place": d.place ?? ""],
            feedback: feedback)
        if AkomaNtoso.documentKinds.contains(d.kind) {
            view.akomaNtoso = record.current.map { ($0.language, l("documentLanguage.\($0.language)"), SiteURL.documentAKN(d.id, language: $0.language)) }
        }
        // The refused form keeps what was typed; the others show the document as it is.
        if let values, let form = values["form"] {
            for key in ["title", "text", "date", "place"] { view.values["\(form).\(key)"] = values[key] ?? "" }
            switch form {
            case "version": view.languages = view.languages.selecting(values["language"])
            case "successor":
                view.relations = view.relations.selecting(values["relation"])
                view.successorLanguages = view.successorLanguages.selecting(values["language"])
                view.successorAccess = view.successorAccess.selecting(values["access"])
            default: view.access = view.access.selecting(values["access"])
            }
        }
        return view
    }
}


extension DocumentView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(title)</h1>\n<p class=\"lead\"><code>\(symbol)</code>")
        if let symbolNote { html(" <span class=\"muted\">(\(symbolNote))</span>") }
        html("</p>\n<dl class=\"facts\">\n")
        for fact in facts + related {
            html("<dt>\(fact.label)</dt><dd>")
            if let url = fact.url { html("<a href=\"\(url)\">\(fact.value)</a>") } else { html("\(fact.value)") }
            html("</dd>\n")
        }
        html("</dl>\n")
        html.akomaNtoso(akomaNtoso, l)
        if let registered { html("<p class=\"muted\">\(registered)</p>\n") }
        if let provenance { html("<p>"); html.provenance(provenance, l); html("</p>\n") }
        html.formFeedback(feedback, l)

        html("<section aria-labelledby=\"versions\"><h2 id=\"versions\">\(l("documents.versions"))</h2>\n")
        for version in versions {
            html("<article class=\"language-version\" lang=\"\(version.code)\"><h3>\(version.language): \(version.title)</h3>\n<p class=\"muted\" lang=\"\(l.language.rawValue)\">\(version.revision)</p>\n")
            if let file = version.file { writeFile(&html, file, l) }
            if let text = version.text { html("<div class=\"document-text\">\(text)</div>\n") }
            if let noText = version.noText { html("<p class=\"muted\" lang=\"\(l.language.rawValue)\">\(noText)</p>\n") }
            html("</article>\n")
        }
        html("</section>\n")

        html("<section aria-labelledby=\"revisions\"><h2 id=\"revisions\">\(l("documents.revisions"))</h2>\n<table><thead><tr><th scope=\"col\">\(l("documents.language"))</th><th scope=\"col\">\(l("documents.revisionNumber"))</th><th scope=\"col\">\(l("common.title"))</th><th scope=\"col\">\(l("documents.file"))</th><th scope=\"col\">\(l("documents.madeHeading"))</th></tr></thead><tbody>\n")
        for revision in revisions {
            html("<tr><td>\(revision.language)</td><td>\(revision.number)</td><td>\(revision.title)</td><td>")
            if let file = revision.file { html("<a href=\"\(file.url)\">\(file.name)</a><br><code class=\"checksum\">\(file.sha256)</code>") }
            html("</td><td>\(revision.made)</td></tr>\n")
        }
        html("</tbody></table>\n</section>\n")
        if canManage { writeForms(&html, chrome) }
        html.pageSources(sources, l)
    }

    private func writeFile(_ html: inout HTML, _ file: FileRow, _ l: Localizer) {
        html("""
            <p class="file" lang="\(l.language.rawValue)"><a href="\(file.url)" download>\(l("documents.download", ["name": file.name]))</a> \
            <span class="muted">(\(file.type), \(file.size))</span><br>\(l("documents.checksum")) <code class="checksum">\(file.sha256)</code><br>\
            <span class="muted">\(l("documents.checksumVerified"))</span></p>

            """)
    }

    private func writeForms(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        func value(_ key: String) -> String { values[key] ?? "" }
        html("""
            <section aria-labelledby="add-version"><h2 id="add-version">\(l("documents.addVersion"))</h2>
            <p class="hint">\(l("documents.addVersionHint", ["limit": fileLimit]))</p>
            <form method="post" action="\(SiteURL.documentForm(id, .versions))" enctype="multipart/form-data" class="stacked">
            \(trusted: chrome.csrfField)
            <input type="hidden" name="form" value="version">
            <label for="version-language">\(l("documents.language"))</label><select id="version-language" name="language">
            """)
        html.options(languages)
        html("""
            </select>
            <label for="version-title">\(l("common.title"))</label><input id="version-title" name="title" maxlength="\(DocumentRules.maximumTitle)" value="\(value("version.title"))">
            <label for="version-text">\(l("field.text"))</label><textarea id="version-text" name="text" rows="6">\(value("version.text"))</textarea>
            <label for="version-file">\(l("documents.file"))</label><input id="version-file" name="file" type="file" accept=".pdf,.docx,.odt,.txt,.png,.jpg,.jpeg">
            <p><button type="submit">\(l("documents.saveVersion"))</button></p>
            </form></section>
            <section aria-labelledby="issue"><h2 id="issue">\(l("documents.issue"))</h2>
            <p class="hint">\(l("documents.successorHint"))</p>
            <form method="post" action="\(SiteURL.documentForm(id, .successors))" class="stacked">
            \(trusted: chrome.csrfField)
            <input type="hidden" name="form" value="successor">
            <label for="relation">\(l("field.relation"))</label><select id="relation" name="relation">
            """)
        html.options(relations)
        html("</select>\n<label for=\"issue-language\">\(l("documents.language"))</label><select id=\"issue-language\" name=\"language\">")
        html.options(successorLanguages)
        html("</select>\n<label for=\"issue-access\">\(l("documents.access"))</label><select id=\"issue-access\" name=\"access\">")
        html.options(successorAccess)
        html("""
            </select>
            <label for="issue-title">\(l("common.title"))</label><input id="issue-title" name="title" required maxlength="\(DocumentRules.maximumTitle)" value="\(value("successor.title"))">
            <label for="issue-date">\(l("common.date"))</label><input id="issue-date" name="date" value="\(value("successor.date"))" aria-describedby="issue-date-hint"><p id="issue-date-hint" class="hint">\(l("documents.dateHint"))</p>
            <label for="issue-text">\(l("field.text"))</label><textarea id="issue-text" name="text" rows="4">\(value("successor.text"))</textarea>
            <p><button type="submit">\(l("documents.issueButton"))</button></p>
            </form></section>
            <section aria-labelledby="amend"><h2 id="amend">\(l("documents.amend"))</h2>
            <p class="hint">\(l("documents.amendHint"))</p>
            <form method="post" action="\(SiteURL.documentForm(id, .amend))" class="stacked">
            \(trusted: chrome.csrfField)
            <input type="hidden" name="form" value="amend">
            <label for="amend-access">\(l("documents.access"))</label><select id="amend-access" name="access">
            """)
        html.options(access)
        html("""
            </select>
            <label for="amend-date">\(l("common.date"))</label><input id="amend-date" name="date" value="\(value("amend.date"))" aria-describedby="amend-date-hint"><p id="amend-date-hint" class="hint">\(l("documents.dateHint"))</p>
            <label for="amend-place">\(l("common.place"))</label><input id="amend-place" name="place" maxlength="\(DocumentRules.maximumPlace)" value="\(value("amend.place"))">
            <p><button type="submit">\(l("documents.amendButton"))</button></p>
            </form></section>

            """)
    }
}
