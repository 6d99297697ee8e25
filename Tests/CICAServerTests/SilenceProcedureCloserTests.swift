import Foundation
import Logging
import ServiceLifecycle
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

@Suite("Closing silence procedures in the background")
struct SilenceProcedureCloserTests {
    // No `.timeLimit`: a test's limit counts from its start, and on PostgreSQL that includes waiting for its turn
    // (`PostgresTurns`), which on a slow machine took the whole suite's length. The stop is timed below; a closer that
    // never stopped would be named by CI's bound on `swift test` (`.ci/run`).
    @Test("closes what is due, and stops as soon as the server shuts down", arguments: TestEngine.all)
    func closesAndStops(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            // Every Member State has a delegate the circulation reaches, so silence can be presumed of all.
            try await accreditDelegates(database)
            let decisions = Store(database: database).decisions
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            let draft = try await decisions.create(NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                            effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: t0)
            _ = try await decisions.circulate(id: draft.id, deadline: t0.addingTimeInterval(3600), actor: .commandLine(user: "t"), now: t0)
            let closer = SilenceProcedureCloser(decisions: decisions, interval: .seconds(3600), now: { t0.addingTimeInterval(7200) },
                                                logger: TestDatabase.logger)
            let group = ServiceGroup(services: [closer], gracefulShutdownSignals: [], logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // The first round runs at once; wait for it to close the decision.
                var status = DecisionStatus.open
                for _ in 0..<100 where status == .open {
                    try await Task.sleep(for: .milliseconds(50))
                    status = try await decisions.decision(id: draft.id)?.decision.status ?? .open
                }
                #expect(status == .adopted)
                let asked = ContinuousClock.now
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                // Between rounds the closer sleeps for an hour: stopping within seconds means it did not wait for it.
                #expect(ContinuousClock.now - asked < .seconds(30))
            }
            let outcome = try await decisions.decision(id: draft.id)?.ledger.last
            #expect(outcome?.kind == .outcome && outcome?.payload.contains("platform (silence procedure deadline)") == true)
        }
    }
}
