/// One of the five dimensions of the Catalogue of Confidence Building Measures.
public struct Dimension: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    public var order: Int
    public var provenance: Provenance

    public init(slug: String, name: String, order: Int, provenance: Provenance) {
        self.slug = slug
        self.name = name
        self.order = order
        self.provenance = provenance
    }
}

/// A priority area of the Catalogue, with the Member States that volunteered to coordinate it.
public struct PriorityArea: Codable, Sendable, Equatable {
    public var slug: String
    public var dimension: String
    public var name: String
    public var order: Int
    /// The coordinating Member State, when known.
    public var coordinator: String?
    /// How sure the dataset is of the coordinator, when it differs from the area's confidence.
    public var coordinatorConfidence: Confidence?
    public var coCoordinators: [String]
    public var provenance: Provenance

    public init(slug: String, dimension: String, name: String, order: Int, coordinator: String?,
                coordinatorConfidence: Confidence?, coCoordinators: [String], provenance: Provenance) {
        self.slug = slug
        self.dimension = dimension
        self.name = name
        self.order = order
        self.coordinator = coordinator
        self.coordinatorConfidence = coordinatorConfidence
        self.coCoordinators = coCoordinators
        self.provenance = provenance
    }

    /// The coordinations of this area, the coordinator first.
    public var coordinations: [Coordination] {
        (coordinator.map { [Coordination(priorityArea: slug, state: $0, role: .coordinator)] } ?? [])
            + coCoordinators.map { Coordination(priorityArea: slug, state: $0, role: .coCoordinator) }
    }
}

/// The part a Member State plays in a priority area.
public enum CoordinationRole: String, Codable, Sendable, CaseIterable {
    case coordinator, coCoordinator
}

/// A Member State coordinating or co-coordinating a priority area.
public struct Coordination: Codable, Sendable, Equatable, Hashable {
    public var priorityArea: String
    public var state: String
    public var role: CoordinationRole

    public init(priorityArea: String, state: String, role: CoordinationRole) {
        self.priorityArea = priorityArea
        self.state = state
        self.role = role
    }
}
