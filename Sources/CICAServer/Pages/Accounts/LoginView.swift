import Foundation
import CICACore
import CICAStore

/// The sign-in page.
struct LoginView: Sendable {
    var intro: String
    var email: String
    var next: String
    var error: String?
}


extension LoginView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("login.title"))</h1>\n<p class=\"lead\">\(intro)</p>\n")
        if let error { html("<p id=\"login-error\" class=\"error\" role=\"alert\">\(error)</p>\n") }
        html("""
            <form method="post" action="\(SiteURL.login())" class="stacked">
            \(trusted: chrome.csrfField)
            <input type="hidden" name="next" value="\(next)">
            <label for="email">\(l("account.email"))</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="\(email)"\(attribute: "aria-describedby=\"login-error\"", when: error != nil)>
            <label for="password">\(l("account.password"))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <p><button type="submit">\(l("login.submit"))</button></p>
            </form>

            """)
    }
}
