import Testing
@testable import CICACore

@Suite("Reference dataset")
struct DatasetTests {
    static let dataset = try! ReferenceDataset.shipped()

    @Test("the shipped dataset holds every invariant")
    func shippedHoldsInvariants() {
        #expect(DatasetInvariant.violations(of: Self.dataset) == [])
    }

    @Test("the counts CICA's description states")
    func counts() {
        let d = Self.dataset
        #expect(d.memberStates.count == 28)
        #expect(d.memberStates.filter(\.founding).count == 15)
        #expect(d.observers.filter { $0.kind == .state }.count == 10)
        #expect(d.observers.filter { $0.kind == .organization }.count == 5)
        #expect(d.observers.contains { $0.acronym == "UN" })
        #expect(d.partners.count == 9)
        #expect(Set(d.partners.map(\.acronym)) == ["ECO", "EurAsEC", "IOM", "APK", "SCO", "UNODC", "SCO RATS", "SIIS", "EAEU"])
        #expect(d.organs.count == 5)
        #expect(d.dimensions.count == 5)
        #expect(d.priorityAreas.count == 18)
        #expect(d.roadMap.areas.count == 8)
        #expect(d.countries.count == 249)
    }

    @Test("every fact carries its provenance, and every source it names exists")
    func provenance() {
        let sources = Set(Self.dataset.sources.map(\.id))
        for (subject, provenance) in Self.dataset.provenances {
            #expect(provenance.sources.allSatisfy(sources.contains), "\(subject)")
            if provenance.confidence != .notFound {
                #expect(!provenance.sources.isEmpty, "\(subject) has no source")
            }
        }
    }

    @Test("organs and their cadence rules, as the description gives them")
    func organs() {
        let organs = Dictionary(uniqueKeysWithValues: Self.dataset.organs.map { ($0.slug, $0) })
        #expect(organs["summit"]?.cadence.kind == .everyYears && organs["summit"]?.cadence.years == 4)
        #expect(organs["ministerial-council"]?.cadence.years == 2)
        #expect(organs["senior-officials-committee"]?.cadence.kind == .atLeast && organs["senior-officials-committee"]?.cadence.count == 2)
        #expect(organs["special-working-group"]?.reportsTo == "senior-officials-committee")
        #expect(organs["secretariat"]?.seat == "Astana")
        #expect(organs["senior-officials-committee"]?.cadence.provenance.note?.contains("once a year") == true)
    }

    @Test("facts the issue names")
    func namedFacts() {
        let d = Self.dataset
        #expect(d.memberStates.first { $0.code == "KW" }?.accession == PartialDate("2022-10-13"))
        #expect(d.officialDays.first?.month == 10 && d.officialDays.first?.day == 5)
        #expect(d.externalRelations.contains { $0.date == PartialDate("2007-12") && $0.title.contains("General Assembly") })
        #expect(d.secretariatHeads.contains { $0.name == "Kairat Sarybay" && $0.post == .secretaryGeneral })
        #expect(d.meetings.filter { $0.organ == "summit" && $0.status == .held }.count == 6)
        #expect(d.roadMap.areas.allSatisfy { $0.provenance.confidence == .uncertain })
        #expect(d.notes.contains { $0.subjects.contains(.organ("senior-officials-committee")) })
    }

    @Test("a dataset that breaks the invariants is described, not accepted")
    func violations() {
        var broken = Self.dataset
        broken.memberStates.removeLast()
        broken.priorityAreas[0].coordinator = "BR"
        broken.meetings[0].organ = "council-of-elders"
        broken.memberStates[0].provenance.sources.append("NO_SUCH_SOURCE")
        let problems = DatasetInvariant.violations(of: broken)
        #expect(problems.contains("Member States: expected 28, found 27"))
        #expect(problems.contains { $0.contains("coordinator BR is not a Member State") })
        #expect(problems.contains { $0.contains("unknown organ council-of-elders") })
        #expect(problems.contains { $0.contains("unknown source NO_SUCH_SOURCE") })
    }

    @Test("a Member State outside Asia breaks the invariants")
    func nonAsianMember() {
        var broken = Self.dataset
        broken.memberStates[0].code = "BR"
        #expect(DatasetInvariant.violations(of: broken).contains("Member State BR does not meet the membership criterion"))
    }
}

@Suite("Chairmanship")
struct ChairmanshipTests {
    static let chairs = try! ReferenceDataset.shipped().chairmanships

    @Test("who chairs on a day", arguments: [
        (CivilDate(year: 2026, month: 11, day: 29), "AZ"),
        (CivilDate(year: 2024, month: 12, day: 17), "AZ"),
        (CivilDate(year: 2024, month: 12, day: 16), "KZ"),
        (CivilDate(year: 2015, month: 1, day: 1), "CN"),
        (CivilDate(year: 2010, month: 6, day: 8), "TR"),
        (CivilDate(year: 2000, month: 1, day: 1), "KZ"),
    ])
    func holder(date: CivilDate, state: String) {
        #expect(Chairmanship.holder(on: date, in: Self.chairs)?.state == state)
    }

