import Foundation
import CICACore

extension AwaitedAct {
    /// The page where the act is done.
    var page: SiteURL {
        switch kind {
        case .position, .attention: .decision(subject)
        case .report: .stateReport(delegation ?? "", subject)
        case .registration: .meeting(subject)
        case .mandate: .organ("special-working-group")
        case .contract: .secretariat
        }
    }
}

/// One act waiting for the person, as a list shows it: what to do, on what (linked to the page where it is done), for
/// which delegation, by when, and whether it was marked read.
struct AwaitedRow: Sendable {
    var key: String
    var what: String
    var title: String
    var url: SiteURL
    var delegation: String?
    var due: String?
    /// For a deadline at an instant: the ISO form `countdown.js` keeps current, and the time left as the server saw it.
    var dueISO: String?
    var remaining: String?
    var overdue: Bool
    var read: Bool

    init(_ act: AwaitedAct, read: Bool, names: [String: String], now: Date, localizer l: Localizer) {
        key = act.key
        what = l("notifications.kind.\(act.kind.rawValue)")
        url = act.page
        title = act.kind == .report ? l("notifications.reportTitle", ["year": act.subject]) : act.title
        delegation = act.delegation.map { names[$0] ?? l.country($0, recorded: $0) }
        switch act.due {
        case .at(let instant)?:
            due = l.instant(instant)
            dueISO = Timestamp.string(instant)
            remaining = l.remaining(from: now, to: instant)
        case .on(let day)?:
            due = l.date(day)
        case nil:
            due = nil
        }
        overdue = act.overdue
        self.read = read
    }

    /// Writes the row as a list item; with `forms`, the button that marks it read or unread.
    func write(_ html: inout HTML, _ chrome: Chrome, forms: Bool) {
        let l = chrome.l
        html("<li class=\"awaited\(read ? " read" : " unread")\">")
        if !read { html("<strong class=\"tag\">\(l("notifications.new"))</strong> ") }
        html("<span class=\"what\">\(what)</span>: <a href=\"\(url)\">\(title)</a>")
        if let delegation { html(" <span class=\"muted\">(\(delegation))</span>") }
        if let due {
            html("<br><span class=\"due\">\(overdue ? l("notifications.overdue", ["date": due]) : l("notifications.due", ["date": due]))</span>")
            if let dueISO, let remaining {
                html(" <span class=\"countdown\"><time datetime=\"\(dueISO)\" data-countdown>\(remaining)</time> \(l("decisions.left"))</span>")
            }
        }
        if forms {
            let action: SiteURL = read ? .notificationsUnread : .notificationsRead
            html("<form method=\"post\" action=\"\(action)\" class=\"inline\">\(trusted: chrome.csrfField)<input type=\"hidden\" name=\"act\" value=\"\(key)\"> ")
            html("<button type=\"submit\" class=\"link\">\(read ? l("notifications.markUnread") : l("notifications.markRead"))<span class=\"visually-hidden\">: \(title)</span></button></form>")
        }
        html("</li>")
    }
}

/// The notifications page: every act waiting for the signed-in person, unread first marked, with the forms that mark
/// them read or unread.
struct NotificationsView: Sendable {
    var rows: [AwaitedRow]
    var unread: Int
    var feedback: FormFeedback?
}

extension NotificationsView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<h1>\(l("notifications.title"))</h1>\n<p class=\"lead\">\(l("notifications.intro"))</p>\n")
        html.formFeedback(feedback, l)
        if rows.isEmpty {
            html("<p>\(l("notifications.none"))</p>\n")
            return
        }
        html("<p>\(l("notifications.unread", count: unread))</p>\n")
        if unread > 0 {
            html("<form method=\"post\" action=\"\(SiteURL.notificationsRead)\">\(trusted: chrome.csrfField)<input type=\"hidden\" name=\"all\" value=\"true\"><button type=\"submit\">\(l("notifications.markAllRead"))</button></form>\n")
        }
        html("<ul class=\"awaited-list\">")
        for row in rows { row.write(&html, chrome, forms: true) }
        html("</ul>\n")
        html.countdownScript(l)
    }
}
