import Foundation

/// CICA's reference dataset as shipped with the platform: every fact with its provenance.
///
/// Built from `shared/reference` by `scripts/build-dataset.py`; see `docs/data.md`.
public struct ReferenceDataset: Codable, Sendable {
    /// The membership criterion in words, with its sources.
    public struct EligibilityRule: Codable, Sendable, Equatable {
        public var text: String
        public var provenance: Provenance
    }

    public var datasetVersion: String
    public var compiledFrom: String
    public var eligibilityRule: EligibilityRule
    public var sources: [Source]
    public var memberStates: [MemberState]
    public var observers: [Observer]
    public var partners: [Partner]
    public var externalRelations: [ExternalRelation]
    public var organs: [Organ]
    public var meetings: [Meeting]
    public var chairmanships: [Chairmanship]
    public var secretariatHeads: [SecretariatAppointment]
    public var dimensions: [Dimension]
    public var priorityAreas: [PriorityArea]
    public var roadMap: RoadMap
    /// The concept papers and action plans of the priority areas the sources give.
    public var areaPapers: [AreaPaper]
    public var documents: [Document]
    public var officialDays: [OfficialDay]
    public var notes: [SourceNote]
    /// Every ISO 3166-1 entry with its geography (from `countries.json`).
    public var countries: [Country] = []

    private enum CodingKeys: String, CodingKey {
        case datasetVersion, compiledFrom, eligibilityRule, sources, memberStates, observers, partners,
             externalRelations, organs, meetings, chairmanships, secretariatHeads, dimensions, priorityAreas,
             roadMap, areaPapers, documents, officialDays, notes
    }

    private struct CountriesFile: Decodable {
        var countries: [Country]
    }

    /// The dataset shipped in this build.
    public static func shipped() throws -> ReferenceDataset {
        try load(
            dataset: try Data(contentsOf: Bundle.module.url(forResource: "cica-dataset", withExtension: "json", subdirectory: "Reference")!),
            countries: try Data(contentsOf: Bundle.module.url(forResource: "countries", withExtension: "json", subdirectory: "Reference")!)
        )
    }

    /// Decodes a dataset and its countries file.
    public static func load(dataset: Data, countries: Data) throws -> ReferenceDataset {
        var value = try JSONDecoder().decode(ReferenceDataset.self, from: dataset)
        value.countries = try JSONDecoder().decode(CountriesFile.self, from: countries).countries
        return value
    }

    /// Every provenance in the dataset, by the subject it belongs to.
    public var provenances: [(Subject, Provenance)] {
        var all: [(Subject, Provenance)] = [(.eligibilityRule, eligibilityRule.provenance), (.roadMap, roadMap.provenance)]
        all += memberStates.map { (.memberState($0.code), $0.provenance) }
        all += observers.map { (.observer($0.id), $0.provenance) }
        all += partners.map { (.partner($0.id), $0.provenance) }
        all += externalRelations.map { (.externalRelation($0.id), $0.provenance) }
        all += organs.map { (.organ($0.slug), $0.provenance) }
        all += organs.map { (.cadence($0.slug), $0.cadence.provenance) }
        all += meetings.map { (.meeting($0.id), $0.provenance) }
        all += chairmanships.map { (.chairmanship($0.id), $0.provenance) }
        all += secretariatHeads.map { (.appointment($0.id), $0.provenance) }
        all += dimensions.map { (.dimension($0.slug), $0.provenance) }
        all += priorityAreas.map { (.priorityArea($0.slug), $0.provenance) }
        all += roadMap.areas.map { (.reformArea($0.number), $0.provenance) }
        all += documents.map { (.document($0.id), $0.provenance) }
        all += areaPapers.compactMap { p in p.provenance.map { (.areaPaper(p.id), $0) } }
        all += officialDays.map { (.officialDay($0.slug), $0.provenance) }
        return all
    }
}

/// What the shipped dataset must hold; the seeder refuses a dataset that breaks one of these.
public enum DatasetInvariant {
    /// The counts the CICA description states.
    public static let memberStates = 28
    public static let foundingMembers = 15
    public static let observerStates = 10
    public static let observerOrganizations = 5
    public static let partners = 9
    public static let organs = 5
    public static let dimensions = 5
    public static let priorityAreas = 18
    public static let reformAreas = 8

