import Foundation

/// What the registry holds, as an effect needs to check itself against it.
public struct RegistryView: Sendable {
    public var countries: [String: Country]
    public var memberStates: [String: MemberState]
    /// Observer ids (ISO codes of states, lower-case ids of organizations).
    public var observers: Set<String>
    public var priorityAreas: [String: PriorityArea]

    public init(countries: [String: Country], memberStates: [String: MemberState], observers: Set<String>, priorityAreas: [String: PriorityArea]) {
        self.countries = countries
        self.memberStates = memberStates
        self.observers = observers
        self.priorityAreas = priorityAreas
    }
}

/// Why an effect cannot be applied, naming the parameter and the reason.
public struct EffectError: Error, Equatable, Sendable {
    public var field: String
    public var reason: Message
    public init(field: String, reason: Message) {
        self.field = field
        self.reason = reason
    }
}

/// A kind of effect a decision may carry, applied in the same transaction as the adoption or not at all.
///
/// Adding a kind is local: a type here (its parameters, the organs competent to adopt it, its check against
/// the registry) and its applier in CICAStore, each listed once.
public protocol DecisionEffect: Sendable {
    /// The kind's name in the API and the record, e.g. `admitMemberState`.
    static var kind: String { get }
    /// Reads the effect's parameters, refusing missing or malformed ones.
    init(parameters: [String: String]) throws(EffectError)
    /// The parameters, as stored and recorded.
    var parameters: [String: String] { get }
    /// Checks the effect against the registry as it stands; nil when it can be applied.
    func check(_ registry: RegistryView) -> EffectError?
    /// What the effect does, in the words of `effect.summary.<kind>` ("Admit NP as a Member State") and, mid-sentence,
    /// `effect.action.<kind>` ("admit NP as a Member State"): the message's values, by name.
    var summaryValues: [String: Message.Value] { get }
}

extension DecisionEffect {
    public var kind: String { Self.kind }
    /// The organs (slugs) competent to adopt a decision with this effect, as `Competence` records them with their sources.
    public static var competentOrgans: [String] { Competence.organs(for: kind) }

    /// The effect in a sentence of its own.
    public var summary: Message { Message("effect.summary.\(Self.kind)", summaryValues) }
    /// The effect within a sentence ("… that would {action}").
    public var action: Message { Message("effect.action.\(Self.kind)", summaryValues) }

    static func required(_ parameters: [String: String], _ name: String, _ what: String) throws(EffectError) -> String {
        guard let value = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw EffectError(field: name, reason: Message("reason.required", ["what": "\(what)"]))
        }
        return value
    }

    static func code(_ parameters: [String: String], _ name: String) throws(EffectError) -> String {
        let text = try required(parameters, name, "an ISO 3166-1 alpha-2 code such as KZ")
        guard let code = CountryCode.normalize(text) else { throw EffectError(field: name, reason: Message("reason.mustIsoAlphaCode", ["text": "\(text)"])) }
        return code
    }
}

/// The effects the platform knows, by kind.
public enum Effects {
    public static let all: [any DecisionEffect.Type] = [
        NoEffect.self, AdmitMemberState.self, GrantObserverStatus.self, AdoptDocument.self, AssignCoordinator.self, AppointSecretaryGeneral.self,
        AssumeChairmanship.self,
    ]

    public static func type(of kind: String) -> (any DecisionEffect.Type)? {
        all.first { $0.kind == kind }
    }

    /// Reads an effect of `kind` from its parameters.
    public static func make(kind: String, parameters: [String: String]) throws(EffectError) -> any DecisionEffect {
        guard let type = type(of: kind) else {
            throw EffectError(field: "effect", reason: Message("reason.mustOneGot", ["all": "\(all.map { $0.kind }.joined(separator: ", "))", "kind": "\(kind)"]))
        }
        return try type.init(parameters: parameters)
    }

