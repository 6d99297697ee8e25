import Testing
import CICACore
@testable import CICAStore
import CICATestSupport

/// The Member States and their sources are kept in memory between writes (`ReferenceReads`); these tests write around
/// the platform, from another instance on the same database, and check that no read is ever older than the last write.
@Suite("Reference reads kept in memory")
struct ReferenceReadsTests {
    @Test("a second read of unchanged facts comes from memory; any write to them is seen at once", arguments: TestEngine.all)
    func keptUntilWritten(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            let first = try await repository.memberStatesListing(founding: nil)
            let loads = database.referenceReads.loads.load(ordering: .relaxed)
            let again = try await repository.memberStatesListing(founding: nil)
            #expect(database.referenceReads.loads.load(ordering: .relaxed) == loads)
            #expect(again.states.map(\.value.name) == first.states.map(\.value.name))
            #expect(first.states.count == 28)

            // A write by the platform itself.
            try await TestDatabase.aroundThePlatform(database, "UPDATE member_states SET name = 'Kazakhstan (renamed)' WHERE code = 'KZ'")
            let renamed = try await repository.memberStatesListing(founding: nil)
            #expect(renamed.states.contains { $0.value.code == "KZ" && $0.value.name == "Kazakhstan (renamed)" })
            #expect(database.referenceReads.loads.load(ordering: .relaxed) == loads + 1)
        }
    }

    @Test("writes by another instance, to each table the reads read, are seen by the first at once", arguments: TestEngine.all)
    func anotherInstance(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            func listing() async throws -> MemberStatesListing { try await repository.memberStatesListing(founding: nil) }
            func page() async throws -> [Sourced<MemberState>] { try await repository.memberStates(founding: true, page: PageRequest()).items }
            let before = try await listing()
            #expect(!before.notes.isEmpty)
            #expect(try await page().count == 15)
            try await TestDatabase.withAnotherInstance(of: database) { other in
                try await TestDatabase.aroundThePlatform(other, "UPDATE member_states SET founding = \(engine == .sqlite ? "0" : "false") WHERE code = 'KZ'")
                #expect(try await page().count == 14)
                try await TestDatabase.aroundThePlatform(other, "UPDATE provenance SET confidence = 'uncertain' WHERE subject = 'member-state/KZ'")
                #expect(try await listing().states.first { $0.value.code == "KZ" }?.provenance.confidence == .uncertain)
                try await TestDatabase.aroundThePlatform(other, "UPDATE sources SET title = 'Renamed source' WHERE id = 'CHINADAILY2014'")
                #expect(try await listing().states.first { $0.value.code == "KZ" }?.provenance.sources.contains { $0.title == "Renamed source" } == true)
                try await TestDatabase.aroundThePlatform(other, "DELETE FROM source_note_subjects")
                #expect(try await listing().notes.isEmpty)
                if engine == .postgresql {
                    // TRUNCATE fires no row trigger; the statement trigger sees it.
                    try await TestDatabase.aroundThePlatform(other, "TRUNCATE provenance_sources")
                    #expect(try await listing().states.allSatisfy { $0.provenance.sources.isEmpty })
                }
            }
        }
    }

    @Test("a write that is rolled back changes nothing that is read", arguments: TestEngine.all)
    func rolledBack(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            _ = try await repository.memberStatesListing(founding: nil)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await database.write(sealed: false) { sql in
                    try await sql.raw("UPDATE member_states SET name = 'Never' WHERE code = 'KZ'").run()
                    throw Refused()
                }
            }
            #expect(try await repository.memberStatesListing(founding: nil).states.allSatisfy { $0.value.name != "Never" })
        }
    }
}
