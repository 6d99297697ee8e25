import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A link to the next page of a list, keeping the filters.
func nextPageLink(_ list: SiteURL, query: [(String, String?)], cursor: String?) -> String? {
    guard let cursor else { return nil }
    return list.href(adding: query + [("cursor", cursor)])
}
