import Foundation
import Logging
import ServiceLifecycle
import CICACore
import CICAStore

/// Closes silence procedures when their deadline passes, on every instance: the conditional update in the
/// repository lets exactly one instance close each. `cica decisions close-due` does the same from a scheduler.
public struct SilenceProcedureCloser: Service {
    let decisions: any DecisionRepository
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(decisions: any DecisionRepository, interval: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.decisions = decisions
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// The actor the closes are recorded under.
    public static let actor = Actor(userId: nil, label: "platform (silence procedure deadline)", role: "platform", requestId: nil, address: nil)

    public func run() async throws {
        // Stop at once when the server shuts down (Ctrl-C, SIGTERM), between two rounds or during one.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    report(try await decisions.closeDue(actor: Self.actor, now: now()))
                } catch is CancellationError {
                    return
                } catch let partly as DueDecisionsNotAllClosed {
                    report(partly.closed)
                    logger.error("Closing due silence procedures: some could not be closed: \(String(reflecting: partly.failure))")
                } catch {
                    logger.error("Closing due silence procedures failed: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func report(_ decisions: [Decision]) {
        for decision in decisions {
            if let attention = decision.attention {
                logger.error("\(decision.symbol) could not be closed at its silence deadline and needs attention: \(attention.reason.description)")
            } else {
                logger.info("Closed \(decision.symbol) at its silence deadline: \(decision.status.rawValue)")
            }
        }
    }
}
