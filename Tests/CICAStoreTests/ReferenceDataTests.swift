import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

@Suite("Reference data")
struct ReferenceDataTests {
    static let tables = ["dataset_info", "sources", "provenance", "provenance_sources", "source_notes", "source_note_subjects",
                         "countries", "member_states", "observers", "partners", "external_relations", "organs", "meetings",
                         "meeting_outcomes", "chairmanships", "secretariat_appointments", "dimensions", "priority_areas",
                         "coordinations", "road_maps", "reform_areas", "documents", "official_days"]

    /// Every row of every reference table, as text, in a stable order.
    static func dump(_ database: Database) async throws -> [String: [String]] {
        var dump: [String: [String]] = [:]
        for table in tables {
            dump[table] = try await database.read { sql in
                try await sql.raw("SELECT * FROM \(ident: table)").all().map { row in
                    try row.allColumns.sorted().map { column in
                        if try row.decodeNil(column: column) { return "\(column)=NULL" }
                        if let text = try? row.decode(column: column, as: String.self) { return "\(column)=\(text)" }
                        if let number = try? row.decode(column: column, as: Int.self) { return "\(column)=\(number)" }
                        return "\(column)=\(try row.decode(column: column, as: Bool.self))"
                    }.joined(separator: ",")
                }.sorted()
            }
        }
        return dump
    }

    @Test("seeding twice leaves the same rows", arguments: TestEngine.all)
    func idempotent(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let first = try await Self.dump(database)
            try await ReferenceData.seed(into: database)
            let second = try await Self.dump(database)
            #expect(first == second)
            #expect(first["member_states"]?.count == 28)
            #expect(first["countries"]?.count == 249)
        }
    }

    @Test("seeding restores a changed fact and keeps rows the platform added", arguments: TestEngine.all)
    func restores(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await database.write { sql in
                try await sql.update("member_states").set("name", to: "Renamed").where("code", .equal, "KZ").run()
                try await sql.insert(into: "sources").columns("id", "url", "title", "sort_key")
                    .values(SQLBind("LOCAL"), SQLBind(String?.none), SQLBind("Added by the Secretariat"), SQLBind("added|local")).run()
            }
            try await ReferenceData.seed(into: database)
            let name = try await SQLMembershipRepository(database: database).memberState(code: "KZ")?.memberState.value.name
            #expect(name == "Kazakhstan")
            #expect(try await SQLSourceRepository(database: database).source(id: "LOCAL", readership: .everyone) != nil)
        }
    }

    @Test("an inconsistent dataset is refused and writes nothing", arguments: TestEngine.all)
    func refusesInvalid(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine, seeded: false) { database in
            var dataset = try ReferenceDataset.shipped()
            dataset.priorityAreas[0].coordinator = "BR"
            await #expect(throws: ReferenceData.InvalidDataset.self) { try await ReferenceData.seed(dataset, into: database) }
            #expect(try await ReferenceData.isLoaded(in: database) == false)
        }
    }

    @Test("the loaded counts match the description", arguments: TestEngine.all)
    func counts(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            #expect(try await ReferenceData.isLoaded(in: database))
            let counts = try await SQLMembershipRepository(database: database).counts()
            #expect(counts == MembershipCounts(memberStates: 28, foundingMembers: 15, observerStates: 10, observerOrganizations: 5, partners: 9))
            #expect(try await SQLOrganRepository(database: database).organs().count == 5)
            #expect(try await SQLCatalogueRepository(database: database).dimensions().count == 5)
            #expect(try await SQLCatalogueRepository(database: database).priorityAreas(dimension: nil, state: nil).count == 18)
            #expect(try await SQLCatalogueRepository(database: database).roadMap()?.areas.count == 8)
        }
    }
}
