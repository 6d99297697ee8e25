import Foundation
import CICACore
import CICAStore

/// The recovery codes, shown once after they were made.
struct RecoveryCodesView: Sendable {
    var codes: [String]
    var next: String
}


extension RecoveryCodesView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("secondFactor.recoveryCodes"))</h1>\n")
        HTML.recoveryCodes(&html, codes, l)
        html("<p><a href=\"\(next)\">\(l("secondFactor.continue"))</a></p>\n")
    }
}

extension HTML {
    /// New recovery codes, with what to do with them.
    static func recoveryCodes(_ html: inout HTML, _ codes: [String], _ l: Localizer) {
        html("<div class=\"notice\" role=\"status\"><p>\(l("secondFactor.recoveryIntro"))</p>\n<ol class=\"recovery-codes\" id=\"recovery-codes\">")
        for code in codes { html("<li><code>\(code)</code></li>") }
        html("</ol></div>\n")
    }
}
