/// How sure the dataset is of a fact, in the words of the reference's legend.
public enum Confidence: String, Codable, Sendable, CaseIterable, Comparable {
    /// Stated by at least one source that was read.
    case confirmed
    /// Derived from sources by reasoning.
    case inferred
    /// A weak, single or conflicting source.
    case uncertain
    /// No source was found.
    case notFound

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// A page or document a fact was read from.
public struct Source: Codable, Sendable, Equatable, Hashable {
    public var id: String
    public var url: String?
    public var title: String

    public init(id: String, url: String?, title: String) {
        self.id = id
        self.url = url
        self.title = title
    }
}

/// Where a fact comes from: the sources that state it, how sure we are, and a note.
public struct Provenance: Codable, Sendable, Equatable {
    public var confidence: Confidence
    /// Source ids, in the order the reference gives them.
    public var sources: [String]
    public var note: String?

    public init(confidence: Confidence, sources: [String], note: String? = nil) {
        self.confidence = confidence
        self.sources = sources
        self.note = note
    }
}

/// A fact's provenance with its sources resolved, as pages and the API show it.
public struct ResolvedProvenance: Sendable, Equatable {
    public var confidence: Confidence
    public var sources: [Source]
    public var note: String?

    public init(confidence: Confidence, sources: [Source], note: String?) {
        self.confidence = confidence
        self.sources = sources
        self.note = note
    }
}

/// The key under which a fact's provenance is stored: `kind/key`, e.g. `member-state/KZ`.
public struct Subject: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    public static func memberState(_ code: String) -> Subject { Subject("member-state/\(code)") }
    public static func observer(_ id: String) -> Subject { Subject("observer/\(id)") }
    public static func partner(_ id: String) -> Subject { Subject("partner/\(id)") }
    public static func externalRelation(_ id: String) -> Subject { Subject("external-relation/\(id)") }
    public static func organ(_ slug: String) -> Subject { Subject("organ/\(slug)") }
    public static func cadence(_ organ: String) -> Subject { Subject("organ/\(organ)#cadence") }
    public static func meeting(_ id: String) -> Subject { Subject("meeting/\(id)") }
    public static func chairmanship(_ id: String) -> Subject { Subject("chairmanship/\(id)") }
    public static func appointment(_ id: String) -> Subject { Subject("secretariat-head/\(id)") }
    public static func dimension(_ slug: String) -> Subject { Subject("dimension/\(slug)") }
    public static func priorityArea(_ slug: String) -> Subject { Subject("priority-area/\(slug)") }
    public static func reformArea(_ number: Int) -> Subject { Subject("road-map-area/\(number)") }
    public static func document(_ id: String) -> Subject { Subject("document/\(id)") }
    public static func officialDay(_ slug: String) -> Subject { Subject("official-day/\(slug)") }
    public static func areaPaper(_ id: String) -> Subject { Subject("area-paper/\(id)") }
    public static let roadMap: Subject = "road-map"
    public static let eligibilityRule: Subject = "eligibility-rule"
    public static let memberStates: Subject = "member-states"
    public static let observers: Subject = "observers"
    public static let partners: Subject = "partners"
    public static let catalogue: Subject = "catalogue"
    public static let documents: Subject = "documents"
}

/// A place where the sources disagree, with the reading the platform uses.
public struct SourceNote: Codable, Sendable, Equatable {
    public var id: String
    public var topic: String
    public var values: [String]
    public var preferred: String
    /// The facts this note is about.
    public var subjects: [Subject]
    public var sources: [String]

    public init(id: String, topic: String, values: [String], preferred: String, subjects: [Subject], sources: [String]) {
        self.id = id
        self.topic = topic
        self.values = values
        self.preferred = preferred
        self.subjects = subjects
        self.sources = sources
    }
}