    @Test("nobody chaired before the first term")
    func beforeFirst() {
        #expect(Chairmanship.holder(on: CivilDate(year: 1998, month: 1, day: 1), in: Self.chairs) == nil)
    }
}

@Suite("Seed plan")
struct SeedPlanTests {
    @Test("decided facts are left out of the seed, each reported once with its decision; the rest is written")
    func plan() throws {
        let dataset = try ReferenceDataset.shipped()
        let area = dataset.priorityAreas[0].slug
        let head = dataset.secretariatHeads[0].id
        // Rows left out of the dataset's member states, observers and Secretariat heads.
        let cases: [(decided: [DecidedFact], left: [Subject], members: Int, observers: Int, heads: Int, areas: Set<String>)] = [
            ([], [], 0, 0, 0, []),
            ([DecidedFact(subject: .observer("SA"), decision: "CICA/SUMMIT/DEC/2027/1"), DecidedFact(subject: .memberState("SA"), decision: "CICA/SUMMIT/DEC/2027/1")],
             [.observer("SA")], 0, 1, 0, []),
            ([DecidedFact(subject: .priorityArea(area), decision: "CICA/SOC/DEC/2027/1"), DecidedFact(subject: .priorityArea(area), decision: "CICA/SOC/DEC/2027/2")],
             [.priorityArea(area)], 0, 0, 0, [area]),
            ([DecidedFact(subject: .appointment(head), decision: "CICA/MC/DEC/2027/1"), DecidedFact(subject: .memberState("KZ"), decision: "X")],
             [.memberState("KZ"), .appointment(head)], 1, 0, 1, []),
        ]
        for c in cases {
            let plan = SeedPlan(dataset, decided: c.decided)
            #expect(plan.leftAlone.map(\.subject) == c.left)
            #expect(plan.dataset.memberStates.count == dataset.memberStates.count - c.members)
            #expect(plan.dataset.observers.count == dataset.observers.count - c.observers)
            #expect(plan.dataset.secretariatHeads.count == dataset.secretariatHeads.count - c.heads && plan.decidedCoordinations == c.areas)
            let written = Set(plan.provenances.map(\.0))
            #expect(c.left.allSatisfy { !written.contains($0) })
            #expect(plan.provenances.count == dataset.provenances.count - c.left.count)
        }
        // The first decision that decided a fact is the one reported.
        let twice = SeedPlan(dataset, decided: [DecidedFact(subject: .priorityArea(area), decision: "first"), DecidedFact(subject: .priorityArea(area), decision: "second")])
        #expect(twice.leftAlone.map(\.decision) == ["first"])
    }
}

@Suite("Competence")
struct CompetenceTests {
    @Test("every effect has competent organs, each with sources the dataset holds")
    func sourced() throws {
        let dataset = try ReferenceDataset.shipped()
        let sources = Set(dataset.sources.map(\.id))
        let organs = Set(dataset.organs.map(\.slug))
        for type in Effects.all {
            let grants = try #require(Competence.table[type.kind], "\(type.kind)")
            #expect(!grants.isEmpty)
            for grant in grants {
                #expect(organs.contains(grant.organ), "\(type.kind): \(grant.organ)")
                #expect(!grant.sources.isEmpty && grant.sources.allSatisfy(sources.contains), "\(type.kind): \(grant.sources)")
            }
        }
        #expect(Set(Competence.table.keys) == Set(Effects.all.map { $0.kind }))
    }

    @Test("decisions the sources record pass the platform's own rule of competence")
    func historicalDecisionsPass() throws {
        let cases: [(effect: any DecisionEffect, organ: String, competent: Bool)] = [
            // Turkmenistan: observer status granted by the Senior Officials Committee, 23 June 2021.
            (try GrantObserverStatus(parameters: ["observerKind": "state", "id": "TM"]), "senior-officials-committee", true),
            // Qatar: approved as observer at the Third Ministerial Meeting, 2008.
            (try GrantObserverStatus(parameters: ["observerKind": "state", "id": "QA"]), "ministerial-council", true),
            // The first Secretary General, appointed at the Sixth Summit, 2022.
            (try AppointSecretaryGeneral(parameters: ["name": "Kairat Sarybay", "nationality": "KZ"]), "summit", true),
            (AdmitMemberState(state: "KW"), "summit", true),
            (AdmitMemberState(state: "TH"), "ministerial-council", true),
            (try AssignCoordinator(parameters: ["priorityArea": "x", "state": "KZ"]), "senior-officials-committee", true),
            // No source shows these organs taking such a decision.
            (AdmitMemberState(state: "NP"), "senior-officials-committee", false),
            (try AssignCoordinator(parameters: ["priorityArea": "x", "state": "KZ"]), "summit", false),
            (try AppointSecretaryGeneral(parameters: ["name": "N", "nationality": "KZ"]), "senior-officials-committee", false),
        ]
        for c in cases {
            #expect((Effects.competence(of: c.effect, organ: c.organ) == nil) == c.competent, "\(c.effect.kind) by \(c.organ)")
        }
    }
}
