import Foundation
import Synchronization
import CICACore
import CICAStore

/// Whether the whole log verifies, worked out once per checkpoint rather than on every view: the log only changes
/// by a write, and every write ends with a new checkpoint.
final class LogStatus: Sendable {
    private let known = Mutex<(size: Int, problem: Message?)?>(nil)

    func problem(_ log: any LogRepository, keys: PlatformKeyFile) async throws -> Message? {
        let newest = try await log.checkpoint(size: nil)?.size ?? -1
        if let cached = known.withLock({ $0 }), cached.size == newest { return cached.problem }
        let result = try await log.verify(keys: keys.verifiers, distrusted: keys.distrusted)
        known.withLock { $0 = (result.checkpoint ?? -1, result.problem) }
        return result.problem
    }
}

extension Platform {
    /// Whether a decision's record verifies, as its page and the API say: the whole log against the newest checkpoint
    /// (once per checkpoint), then on every view this decision's chain and signatures and its tables against its entries.
    func recordProblem(_ detail: DecisionDetail) async throws -> Message? {
        if let problem = try await logStatus.problem(log, keys: logKeys) { return problem }
        let record = DecisionRecord(decision: detail.decision.id, entries: detail.ledger, keys: [], log: nil)
        if let problem = record.verifyChain(keys: try await decisions.keys(state: nil)) {
            return Message("reason.log.ledger", ["problem": .message(problem.message)])
        }
        let state = DecisionState(decision: detail.decision, versions: detail.versions, positions: detail.positions, amendments: detail.amendments)
        return RecordAgreement.check(state, entries: detail.ledger)
    }
}
