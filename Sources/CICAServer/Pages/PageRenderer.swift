import Foundation
import Hummingbird
import Mustache
import CICACore

/// The sections of the site, in the order the navigation shows them.
enum Section: String, CaseIterable, Sendable {
    case home, memberStates, observers, organs, meetings, decisions, catalogue, documents, roadMap, secretariat, eligibility, sources
    case account, users, audit

    var path: String {
        switch self {
        case .home: "/"
        case .memberStates: "/member-states"
        case .observers: "/observers"
        case .organs: "/organs"
        case .meetings: "/meetings"
        case .decisions: "/decisions"
        case .catalogue: "/catalogue"
        case .documents: "/documents"
        case .roadMap: "/road-map"
        case .secretariat: "/secretariat"
        case .eligibility: "/eligibility"
        case .sources: "/sources"
        case .account: "/account"
        case .users: "/admin/users"
        case .audit: "/audit"
        }
    }

    /// The public sections; sources are reached from every page's footer and provenance links, the account and
    /// the duties of signed-in users from the header.
    static let navigation: [Section] = allCases.filter { ![.sources, .account, .users, .audit].contains($0) }
}

/// What every page shows around its content: language, title, navigation, labels.
struct Chrome: Sendable {
    struct NavItem: Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    /// Who is signed in, as the header shows it.
    struct SignedIn: Sendable {
        var name: String
        var roles: String
    }

    var lang: String
    var title: String
    var siteName: String
    var nav: [NavItem]
    /// Links for the signed-in user's duties (user administration, the audit log).
    var duties: [NavItem]
    var user: SignedIn?
    /// The CSRF token every form of a signed-in user carries.
    var csrf: String?
    /// Labels by key, with dots replaced by underscores so that templates can read them (`{{t.nav_home}}`).
    var t: [String: String]

    init(title: String, section: Section?, identity: Identity? = nil, formToken: String? = nil, localizer l: Localizer) {
        self.lang = l.language.rawValue
        self.siteName = l("site.name")
        self.title = title
        self.nav = Section.navigation.map { NavItem(href: $0.path, label: l("nav.\($0.rawValue)"), current: $0 == section) }
        self.t = Self.labels[l.language] ?? [:]
        self.user = identity.map { SignedIn(name: $0.user.displayName, roles: RoleText.list($0.user.roles, localizer: l)) }
        self.csrf = identity?.csrfToken ?? formToken
        let principal = identity?.user.principal ?? .anonymous
        var duties: [NavItem] = []
        if Policy.decide(principal, .manageAccounts).isAllowed {
            duties.append(NavItem(href: "/admin/users", label: l("nav.users"), current: section == .users))
        }
        if Policy.decide(principal, .readAuditLog).isAllowed {
            duties.append(NavItem(href: "/audit", label: l("nav.audit"), current: section == .audit))
        }
        self.duties = duties
    }

    /// Every language's labels with template-friendly keys, built once.
    static let labels: [Language: [String: String]] = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
        (language, Dictionary(uniqueKeysWithValues: Localizer(language).strings.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) }))
    })
}

/// Renders pages: a view model in a template, inside the site's layout.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates shipped with the server.
    static func load() async throws -> PageRenderer {
        guard let path = Bundle.module.resourcePath else { throw TemplatesMissing() }
        return PageRenderer(library: try await MustacheLibrary(directory: path + "/Templates"))
    }

    struct TemplatesMissing: Error, CustomStringConvertible {
        var description: String { "The server's templates are missing from its resource bundle." }
    }

    /// The HTML of `template` for `page`; the template reads the page as `{{#page}}` and the chrome at the top level.
    func html(_ template: String, page: Any, chrome: Chrome) throws -> String {
        let context: [String: Any] = ["page": TemplateValue.make(page), "chrome": TemplateValue.make(chrome), "t": chrome.t]
        guard let html = library.render(context, withTemplate: template) else { throw MissingTemplate(name: template) }
        return html
    }

    struct MissingTemplate: Error, CustomStringConvertible {
        var name: String
        var description: String { "No template named \(name)." }
    }

    func render(_ template: String, page: Any, title: String, section: Section?, context: AppRequestContext,
                status: HTTPResponse.Status = .ok, formToken: String? = nil) throws -> Response {
        let chrome = Chrome(title: title, section: section, identity: context.identity, formToken: formToken, localizer: context.localizer)
        let html = try html(template, page: page, chrome: chrome)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages of a signed-in user are theirs alone; public pages may be revalidated with their ETag.
        headers[.cacheControl] = context.identity == nil ? "no-cache" : "private, no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    struct ErrorView: Sendable {
        var status: Int
        var title: String
        var detail: String
        var errors: [FieldError]
        var requestId: String
    }

    func errorPage(_ problem: Problem, request: Request, context: AppRequestContext) throws -> Response {
        let view = ErrorView(status: Int(problem.status.code), title: problem.title, detail: problem.detail, errors: problem.errors,
                             requestId: context.requestId)
        return try render("error", page: view, title: problem.title, section: nil, context: context, status: problem.status)
    }
}

/// A view model turned into dictionaries and arrays once per render.
///
/// swift-mustache reflects on a struct at every lookup (and a label such as `{{t.x}}` deep in a loop looks
/// through every enclosing value); reflecting once per value and looking up in dictionaries is several
/// times faster for the larger pages.
enum TemplateValue {
    static func make(_ value: Any) -> Any {
        switch value {
        case let text as String: return text
        case let number as Int: return number
        case let flag as Bool: return flag
        case let labels as [String: String]: return labels
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return Optional<Any>.none as Any }
            return make(wrapped)
        case .collection, .set:
            return mirror.children.map { make($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label else { continue }
                let childMirror = Mirror(reflecting: child.value)
                if childMirror.displayStyle == .optional && childMirror.children.isEmpty { continue }
                fields[label] = make(child.value)
            }
            return fields
        default:
            return value
        }
    }
}

/// Roles in words, as the header and the account pages show them.
enum RoleText {
    static func describe(_ role: Role, localizer l: Localizer) -> String {
        switch role {
        case .administrator: l("role.administrator")
        case .secretariat: l("role.secretariat")
        case .delegate(let state): l("role.delegate", ["state": state])
        case .observer(let observer): l("role.observer", ["observer": observer])
        }
    }

    static func list(_ roles: [Role], localizer l: Localizer) -> String {
        roles.isEmpty ? l("role.none") : roles.map { describe($0, localizer: l) }.joined(separator: ", ")
    }
}
