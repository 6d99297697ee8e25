import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// CICA's record in open standards: the open-data page, Popolo JSON of the whole forum, Akoma Ntoso XML of each decision
/// and declaration in each of its languages. Each answer holds what its reader may read, as the pages do.
struct OpenDataPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.openData) { _, context in
            platform.pages.render(OpenDataView(), title: context.localizer("openData.title"), section: .openData, context: context)
        }
        router.get(.popolo) { _, _ in
            let export = try await platform.popolo()
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"cica-popolo.json\""],
                            body: .init(byteBuffer: ByteBuffer(data: try Popolo.json(export))))
        }
        router.get(.decisionAKN(.parameter("id"))) { request, context in
            let id = try context.parameters.require("id")
            guard let detail = try await platform.decisions.decision(id: id), let version = detail.versions.last else {
                throw DecisionError.noSuchDecision(id)
            }
            let language = QueryParameters.string(request, "language") ?? version.language
            let organs = context.localizer.organNames(try await platform.organs.organs().map(\.organ))
            guard let act = AkomaNtoso.decision(detail.decision, version: version, language: language, positions: detail.positions,
                                                stateNames: try await platform.membership.memberStateNames(), organName: organs[detail.decision.organ]) else {
                throw NotFound(entity: Message("entity.languageVersion"), key: language, list: SiteURL.decision(id).href)
            }
            return Self.xml(act, name: detail.decision.symbol)
        }
        router.get(.documentAKN(.parameter("id"))) { request, context in
            let id = try context.parameters.require("id")
            // A document the reader may not read does not exist for them; one that is not an act has no Akoma Ntoso.
            guard let record = try await platform.documents.document(id: id, readership: context.readership),
                  AkomaNtoso.documentKinds.contains(record.document.value.kind) else {
                throw NotFound(entity: Message("entity.declaration"), key: id, list: SiteURL.documents.href)
            }
            let language = QueryParameters.string(request, "language") ?? record.current.first?.language ?? "en"
            let organs = context.localizer.organNames(try await platform.organs.organs().map(\.organ))
            guard let act = AkomaNtoso.document(record.document.value, versions: record.revisions, language: language,
                                                   organName: record.document.value.organ.flatMap { organs[$0] }) else {
                throw NotFound(entity: Message("entity.languageVersion"), key: language, list: SiteURL.document(id).href)
            }
            return Self.xml(act, name: record.document.value.symbol)
        }
    }

    static func xml(_ act: AkomaNtoso.Act, name: String) -> Response {
        let file = AkomaNtoso.segment(name) + "." + AkomaNtoso.language(act.language) + ".akn.xml"
        return Response(status: .ok, headers: [.contentType: "application/akn+xml; charset=utf-8",
                                               .contentDisposition: "inline; filename=\"\(file)\""],
                        body: .init(byteBuffer: ByteBuffer(string: AkomaNtoso.xml(act))))
    }
}

extension Platform {
    /// The whole forum in Popolo: everything in it is public (restricted records are documents and report parts, which
    /// the export does not carry).
    func popolo() async throws -> Popolo.Export {
        let states = try await Page.all { try await membership.memberStates(founding: nil, page: $0) }
        let observers = try await Page.all { try await membership.observers(kind: nil, page: $0) }
        let meetings = try await Page.all { try await organs.meetings(MeetingFilter(), page: $0) }
        let decisions = try await Page.all { try await self.decisions.decisions(DecisionFilter(), page: $0) }
        var records: [Popolo.DecisionRecord] = []
        for decision in decisions {
            guard let detail = try await self.decisions.decision(id: decision.id) else { continue }
            records.append(Popolo.DecisionRecord(decision: detail.decision, text: detail.versions.last?.text ?? "", positions: detail.positions))
        }
        return Popolo.export(Popolo.Input(name: Localizer(.en)("site.organization"), organs: try await organs.organs().map(\.organ),
                                          memberStates: states.map { ($0.value, $0.provenance.sources) },
                                          observers: observers.map { ($0.value, $0.provenance.sources) },
                                          meetings: meetings.map { ($0.value, $0.provenance.sources) },
                                          decisions: records))
    }
}

/// What the platform publishes in open formats, and where.
struct OpenDataView: Sendable, PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("openData.title"))</h1>\n<p class=\"lead\">\(l("openData.intro"))</p>\n")
        html("<h2>\(l("openData.popolo"))</h2>\n<p>\(l("openData.popoloText"))</p>\n<p><a href=\"\(SiteURL.popolo)\">popolo.json</a></p>\n")
        html("<h2>\(l("openData.akn"))</h2>\n<p>\(l("openData.aknText"))</p>\n")
        html("<p>\(l("openData.aknExample")) <a href=\"\(SiteURL.documentAKN("almaty-act-2002", language: "en"))\" type=\"application/akn+xml\">almaty-act-2002</a></p>\n")
        html("<h2>\(l("openData.csv"))</h2>\n<p>\(l("openData.csvText"))</p>\n<ul>\n")
        let lists: [(RegistryCSV.List, String)] = [(.memberStates, "nav.memberStates"), (.observers, "openData.observers"), (.partners, "observers.partners"),
                                                   (.meetings, "nav.meetings"), (.decisions, "nav.decisions"), (.coordinations, "openData.coordinations"),
                                                   (.reports, "reports.link"), (.documents, "nav.documents")]
        for (list, label) in lists { html("<li><a href=\"\(SiteURL.csv(list))\">\(l(label))</a></li>\n") }
        html("</ul>\n<h2>\(l("openData.api"))</h2>\n<p>\(l("openData.apiText"))</p>\n<p><a href=\"\(SiteURL.openAPI)\">openapi.yaml</a> · <a href=\"\(SiteURL.search())\">\(l("search.title"))</a></p>\n")
    }
}

extension HTML {
    /// "Akoma Ntoso XML: English · Русский", each language linked to its XML.
    mutating func akomaNtoso(_ links: [(language: String, label: String, url: SiteURL)], _ l: Localizer) {
        guard !links.isEmpty else { return }
        self("<p class=\"akoma-ntoso\">\(l("openData.aknLink"))")
        for (index, link) in links.enumerated() {
            self(index == 0 ? " " : " · ")
            self("<a href=\"\(link.url)\" hreflang=\"\(link.language)\" type=\"application/akn+xml\">\(link.label)</a>")
        }
        self("</p>\n")
    }
}
