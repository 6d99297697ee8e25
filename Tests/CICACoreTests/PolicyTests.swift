import Testing
@testable import CICACore

@Suite("Access policy")
struct PolicyTests {
    static let admin = Principal(userId: "u-admin", roles: [.administrator])
    static let secretariat = Principal(userId: "u-sec", roles: [.secretariat])
    static let kazakhstan = Principal(userId: "u-kz", roles: [.delegate(state: "KZ")])
    static let japan = Principal(userId: "u-jp", roles: [.observer(observer: "JP")])
    static let nobody = Principal(userId: "u-none", roles: [])

    static let anyone: Set<Policy.Relation> = Set(Policy.Relation.allCases)

    /// What each role may do, stated as a table: each action a role may take and on whose resource ("own": the role's
    /// own state, observer or account; "other": someone else's; "general": nobody's in particular). Everything not
    /// listed is denied.
    static let allowed: [RoleKind: [Action: Set<Policy.Relation>]] = [
        .administrator: [.readPublic: anyone, .manageOwnAccount: [.own], .manageAccounts: anyone, .readAuditLog: anyone],
        .secretariat: [.readPublic: anyone, .manageOwnAccount: [.own], .readMemberStatesOnly: anyone, .readSecretariatOnly: anyone,
                       .readAuditLog: anyone, .manageRecords: anyone, .conductDecisions: anyone, .registerAttendance: anyone, .offerCoordination: anyone,
                       .proposeActivity: anyone],
        .delegate: [.readPublic: anyone, .manageOwnAccount: [.own], .readMemberStatesOnly: anyone, .takePosition: [.own], .proposeAmendment: [.own],
                    .submitImplementationReport: [.own], .registerAttendance: [.own], .registerDelegationKey: [.own], .offerCoordination: [.own],
                    .proposeActivity: [.own]],
        .observer: [.readPublic: anyone, .manageOwnAccount: [.own], .registerAttendance: [.own]],
    ]

    @Test("every role × action × relation of the table", arguments: RoleKind.allCases, Action.allCases)
    func table(kind: RoleKind, action: Action) {
        for relation in Policy.Relation.allCases {
            let rule = Policy.rule(kind, action, relation)
            #expect((rule == .allow) == (Self.allowed[kind]?[action]?.contains(relation) ?? false), "\(kind) \(action) \(relation)")
            if case .deny(let reason) = rule {
                #expect(reason.description.hasSuffix("."), "\(kind) \(action): a reason is a sentence")
            }
        }
    }

    @Test("the public reads public data only, and is asked to sign in for the rest", arguments: Action.allCases)
    func anonymous(action: Action) {
        let verdict = Policy.decide(.anonymous, action, on: .none)
        if action == .readPublic { #expect(verdict == .allow) } else { #expect(verdict == .signInRequired(reason: Message("reason.signDo"))) }
    }

    @Test("a delegate acts only for their own state")
    func delegateOwnState() {
        #expect(Policy.decide(Self.kazakhstan, .takePosition, on: .state("KZ")) == .allow)
        #expect(Policy.decide(Self.kazakhstan, .takePosition, on: .state("CN")) == .forbidden(reason: Message("policy.delegateActsOnlyTheir")))
        #expect(Policy.decide(Self.kazakhstan, .submitImplementationReport, on: .state("KZ")).isAllowed)
        #expect(!Policy.decide(Self.kazakhstan, .manageRecords).isAllowed)
    }

    @Test("observers register attendance but never take positions or report")
    func observers() {
        #expect(Policy.decide(Self.japan, .registerAttendance, on: .observer("JP")) == .allow)
        #expect(!Policy.decide(Self.japan, .registerAttendance, on: .observer("UN")).isAllowed)
        #expect(Policy.decide(Self.japan, .takePosition, on: .state("JP")) == .forbidden(reason: Message("policy.observersFollowCicaS")))
        #expect(!Policy.decide(Self.japan, .submitImplementationReport, on: .state("JP")).isAllowed)
    }

    @Test("the Secretariat manages records but never takes positions")
    func secretariat() {
        #expect(Policy.decide(Self.secretariat, .manageRecords) == .allow)
        #expect(Policy.decide(Self.secretariat, .readAuditLog) == .allow)
        guard case .forbidden(let reason) = Policy.decide(Self.secretariat, .takePosition, on: .state("KZ")) else {
            Issue.record("allowed"); return
        }
        #expect(reason.description.contains("never takes positions"))
        #expect(!Policy.decide(Self.secretariat, .manageAccounts).isAllowed)
    }

    @Test("the administrator manages accounts and nothing of CICA's records")
    func administrator() {
        #expect(Policy.decide(Self.admin, .manageAccounts) == .allow)
        #expect(!Policy.decide(Self.admin, .manageRecords).isAllowed)
        #expect(!Policy.decide(Self.admin, .takePosition, on: .state("KZ")).isAllowed)
    }

    @Test("anyone signed in manages their own account only, even with no role")
    func ownAccount() {
        #expect(Policy.decide(Self.nobody, .manageOwnAccount, on: .user("u-none")) == .allow)
        #expect(!Policy.decide(Self.nobody, .manageOwnAccount, on: .user("u-kz")).isAllowed)
        #expect(Policy.decide(Self.nobody, .readMemberStatesOnly) == .forbidden(reason: Message("policy.noRole")))
        #expect(!Policy.decide(Self.admin, .manageOwnAccount, on: .user("u-kz")).isAllowed)
    }

    @Test("several roles: allowed when any allows")
    func severalRoles() {
        let both = Principal(userId: "u", roles: [.delegate(state: "KZ"), .secretariat])
        #expect(Policy.decide(both, .manageRecords) == .allow)
        #expect(Policy.decide(both, .takePosition, on: .state("KZ")) == .allow)
        #expect(!Policy.decide(both, .manageAccounts).isAllowed)
    }

    @Test("binding roles: a delegate of a Member State, an observer of an observer", arguments: [
        (RoleKind.delegate, "kz" as String?, Result<Role, RoleBindingError>.success(.delegate(state: "KZ"))),
        (.delegate, "BR", .failure(.notAMemberState("BR"))),
        (.delegate, "JP", .failure(.notAMemberState("JP"))),
        (.delegate, nil, .failure(.scopeMismatch(.delegate))),
        (.observer, "JP", .success(.observer(observer: "JP"))),
        (.observer, "UN", .success(.observer(observer: "un"))),
        (.observer, "KZ", .failure(.notAnObserver("KZ"))),
        (.administrator, nil, .success(.administrator)),
        (.secretariat, "KZ", .failure(.scopeMismatch(.secretariat))),
    ])
    func binding(kind: RoleKind, scope: String?, expected: Result<Role, RoleBindingError>) {
        let members: Set = ["KZ", "CN", "EG"]
        let observers: Set = ["JP", "un"]
        let result = Result { () throws(RoleBindingError) -> Role in
            try RoleBinding.validate(kind: kind, scope: scope, isMemberState: members.contains, isObserver: observers.contains, held: [])
        }
        #expect(result == expected)
    }

    @Test("a role already held is not granted twice")
    func alreadyHeld() {
        #expect(throws: RoleBindingError.alreadyHeld(.secretariat)) {
            try RoleBinding.validate(kind: .secretariat, scope: nil, isMemberState: { _ in true }, isObserver: { _ in true }, held: [.secretariat])
        }
    }
}
