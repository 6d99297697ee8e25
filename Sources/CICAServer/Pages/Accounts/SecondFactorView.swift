import Foundation
import CICACore
import CICAStore

/// The second step of signing in: a code from the authenticator app, or setting the app up first.
struct SecondFactorView: Sendable {
    var name: String
    var error: String?
    /// While the app is being set up: the QR code and the secret to type instead.
    var enrolment: EnrolmentView?
}


extension SecondFactorView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("secondFactor.title"))</h1>\n")
        if let error { html("<p id=\"code-error\" class=\"error\" role=\"alert\">\(error)</p>\n") }
        if let enrolment {
            html("<p class=\"lead\">\(l("secondFactor.required"))</p>\n<p>\(l("secondFactor.enrolIntro"))</p>\n")
            enrolment.write(&html, l)
        } else {
            html("<p class=\"lead\">\(l("secondFactor.intro"))</p>\n")
        }
        let enrolling = enrolment != nil
        html("""
            <form method="post" action="\(SiteURL.secondFactor)" class="stacked">
            \(trusted: chrome.csrfField)
            <label for="code">\(l("secondFactor.code"))</label>
            <input id="code" name="code" autocomplete="one-time-code" inputmode="\(enrolling ? "numeric" : "text")" required maxlength="40" aria-describedby="code-hint\(error == nil ? "" : " code-error")">
            <p id="code-hint" class="hint">\(l(enrolling ? "secondFactor.codeHintEnrol" : "secondFactor.codeHint"))</p>
            <p><button type="submit">\(l("secondFactor.submit"))</button></p>
            </form>
            <p><a href="\(SiteURL.login())">\(l("secondFactor.startOver"))</a></p>

            """)
    }
}
