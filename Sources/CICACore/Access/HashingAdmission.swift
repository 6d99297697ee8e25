/// Who may start hashing a password now: Bcrypt is slow on purpose, so anonymous sign-ins could otherwise keep
/// every core busy and make a real sign-in wait behind them.
///
/// A few hashes run at once (about one per core); a few more may wait their turn; beyond that the answer is
/// "busy, try again shortly". One address may have only `perAddress` hashes running or waiting, so that one
/// client cannot fill the queue and others still get their turn.
public struct HashingAdmission: Sendable, Equatable {
    public var concurrent: Int
    public var waiting: Int
    public var perAddress: Int

    public init(concurrent: Int, waiting: Int = 16, perAddress: Int = 2) {
        self.concurrent = max(1, concurrent)
        self.waiting = max(0, waiting)
        self.perAddress = max(1, perAddress)
    }

    public enum Decision: Sendable, Equatable {
        case run
        case wait
        /// Refused: this address has its share, or everyone's queue is full.
        case busy(retryAfter: Int, addressAtLimit: Bool)
    }

    public func decide(running: Int, queued: Int, fromAddress: Int) -> Decision {
        if fromAddress >= perAddress { return .busy(retryAfter: 1, addressAtLimit: true) }
        if running < concurrent { return .run }
        if queued < waiting { return .wait }
        return .busy(retryAfter: 2, addressAtLimit: false)
    }
}
