/// A decision as the workflow reads it: the decision and everything it went through so far.
public struct DecisionState: Sendable, Equatable {
    public var decision: Decision
    public var versions: [TextVersion]
    /// Every position taken, in order.
    public var positions: [Position]
    public var amendments: [Amendment]

    public init(decision: Decision, versions: [TextVersion], positions: [Position], amendments: [Amendment]) {
        self.decision = decision
        self.versions = versions
        self.positions = positions
        self.amendments = amendments
    }
}
