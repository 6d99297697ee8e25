/// Something a user may want to do.
public enum Action: String, Codable, Sendable, CaseIterable {
    /// Read what is public: the registry, the Catalogue, public documents.
    case readPublic
    /// Read what is restricted to the Member States.
    case readMemberStatesOnly
    /// Read what is restricted to the Secretariat.
    case readSecretariatOnly
    /// Read the audit log.
    case readAuditLog
    /// Create and disable accounts, grant and revoke roles.
    case manageAccounts
    /// Change one's own password, create and revoke one's own API tokens.
    case manageOwnAccount
    /// Keep the records: meetings, documents, the registry.
    case manageRecords
    /// Register a delegation's attendance at a meeting.
    case registerAttendance
    /// Take a position in a decision, for a Member State.
    case takePosition
    /// Propose an amendment to a draft decision, for a Member State.
    case proposeAmendment
    /// Submit a Member State's yearly implementation report.
    case submitImplementationReport
    /// Draft, revise, circulate and close decisions (the Secretariat, for the chair).
    case conductDecisions
    /// Register the public key a delegation signs its positions with.
    case registerDelegationKey
    /// Offer a Member State's coordination of a priority area to the Senior Officials Committee (a draft decision).
    case offerCoordination
    /// Propose an activity of a priority area on a Member State's behalf (the state must coordinate it).
    case proposeActivity
}

/// Whose resource an action touches.
public enum Owner: Hashable, Sendable {
    /// Nobody's in particular (the registry, a meeting, the audit log).
    case none
    /// A Member State's (its position, its report), by ISO code.
    case state(String)
    /// An observer's delegation, by observer id.
    case observer(String)
    /// A user's own account, by user id.
    case user(String)
}

/// Who is asking: a signed-in user with their roles, or the public.
public struct Principal: Sendable, Equatable {
    public var userId: String?
    public var roles: [Role]

    public init(userId: String?, roles: [Role]) {
        self.userId = userId
        self.roles = roles
    }

    public static let anonymous = Principal(userId: nil, roles: [])
    public var isAnonymous: Bool { userId == nil }
}

/// The policy's answer, with the reason a person can read when it is no.
public enum Verdict: Sendable, Equatable {
    case allow
    /// Not signed in: sign in (HTTP 401, or a redirect to the login page).
    case signInRequired(reason: Message)
    /// Signed in, but not allowed (HTTP 403).
    case forbidden(reason: Message)

    public var isAllowed: Bool { self == .allow }
}

/// Who may do what: one table of role × action × whose resource, tested exhaustively.
public enum Policy {
    /// How an action relates to the resource for one role.
    public enum Relation: String, Sendable, CaseIterable {
        /// The resource is nobody's in particular.
        case general
        /// The resource belongs to the role's own state, observer or account.
        case own
        /// The resource belongs to another state, observer or account.
        case other
    }

    /// A row of the table: allowed, or the reason it is not.
    public enum Rule: Sendable, Equatable {
        case allow
        case deny(Message)
    }

