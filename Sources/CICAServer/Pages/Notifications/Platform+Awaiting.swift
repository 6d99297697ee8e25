import Foundation
import CICACore
import CICAStore

/// What waits for a signed-in person, and the marks they set: the one door the home page, the notifications page and
/// the API go through, so that each shows the same acts for the same person at the same moment.
struct AwaitedActs: Sendable {
    var acts: [AwaitedAct]
    /// The keys of the acts marked read.
    var read: Set<String>

    var unread: Int { acts.filter { !read.contains($0.key) }.count }
}

extension Platform {
    /// What waits for `principal` now (nothing for the public).
    func awaited(_ principal: Principal) async throws -> AwaitedActs {
        guard let user = principal.userId else { return AwaitedActs(acts: [], read: []) }
        let today = today()
        let acts = Awaiting.acts(for: principal, in: try await awaiting.situation(for: principal, today: today), now: now(), today: today)
        return AwaitedActs(acts: acts, read: try await awaiting.read(user: user))
    }

    /// Marks acts read (or unread again): every one with `all`, else those named, each of which must be waiting now.
    func mark(_ principal: Principal, acts requested: [String], all: Bool, read: Bool) async throws -> AwaitedActs {
        guard let user = principal.userId else { throw NotificationPages.signInRequired }
        let current = try await awaited(principal)
        let keys = try Awaiting.marking(requested, all: all, among: current.acts)
        if read {
            try await awaiting.markRead(user: user, acts: keys, current: Set(current.acts.map(\.key)), now: now())
        } else {
            try await awaiting.markUnread(user: user, acts: keys)
        }
        return AwaitedActs(acts: current.acts, read: read ? current.read.union(keys) : current.read.subtracting(keys))
    }
}
