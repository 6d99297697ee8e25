import CICACore
import Foundation
import Synchronization

/// Too many passwords are being checked right now; try again after `retryAfter` seconds.
public struct HashingBusy: Error, Sendable, Equatable {
    public var retryAfter: Int
    /// Whether it was this address's share that was full (429), rather than everyone's (503).
    public var addressAtLimit: Bool
}

/// Admits password hashing as `HashingAdmission` decides: runs it, queues it, or refuses it with `HashingBusy`.
public final class HashingGate: Sendable {
    public let admission: HashingAdmission

    private struct State {
        var running = 0
        var queue: [CheckedContinuation<HashingBusy?, Never>] = []
        var byAddress: [String: Int] = [:]
    }
    private let state = Mutex(State())

    public init(_ admission: HashingAdmission) { self.admission = admission }

    /// Runs `work` once admitted; throws `HashingBusy` without running it when refused.
    public func run<T: Sendable>(address: String, _ work: () async throws -> T) async throws -> T {
        try await enter(address)
        defer { leave(address) }
        return try await work()
    }

    /// Takes a place (running or queued), or says why not.
    public func enter(_ address: String) async throws {
        // The decision and the queueing happen under one lock, so that no `leave` can slip between them.
        let refusal: HashingBusy? = await withCheckedContinuation { continuation in
            state.withLock { state in
                switch admission.decide(running: state.running, queued: state.queue.count, fromAddress: state.byAddress[address, default: 0]) {
                case .run:
                    state.running += 1
                    state.byAddress[address, default: 0] += 1
                    continuation.resume(returning: nil)
                case .wait:
                    state.byAddress[address, default: 0] += 1
                    state.queue.append(continuation)
                case .busy(let seconds, let atLimit):
                    continuation.resume(returning: HashingBusy(retryAfter: seconds, addressAtLimit: atLimit))
                }
            }
        }
        if let refusal { throw refusal }
    }

    public func leave(_ address: String) {
        // A waiting hash takes over the slot: `running` stays as it is.
        let next: CheckedContinuation<HashingBusy?, Never>? = state.withLock { state in
            state.byAddress[address, default: 1] -= 1
            if state.byAddress[address] == 0 { state.byAddress[address] = nil }
            guard !state.queue.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.resume(returning: nil)
    }

    /// Hashes running and waiting, for tests and metrics.
    public var load: (running: Int, queued: Int) { state.withLock { ($0.running, $0.queue.count) } }
}
