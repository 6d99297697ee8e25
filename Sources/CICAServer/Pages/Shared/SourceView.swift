import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A source as pages link to it: to its page here and to where it was read.
struct SourceView: Sendable, Equatable {
    var id: String
    var title: String
    /// Where it was read (outside this site).
    var external: String?
    /// Its page here.
    var url: SiteURL

    init(_ source: Source) {
        id = source.id
        title = source.title
        external = source.url
        url = .source(source.id)
    }
}
