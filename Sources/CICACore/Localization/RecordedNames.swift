/// The English names the shipped dataset records for countries, priority areas and organs, for messages that name them by code
/// (`Message.Value.country`) when no table words them.
struct RecordedNames: Sendable {
    var countries: [String: String] = [:]
    var priorityAreas: [String: String] = [:]
    var organs: [String: (name: String, shortName: String)] = [:]

    static let shared: RecordedNames = {
        guard let dataset = try? ReferenceDataset.shipped() else { return RecordedNames() }
        return RecordedNames(
            countries: Dictionary(dataset.countries.map { ($0.alpha2, $0.name) }) { first, _ in first }
                .merging(dataset.memberStates.map { ($0.code, $0.name) }) { _, member in member },
            priorityAreas: Dictionary(dataset.priorityAreas.map { ($0.slug, $0.name) }) { first, _ in first },
            organs: Dictionary(dataset.organs.map { ($0.slug, (name: $0.name, shortName: $0.shortName)) }) { first, _ in first })
    }()
}
