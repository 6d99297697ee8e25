/// One of the eight areas (clusters) of reform of the Road Map for CICA Transformation.
public struct ReformArea: Codable, Sendable, Equatable {
    public var number: Int
    public var title: String
    public var provenance: Provenance

    public init(number: Int, title: String, provenance: Provenance) {
        self.number = number
        self.title = title
        self.provenance = provenance
    }
}

/// The Road Map for CICA Transformation, endorsed by the Ministerial Council in September 2023.
public struct RoadMap: Codable, Sendable, Equatable {
    public var title: String
    public var endorsed: PartialDate
    /// The meeting that endorsed it.
    public var endorsedAt: String?
    public var provenance: Provenance
    public var areas: [ReformArea]

    public init(title: String, endorsed: PartialDate, endorsedAt: String?, provenance: Provenance, areas: [ReformArea]) {
        self.title = title
        self.endorsed = endorsed
        self.endorsedAt = endorsedAt
        self.provenance = provenance
        self.areas = areas
    }
}
