import Foundation
import Logging
import ServiceLifecycle
import CICACore
import CICAStore

/// Hands the outbox's letters to the operator's SMTP server, on every instance: each round claims a batch for a lease
/// (`OutboxRepository.claim`), so that two instances never send the same letter, and marks each letter sent or failed.
/// A request that owes a letter only writes it to the outbox; this is the only place that waits on SMTP.
struct LetterSender: Service {
    let outbox: any OutboxRepository
    let relay: SMTPRelay
    let now: @Sendable () -> Date
    let logger: Logger
    /// This process, for the claims.
    let instance = "instance-" + UUID().uuidString.lowercased()
    /// Letters claimed at once; a claim lasts `lease`, longer than sending a batch can take.
    static let batch = 20
    static let lease = Duration.seconds(600)

    func run() async throws {
        // A shutdown ends the wait between rounds, never a round: a round's writes (sent, failed) always finish, so no
        // letter handed to the SMTP server is left unmarked by a shutdown.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // A full batch means more may wait: go on at once.
                if try await round() == Self.batch { continue }
            } catch is CancellationError {
                return
            } catch {
                logger.error("Sending letters failed: \(String(describing: error))")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: relay.interval) }
        }
    }

    /// Claims and sends one batch; returns how many were claimed.
    func round() async throws -> Int {
        let letters = try await outbox.claim(by: instance, limit: Self.batch, lease: Self.lease, now: now())
        guard !letters.isEmpty else { return 0 }
        let settled = Settled()
        do {
            try await relay.send(letters) { letter, refusal in
                if let refusal {
                    logger.warning("The SMTP server refused a letter to \(letter.recipient): \(refusal)")
                    try await outbox.failed(letter.id, attempts: Letters.maximumAttempts, by: instance, error: refusal.description, now: now())
                } else {
                    try await outbox.sent(letter.id, by: instance, now: now())
                }
                await settled.add(letter.id)
            }
        } catch {
            // The connection failed: what was not handed over is tried again later, sooner for fewer attempts.
            for letter in letters where await !settled.contains(letter.id) {
                try await outbox.failed(letter.id, attempts: letter.attempts, by: instance, error: String(describing: error), now: now())
            }
            throw error
        }
        return letters.count
    }

    /// The letters of a round already taken or refused.
    actor Settled {
        var ids: Set<String> = []
        func add(_ id: String) { ids.insert(id) }
        func contains(_ id: String) -> Bool { ids.contains(id) }
    }
}
