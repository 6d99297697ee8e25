import CICACore
import Synchronization

/// Comparisons of two versions of a decision's text, worked out once per pair and kept.
///
/// A pair is named by the two texts' SHA-256, so a kept comparison can never be of other texts. Pages ask for
/// comparisons on every view; only the first asks `TextDiff`, and readers arriving while it works wait for
/// that one answer instead of starting their own. At most `capacity` pairs are kept, the oldest going first.
final class VersionComparisons: Sendable {
    let limits: TextDiff.Limits
    let capacity: Int

    private struct State {
        var answers: [String: Task<TextDiff.Comparison, Never>] = [:]
        var order: [String] = []
        var computed = 0
    }
    private let state = Mutex(State())

    init(limits: TextDiff.Limits = TextDiff.Limits(), capacity: Int = 512) {
        self.limits = limits
        self.capacity = capacity
    }

    func compare(_ old: TextVersion, _ new: TextVersion) async -> TextDiff.Comparison {
        let key = old.textHash + ":" + new.textHash
        let limits = limits
        let task: Task<TextDiff.Comparison, Never> = state.withLock { state in
            if let known = state.answers[key] { return known }
            state.computed += 1
            let task = Task { TextDiff.compare(old.text, new.text, limits: limits) }
            state.answers[key] = task
            state.order.append(key)
            if state.order.count > capacity { state.answers[state.order.removeFirst()] = nil }
            return task
        }
        return await task.value
    }

    /// How many comparisons have been worked out (or are being) since the start, for tests.
    var computed: Int { state.withLock { $0.computed } }
}
