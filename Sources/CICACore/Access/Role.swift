/// The kinds of role a user can hold; anonymous visitors are the public.
public enum RoleKind: String, Codable, Sendable, CaseIterable {
    case administrator, secretariat, delegate, observer
}

/// A role a user holds: administrator, Secretariat, delegate of one Member State, or observer of one observer.
public enum Role: Hashable, Sendable, CustomStringConvertible {
    case administrator
    case secretariat
    /// Acts for this Member State (ISO code) only.
    case delegate(state: String)
    /// Follows for this observer state or organization (its observer id).
    case observer(observer: String)

    public var kind: RoleKind {
        switch self {
        case .administrator: .administrator
        case .secretariat: .secretariat
        case .delegate: .delegate
        case .observer: .observer
        }
    }

    /// The Member State or observer the role acts for, if any.
    public var scope: String? {
        switch self {
        case .administrator, .secretariat: nil
        case .delegate(let state): state
        case .observer(let observer): observer
        }
    }

    /// The Member State a delegate acts for; nil for every other role.
    public var delegatedState: String? {
        if case .delegate(let state) = self { state } else { nil }
    }

    public init?(kind: RoleKind, scope: String?) {
        switch (kind, scope) {
        case (.administrator, nil): self = .administrator
        case (.secretariat, nil): self = .secretariat
        case (.delegate, let state?): self = .delegate(state: state)
        case (.observer, let observer?): self = .observer(observer: observer)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .administrator: "administrator"
        case .secretariat: "secretariat"
        case .delegate(let state): "delegate of \(state)"
        case .observer(let observer): "observer of \(observer)"
        }
    }
}

/// Why a role cannot be bound to a user.
public enum RoleBindingError: Error, Equatable, Sendable {
    /// A delegate role needs a Member State, and this code is not (or no longer) one.
    case notAMemberState(String)
    /// An observer role needs an observer state or organization, and this is not one.
    case notAnObserver(String)
    /// The role needs a state or observer (`--state`), or takes none.
    case scopeMismatch(RoleKind)
    /// The user already holds this role.
    case alreadyHeld(Role)
}

/// The rule for binding a role: a delegate of a Member State, an observer of an observer.
public enum RoleBinding {
    /// Checks a role against the registry: `isMemberState` and `isObserver` answer for a code or id.
    public static func validate(kind: RoleKind, scope: String?, isMemberState: (String) -> Bool, isObserver: (String) -> Bool,
                                held: [Role]) throws(RoleBindingError) -> Role {
        let normalizedScope: String?
        switch kind {
        case .delegate: normalizedScope = scope.flatMap(CountryCode.normalize) ?? scope
        // Observer states are ISO codes (JP), organizations lower-case ids (un): accept either as typed.
        case .observer: normalizedScope = scope.map { typed in [typed.uppercased(), typed.lowercased()].first(where: isObserver) ?? typed }
        case .administrator, .secretariat: normalizedScope = scope
        }
        guard let role = Role(kind: kind, scope: normalizedScope) else { throw .scopeMismatch(kind) }
        switch role {
        case .delegate(let state) where !isMemberState(state): throw .notAMemberState(state)
        case .observer(let observer) where !isObserver(observer): throw .notAnObserver(observer)
        default: break
        }
        if held.contains(role) { throw .alreadyHeld(role) }
        return role
    }
}

extension Role {
    /// The role in words, for any reader: "delegate of Kazakhstan".
    public var message: Message {
        switch self {
        case .administrator: Message("role.administrator")
        case .secretariat: Message("role.secretariat")
        case .delegate(let state): Message("role.delegate", ["state": .country(state)])
        case .observer(let observer): Message("role.observer", ["observer": "\(observer)"])
        }
    }
}

extension RoleBindingError {
    /// Why a role cannot be bound as asked.
    public var message: Message {
        switch self {
        case .notAMemberState(let code): Message("account.error.notAMemberState", ["code": "\(code)"])
        case .notAnObserver(let id): Message("account.error.notAnObserver", ["id": "\(id)"])
        case .scopeMismatch(let kind):
            kind == .delegate || kind == .observer
                ? Message("account.error.scopeNeeded", ["role": .message(Message("role.kind.\(kind.rawValue)"))])
                : Message("account.error.scopeNotTaken", ["role": .message(Message("role.kind.\(kind.rawValue)"))])
        case .alreadyHeld(let role): Message("account.error.roleHeld", ["role": .message(role.message)])
        }
    }
}
