import Synchronization
import Testing
@testable import CICAStore

@Suite("Connection lender")
struct ConnectionLenderTests {
    /// Numbers the connections it opens, from 2 (1 is the first, given at the start).
    final class Opener: Sendable {
        let count = Mutex(1)
        func open() -> Int { count.withLock { $0 += 1; return $0 } }
    }

    @Test("opens a connection only when every opened one is out, and never more than the limit")
    func opensOnDemandUpToTheLimit() async throws {
        let opener = Opener()
        let lender = ConnectionLender(first: 1, limit: 3) { opener.open() }
        #expect(lender.connections == [1])

        let a = try await lender.borrow()
        let b = try await lender.borrow()
        let c = try await lender.borrow()
        #expect(Set([a, b, c]) == [1, 2, 3])
        #expect(lender.connections.count == 3)

        // A fourth borrower waits for one to come back rather than opening a fourth.
        async let fourth = lender.borrow()
        try await Task.sleep(for: .milliseconds(50))
        #expect(lender.connections.count == 3)
        lender.giveBack(b)
        #expect(try await fourth == b)
        #expect(opener.count.withLock { $0 } == 3)
    }

    @Test("a connection given back is lent again before another is opened")
    func reusesBeforeOpening() async throws {
        let opener = Opener()
        let lender = ConnectionLender(first: 1, limit: 8) { opener.open() }
        for _ in 0..<20 {
            let value = try await lender.with { $0 }
            #expect(value == 1)
        }
        #expect(lender.connections == [1])
    }

    @Test("a connection that fails to open frees its place")
    func failedOpenFreesItsPlace() async throws {
        struct Refused: Error {}
        let attempts = Mutex(0)
        let lender = ConnectionLender(first: 1, limit: 2) { () throws -> Int in
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt == 1 { throw Refused() }
            return 10 + attempt
        }
        let first = try await lender.borrow()
        await #expect(throws: Refused.self) { try await lender.borrow() }
        #expect(try await lender.borrow() == 12)
        lender.giveBack(first)
        #expect(lender.connections.sorted() == [1, 12])
    }
}
