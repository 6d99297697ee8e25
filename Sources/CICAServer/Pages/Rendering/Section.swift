import Foundation
import Hummingbird
import CICACore

/// The sections of the site, in the order the navigation shows them.
enum Section: String, CaseIterable, Sendable {
    case home, memberStates, observers, organs, meetings, calendar, decisions, catalogue, documents, search, roadMap, secretariat, eligibility, sources, openData
    case account, notifications, users, audit

    var url: SiteURL {
        switch self {
        case .home: .home
        case .memberStates: .memberStates()
        case .observers: .observers
        case .organs: .organs
        case .meetings: .meetings
        case .calendar: .calendar()
        case .decisions: .decisions
        case .catalogue: .catalogue()
        case .documents: .documents
        case .search: .search()
        case .roadMap: .roadMap
        case .secretariat: .secretariat
        case .eligibility: .eligibility()
        case .sources: .sources
        case .openData: .openData
        case .account: .account()
        case .notifications: .notifications
        case .users: .users
        case .audit: .audit
        }
    }

    /// The section's name, as the navigation and the trail show it.
    func label(_ l: Localizer) -> String {
        switch self {
        case .sources: l("site.sourcesLink")
        case .openData: l("openData.title")
        case .account: l("account.link")
        default: l("nav.\(rawValue)")
        }
    }

    /// The public sections; sources are reached from every page's footer and provenance links, the account and
    /// the duties of signed-in users from the header.
    static let navigation: [Section] = allCases.filter { ![.sources, .openData, .account, .notifications, .users, .audit].contains($0) }
}
