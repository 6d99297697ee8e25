/// What an address on this site may look like: the one spelling each page has, and where a sign-in may lead.
public enum SitePath {
    /// The one spelling of a path: no empty segments (`//`), no trailing slash but for the root. nil for a path that
    /// has `.` or `..` segments, a backslash (which browsers read as a slash: `/\host` is another site), or does not start
    /// with `/`: such a path names nothing here.
    public static func canonical(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.contains("\\") else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return "/" + segments.joined(separator: "/")
    }

    /// Where to go after signing in: `next` when it is a path on this site that a page is served at — one leading slash,
    /// only printable ASCII without spaces or backslashes, in its one spelling, `isPage` saying a page answers there —
    /// and the account page otherwise. A browser would read `//host`, `/\host` or `/<TAB>/host` as another site.
    public static func afterSignIn(_ next: String?, fallback: String = "/account", isPage: (String) -> Bool) -> String {
        guard let next, next.hasPrefix("/"), next.utf8.count <= 2_000,
              next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }) else { return fallback }
        let parts = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        guard !path.contains("#"), parts.count == 1 || !parts[1].contains("#"),
              canonical(path) == path, !path.hasPrefix("//"), isPage(path) else { return fallback }
        return next
    }

    /// The path as a log line may show it: the secret of a private calendar feed's address is left out, since whoever
    /// reads the log could read the feed.
    public static func forLog(_ path: String) -> String {
        let prefix = "/calendar/private/"
        guard path.hasPrefix(prefix) else { return path }
        let rest = path.dropFirst(prefix.count)
        return prefix + "…" + (rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "")
    }
}
