import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// What decisions decided stays decided: seeding again leaves it, observers admitted keep their history, and the closer
/// goes on past a decision whose effect no longer holds.
@Suite("Decided state")
struct DecidedStateTests {
    static let secretariat = DecisionTests.secretariat
    static let t0 = DecisionTests.t0
    static let operator_ = Actor.commandLine(user: "ops@cica-host")
    static let area = "development-of-small-and-medium-sized-enterprises"

    static func adopt(_ draft: NewDraft, _ decisions: SQLDecisionRepository, at: Date) async throws -> Decision {
        let d = try await decisions.create(draft, actor: secretariat, now: at)
        _ = try await decisions.table(id: d.id, actor: secretariat, now: at)
        let closed = try await decisions.close(id: d.id, actor: secretariat, now: at.addingTimeInterval(1))
        #expect(closed.status == .adopted)
        return closed
    }

    @Test("a seed after decisions leaves them in force, keeps the observer period and the area's sources, and is audited",
          arguments: TestEngine.all)
    func seedKeepsDecisions(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let decisions = SQLDecisionRepository(database: database)
            let membership = SQLMembershipRepository(database: database)
            let admission = try await Self.adopt(NewDraft(title: "Admission of Saudi Arabia", organ: "summit", meeting: nil,
                                                          text: "The Summit decides to admit Saudi Arabia.", effectKind: "admitMemberState",
                                                          effectParameters: ["state": "SA"]), decisions, at: Self.t0)
            let assignment = try await Self.adopt(NewDraft(title: "Coordinator for SMEs", organ: "senior-officials-committee", meeting: nil,
                                                           text: "The Committee assigns Kazakhstan.", effectKind: "assignCoordinator",
                                                           effectParameters: ["priorityArea": Self.area, "state": "KZ", "role": "coordinator"]),
                                                  decisions, at: Self.t0.addingTimeInterval(10))
            let shippedSources = try ReferenceDataset.shipped().priorityAreas.first { $0.slug == Self.area }?.provenance.sources ?? []
            #expect(!shippedSources.isEmpty)

            let summary = try await ReferenceData.seed(into: database, actor: Self.operator_, now: Self.t0.addingTimeInterval(100))

            // Saudi Arabia is a Member State, not an observer again; its observer period is its history.
            #expect(try await DecisionTests.members(database).contains("SA"))
            let observers = try await membership.observers(kind: nil, page: PageRequest(limit: 200)).items.map(\.value.id)
            #expect(!observers.contains("SA") && observers.contains("TM"))
            let profile = try #require(try await membership.memberState(code: "SA"))
            let period = try #require(profile.observerPeriods.first)
            #expect(period.value.sinceDate == PartialDate("2023-12-26"))
            #expect(period.value.until == PartialDate(CivilDate(Self.t0)) && period.value.endedBy == admission.id)
            #expect(period.provenance.sources.map(\.id).contains("decision-\(admission.id)"))
            let observerStates = try ReferenceDataset.shipped().observers.filter { $0.kind == .state && $0.until == nil }.count
            #expect(try await membership.counts().observerStates == observerStates - 1)
            // Kazakhstan still coordinates the area; the area cites its sources, then the decision.
            let area = try #require(try await SQLCatalogueRepository(database: database).priorityAreas(dimension: nil, state: nil)
                .first { $0.value.slug == Self.area })
            #expect(area.value.coordinations.contains { $0.state == "KZ" && $0.role == .coordinator })
            #expect(area.provenance.sources.map(\.id) == shippedSources + ["decision-\(assignment.id)"])
            // The seed says what it left alone, and the audit log says who seeded what.
            #expect(Set(summary.leftAlone.map(\.subject)) == [.observer("SA"), .priorityArea(Self.area)])
            #expect(summary.leftAlone.allSatisfy { [admission.symbol, assignment.symbol].contains($0.decision) })
            let entry = try #require(try await database.read { sql in
                try await sql.select().columns("actor", "entity", "after").from("audit_log").where("action", .equal, "dataset.seed").all()
            }.last)
            #expect(try entry.string("actor") == "command line (ops@cica-host)")
            let after = try entry.string("after")
            #expect(after.contains("observer/SA (\(admission.symbol))") && after.contains("priority-area/\(Self.area) (\(assignment.symbol))"))
        }
    }

    @Test("the closer marks a decision whose effect no longer holds and closes the others", arguments: TestEngine.all)
    func closerGoesOn(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            // Every Member State has a delegate, so a circulation reaches them all and their silence counts.
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let deadline = Self.t0.addingTimeInterval(48 * 3600)
            var ids: [String] = []
            // Two admissions of Nepal: whichever closes first admits it, and the other's effect then cannot be applied.
            for draft in [DecisionTests.admitNepal, DecisionTests.admitNepal,
                          NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:])] {
                let d = try await decisions.create(draft, actor: Self.secretariat, now: Self.t0)
                _ = try await decisions.circulate(id: d.id, deadline: deadline, actor: Self.secretariat, now: Self.t0)
                ids.append(d.id)
            }
            let result = try await decisions.closeDue(actor: Self.secretariat, now: deadline)
            #expect(result.count == 3)
            let marked = result.filter { $0.attention != nil }
            #expect(marked.count == 1 && marked.first?.status == .open)
            #expect(marked.first?.attention?.reason.key == "decision.attention.effectFailed")
            #expect(result.filter { $0.status == .adopted }.map(\.id).sorted() == (ids.filter { $0 != marked.first?.id }).sorted())
            #expect(try await decisions.needingAttention().map(\.id) == marked.map(\.id))
            // The closer passes it by from then on; withdrawing it resolves it.
            #expect(try await decisions.closeDue(actor: Self.secretariat, now: deadline.addingTimeInterval(60)).isEmpty)
            let withdrawn = try await decisions.withdraw(id: try #require(marked.first?.id), actor: Self.secretariat, now: deadline.addingTimeInterval(120))
            #expect(withdrawn.status == .withdrawn && withdrawn.attention == nil)
            #expect(try await decisions.needingAttention().isEmpty)
        }
    }
}

