import Testing
import CICACore
@testable import CICAStore
import CICATestSupport

@Suite("Repositories")
struct RepositoryTests {
    @Test("Member States page by name without gaps or repeats", arguments: TestEngine.all)
    func memberStatePaging(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            var names: [String] = []
            var page = try await repository.memberStates(founding: nil, page: PageRequest(limit: 10))
            names += page.items.map(\.value.name)
            var pages = 1
            while let cursor = page.nextCursor {
                page = try await repository.memberStates(founding: nil, page: try PageRequest.parse(limit: 10, cursor: cursor))
                names += page.items.map(\.value.name)
                pages += 1
            }
            #expect(pages == 3)
            #expect(names.count == 28 && Set(names).count == 28)
            #expect(names == names.sorted { SortKey.byName($0, id: "") < SortKey.byName($1, id: "") })
            #expect(names.first == "Afghanistan")
        }
    }

    @Test("founding members and those who joined later", arguments: TestEngine.all)
    func foundingFilter(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            let founding = try await repository.memberStates(founding: true, page: PageRequest())
            let joined = try await repository.memberStates(founding: false, page: PageRequest())
            #expect(founding.items.count == 15 && joined.items.count == 13)
            #expect(founding.items.allSatisfy { $0.value.accession == PartialDate("1999-09-14") })
            #expect(joined.items.contains { $0.value.code == "KW" && $0.value.accession == PartialDate("2022-10-13") })
        }
    }

    @Test("a Member State's profile: accession, coordinations, chairmanships, provenance, notes", arguments: TestEngine.all)
    func profile(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            let kazakhstan = try #require(try await repository.memberState(code: "KZ"))
            #expect(kazakhstan.memberState.value.founding)
            #expect(kazakhstan.memberState.provenance.confidence == .confirmed)
            #expect(kazakhstan.memberState.provenance.sources.map(\.id).contains("CHINADAILY2014"))
            #expect(kazakhstan.memberState.provenance.sources.first?.url?.hasPrefix("http") == true)
            #expect(kazakhstan.coordinations.contains(StateCoordination(priorityArea: "military-political-dimension",
                                                                        priorityAreaName: "Military-political dimension",
                                                                        dimension: "military-political", role: .coordinator)))
            #expect(kazakhstan.coordinations.contains { $0.priorityArea == "human-dimension" && $0.role == .coCoordinator })
            #expect(kazakhstan.chairmanships.map(\.value.id) == ["kz-1", "kz-2"])
            #expect(kazakhstan.country.note == "the lands west of the Ural River lie in Europe")
            let thailand = try #require(try await repository.memberState(code: "TH"))
            #expect(thailand.notes.map(\.id) == ["thailand-accession"])
            #expect(try await repository.memberState(code: "BR") == nil)
        }
    }

    @Test("observers by kind and partners", arguments: TestEngine.all)
    func observersAndPartners(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            let states = try await repository.observers(kind: .state, page: PageRequest())
            let organizations = try await repository.observers(kind: .organization, page: PageRequest())
            #expect(states.items.count == 10 && organizations.items.count == 5)
            #expect(organizations.items.contains { $0.value.acronym == "UN" })
            let all = try await repository.observers(kind: nil, page: PageRequest(limit: 14))
            #expect(all.items.count == 14 && all.nextCursor != nil)
            let partners = try await repository.partners(page: PageRequest())
            #expect(partners.items.count == 9)
            #expect(partners.items.first { $0.value.acronym == "SCO" }?.value.signed == PartialDate("2014-05-20"))
            #expect(try await repository.externalRelations().contains { $0.value.date == PartialDate("2007-12") })
        }
    }

    @Test("eligibility reads the registry", arguments: TestEngine.all)
    func eligibility(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLMembershipRepository(database: database)
            let kazakhstan = try await repository.eligibility(code: "kz")
            let japan = try await repository.eligibility(code: "JP")
            let brazil = try await repository.eligibility(code: "BR")
            #expect(kazakhstan.verdict == .alreadyMember)
            #expect(japan.verdict == .eligible && japan.observer?.id == "JP")
            #expect(brazil.verdict == .notEligible)
            await #expect(throws: EligibilityError.unknownCode("XX")) { try await repository.eligibility(code: "XX") }
            await #expect(throws: EligibilityError.malformedCode("Kazakhstan")) { try await repository.eligibility(code: "Kazakhstan") }
        }
    }

    @Test("meetings newest first, by organ, kind and year", arguments: TestEngine.all)
    func meetings(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLOrganRepository(database: database)
            let summits = try await repository.meetings(MeetingFilter(organ: "summit"), page: PageRequest())
            #expect(summits.items.map(\.value.id) == ["summit-7", "summit-6", "summit-5", "summit-4", "summit-3", "summit-2", "summit-1"])
            #expect(summits.items[1].value.outcomes.contains("Kuwait admitted (28th)"))
            let informal = try await repository.meetings(MeetingFilter(organ: "ministerial-council", kind: .informal), page: PageRequest())
            #expect(informal.items.count == 3)
            let in2022 = try await repository.meetings(MeetingFilter(year: 2022), page: PageRequest())
            #expect(in2022.items.allSatisfy { $0.value.start?.year == 2022 } && in2022.items.count >= 4)
            await #expect(throws: InvalidInput.self) { try await repository.meetings(MeetingFilter(organ: "parliament"), page: PageRequest()) }
            let first = try await repository.meetings(MeetingFilter(), page: PageRequest(limit: 5))
            let second = try await repository.meetings(MeetingFilter(), page: try PageRequest.parse(limit: 5, cursor: first.nextCursor))
            #expect(Set(first.items.map(\.value.id)).isDisjoint(with: second.items.map(\.value.id)))
            #expect(first.items.last!.value.start! >= second.items.first!.value.start!)
        }
    }

    @Test("a meeting with the documents it adopted", arguments: TestEngine.all)
    func meeting(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let record = try #require(try await SQLOrganRepository(database: database).meeting(id: "summit-1", readership: .everyone))
            #expect(record.meeting.value.city == "Almaty")
            #expect(record.documents.map(\.value.id).contains("almaty-act-2002"))
            #expect(try await SQLOrganRepository(database: database).meeting(id: "summit-99", readership: .everyone) == nil)
        }
    }

    @Test("organs with cadence rules and their provenance", arguments: TestEngine.all)
    func organs(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLOrganRepository(database: database)
            let organs = try await repository.organs()
            #expect(organs.map(\.organ.slug) == ["summit", "ministerial-council", "senior-officials-committee", "special-working-group", "secretariat"])
            let soc = try #require(try await repository.organ(slug: "senior-officials-committee"))
            #expect(soc.organ.cadence.kind == .atLeast && soc.organ.cadence.count == 2)
            #expect(soc.cadenceProvenance.sources.map(\.id).contains("CICA_DESCRIPTION"))
            #expect(soc.notes.map(\.id) == ["soc-frequency"])
            #expect(try await repository.organ(slug: "nope") == nil)
            #expect(try await repository.chairmanships().map(\.value.state) == ["KZ", "TR", "CN", "TJ", "KZ", "AZ"])
            #expect(try await repository.appointments().contains { $0.value.name == "Kairat Sarybay" })
        }
    }

    @Test("priority areas by dimension and by coordinating state", arguments: TestEngine.all)
    func priorityAreas(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let repository = SQLCatalogueRepository(database: database)
            let economic = try await repository.priorityAreas(dimension: "economic", state: nil)
            #expect(economic.count == 8)
            let transport = try #require(economic.first { $0.value.slug.hasPrefix("development-of-secure") })
            #expect(transport.value.coordinator == "AZ" && transport.value.coCoordinators == ["CN", "IN"])
            let china = try await repository.priorityAreas(dimension: nil, state: "CN")
            #expect(china.map(\.value.slug) == ["development-of-secure-and-effective-systems-of-transportation-corridors", "human-dimension",
                                                 "security-in-the-use-of-icts", "epidemiological-safety-public-health-and-pharmaceuticals"])
            await #expect(throws: InvalidInput.self) { try await repository.priorityAreas(dimension: "cultural", state: nil) }
        }
    }

    @Test("documents newest first, by kind; sources and what cites them", arguments: TestEngine.all)
    func documentsAndSources(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let documents = SQLDocumentRepository(database: database)
            let basic = try await documents.documents(DocumentFilter(kind: .basicDocument), page: PageRequest(), readership: .everyone)
            #expect(basic.items.first?.document.value.id == "agreement-on-the-cica-secretariat-incl-2006")
            #expect(basic.items.contains { $0.document.value.id == "declaration-on-principles-1999" })
            #expect(basic.items.last?.document.value.date == nil)
            #expect(try await documents.document(id: "almaty-act-2002", readership: .everyone)?.document.value.meeting == "summit-1")
            #expect(try await documents.officialDays().first?.value.name == "CICA Day")
            let sources = SQLSourceRepository(database: database)
            let uses = try await sources.sources(readership: .everyone)
            #expect(uses.count == 125)
            // Each source is cited by as many facts as the dataset's provenances name it (subjects that name it twice count twice).
            var cited: [String: Int] = [:]
            for (_, provenance) in try ReferenceDataset.shipped().provenances { for source in provenance.sources { cited[source, default: 0] += 1 } }
            #expect(Dictionary(uniqueKeysWithValues: uses.map { ($0.source.id, $0.facts) }) == uses.reduce(into: [:]) { $0[$1.source.id] = cited[$1.source.id] ?? 0 })
            #expect(uses.contains { $0.facts > 10 } && uses.first { $0.source.id == "KAZINFORM_KUWAIT" }?.facts ?? 0 >= 1)
            let kazinform = try #require(try await sources.source(id: "KAZINFORM_KUWAIT", readership: .everyone))
            #expect(kazinform.subjects.contains(.memberState("KW")))
            #expect(try await sources.notes().count == 14)
            #expect(try await sources.datasetInfo()["dataset_version"] == "2026-11-30.3")
        }
    }
}