    /// The table. A missing row is a denial with the reason `Policy.defaultReason`.
    public static func rule(_ kind: RoleKind, _ action: Action, _ relation: Relation) -> Rule {
        switch (kind, action) {
        case (_, .readPublic):
            return .allow
        case (_, .manageOwnAccount):
            return relation == .own ? .allow : .deny(Message("policy.youCanChangeOnly"))

        case (.administrator, .manageAccounts), (.administrator, .readAuditLog):
            return .allow
        case (.administrator, _):
            return .deny(Message("policy.administratorManagesAccountsCica"))

        case (.secretariat, .readMemberStatesOnly), (.secretariat, .readSecretariatOnly), (.secretariat, .readAuditLog),
             (.secretariat, .manageRecords), (.secretariat, .conductDecisions), (.secretariat, .registerAttendance),
             (.secretariat, .offerCoordination), (.secretariat, .proposeActivity):
            return .allow
        case (.secretariat, .takePosition), (.secretariat, .proposeAmendment):
            return .deny(Message("policy.secretariatManagesRecordsBut"))
        case (.secretariat, .submitImplementationReport):
            return .deny(Message("policy.implementationReportsAreSubmitted"))
        case (.secretariat, .manageAccounts):
            return .deny(Message("policy.accountsAreManagedAdministrator"))
        case (.secretariat, .registerDelegationKey):
            return .deny(Message("policy.delegationRegistersOwnSigning"))

        case (.delegate, .readMemberStatesOnly):
            return .allow
        case (.delegate, .takePosition), (.delegate, .proposeAmendment), (.delegate, .submitImplementationReport),
             (.delegate, .registerAttendance), (.delegate, .registerDelegationKey), (.delegate, .offerCoordination),
             (.delegate, .proposeActivity):
            switch relation {
            case .own: return .allow
            case .other: return .deny(Message("policy.delegateActsOnlyTheir"))
            case .general: return .deny(Message("policy.sayWhichMemberState"))
            }
        case (.delegate, .readSecretariatOnly):
            return .deny(Message("policy.restrictedSecretariat"))
        case (.delegate, .readAuditLog):
            return .deny(Message("policy.auditLogSecretariatAdministrators"))
        case (.delegate, .manageRecords), (.delegate, .conductDecisions):
            return .deny(Message("policy.recordsConductDecisionsAre"))
        case (.delegate, .manageAccounts):
            return .deny(Message("policy.accountsAreManagedAdministrator"))

        case (.observer, .registerAttendance):
            return relation == .own ? .allow : .deny(Message("policy.observerRegistersOnlyOwn"))
        case (.observer, .takePosition), (.observer, .proposeAmendment), (.observer, .registerDelegationKey), (.observer, .offerCoordination),
             (.observer, .proposeActivity):
            return .deny(Message("policy.observersFollowCicaS"))
        case (.observer, .submitImplementationReport):
            return .deny(Message("policy.implementationReportsAreSubmitted2"))
        case (.observer, .readMemberStatesOnly), (.observer, .readSecretariatOnly):
            return .deny(Message("policy.restrictedMemberStatesObservers"))
        case (.observer, .readAuditLog):
            return .deny(Message("policy.auditLogSecretariatAdministrators"))
        case (.observer, .manageRecords), (.observer, .conductDecisions):
            return .deny(Message("policy.recordsDecisionsAreKept"))
        case (.observer, .manageAccounts):
            return .deny(Message("policy.accountsAreManagedAdministrator"))
        }
    }

    /// How `owner` relates to `role` (or to the user who holds it).
    public static func relation(of role: Role, userId: String?, to owner: Owner) -> Relation {
        switch (role, owner) {
        case (_, .none): .general
        case (.delegate(let state), .state(let other)): state == other ? .own : .other
        case (.observer(let observer), .observer(let other)): observer == other ? .own : .other
        case (_, .user(let other)): userId == other ? .own : .other
        default: .other
        }
    }

    /// Decides whether `principal` may do `action` to what `owner` owns.
    ///
    /// Allowed when any of the principal's roles allows it. A signed-in user with no role may still manage
    /// their own account and read what is public.
    public static func decide(_ principal: Principal, _ action: Action, on owner: Owner = .none) -> Verdict {
        guard let userId = principal.userId else {
            return action == .readPublic ? .allow : .signInRequired(reason: Message("reason.signDo"))
        }
        if action == .readPublic { return .allow }
        if action == .manageOwnAccount, owner == .user(userId) { return .allow }
        var reasons: [Message] = []
        for role in principal.roles {
            switch rule(role.kind, action, relation(of: role, userId: userId, to: owner)) {
            case .allow: return .allow
            case .deny(let reason): reasons.append(reason)
            }
        }
        return .forbidden(reason: reasons.first ?? Message("policy.noRole"))
    }
}
