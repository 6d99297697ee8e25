import CICACore
import CICAStore

/// The Secretariat page: its heads over time, the head's title and the seat as they changed, its personnel (contract
/// details only to the Secretariat), and the Secretariat's forms.
struct SecretariatView: Sendable {
    struct Row: Sendable {
        var name: String
        var title: String
        var nationality: String?
        var term: String
        var provenance: ProvenanceView
    }
    struct StaffRow: Sendable {
        var id: String
        var name: String
        var post: String
        var category: String
        var secondedBy: String?
        var term: String
        /// Shown to the Secretariat only.
        var contractEnd: String?
        var serving: Bool
    }
    var intro: String
    var heads: [Row]
    var deputies: [Row]
    var history: [String]
    var currentTitle: String?
    var staff: [StaffRow]
    /// The contracts ending within 90 days; nil for whoever may not see contracts.
    var contractsEnding: [StaffRow]?
    var canManage: Bool
    var categories: [SelectOption]
    var memberStates: [SelectOption]
    var organProvenance: ProvenanceView?
    var sources: [SourceView]
    var values: [String: String] = [:]
    var feedback: FormFeedback?
}


extension SecretariatView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("secretariat.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        html("<section aria-labelledby=\"history\"><h2 id=\"history\">\(l("secretariat.history"))</h2><ul>")
        for line in history { html("<li>\(line)</li>") }
        html("</ul>")
        if let organProvenance { html.provenance(organProvenance, l) }
        html("</section>\n")
        for (id, heading, rows) in [("heads", l("secretariat.heads"), heads), ("deputies", l("secretariat.deputies"), deputies)] {
            html("""
                <section aria-labelledby="\(id)"><h2 id="\(id)">\(heading)</h2>
                <table><thead><tr><th scope="col">\(l("secretariat.person"))</th><th scope="col">\(l("secretariat.post"))</th><th scope="col">\(l("secretariat.nationality"))</th><th scope="col">\(l("secretariat.term"))</th><th scope="col">\(l("provenance.heading"))</th></tr></thead><tbody>

                """)
            for row in rows {
                html("<tr><th scope=\"row\">\(row.name)</th><td>\(row.title)</td><td>\(row.nationality)</td><td>\(row.term)</td><td>")
                html.provenance(row.provenance, l)
                html("</td></tr>\n")
            }
            html("</tbody></table>\n</section>\n")
        }
        html.formFeedback(feedback, l)
        writeStaff(&html, chrome)
        html.pageSources(sources, l)
    }

    private func writeStaff(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"staff\"><h2 id=\"staff\">\(l("secretariat.staff"))</h2>\n")
        if staff.isEmpty {
            html("<p class=\"muted\">\(l("secretariat.noStaff"))</p>\n")
        } else {
            let contracts = contractsEnding != nil
            html("<table><thead><tr><th scope=\"col\">\(l("secretariat.person"))</th><th scope=\"col\">\(l("secretariat.post"))</th><th scope=\"col\">\(l("secretariat.category"))</th><th scope=\"col\">\(l("secretariat.secondedBy"))</th><th scope=\"col\">\(l("secretariat.term"))</th>")
            if contracts { html("<th scope=\"col\">\(l("secretariat.contractEnd"))</th>") }
            if canManage { html("<th scope=\"col\">\(l("secretariat.endTerm"))</th>") }
            html("</tr></thead><tbody>\n")
            for row in staff {
                html("<tr><th scope=\"row\">\(row.name)</th><td>\(row.post)</td><td>\(row.category)</td><td>\(row.secondedBy ?? "")</td><td>\(row.term)</td>")
                if contracts { html("<td>\(row.contractEnd ?? "")</td>") }
                if canManage {
                    html("<td>")
                    if row.serving {
                        html("<form method=\"post\" action=\"\(SiteURL.endStaffTerm(row.id))\" class=\"inline\">\(trusted: chrome.csrfField)<label for=\"end-\(row.id)\" class=\"visually-hidden\">\(l("secretariat.lastDay")) \(row.name)</label><input id=\"end-\(row.id)\" name=\"end\" type=\"date\" required> <button type=\"submit\">\(l("secretariat.endButton"))</button></form>")
                    }
                    html("</td>")
                }
                html("</tr>\n")
            }
            html("</tbody></table>\n")
        }
        if let contractsEnding {
            html("<h3>\(l("secretariat.contractsEnding"))</h3>\n")
            if contractsEnding.isEmpty { html("<p class=\"muted\">\(l("secretariat.noContractsEnding"))</p>\n") }
            else {
                html("<ul>")
                for row in contractsEnding { html("<li>\(row.name), \(row.post): \(row.contractEnd ?? "")</li>") }
                html("</ul>\n")
            }
        }
        html("</section>\n")
        guard canManage else { return }
        func value(_ key: String) -> String { values[key] ?? "" }
        html("""
            <section aria-labelledby="appoint"><h2 id="appoint">\(l("secretariat.appoint"))</h2>
            <p class="hint">\(l("secretariat.appointHint"))</p>
            <form method="post" action="\(SiteURL.staff)" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="category">\(l("secretariat.category"))</label><select id="category" name="category">
            """)
        html.options(categories)
        html("""
            </select>
            <label for="staff-title">\(l("secretariat.post"))</label><input id="staff-title" name="title" required maxlength="\(SecretariatRules.maximumText)" value="\(value("title"))">
            <label for="staff-name">\(l("secretariat.person"))</label><input id="staff-name" name="name" required maxlength="\(SecretariatRules.maximumText)" value="\(value("name"))">
            <label for="seconded-by">\(l("secretariat.secondedBy"))</label><select id="seconded-by" name="secondedBy" aria-describedby="seconded-hint">
            """)
        html.options(memberStates)
        html("""
            </select><p id="seconded-hint" class="hint">\(l("secretariat.secondedHint"))</p>
            <label for="contract-end">\(l("secretariat.contractEnd"))</label><input id="contract-end" name="contractEnd" type="date" value="\(value("contractEnd"))" aria-describedby="contract-hint"><p id="contract-hint" class="hint">\(l("secretariat.contractHint"))</p>
            <label for="staff-start">\(l("meetings.start"))</label><input id="staff-start" name="start" type="date" required value="\(value("start"))">
            <p><button type="submit">\(l("secretariat.appointButton"))</button></p>
            </form></section>

            """)
    }
}
