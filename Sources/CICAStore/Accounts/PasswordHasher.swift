import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with Bcrypt, on NIO's thread pool so that the event loops never wait for it.
public struct PasswordHasher: Sendable {
    /// Bcrypt's work factor: 12 in production (about a quarter of a second); tests use the minimum, 4.
    public var cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
