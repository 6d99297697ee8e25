/// Which access levels someone may read: the one rule for restricted records.
///
/// A record of a level its reader may not read does not exist for them: not in a list, not in a count, not by its
/// address (which answers 404, as for a record that does not exist), not in a feed, an export or a search. Repositories
/// take a `Readership` and select only what it allows, so that nothing has to be filtered after the query.
public struct Readership: Sendable, Equatable, Hashable {
    /// The levels, in `AccessLevel.allCases` order; `.public` is always among them.
    public let levels: [AccessLevel]

    public init(_ principal: Principal) {
        levels = AccessLevel.allCases.filter { Self.may(principal, read: $0) }
    }

    init(levels: [AccessLevel]) { self.levels = levels }

    /// The public: what anyone may read.
    public static let everyone = Readership(levels: [.public])
    /// Every level, for the platform's own work (numbering, seeding, verifying); never for a person's request.
    public static let platform = Readership(levels: AccessLevel.allCases)

    public func mayRead(_ level: AccessLevel) -> Bool { levels.contains(level) }

    /// Whether `principal` may read records of `level`: public to anyone; Member States' records to their delegates and
    /// the Secretariat; the Secretariat's to the Secretariat. Observers and administrators read what is public.
    public static func may(_ principal: Principal, read level: AccessLevel) -> Bool {
        switch level {
        case .public: true
        case .memberStates: Policy.decide(principal, .readMemberStatesOnly).isAllowed
        case .secretariat: Policy.decide(principal, .readSecretariatOnly).isAllowed
        }
    }
}
