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
        let current = d.observers.filter { $0.until == nil }
        #expect(current.filter { $0.kind == .state }.count == 10)
        #expect(current.filter { $0.kind == .organization }.count == 5)
        // The six observers that later became Member States keep their ended periods.
        #expect(Set(d.observers.filter { $0.until != nil }.map(\.id)) == ["KR", "TH", "VN", "QA", "BD", "LK"])
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

@Suite("Notes on where the sources disagree")
struct NoteReadingTests {
    static let dataset = try! ReferenceDataset.shipped()

    /// Each note's reading, checked against what the platform holds and applies: the words of the note and the value in force agree.
    static let readings: [String: (words: [String], inForce: @Sendable (ReferenceDataset) -> Bool)] = [
        "ministerial-periodicity": (["every two years"], { d in
            d.organs.first { $0.slug == "ministerial-council" }.map { $0.cadence.kind == .everyYears && $0.cadence.years == 2 } ?? false }),
        "soc-frequency": (["at least two meetings a year"], { d in
            d.organs.first { $0.slug == "senior-officials-committee" }.map { $0.cadence.kind == .atLeast && $0.cadence.count == 2 } ?? false }),
        "thailand-accession": (["22 October 2004"], { d in d.memberStates.first { $0.code == "TH" }?.accession == PartialDate("2004-10-22") }),
        "mongolia-accession": (["2001"], { d in d.memberStates.first { $0.code == "MN" }.map { $0.accession == PartialDate("2001") && $0.provenance.confidence == .uncertain } ?? false }),
        "qatar-status-in-2008": (["25 August 2008", "May 2014"], { d in d.memberStates.first { $0.code == "QA" }?.accession == PartialDate("2014-05") }),
        "convention-on-privileges-and-immunities-signing": (["8 June 2010"], { d in
            d.documents.contains { $0.id.hasPrefix("convention-on-privileges") && $0.date == PartialDate("2010-06-08") } }),
        "seventh-ministerial-venue-date": (["online", "17 December 2024"], { d in
            d.meetings.first { $0.id == "ministerial-council-7" }.map { $0.start == PartialDate("2024-12-17") && $0.format == .online } ?? false }),
        "observer-counts-over-time": (["10 observer states", "5 observer organizations"], { d in
            let current = d.observers.filter { $0.until == nil }
            return current.filter { $0.kind == .state }.count == 10 && current.filter { $0.kind == .organization }.count == 5 }),
        "kazakhstan-first-chairmanship-start": (["1999"], { d in d.chairmanships.first { $0.id == "kz-1" }?.start?.year == 1999 }),
        "number-of-priority-areas-18": (["18 areas"], { d in d.priorityAreas.count == 18 }),
        "human-dimension-coordinator": (["Uzbekistan as coordinator"], { d in
            d.priorityAreas.first { $0.slug == "human-dimension" }?.coordinations.contains { $0.state == "UZ" && $0.role == .coordinator } ?? false }),
        "founding-members": (["fifteen"], { d in d.memberStates.filter(\.founding).count == 15 }),
        // No fact of the dataset names a language as CICA's.
        "working-languages": (["none"], { d in !d.compiledFrom.localizedCaseInsensitiveContains("working language")
            && !d.documents.contains { $0.title.localizedCaseInsensitiveContains("working language") } }),
        "partners-pending": (["nine partners"], { d in d.partners.count == 9 }),
    ]

    @Test("every note states the reading the platform applies and why, and that reading is the one in force")
    func notesMatchTheRules() {
        #expect(Set(Self.dataset.notes.map(\.id)) == Set(Self.readings.keys), "a note without a check, or a check without a note")
        for note in Self.dataset.notes {
            #expect(note.preferred.hasPrefix("The platform applies") || note.preferred.hasPrefix("The platform records"), "\(note.id)")
            #expect(note.preferred.contains("because"), "\(note.id) says why")
            guard let reading = Self.readings[note.id] else { continue }
            for words in reading.words { #expect(note.preferred.contains(words), "\(note.id): \(words)") }
            #expect(reading.inForce(Self.dataset), "\(note.id): the value in force differs from the note")
        }
    }

    @Test("a fact whose cited sources disagree is not marked confirmed; no reporting line without a source")
    func confidenceFollowsTheLegend() {
        let disputed = Set(Self.dataset.notes.flatMap(\.subjects))
        for organ in Self.dataset.organs where disputed.contains(.organ(organ.slug)) {
            #expect(organ.cadence.provenance.confidence != .confirmed, "\(organ.slug)'s cadence")
        }
        #expect(Self.dataset.organs.compactMap { $0.reportsTo.map { [$0] } }.count == 1, "only the Special Working Group's is stated")
        #expect(Self.dataset.organs.first { $0.slug == "secretariat" }?.reportsTo == nil)
    }
}
