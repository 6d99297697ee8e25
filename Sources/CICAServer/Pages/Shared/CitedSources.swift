import Foundation
import Hummingbird
import CICACore
import CICAStore

/// Every source cited on a page, once each, for the page's "Sources" section.
func citedSources(_ provenances: [ResolvedProvenance]) -> [SourceView] {
    var seen = Set<String>()
    var result: [SourceView] = []
    for provenance in provenances {
        for source in provenance.sources where seen.insert(source.id).inserted {
            result.append(SourceView(source))
        }
    }
    return result.map { ($0.title.lowercased(), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
}
