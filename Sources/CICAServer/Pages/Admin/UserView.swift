import Foundation
import CICACore
import CICAStore

/// One user, with their roles and the forms to change them.
struct UserView: Sendable {
    var user: UserRow
    var roleKinds: [SelectOption]
    /// Why the last change was refused (a role for a state that is not a Member State, the last administrator…).
    var feedback: FormFeedback?
    var scope = ""
}


extension UserView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(user.name)</h1>\n")
        html.formFeedback(feedback, l)
        let status = l(user.disabled ? "users.disabled" : "users.active")
        html("""
            <dl class="facts"><dt>\(l("account.email"))</dt><dd>\(user.email)</dd><dt>\(l("users.status"))</dt><dd>\(status)</dd><dt>\(l("users.created"))</dt><dd>\(user.created)</dd><dt>\(l("users.pseudonym"))</dt><dd><code>\(user.pseudonym)</code></dd></dl>
            <form method="post" action="\(SiteURL.userForm(user.id, user.disabled ? .enable : .disable))" class="inline">
            \(trusted: chrome.csrfField)<button type="submit">\(l(user.disabled ? "users.enable" : "users.disable"))</button></form>
            <section aria-labelledby="roles"><h2 id="roles">\(l("users.roles"))</h2>

            """)
        if user.grants.isEmpty {
            html("<p>\(l("role.none"))</p>\n")
        } else {
            html("<ul>")
            for grant in user.grants {
                html("<li>\(grant.role) <form method=\"post\" action=\"\(grant.revokeURL)\" class=\"inline\">\(trusted: chrome.csrfField)<button type=\"submit\">\(l("account.revoke"))</button></form></li>")
            }
            html("</ul>\n")
        }
        html("""
            </section>
            <section aria-labelledby="grant"><h2 id="grant">\(l("users.grant"))</h2>
            <form method="post" action="\(SiteURL.userForm(user.id, .roles))" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="role">\(l("users.role"))</label>
            <select id="role" name="role">
            """)
        html.options(roleKinds)
        html("""
            </select>
            <label for="scope">\(l("users.scope"))</label><input id="scope" name="scope" maxlength="20" aria-describedby="scope-hint" value="\(scope)">
            <p id="scope-hint" class="hint">\(l("users.scopeHint"))</p>
            <p><button type="submit">\(l("users.grant"))</button></p>
            </form>
            </section>

            """)
    }
}
