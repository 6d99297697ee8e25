import Foundation
import CICACore
import CICAStore

/// Rendering without a request, for the benchmarks (`Benchmarks/Workloads`): the Member States page, layout included,
/// and the API's list of Member States, from values already read. The same views and mapping the routes use.
public enum RenderingWork {
    /// The Member States page as an anonymous reader gets it in `language`.
    public static func memberStatesPage(_ states: [Sourced<MemberState>], notes: [SourceNote], language: Language) -> [UInt8] {
        let l = Localizer(language)
        let view = MemberStatesView.make(states: states, founding: nil, notes: notes, localizer: l)
        let chrome = Chrome(title: l("memberStates.title"), section: .memberStates, page: SiteURL.memberStates().href, localizer: l)
        return PageRenderer().html(view, chrome: chrome).bytes
    }

    /// The API's list of Member States as JSON, encoded as the API encodes it (sorted keys, slashes unescaped).
    public static func memberStatesJSON(_ states: [Sourced<MemberState>]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Components.Schemas.MemberStateList(items: try states.map(APIMapping.memberState), nextCursor: nil)))
    }
}