@Suite("Historical record")
struct HistoricalRecordTests {
    @Test("every historical admission passes the platform's own rules, none predates its organ, dates at the sources' precision",
          arguments: TestEngine.all)
    func trueToTheSources(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let dataset = try ReferenceDataset.shipped()
            var first: [String: PartialDate] = [:]
            for meeting in dataset.meetings {
                guard let start = meeting.start else { continue }
                if first[meeting.organ].map({ start.earliest < $0.earliest }) ?? true { first[meeting.organ] = start }
            }
            let decisions = SQLDecisionRepository(database: database)
            let records = try await decisions.decisions(DecisionFilter(effect: "admitMemberState"), page: PageRequest(limit: 200)).items
                .filter(\.historical)
            #expect(records.count == dataset.memberStates.filter { !$0.founding }.count)
            for record in records {
                let member = try #require(dataset.memberStates.first { $0.code == record.effectParameters["state"] })
                #expect(record.recordedDate == member.accession, "\(member.code)")
                #expect(record.organRecorded == (member.admittedBy != nil), "\(member.code)")
                if record.organRecorded, let effect = record.effect {
                    #expect(Effects.competence(of: effect, organ: record.organ) == nil, "\(member.code) by \(record.organ)")
                }
                #expect(HistoricalRecord.problems(record, firstMeetings: first).isEmpty, "\(member.code)")
            }
            // Mongolia: the sources give 2001 and no organ; the Summit first met in 2002.
            let mongolia = try #require(records.first { $0.effectParameters["state"] == "MN" })
            #expect(!mongolia.organRecorded && mongolia.recordedDate == PartialDate("2001") && mongolia.symbol == "CICA/HIST/2001/MN")
            let summit = Decision(id: "x", symbol: "x", title: "x", organ: "summit", meeting: nil, effectKind: "none", effectParameters: [:],
                                  procedure: nil, status: .adopted, currentVersion: 1, continues: nil, historical: true, createdBy: "x",
                                  createdAt: Date(), openedAt: nil, closedAt: nil, closedBy: nil, outcomeNote: nil, recordedDate: PartialDate("2001"))
            #expect(HistoricalRecord.problems(summit, firstMeetings: first).count == 1, "a Summit decision of 2001 predates the first Summit")
            let kuwait = try #require(records.first { $0.effectParameters["state"] == "KW" })
            #expect(kuwait.organ == "summit" && kuwait.meeting == "summit-6" && kuwait.organRecorded)
        }
    }

    @Test("a record the sources now tell differently is corrected by a correction entry, never rewritten; the chain still verifies",
          arguments: TestEngine.all)
    func correction(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            TestDatabase.sealing(database)
            let decisions = SQLDecisionRepository(database: database)
            let before = try #require(try await decisions.decision(id: "history-admission-th"))
            #expect(before.decision.organRecorded && before.decision.organ == "ministerial-council")
            var dataset = try ReferenceDataset.shipped()
            let index = try #require(dataset.memberStates.firstIndex { $0.code == "TH" })
            dataset.memberStates[index].admittedBy = nil
            dataset.memberStates[index].admittedAt = nil
            try await ReferenceData.seed(dataset, into: database)
            let after = try #require(try await decisions.decision(id: "history-admission-th"))
            #expect(Array(after.ledger.prefix(before.ledger.count)) == before.ledger, "earlier entries stay as written")
            #expect(after.ledger.map(\.kind) == before.ledger.map(\.kind) + [.correction])
            let last = try #require(after.ledger.last)
            let payload = try #require(CanonicalJSON(parsing: last.payload))
            #expect(payload["changes"]?["organ"]?["from"]?.stringValue == "ministerial-council")
            #expect(payload["changes"]?["organ"]?["to"] == .null)
            #expect(payload["changes"]?["meeting"]?["from"]?.stringValue == "ministerial-council-2")
            #expect(!after.decision.organRecorded && after.decision.meeting == nil && after.decision.symbol == "CICA/HIST/2004/TH")
            let (entries, keys) = try await decisions.ledger()
            #expect(Ledger.verify(entries, keys: keys, gapless: true) == nil)
            #expect(try await decisions.record(id: "history-admission-th")?.verify(trusting: TestDatabase.logKey.verifier) == nil)
            // Seeding the same again corrects nothing more.
            try await ReferenceData.seed(dataset, into: database)
            #expect(try await decisions.decision(id: "history-admission-th")?.ledger.count == after.ledger.count)
        }
    }

    @Test("a record written by an earlier build (no recorded date, organ assumed) is corrected on upgrade; the organ's list leaves it out",
          arguments: TestEngine.all)
    func upgradedRecord(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            // As an earlier build left Mongolia: a Summit decision of 1 January 2001, with neither new column set.
            try await database.write { sql in
                try await sql.update("decisions").set("organ", to: "summit").set("organ_recorded", to: SQLLiteral.null)
                    .set("recorded_date", to: SQLLiteral.null).where("id", .equal, "history-admission-mn").run()
            }
            let decisions = SQLDecisionRepository(database: database)
            let before = try #require(try await decisions.decision(id: "history-admission-mn"))
            #expect(before.decision.organRecorded && before.decision.recordedDate == nil)
            try await ReferenceData.seed(into: database, actor: DecidedStateTests.operator_)
            let after = try #require(try await decisions.decision(id: "history-admission-mn"))
            let last = try #require(after.ledger.last)
            #expect(last.kind == .correction)
            let payload = try #require(CanonicalJSON(parsing: last.payload))
            #expect(payload["changes"]?["organ"]?["from"]?.stringValue == "summit" && payload["changes"]?["organ"]?["to"] == .null)
            #expect(payload["changes"]?["date"]?["from"]?.stringValue == "2001-01-01" && payload["changes"]?["date"]?["to"]?.stringValue == "2001")
            #expect(payload["correctedBy"]?.stringValue == "operator", "the public record names no login or host")
            #expect(!after.decision.organRecorded && after.decision.recordedDate == PartialDate("2001"))
            let (entries, keys) = try await decisions.ledger()
            #expect(Ledger.verify(entries, keys: keys, gapless: true) == nil)
            // Not the Ministerial Council's (which it is filed under), nor the Summit's.
            for organ in ["ministerial-council", "summit"] {
                let listed = try await decisions.decisions(DecisionFilter(organ: organ), page: PageRequest(limit: 200)).items.map(\.id)
                #expect(!listed.contains("history-admission-mn"), "\(organ)")
            }
            #expect(try await decisions.decisions(DecisionFilter(organ: "summit"), page: PageRequest(limit: 200)).items.map(\.id)
                .contains("history-admission-kw"))
        }
    }

    @Test("decisions adopted before decided facts were recorded are found by the migration, and the next seed leaves them alone",
          arguments: TestEngine.all)
    func backfill(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let decisions = SQLDecisionRepository(database: database)
            let admission = try await DecidedStateTests.adopt(NewDraft(title: "Admission of Saudi Arabia", organ: "summit", meeting: nil,
                                                                       text: "Admit.", effectKind: "admitMemberState", effectParameters: ["state": "SA"]),
                                                              decisions, at: DecidedStateTests.t0)
            // As an earlier build left it: the observer row deleted, nothing recorded as decided.
            try await database.write { sql in
                try await sql.delete(from: "decided_facts").run()
                try await sql.delete(from: "observers").where("id", .equal, "SA").run()
            }
            try await database.write { sql in try await DecidedStateSchema.recordDecidedFacts(sql) }
            let facts = try await database.read { sql in try await ReferenceData.decidedFacts(sql) }
            #expect(Set(facts.map(\.subject)) == [.memberState("SA"), .observer("SA")] && facts.allSatisfy { $0.decision == admission.symbol })
            let summary = try await ReferenceData.seed(into: database)
            #expect(summary.leftAlone.map(\.subject) == [.observer("SA")])
            let observers = try await SQLMembershipRepository(database: database).observers(kind: nil, page: PageRequest(limit: 200)).items
            #expect(!observers.contains { $0.value.id == "SA" }, "not an observer again")
        }
    }
}