    /// Whether `organ` may adopt a decision with this effect; the reason when it may not.
    public static func competence(of effect: any DecisionEffect, organ: String) -> EffectError? {
        let competent = Swift.type(of: effect).competentOrgans
        guard !competent.contains(organ) else { return nil }
        return EffectError(field: "organ", reason: Message("reason.competentAdoptDecisionWould",
                                                           ["organ": .organ(organ), "summary": .message(effect.action), "names": .anyOf(competent.map(Message.Value.organ))]))
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

/// A plain text: nothing changes in the registry.
public struct NoEffect: DecisionEffect {
    public static let kind = "none"
    public init(parameters: [String: String]) {}
    public var parameters: [String: String] { [:] }
    public func check(_ registry: RegistryView) -> EffectError? { nil }
    public var summaryValues: [String: Message.Value] { [:] }
}

/// Admit a state as a Member State: refused unless it is eligible and not already a member.
public struct AdmitMemberState: DecisionEffect {
    public static let kind = "admitMemberState"
    public var state: String

    public init(parameters: [String: String]) throws(EffectError) { state = try Self.code(parameters, "state") }
    public init(state: String) { self.state = state }
    public var parameters: [String: String] { ["state": state] }

    public func check(_ registry: RegistryView) -> EffectError? {
        guard let country = registry.countries[state] else { return EffectError(field: "state", reason: Message("reason.countryHasIsoCode", ["state": "\(state)"])) }
        let answer = Eligibility.assess(country, memberState: registry.memberStates[state], observer: nil)
        switch answer.verdict {
        case .eligible: return nil
        case .alreadyMember: return EffectError(field: "state", reason: Message("reason.alreadyMemberState", ["country": .country(country.alpha2)]))
        case .notEligible: return EffectError(field: "state", reason: answer.refusal ?? Message("eligibility.verdict.notEligible"))
        }
    }

    public var summaryValues: [String: Message.Value] { ["state": .country(state)] }
}

/// Grant observer status to a state or an international organization.
public struct GrantObserverStatus: DecisionEffect {
    public static let kind = "grantObserverStatus"
    public var observerKind: ObserverKind
    /// ISO code of a state, or a short lower-case id of an organization.
    public var id: String
    public var name: String

    public init(parameters: [String: String]) throws(EffectError) {
        let kindText = try Self.required(parameters, "observerKind", "state or organization")
        guard let kind = ObserverKind(rawValue: kindText) else {
            throw EffectError(field: "observerKind", reason: Message("reason.mustStateOrganizationGot", ["kindText": "\(kindText)"]))
        }
        observerKind = kind
        if kind == .state {
            id = try Self.code(parameters, "id")
            name = parameters["name"] ?? id
        } else {
            let text = try Self.required(parameters, "id", "a short id such as asean")
            guard text.count <= 20, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw EffectError(field: "id", reason: Message("reason.mustShortIdLetters"))
            }
            id = text.lowercased()
            name = try Self.required(parameters, "name", "the organization's full name")
        }
    }

    public var parameters: [String: String] { ["observerKind": observerKind.rawValue, "id": id, "name": name] }

    public func check(_ registry: RegistryView) -> EffectError? {
        if registry.observers.contains(id) { return EffectError(field: "id", reason: Message("reason.alreadyHasObserverStatus", ["name": "\(name)"])) }
        if observerKind == .state {
            guard registry.countries[id] != nil else { return EffectError(field: "id", reason: Message("reason.countryHasIsoCode2", ["id": "\(id)"])) }
            if registry.memberStates[id] != nil { return EffectError(field: "id", reason: Message("reason.memberStateObserver", ["id": "\(id)"])) }
        }
        return nil
    }

    public var summaryValues: [String: Message.Value] { ["name": "\(name)"] }
}

/// Adopt a document: it enters CICA's documents with the decision as its source.
public struct AdoptDocument: DecisionEffect {
    public static let kind = "adoptDocument"
    public var title: String
    public var documentKind: DocumentKind

    public init(parameters: [String: String]) throws(EffectError) {
        title = try Self.required(parameters, "title", "the document's title")
        let kindText = parameters["documentKind"] ?? DocumentKind.decision.rawValue
        guard let kind = DocumentKind.named(kindText) else {
            throw EffectError(field: "documentKind", reason: Message("reason.mustOne", ["DocumentKind": "\(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))"]))
        }
        documentKind = kind
    }

