import Foundation
import CICACore
import CICAStore

/// The account page: roles, API tokens, password.
struct AccountView: Sendable {
    struct TokenRow: Sendable {
        var id: String
        var name: String
        var prefix: String
        var created: String
        var lastUsed: String
        var expires: String
        var status: String
        var active: Bool
    }
    var email: String
    var name: String
    var roles: [String]
    var tokens: [TokenRow]
    var newToken: String?
    var newTokenLabel: String?
    var notice: String?
    /// The second factor: on since, codes left, whether it may be turned off; or the app being set up.
    var secondFactorOn = false
    var secondFactorSince = ""
    var recoveryCodesLeft = ""
    var secondFactorRequired = false
    var enrolment: EnrolmentView?
    var newRecoveryCodes: [String] = []
    /// Why the token or password form was refused, with the token form's input kept (passwords are never sent back).
    var feedback: FormFeedback?
    var tokenName = ""
    var tokenExpires = ""
    /// The private calendar feed: since when there is one, and the address of one just made (shown once).
    var calendarSince: String?
    var newCalendar: String?

    static func make(user: UserAccount, tokens: [APIToken], now: Date, newToken: (APIToken, String)?, notice: String?,
                     localizer l: Localizer) -> AccountView {
        func instant(_ date: Date?) -> String {
            guard let date else { return l("account.never") }
            return l.date(CivilDate(date))
        }
        return AccountView(
            email: user.email, name: user.displayName, roles: user.roles.map { RoleText.describe($0, localizer: l) },
            tokens: tokens.map { token in
                let status = token.revokedAt != nil ? l("account.revoked") : (token.isActive(at: now) ? l("account.active") : l("account.expired"))
                return TokenRow(id: token.id, name: token.name, prefix: token.prefix, created: instant(token.createdAt),
                                lastUsed: instant(token.lastUsedAt), expires: instant(token.expiresAt), status: status,
                                active: token.isActive(at: now))
            },
            newToken: newToken?.1, newTokenLabel: newToken.map { l("account.newToken", ["name": $0.0.name]) }, notice: notice)
    }
}


