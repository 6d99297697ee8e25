import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// Coordination terms in the database: the record's coordinations become running terms, an adopted assignment ends and
/// begins terms, and a seed afterwards keeps the history.
@Suite("Coordination terms")
struct CoordinationStoreTests {
    static let area = "trade-and-investment"

    @Test("the record's coordinations run from a day the sources do not give; an assignment replaces the coordinator; a seed keeps it",
          arguments: TestEngine.all)
    func history(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let catalogue = SQLCatalogueRepository(database: database)
            let shipped = try ReferenceDataset.shipped().priorityAreas.flatMap(\.coordinations)
            var terms: [CoordinationTerm] = []
            for slug in Set(shipped.map(\.priorityArea)) { terms += try await catalogue.coordinationTerms(area: slug) }
            #expect(terms.count == shipped.count && terms.allSatisfy { $0.from == nil && $0.isRunning && $0.startedBy == nil })

            let at = DecisionTests.t0
            let decision = try await DecidedStateTests.adopt(
                NewDraft(title: "Coordinator for trade", organ: "senior-officials-committee", meeting: nil, text: "The Committee assigns India.",
                         effectKind: AssignCoordinator.kind, effectParameters: ["priorityArea": Self.area, "state": "IN", "role": "coordinator"]),
                SQLDecisionRepository(database: database), at: at)
            let after = try await catalogue.coordinationTerms(area: Self.area)
            let kyrgyzstan = try #require(after.first { $0.state == "KG" })
            #expect(kyrgyzstan.ending == .replaced && kyrgyzstan.endedBy == decision.id && kyrgyzstan.until == CivilDate(at.addingTimeInterval(1)))
            let india = try #require(after.first { $0.state == "IN" })
            #expect(india.isRunning && india.startedBy == decision.id && india.role == .coordinator)
            #expect(try await catalogue.priorityAreas(dimension: nil, state: nil).first { $0.value.slug == Self.area }?.value.coordinator == "IN")

            _ = try await ReferenceData.seed(into: database, now: at.addingTimeInterval(100))
            #expect(try await catalogue.coordinationTerms(area: Self.area) == after, "the seed leaves the decided history as it was")
            // Nothing but the applier and the seed writes terms: a coordination of another area is untouched.
            #expect(try await catalogue.coordinationTerms(area: "human-dimension").count == 5)
        }
    }
}
