import Foundation
import CICACore
import CICAStore

/// A Member State's delegation: who speaks for it (head and members, accredited by whom, from and until when), its
/// keys, whether its positions must be signed, and the history of its record; the forms for those who may act.
struct DelegationPageView: Sendable {
    struct Person: Sendable {
        var name: String
        var role: String
        var participant: String
        var from: String
        var until: String
        var by: String
        var current: Bool
        var withdraw: SiteURL?
    }

    struct Key: Sendable {
        var id: String
        var registered: String
        var revoked: String?
        var revoke: SiteURL?
    }

    var state: String
    var stateName: String
    var people: [Person]
    var keys: [Key]
    var signaturesRequired: String?
    var canAccredit: Bool
    var canRequire: Bool
    var feedback: FormFeedback?
    var email = ""
    var until = ""

    static func make(_ view: DelegationView, stateName: String, principal: Principal, now: Date, localizer l: Localizer) -> DelegationPageView {
        let state = view.record.state
        let accredit = Policy.decide(principal, .manageRecords).isAllowed
        let own = Policy.decide(principal, .registerDelegationKey, on: .state(state)).isAllowed
        let people = view.record.accreditations.reversed().map { a in
            Person(name: a.name, role: l("delegation.role.\(a.role.rawValue)"), participant: a.participant, from: l.instant(a.from),
                   until: a.withdrawnAt.map { l("delegation.withdrawnOn", ["date": "\(l.instant($0))"]) } ?? a.until.map { l.instant($0) } ?? l("delegation.openEnded"),
                   by: a.accreditedBy, current: a.holds(at: now),
                   withdraw: accredit && a.holds(at: now) ? .withdrawAccreditation(state, a.id) : nil)
        }
        let keys = view.keys.map { k in
            Key(id: k.id, registered: k.registeredAt.map { l.instant($0) } ?? "—", revoked: view.record.revokedKeys[k.id].map { l.instant($0) },
                revoke: own && !view.record.isRevoked(k.id, at: now) ? .revokeDelegationKey(state, k.id) : nil)
        }
        return DelegationPageView(state: state, stateName: stateName, people: Array(people), keys: keys,
                                  signaturesRequired: view.record.signaturesRequiredSince.map { l.instant($0) },
                                  canAccredit: accredit, canRequire: own && view.record.signaturesRequiredSince == nil)
    }
}

extension DelegationPageView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"breadcrumbs\"><a href=\"\(SiteURL.memberState(state))\">\(stateName)</a></p>\n")
        html("<h1>\(l(Message("delegation.title", ["state": .country(state)])))</h1>\n<p class=\"lead\">\(l("delegation.intro"))</p>\n")
        html.formFeedback(feedback, l)
        html("<section aria-labelledby=\"people\"><h2 id=\"people\">\(l("delegation.people"))</h2>\n")
        if people.isEmpty {
            html("<p>\(l("delegation.nobody"))</p>\n")
        } else {
            html("<table><thead><tr><th scope=\"col\">\(l("account.name"))</th><th scope=\"col\">\(l("delegation.roleHeading"))</th><th scope=\"col\">\(l("delegation.participant"))</th><th scope=\"col\">\(l("delegation.from"))</th><th scope=\"col\">\(l("delegation.until"))</th><th scope=\"col\">\(l("delegation.by"))</th><th scope=\"col\"><span class=\"visually-hidden\">\(l("delegation.actions"))</span></th></tr></thead><tbody>\n")
            for person in people {
                if person.current { html("<tr>") } else { html("<tr class=\"muted\">") }
                html("<th scope=\"row\">\(person.name)</th><td>\(person.role)</td><td><code>\(person.participant)</code></td><td>\(person.from)</td><td>\(person.until)</td><td><code>\(person.by)</code></td><td>")
                if let withdraw = person.withdraw {
                    html("<form method=\"post\" action=\"\(withdraw)\">\(trusted: chrome.csrfField)<button type=\"submit\" class=\"secondary\">\(l("delegation.withdraw"))</button></form>")
                }
                html("</td></tr>\n")
            }
            html("</tbody></table>\n")
        }
        html("</section>\n<section aria-labelledby=\"keys\"><h2 id=\"keys\">\(l("delegation.keys"))</h2>\n")
        if let since = signaturesRequired {
            html("<p class=\"notice\">\(l("delegation.signaturesRequiredSince", ["date": "\(since)"]))</p>\n")
        } else {
            html("<p>\(l("delegation.signaturesNotRequired"))</p>\n")
        }
        if keys.isEmpty {
            html("<p>\(l("delegation.noKeys"))</p>\n")
        } else {
            html("<ul>\n")
            for key in keys {
                html("<li><code>\(key.id)</code> · \(l("delegation.registered", ["date": "\(key.registered)"]))")
                if let revoked = key.revoked { html(" · <strong>\(l("delegation.revokedOn", ["date": "\(revoked)"]))</strong>") }
                if let revoke = key.revoke {
                    html(" <form method=\"post\" action=\"\(revoke)\" class=\"inline\">\(trusted: chrome.csrfField)<button type=\"submit\" class=\"secondary\">\(l("delegation.revoke"))</button></form>")
                }
                html("</li>\n")
            }
            html("</ul>\n")
        }
        if canRequire {
            html("""
                <form method="post" action="\(SiteURL.delegationForm(state, .signaturesRequired))">
                \(trusted: chrome.csrfField)
                <p class="hint">\(l("delegation.requireHint"))</p>
                <p><button type="submit">\(l("delegation.require"))</button></p>
                </form>

                """)
        }
        html("</section>\n")
        if canAccredit {
            html("""
                <section aria-labelledby="accredit"><h2 id="accredit">\(l("delegation.accredit"))</h2>
                <form method="post" action="\(SiteURL.delegationForm(state, .accreditations))" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="email">\(l("delegation.email"))</label><input id="email" name="email" type="email" required maxlength="320" value="\(email)" aria-describedby="email-hint">
                <p id="email-hint" class="hint">\(l("delegation.emailHint"))</p>
                <label for="role">\(l("delegation.roleHeading"))</label>
                <select id="role" name="role"><option value="member">\(l("delegation.role.member"))</option><option value="head">\(l("delegation.role.head"))</option></select>
                <label for="until">\(l("delegation.until"))</label><input id="until" name="until" type="date" value="\(until)" aria-describedby="until-hint">
                <p id="until-hint" class="hint">\(l("delegation.untilHint"))</p>
                <p><button type="submit">\(l("delegation.accredit"))</button></p>
                </form>
                </section>

                """)
        }
    }
}
