import Foundation

/// A delegation's public key, for checking its signed positions.
public struct DelegationKey: Sendable, Equatable, Codable {
    public var id: String
    public var state: String
    /// Ed25519 public key, 32 bytes, base64.
    public var publicKey: String
    public var registeredAt: Date?

    public init(id: String, state: String, publicKey: String, registeredAt: Date?) {
        self.id = id
        self.state = state
        self.publicKey = publicKey
        self.registeredAt = registeredAt
    }

    /// A key a delegation registers: an Ed25519 public key, for a Member State, not registered before.
    public static func register(id: String, state: String, publicKey: String, memberStates: Set<String>, alreadyRegistered: Bool,
                                now: Date) throws(DecisionError) -> DelegationKey {
        guard Ledger.isPublicKey(publicKey) else { throw .invalid(FieldError(field: "publicKey", reason: Message("reason.edPublicKeyGive"))) }
        guard memberStates.contains(state) else { throw .position(.notAMemberState(state)) }
        guard !alreadyRegistered else { throw .invalid(FieldError(field: "publicKey", reason: Message("reason.alreadyRegistered"))) }
        return DelegationKey(id: id, state: state, publicKey: publicKey, registeredAt: now)
    }
}
