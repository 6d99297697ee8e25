import CICACore
import CICAStore

/// Where a fact's subject is shown on the site.
enum SubjectLink {
    static func url(_ subject: Subject) -> SiteURL {
        let parts = subject.rawValue.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            switch subject {
            case .roadMap: return .roadMap
            case .eligibilityRule: return .eligibility()
            case .memberStates: return .memberStates()
            case .observers, .partners: return .observers
            case .catalogue: return .catalogue()
            default: return .documents
            }
        }
        let key = parts[1].split(separator: "#").first.map(String.init) ?? parts[1]
        switch parts[0] {
        case "member-state": return .memberState(key)
        case "observer", "partner", "external-relation": return .observers
        case "organ": return .organ(key)
        case "meeting": return .meeting(key)
        case "chairmanship": return .organs
        case "secretariat-head": return .secretariat
        case "dimension": return .catalogue()
        case "priority-area": return .catalogue(anchor: key)
        case "road-map-area": return .roadMap
        case "official-day": return .home
        case "document": return .document(key)
        default: return .documents
        }
    }
}