    public var parameters: [String: String] { ["title": title, "documentKind": documentKind.rawValue] }
    /// The id of the document a decision with this effect adds to CICA's documents.
    public static func documentID(decision id: String) -> String { "decision-" + id.prefix(8) }
    public func check(_ registry: RegistryView) -> EffectError? { nil }
    public var summaryValues: [String: Message.Value] { ["title": "\(title)"] }
}

/// Assign a Member State as coordinator or co-coordinator of a priority area.
public struct AssignCoordinator: DecisionEffect {
    public static let kind = "assignCoordinator"
    public var priorityArea: String
    public var state: String
    public var role: CoordinationRole

    public init(parameters: [String: String]) throws(EffectError) {
        priorityArea = try Self.required(parameters, "priorityArea", "the priority area's slug")
        state = try Self.code(parameters, "state")
        let roleText = parameters["role"] ?? CoordinationRole.coordinator.rawValue
        guard let role = CoordinationRole(rawValue: roleText) else {
            throw EffectError(field: "role", reason: Message("reason.mustCoordinatorCocoordinatorGot", ["roleText": "\(roleText)"]))
        }
        self.role = role
    }

    public var parameters: [String: String] { ["priorityArea": priorityArea, "state": state, "role": role.rawValue] }

    public func check(_ registry: RegistryView) -> EffectError? {
        guard let area = registry.priorityAreas[priorityArea] else { return EffectError(field: "priorityArea", reason: Message("reason.therePriorityArea", ["priorityArea": "\(priorityArea)"])) }
        guard registry.memberStates[state] != nil else { return EffectError(field: "state", reason: Message("reason.memberStateOnlyMember", ["state": "\(state)"])) }
        if area.coordinations.contains(where: { $0.state == state && $0.role == role }) {
            return EffectError(field: "state", reason: Message("reason.already", ["state": .country(state), "role": .message(Message("coordination.the.\(role.rawValue)")), "area": .priorityArea(priorityArea)]))
        }
        return nil
    }

    public var summaryValues: [String: Message.Value] {
        ["state": .country(state), "role": .message(Message("coordination.the.\(role.rawValue)")), "area": .priorityArea(priorityArea)]
    }
}

/// Appoint the Secretary General.
public struct AppointSecretaryGeneral: DecisionEffect {
    public static let kind = "appointSecretaryGeneral"
    public var name: String
    public var nationality: String

    public init(parameters: [String: String]) throws(EffectError) {
        name = try Self.required(parameters, "name", "the person's name")
        nationality = try Self.code(parameters, "nationality")
    }

    public var parameters: [String: String] { ["name": name, "nationality": nationality] }
    /// The id of the appointment a decision with this effect records.
    public static func appointmentID(decision id: String) -> String { "appointment-" + id.prefix(8) }

    public func check(_ registry: RegistryView) -> EffectError? {
        registry.memberStates[nationality] == nil
            ? EffectError(field: "nationality", reason: Message("reason.memberStateSecretaryGeneral", ["nationality": "\(nationality)"])) : nil
    }

    public var summaryValues: [String: Message.Value] { ["name": "\(name)"] }
}

/// A Member State takes the chair of CICA from the day the decision is adopted; the chair before it hands over that day.
/// Under the Rules of Procedure as amended in 2009 (`ChairmanshipRule`), the state hosting the regular Summit chairs
/// until the next regular Ministerial Council, and the host of that Council until the next Summit.
public struct AssumeChairmanship: DecisionEffect {
    public static let kind = "assumeChairmanship"
    public var state: String

    public init(parameters: [String: String]) throws(EffectError) {
        state = try Self.code(parameters, "state")
    }

    public var parameters: [String: String] { ["state": state] }
    /// The id of the chairmanship a decision with this effect records.
    public static func chairmanshipID(decision id: String) -> String { "chair-" + id.prefix(8) }

    public func check(_ registry: RegistryView) -> EffectError? {
        registry.memberStates[state] == nil ? EffectError(field: "state", reason: Message("reason.chair.memberState", ["state": .country(state)])) : nil
    }

    public var summaryValues: [String: Message.Value] { ["state": .country(state)] }
}

