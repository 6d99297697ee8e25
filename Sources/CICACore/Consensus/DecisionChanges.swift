import Foundation

/// What one step of the decision workflow writes, in one transaction: the decision as it stands after the step, the
/// rows the step adds, the effect to apply, the ledger entries and the audit notes. `DecisionWorkflow` decides it; a
/// store writes it and decides nothing.
public struct DecisionChanges: Sendable, Equatable {
    /// The decision after the step.
    public var decision: Decision
    /// The status the stored decision must still have for the step to apply; nil for a new decision. When two callers
    /// close the same decision at once, the first write wins and the other's changes are dropped.
    public var expectedStatus: DecisionStatus?
    /// The first text of a new decision, or the new version of a revised one.
    public var version: TextVersion?
    /// The amendments folded into `version`.
    public var folds: [String]
    public var position: Position?
    public var amendment: Amendment?
    /// At adoption: the decision's effect is to be applied to the registry.
    public var appliesEffect: Bool
    /// Appended to the ledger in this order; the store numbers and chains them.
    public var ledger: [LedgerAppend]
    public var audit: [AuditNote]

    public init(decision: Decision, expectedStatus: DecisionStatus?, version: TextVersion? = nil, folds: [String] = [],
                position: Position? = nil, amendment: Amendment? = nil, appliesEffect: Bool = false, ledger: [LedgerAppend], audit: [AuditNote]) {
        self.decision = decision
        self.expectedStatus = expectedStatus
        self.version = version
        self.folds = folds
        self.position = position
        self.amendment = amendment
        self.appliesEffect = appliesEffect
        self.ledger = ledger
        self.audit = audit
    }
}

/// A ledger entry to append: what it records; the store gives it its sequence number and chains its hash.
public struct LedgerAppend: Sendable, Equatable {
    public var kind: LedgerKind
    /// The payload's fields; the store adds `decision` and `kind` and writes it as canonical JSON.
    public var payload: [String: CanonicalJSON]
    public var signature: String?
    public var keyId: String?

    public init(kind: LedgerKind, payload: [String: CanonicalJSON], signature: String? = nil, keyId: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.signature = signature
        self.keyId = keyId
    }
}

/// An entry for the audit log: who did what to which entity is the store's; this is the what.
public struct AuditNote: Sendable, Equatable {
    public var action: String
    public var entity: String
    public var before: String?
    public var after: String?

    public init(action: String, entity: String, before: String?, after: String?) {
        self.action = action
        self.entity = entity
        self.before = before
        self.after = after
    }
}
