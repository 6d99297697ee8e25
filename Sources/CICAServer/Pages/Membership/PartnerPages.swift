import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// A partner organization's page: its memorandum as the sources give it, the memoranda the Secretariat has recorded,
/// and the Secretariat's form to record one.
struct PartnerPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        let id = String.parameter("id")
        router.get(.partner(id)) { _, context in try await page(context) }
        router.post(.partnerMemoranda(id)) { request, context in
            try context.authorize(.manageRecords)
            let partner = try await found(context).partner.value.id
            return try await FormFeedback.answering(.partner, request, context: context, action: { form in
                _ = try await platform.partners.record(partner: partner, MemorandumFields(instrument: form["instrument"], signed: form["signed"], place: form["place"],
                                                                                          document: form["document"], status: form["status"]),
                                                       actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.partner(partner).href + "#memoranda"])
            }, redisplay: { form, feedback, status in try await page(context, refused: (form, feedback), status: status) })
        }
    }

    private func found(_ context: AppRequestContext) async throws -> (partner: Sourced<Partner>, memoranda: [Memorandum]) {
        let id = try context.parameters.require("id")
        guard let found = try await platform.partners.partner(id: id) else { throw NotFound(entity: Message("entity.partner"), key: id, list: SiteURL.observers.href) }
        return found
    }

    func page(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        let (partner, memoranda) = try await found(context)
        let p = partner.value
        var rows: [PartnerView.Row] = []
        for m in memoranda {
            let document = try await m.document.asyncMap { try await platform.documents.document(id: $0, readership: context.readership) } ?? nil
            rows.append(PartnerView.Row(instrument: m.instrument, signed: l.date(m.signed), place: m.place, status: l("memorandum.status.\(m.status.rawValue)"),
                                        document: document.map { ("\($0.document.value.symbol) \(l.title(of: $0.document.value))", .document($0.document.value.id)) },
                                        recorded: l("admission.recordedBy", ["at": l.instant(m.recorded.at), "by": m.recorded.by])))
        }
        var view = PartnerView(
            id: p.id, title: "\(l.name(of: p)) (\(l.acronym(of: p)))", instrument: l.instrument(of: p),
            signed: p.signed.map { l.date($0) } ?? p.signedNote ?? l("date.unknown"), place: p.place,
            provenance: ProvenanceView(partner.provenance, localizer: l), memoranda: rows,
            canRecord: Policy.decide(context.principal, .manageRecords).isAllowed,
            statuses: MemorandumStatus.allCases.map { SelectOption(value: $0.rawValue, label: l("memorandum.status.\($0.rawValue)"), selected: $0 == .signed) },
            guidelines: .document("guidelines-for-cicas-external-relations"), sources: citedSources([partner.provenance]))
        if let (form, feedback) = refused {
            view.feedback = feedback
            for key in ["instrument", "signed", "place", "document"] { view.values[key] = form[key] ?? "" }
            view.statuses = view.statuses.selecting(form["status"])
        }
        return platform.pages.render(view, title: view.title, section: .observers, context: context, status: status)
    }
}

/// A partner's page.
struct PartnerView: Sendable {
    struct Row: Sendable {
        var instrument: String
        var signed: String
        var place: String?
        var status: String
        var document: (String, SiteURL)?
        var recorded: String
    }
    var id: String
    var title: String
    var instrument: String
    var signed: String
    var place: String?
    var provenance: ProvenanceView
    var memoranda: [Row]
    var canRecord: Bool
    var statuses: [SelectOption]
    var guidelines: SiteURL
    var sources: [SourceView]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
}

extension PartnerView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(title)</h1>\n<dl class=\"facts\">\n")
        html("<dt>\(l("observers.instrument"))</dt><dd>\(instrument)</dd>\n<dt>\(l("observers.signed"))</dt><dd>\(signed)</dd>\n")
        if let place { html("<dt>\(l("common.place"))</dt><dd>\(place)</dd>\n") }
        html("</dl>\n")
        html.provenance(provenance, l)
        html("<p><a href=\"\(guidelines)\">\(l("partner.guidelines"))</a></p>\n")
        html.formFeedback(feedback, l)
        html("<section aria-labelledby=\"memoranda\"><h2 id=\"memoranda\">\(l("partner.memoranda"))</h2>\n")
        if memoranda.isEmpty { html("<p class=\"muted\">\(l("partner.noMemoranda"))</p>\n") }
        for row in memoranda {
            html("<article><h3>\(row.instrument)</h3><p>\(l("partner.signedOn", ["date": row.signed]))")
            if let place = row.place { html(", \(place)") }
            html(" — \(row.status)")
            if let (label, url) = row.document { html("<br><a href=\"\(url)\">\(label)</a>") }
            html("<br><span class=\"muted\">\(row.recorded)</span></p></article>\n")
        }
        html("</section>\n")
        if canRecord {
            func value(_ key: String) -> String { values[key] ?? "" }
            html("""
                <section aria-labelledby="record"><h2 id="record">\(l("partner.record"))</h2>
                <form method="post" action="\(SiteURL.partnerMemoranda(id))" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="instrument">\(l("observers.instrument"))</label><input id="instrument" name="instrument" required maxlength="\(MeetingRules.maximumTitle)" value="\(value("instrument"))">
                <label for="signed">\(l("observers.signed"))</label><input id="signed" name="signed" type="date" required value="\(value("signed"))">
                <label for="place">\(l("common.place"))</label><input id="place" name="place" maxlength="\(MeetingRules.maximumPlace)" value="\(value("place"))">
                <label for="document">\(l("partner.document"))</label><input id="document" name="document" value="\(value("document"))" aria-describedby="document-hint"><p id="document-hint" class="hint">\(l("partner.documentHint"))</p>
                <label for="status">\(l("common.status"))</label><select id="status" name="status">
                """)
            html.options(statuses)
            html("</select>\n<p><button type=\"submit\">\(l("partner.recordButton"))</button></p>\n</form></section>\n")
        }
        html.pageSources(sources, l)
    }
}
