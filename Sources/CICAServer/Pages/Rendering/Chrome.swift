import Foundation
import Hummingbird
import CICACore

/// What every page shows around its content: language, title, navigation, who is signed in.
struct Chrome: Sendable {
    struct NavItem: Sendable {
        var url: SiteURL
        var label: String
        var current: Bool
    }

    /// Who is signed in, as the header shows it.
    struct SignedIn: Sendable {
        var name: String
        var roles: String
    }

    let l: Localizer
    var title: String
    var nav: [NavItem]
    /// Links for the signed-in user's duties (user administration, the audit log).
    var duties: [NavItem]
    var user: SignedIn?
    /// The CSRF token every form of a signed-in user carries.
    var csrf: String?
    /// The same page in each language the platform speaks.
    var languages: [(language: Language, href: String, current: Bool)]
    /// "Saved": what the form just sent did (`Notice`), shown once at the top of the page.
    var notice: String?
    /// Where am I: the home page, the section, and the page itself when it is not the section's own page (the last one
    /// has no link). Empty on the home page.
    var trail: [NavItem]
    /// Where "Sign in" leads: the sign-in page, which brings the person back to this page (the home page too, where what
    /// waits for them is shown; not from the sign-in pages).
    var signIn: SiteURL

    init(title: String, section: Section?, identity: Identity? = nil, formToken: String? = nil, page: String = "/", localizer l: Localizer) {
        self.l = l
        self.languages = Language.allCases.map { ($0, Self.address(page, in: $0), $0 == l.language) }
        self.signIn = .login(next: page.hasPrefix(SiteURL.login().href) ? nil : page)
        self.title = title
        self.nav = Section.navigation.map { NavItem(url: $0.url, label: $0.label(l), current: $0 == section) }
        self.trail = Self.trail(title: title, section: section, page: page, signedIn: identity != nil, l)
        self.user = identity.map { SignedIn(name: $0.user.displayName, roles: RoleText.list($0.user.roles, localizer: l)) }
        self.csrf = identity?.csrfToken ?? formToken
        let principal = identity?.user.principal ?? .anonymous
        var duties: [NavItem] = []
        if identity != nil {
            duties.append(NavItem(url: .notifications, label: l("nav.notifications"), current: section == .notifications))
        }
        if Policy.decide(principal, .manageAccounts).isAllowed {
            duties.append(NavItem(url: .users, label: l("nav.users"), current: section == .users))
        }
        if Policy.decide(principal, .readAuditLog).isAllowed {
            duties.append(NavItem(url: .audit, label: l("nav.audit"), current: section == .audit))
        }
        self.duties = duties
    }

    /// Home › section › page, the last without a link (`current`).
    /// Someone signing in is not yet in their account: their trail leads home only.
    static func trail(title: String, section: Section?, page: String, signedIn: Bool, _ l: Localizer) -> [NavItem] {
        guard let section, section != .home else { return [] }
        if section == .account && !signedIn {
            return [NavItem(url: .home, label: l("nav.home"), current: false), NavItem(url: .home, label: title, current: true)]
        }
        let own = path(of: page) == path(of: section.url.href)
        var trail = [NavItem(url: .home, label: l("nav.home"), current: false),
                     NavItem(url: section.url, label: section.label(l), current: own)]
        if !own { trail.append(NavItem(url: section.url, label: title, current: true)) }
        return trail
    }

    /// `page` with `lang` set to `language` (and the rest of its query kept).
    static func address(_ page: String, in language: Language) -> String {
        let kept = query(of: page).split(separator: "&").filter { !$0.hasPrefix("lang=") }.map(String.init)
        return path(of: page) + "?" + (kept + ["lang=\(language.rawValue)"]).joined(separator: "&")
    }

    /// An address's path, without its query.
    static func path(of address: String) -> String {
        String(address[..<(address.firstIndex(of: "?") ?? address.endIndex)])
    }

    /// An address's query, without its "?" (empty when there is none).
    static func query(of address: String) -> Substring {
        address.firstIndex(of: "?").map { address[address.index(after: $0)...] } ?? ""
    }

    /// The hidden field that carries the CSRF token in every form.
    var csrfField: Markup { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf ?? "")\">" }
}
