import Hummingbird
import Synchronization

/// The addresses the site serves pages at, read off the router once every route is registered, so that a sign-in
/// only ever leads to a page that exists (`SitePath.afterSignIn`).
final class PageIndex: Sendable {
    private let routes = Mutex<[RouterPath]>([])

    func record(_ paths: [RouterPath]) {
        // The API answers in JSON, never with a page to land on.
        let pages = paths.filter { path in !(path.components.first.map { $0 == "api" } ?? false) }
        routes.withLock { $0 = pages }
    }

    /// Whether a GET of `path` (in its one spelling) reaches a page.
    func serves(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.withLock { routes in
            routes.contains { route in
                route.components.count == components.count && zip(route.components, components).allSatisfy { $0 ~= $1 }
            }
        }
    }
}
