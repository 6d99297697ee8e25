import Foundation
import CICACore
import CICAStore

/// One version of a decision's text, on a page of its own.
struct DecisionVersionView: PageView {
    var symbol: String
    var title: String
    var decisionURL: SiteURL
    var number: Int
    var hash: String
    var date: String
    var text: String
    /// The language `text` is in, and the others the version has, each with its address.
    var language: String
    var otherLanguages: [(name: String, url: SiteURL)]
    var isCurrent: Bool
}


extension DecisionVersionView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(decisionURL)\">\(symbol)</a></p>\n<h1>\(title)</h1>\n<p>\(l("decisions.version")) \(number) · \(date)")
        if isCurrent { html(" · <span class=\"badge\">\(l("decisions.currentVersion"))</span>") }
        html("</p>\n<div class=\"decision-text\" lang=\"\(language)\">\(text)</div>\n")
        html.otherLanguages(otherLanguages, l)
        html("<p class=\"muted\">SHA-256 <code>\(hash)</code></p>\n")
        html("<p><a href=\"\(decisionURL)\">\(l("decisions.backToDecision"))</a></p>\n")
    }
}
