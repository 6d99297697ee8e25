import Foundation
import CICACore
import CICAStore

/// The list of users, with the form to add one.
struct UsersView: Sendable {
    var intro: String
    var users: [UserRow]
    var roleKinds: [SelectOption]
    /// Why the new account was refused, with what the administrator typed (never the password).
    var feedback: FormFeedback?
    var email = ""
    var name = ""
    var scope = ""
}


extension UsersView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("users.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        html.formFeedback(feedback, l)
        html("<table><thead><tr><th scope=\"col\">\(l("account.name"))</th><th scope=\"col\">\(l("account.email"))</th><th scope=\"col\">\(l("users.roles"))</th><th scope=\"col\">\(l("users.status"))</th><th scope=\"col\">\(l("users.created"))</th></tr></thead><tbody>\n")
        for user in users {
            html("<tr><th scope=\"row\"><a href=\"\(user.url)\">\(user.name)</a></th><td>\(user.email)</td><td>\(user.roles)</td><td>\(l(user.disabled ? "users.disabled" : "users.active"))</td><td>\(user.created)</td></tr>\n")
        }
        html("""
            </tbody></table>
            <section aria-labelledby="add"><h2 id="add">\(l("users.add"))</h2>
            <form method="post" action="\(SiteURL.users)" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="email">\(l("account.email"))</label><input id="email" name="email" type="email" required value="\(email)">
            <label for="name">\(l("account.name"))</label><input id="name" name="name" required maxlength="\(AccountInput.maximumNameLength)" value="\(name)">
            <label for="password">\(l("account.password"))</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="\(AccountInput.minimumPasswordLength)" aria-describedby="password-hint">
            <p id="password-hint" class="hint">\(l("account.passwordHint"))</p>
            <label for="role">\(l("users.role"))</label>
            <select id="role" name="role"><option value="">\(l("users.none"))</option>
            """)
        html.options(roleKinds)
        html("""
            </select>
            <label for="scope">\(l("users.scope"))</label><input id="scope" name="scope" maxlength="20" aria-describedby="scope-hint" value="\(scope)">
            <p id="scope-hint" class="hint">\(l("users.scopeHint"))</p>
            <p><button type="submit">\(l("users.add"))</button></p>
            </form>
            </section>

            """)
    }
}