extension AccountView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("account.title"))</h1>\n")
        html.formFeedback(feedback, l)
        if let notice { html("<p class=\"notice\" role=\"status\">\(notice)</p>\n") }
        html("<dl class=\"facts\"><dt>\(l("account.name"))</dt><dd>\(name)</dd><dt>\(l("account.email"))</dt><dd>\(email)</dd></dl>\n")
        html("<section aria-labelledby=\"roles\"><h2 id=\"roles\">\(l("account.roles"))</h2>\n")
        if roles.isEmpty {
            html("<p>\(l("role.none"))</p>")
        } else {
            html("<ul>")
            for role in roles { html("<li>\(role)</li>") }
            html("</ul>")
        }
        html("\n</section>\n<section aria-labelledby=\"tokens\"><h2 id=\"tokens\">\(l("account.tokens"))</h2>\n<p>\(l("account.tokensIntro"))</p>\n")
        if let newToken, let newTokenLabel {
            html("<div class=\"notice\" role=\"status\"><p>\(newTokenLabel)</p><p class=\"secret\" id=\"new-token\">\(newToken)</p></div>\n")
        }
        if tokens.isEmpty {
            html("<p>\(l("account.noTokens"))</p>")
        } else {
            html("<table><thead><tr><th scope=\"col\">\(l("account.tokenName"))</th><th scope=\"col\">\(l("common.status"))</th><th scope=\"col\">\(l("account.created"))</th><th scope=\"col\">\(l("account.lastUsed"))</th><th scope=\"col\">\(l("account.expires"))</th><th scope=\"col\"><span class=\"visually-hidden\">\(l("account.revoke"))</span></th></tr></thead><tbody>\n")
            for token in tokens {
                html("<tr><th scope=\"row\">\(token.name) <code>\(token.prefix)…</code></th><td>\(token.status)</td><td>\(token.created)</td><td>\(token.lastUsed)</td><td>\(token.expires)</td><td>")
                if token.active {
                    html("<form method=\"post\" action=\"\(SiteURL.revokeToken(token.id))\" class=\"inline\">\(trusted: chrome.csrfField)<button type=\"submit\">\(l("account.revoke"))</button></form>")
                }
                html("</td></tr>\n")
            }
            html("</tbody></table>")
        }
        html("""

            <form method="post" action="\(SiteURL.accountForm(.tokens))" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="token-name">\(l("account.tokenName"))</label>
            <input id="token-name" name="name" required maxlength="\(AccountInput.maximumTokenNameLength)" value="\(tokenName)">
            <label for="token-expires">\(l("account.tokenExpires"))</label>
            <input id="token-expires" name="expiresInDays" type="number" min="1" max="3650" inputmode="numeric" value="\(tokenExpires)">
            <p><button type="submit">\(l("account.createToken"))</button></p>
            </form>
            </section>

            """)
        writeCalendar(&html, chrome)
        writeSecondFactor(&html, chrome)
        html("""
            <section aria-labelledby="password"><h2 id="password">\(l("account.changePassword"))</h2>
            <p class="hint">\(l("account.passwordChangeEnds"))</p>
            <form method="post" action="\(SiteURL.accountForm(.password))" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="current-password">\(l("account.currentPassword"))</label>
            <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required>
            <label for="new-password">\(l("account.newPassword"))</label>
            <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minlength="\(AccountInput.minimumPasswordLength)" aria-describedby="password-hint">
            <p id="password-hint" class="hint">\(l("account.passwordHint"))</p>
            <label for="confirm-password">\(l("account.newPassword")) (\(l("common.again")))</label>
            <input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required minlength="\(AccountInput.minimumPasswordLength)">
            <p><button type="submit">\(l("account.changePassword"))</button></p>
            </form>
            </section>

            """)
    }

    /// Two-step sign-in: on since when, with its forms; or being set up; or offered.
    private func writeSecondFactor(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"second-factor\"><h2 id=\"second-factor\">\(l("secondFactor.heading"))</h2>\n")
        if !newRecoveryCodes.isEmpty { HTML.recoveryCodes(&html, newRecoveryCodes, l) }
        func codeForm(_ form: SiteURL.AccountForm, id: String, label: String, button: String) {
            html("""
                <form method="post" action="\(SiteURL.accountForm(form))" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="\(id)">\(label)</label>
                <input id="\(id)" name="code" autocomplete="one-time-code" required maxlength="40">
                <p><button type="submit">\(button)</button></p>
                </form>

                """)
        }
        if secondFactorOn {
            html("<p>\(l("secondFactor.onSince")) \(secondFactorSince). \(recoveryCodesLeft)</p>\n")
            codeForm(.recoveryCodes, id: "renew-code", label: l("secondFactor.codeToRenew"), button: l("secondFactor.renew"))
            if secondFactorRequired {
                html("<p class=\"muted\">\(l("secondFactor.requiredForRole"))</p>\n")
            } else {
                codeForm(.disableSecondFactor, id: "disable-code", label: l("secondFactor.codeToDisable"), button: l("secondFactor.disable"))
            }
        } else if let enrolment {
            html("<p>\(l("secondFactor.enrolIntro"))</p>\n")
            enrolment.write(&html, l)
            html("""
                <form method="post" action="\(SiteURL.accountForm(.confirmSecondFactor))" class="stacked">
                \(trusted: chrome.csrfField)
                <label for="confirm-code">\(l("secondFactor.code"))</label>
                <input id="confirm-code" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength="12" aria-describedby="confirm-hint">
                <p id="confirm-hint" class="hint">\(l("secondFactor.codeHintEnrol"))</p>
                <p><button type="submit">\(l("secondFactor.confirm"))</button></p>
                </form>

                """)
        } else {
            html("""
                <p>\(l("secondFactor.offered"))</p>
                <form method="post" action="\(SiteURL.accountForm(.secondFactor))" class="inline">
                \(trusted: chrome.csrfField)
                <button type="submit">\(l("secondFactor.setUp"))</button>
                </form>

                """)
        }
        html("</section>\n")
    }

    /// The private calendar feed: make one (its address shown once), make a new one, or revoke it.
    private func writeCalendar(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<section aria-labelledby=\"calendar\"><h2 id=\"calendar\">\(l("account.calendar"))</h2>\n<p>\(l("account.calendarIntro"))</p>\n")
        if let newCalendar {
            html("<p role=\"status\">\(l("account.calendarNew"))</p>\n<p><code id=\"new-calendar\">\(newCalendar)</code></p>\n")
        } else if let calendarSince {
            html("<p>\(l("account.calendarSince", ["date": calendarSince]))</p>\n")
        }
        html("""
            <form method="post" action="\(SiteURL.accountForm(.calendar))" class="inline">\(trusted: chrome.csrfField)<button type="submit">\(l(calendarSince == nil ? "account.calendarMake" : "account.calendarRemake"))</button></form>

            """)
        if calendarSince != nil {
            html("<form method=\"post\" action=\"\(SiteURL.accountForm(.revokeCalendar))\" class=\"inline\">\(trusted: chrome.csrfField)<button type=\"submit\" class=\"secondary\">\(l("account.calendarRevoke"))</button></form>\n")
        }
        html("</section>\n")
    }
}
