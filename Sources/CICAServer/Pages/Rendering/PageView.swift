import Foundation
import Hummingbird
import CICACore

/// A page's own content, written inside the site's layout.
protocol PageView: Sendable {
    func write(_ html: inout HTML, _ chrome: Chrome)
}