    /// Every way `dataset` breaks the invariants, as sentences; empty when it holds them all.
    public static func violations(of dataset: ReferenceDataset) -> [String] {
        var problems: [String] = []
        func expect(_ actual: Int, _ expected: Int, _ what: String) {
            if actual != expected { problems.append("\(what): expected \(expected), found \(actual)") }
        }
        expect(dataset.memberStates.count, memberStates, "Member States")
        expect(dataset.memberStates.filter(\.founding).count, foundingMembers, "founding members")
        // Current observers; those that became Member States keep their ended periods beside them.
        let current = dataset.observers.filter { $0.until == nil }
        expect(current.filter { $0.kind == .state }.count, observerStates, "observer states")
        expect(current.filter { $0.kind == .organization }.count, observerOrganizations, "observer organizations")
        expect(dataset.partners.count, partners, "partners with a memorandum")
        expect(dataset.organs.count, organs, "organs")
        expect(dataset.dimensions.count, dimensions, "dimensions")
        expect(dataset.priorityAreas.count, priorityAreas, "priority areas")
        expect(dataset.roadMap.areas.count, reformAreas, "Road Map areas")

        let countries = Dictionary(dataset.countries.map { ($0.alpha2, $0) }, uniquingKeysWith: { a, _ in a })
        let members = Set(dataset.memberStates.map(\.code))
        let sources = Set(dataset.sources.map(\.id))
        for member in dataset.memberStates {
            guard let country = countries[member.code] else {
                problems.append("Member State \(member.code) is not an ISO 3166-1 code")
                continue
            }
            if !Eligibility.assess(country, memberState: nil, observer: nil).meetsCriterion {
                problems.append("Member State \(member.code) does not meet the membership criterion")
            }
        }
        for observer in dataset.observers where observer.kind == .state {
            if let code = observer.countryCode, countries[code] == nil { problems.append("observer \(code) is not an ISO 3166-1 code") }
            if let code = observer.countryCode, members.contains(code) != (observer.until != nil) {
                problems.append(observer.until == nil ? "\(code) is both a Member State and an observer"
                                                      : "\(code)'s observer period ended, but it is not a Member State")
            }
        }
        for area in dataset.priorityAreas {
            for coordination in area.coordinations where !members.contains(coordination.state) {
                problems.append("priority area \(area.slug): coordinator \(coordination.state) is not a Member State")
            }
            if !dataset.dimensions.contains(where: { $0.slug == area.dimension }) {
                problems.append("priority area \(area.slug): unknown dimension \(area.dimension)")
            }
        }
        for chair in dataset.chairmanships where !members.contains(chair.state) {
            problems.append("chairmanship \(chair.id): \(chair.state) is not a Member State")
        }
        let organs = Set(dataset.organs.map(\.slug))
        for meeting in dataset.meetings where !organs.contains(meeting.organ) {
            problems.append("meeting \(meeting.id): unknown organ \(meeting.organ)")
        }
        let meetings = Set(dataset.meetings.map(\.id))
        for document in dataset.documents {
            if let meeting = document.meeting, !meetings.contains(meeting) {
                problems.append("document \(document.id): unknown meeting \(meeting)")
            }
        }
        let areas = Set(dataset.priorityAreas.map(\.slug)), documents = Set(dataset.documents.map(\.id)), papers = Set(dataset.areaPapers.map(\.id))
        for paper in dataset.areaPapers {
            if !areas.contains(paper.priorityArea) { problems.append("paper \(paper.id): unknown priority area \(paper.priorityArea)") }
            if let document = paper.document, !documents.contains(document) { problems.append("paper \(paper.id): unknown document \(document)") }
            if let later = paper.supersededBy, !papers.contains(later) { problems.append("paper \(paper.id): superseded by unknown paper \(later)") }
            if let organ = paper.endorsedBy, !organs.contains(organ) { problems.append("paper \(paper.id): unknown organ \(organ)") }
            if paper.provenance == nil { problems.append("paper \(paper.id): no provenance") }
        }
        for (subject, provenance) in dataset.provenances {
            for source in provenance.sources where !sources.contains(source) {
                problems.append("\(subject): unknown source \(source)")
            }
        }
        for (kind, ids) in [("Member State", dataset.memberStates.map(\.code)), ("observer", dataset.observers.map(\.id)),
                            ("meeting", dataset.meetings.map(\.id)), ("document", dataset.documents.map(\.id)),
                            ("priority area", dataset.priorityAreas.map(\.slug)),
                            ("paper", dataset.areaPapers.map(\.id))] {
            let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys
            for id in duplicates.sorted() { problems.append("duplicate \(kind) \(id)") }
        }
        return problems
    }
}
