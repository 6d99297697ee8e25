import Foundation

/// How failed sign-ins slow down whoever makes them, without letting one person lock another out.
///
/// Failures are counted separately, each over the last `window`:
/// - for one account from one address (a person mistyping, or someone guessing one account's password);
/// - from one address across every account (password spraying: a few guesses at many accounts);
/// - for one account from every address that is not a known device (guessing spread over many addresses).
/// A browser that has signed in to the account before carries a device cookie; its attempts count only against
/// that device, so someone else's failures — behind the same address, or anywhere — never hold it back.
/// When a count reaches its threshold the next attempt waits, and each further failure doubles the wait up to
/// `maximumDelay`. Attempts refused for waiting are not failures: they neither extend nor renew the wait.
public struct SignInThrottle: Sendable, Equatable {
    public var perAccountAndAddress: Int
    public var perAddress: Int
    public var perAccount: Int
    public var perDevice: Int
    public var window: TimeInterval
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(perAccountAndAddress: Int = 5, perAddress: Int = 10, perAccount: Int = 20, perDevice: Int = 5,
                window: TimeInterval = 15 * 60, firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 15 * 60) {
        self.perAccountAndAddress = perAccountAndAddress
        self.perAddress = perAddress
        self.perAccount = perAccount
        self.perDevice = perDevice
        self.window = window
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// The failures that bear on one attempt, as the store counted them since `now - window`.
    public enum Failures: Sendable, Equatable {
        /// From a browser that has signed in to this account before: only its own failures count.
        case knownDevice([Date])
        /// From anywhere else.
        case unknownDevice(accountAndAddress: [Date], address: [Date], account: [Date])
    }

    /// Which count made an attempt wait, for the log and the message.
    public enum Reason: String, Sendable, Equatable {
        case device, accountAndAddress, address, account
    }

    /// How long to wait, and why.
    public struct Wait: Sendable, Equatable {
        public var seconds: Int
        public var reason: Reason

        public init(seconds: Int, reason: Reason) {
            self.seconds = seconds
            self.reason = reason
        }
    }

    /// Seconds to wait before an attempt is allowed, or nil when one is allowed now.
    public func wait(_ failures: Failures, now: Date) -> Wait? {
        let counts: [(Reason, [Date], Int)]
        switch failures {
        case .knownDevice(let device):
            counts = [(.device, device, perDevice)]
        case .unknownDevice(let pair, let address, let account):
            counts = [(.accountAndAddress, pair, perAccountAndAddress), (.address, address, perAddress), (.account, account, perAccount)]
        }
        return counts.compactMap { reason, dates, threshold in
            delay(dates, threshold: threshold, now: now).map { Wait(seconds: $0, reason: reason) }
        }.max { $0.seconds < $1.seconds }
    }

    /// From the threshold on, the wait after the latest failure doubles with each failure, up to the maximum.
    func delay(_ dates: [Date], threshold: Int, now: Date) -> Int? {
        let recent = dates.filter { now.timeIntervalSince($0) < window && $0 <= now }
        guard recent.count >= threshold, let latest = recent.max() else { return nil }
        let doublings = min(recent.count - threshold, 30)
        let wait = min(maximumDelay, firstDelay * pow(2, Double(doublings)))
        let left = wait - now.timeIntervalSince(latest)
        return left > 0 ? max(1, Int(left.rounded(.up))) : nil
    }
}
