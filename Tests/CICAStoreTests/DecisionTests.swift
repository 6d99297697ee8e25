import Crypto
import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

@Suite("Decisions")
struct DecisionTests {
    static let secretariat = Actor(userId: "u-sec", label: "officer@example.org", role: "secretariat", requestId: "r", address: nil)
    static func delegate(_ state: String) -> Actor { Actor(userId: "u-\(state)", label: "\(state.lowercased())@example.org", role: "delegate of \(state)", requestId: nil, address: nil) }
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let admitNepal = NewDraft(title: "Admission of Nepal", organ: "summit", meeting: nil,
                                     text: "The Council decides to admit Nepal as a Member State.", effectKind: "admitMemberState", effectParameters: ["state": "NP"])

    static func members(_ database: Database) async throws -> Set<String> {
        Set(try await database.read { sql in try await sql.select().column("code").from("member_states").all().map { try $0.decode(column: "code", as: String.self) } })
    }

    static func outcomes(_ repository: SQLDecisionRepository, _ id: String) async throws -> Int {
        try await repository.decision(id: id)?.ledger.filter { $0.kind == .outcome }.count ?? 0
    }

    @Test("in a meeting: tabled, positions taken, closed by the chair; adopted and the state admitted", arguments: TestEngine.all)
    func inMeeting(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            TestDatabase.sealing(database)
            let decisions = SQLDecisionRepository(database: database)
            let draft = try await decisions.create(Self.admitNepal, actor: Self.secretariat, now: Self.t0)
            #expect(draft.status == .drafting && draft.symbol == "CICA/SUMMIT/DEC/2027/1")
            let open = try await decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
            #expect(open.status == .open && open.procedure == .inMeeting)
            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "KZ", version: 1, kind: .joins), actor: Self.delegate("KZ"), now: Self.t0)
            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "CN", version: 1, kind: .noObjection, statementKind: .reservation,
                                                                               statement: "On the timing."), actor: Self.delegate("CN"), now: Self.t0)
            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "IN", version: 1, kind: .objects, reason: "Too early."), actor: Self.delegate("IN"), now: Self.t0)
            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "IN", version: 1, kind: .joins), actor: Self.delegate("IN"), now: Self.t0.addingTimeInterval(1))
            let closed = try await decisions.close(id: draft.id, actor: Self.secretariat, now: Self.t0.addingTimeInterval(2))
            #expect(closed.status == .adopted)
            #expect(try await Self.members(database).contains("NP"))
            let nepal = try await SQLMembershipRepository(database: database).memberState(code: "NP")
            #expect(nepal?.memberState.provenance.sources.first?.url == "/decisions/\(draft.id)")
            let detail = try #require(try await decisions.decision(id: draft.id))
            #expect(detail.positions.count == 4)
            #expect(detail.ledger.map(\.kind) == [.draft, .version, .opened, .position, .position, .position, .position, .outcome])
            let (entries, keys) = try await decisions.ledger()
            #expect(Ledger.verify(entries, keys: keys, gapless: true) == nil)
            #expect(try await decisions.record(id: draft.id)?.verify(trusting: TestDatabase.logKey.verifier) == nil)
            // A closed decision never changes.
            await #expect(throws: DecisionError.notPossible(.revise, .adopted)) {
                try await decisions.revise(id: draft.id, text: "Other", translations: [:], folds: [], actor: Self.secretariat, now: Self.t0)
            }
            await #expect(throws: DecisionError.position(.notOpen(.adopted))) {
                try await decisions.takePosition(id: draft.id, PositionRequest(state: "KZ", version: 1, kind: .objects, reason: "late"), actor: Self.delegate("KZ"), now: Self.t0)
            }
        }
    }

    @Test("an objection that stands stops adoption; a new version voids the positions on the old one", arguments: TestEngine.all)
    func objectionsAndVersions(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let statement = NewDraft(title: "Statement on volunteerism", organ: "senior-officials-committee", meeting: nil, text: "Line one.\nLine two.",
                                     effectKind: "adoptDocument", effectParameters: ["title": "Statement on volunteerism", "documentKind": "statement"])
            let first = try await decisions.create(statement, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.table(id: first.id, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.takePosition(id: first.id, PositionRequest(state: "CN", version: 1, kind: .objects, reason: "Line two."), actor: Self.delegate("CN"), now: Self.t0)
            let amendment = try await decisions.proposeAmendment(id: first.id, state: "CN", version: 1, text: "Line two, amended.", rationale: "Clarity",
                                                                 actor: Self.delegate("CN"), now: Self.t0)
            let revised = try await decisions.revise(id: first.id, text: "Line one.\nLine two, amended.", translations: [:], folds: [amendment.id], actor: Self.secretariat, now: Self.t0.addingTimeInterval(5))
            #expect(revised.currentVersion == 2 && revised.status == .open)
            await #expect(throws: DecisionError.position(.notCurrentVersion(current: 2))) {
                try await decisions.takePosition(id: first.id, PositionRequest(state: "KZ", version: 1, kind: .joins), actor: Self.delegate("KZ"), now: Self.t0)
            }
            let adopted = try await decisions.close(id: first.id, actor: Self.secretariat, now: Self.t0.addingTimeInterval(10))
            #expect(adopted.status == .adopted, "the objection was on version 1")
            #expect(try await decisions.decision(id: first.id)?.amendments.first?.foldedInto == 2)
            #expect(try await SQLDocumentRepository(database: database).documents(DocumentFilter(kind: .statement), page: PageRequest(), readership: .everyone).items
                .contains { $0.document.value.title == "Statement on volunteerism" })

            let second = try await decisions.create(statement, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.table(id: second.id, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.takePosition(id: second.id, PositionRequest(state: "CN", version: 1, kind: .objects, reason: "No."), actor: Self.delegate("CN"), now: Self.t0)
            let rejected = try await decisions.close(id: second.id, actor: Self.secretariat, now: Self.t0.addingTimeInterval(1))
            #expect(rejected.status == .notAdopted && rejected.outcomeNote?.description == "Objected by China.")
        }
    }

    @Test("drafts in an organ that is not competent, or with an effect the registry refuses, are refused", arguments: TestEngine.all)
    func refusedDrafts(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            var draft = Self.admitNepal
            draft.organ = "senior-officials-committee"
            do { _ = try await decisions.create(draft, actor: Self.secretariat, now: Self.t0); Issue.record("accepted") }
            catch DecisionError.effect(let error) { #expect(error.field == "organ" && error.reason.description == "Senior Officials Committee is not competent to adopt a decision that would admit Nepal as a Member State; it is for the Summit or Ministerial Council.") }
            draft = Self.admitNepal
            draft.effectParameters = ["state": "BR"]
            do { _ = try await decisions.create(draft, actor: Self.secretariat, now: Self.t0); Issue.record("accepted") }
            catch DecisionError.effect(let error) { #expect(error.reason.description.contains("Brazil is not eligible")) }
            #expect(try await decisions.decisions(DecisionFilter(), page: PageRequest()).items.allSatisfy(\.historical))
        }
    }

    @Test("an effect that fails at adoption leaves nothing half-done", arguments: TestEngine.all)
    func failingEffect(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let first = try await decisions.create(Self.admitNepal, actor: Self.secretariat, now: Self.t0)
            let second = try await decisions.create(Self.admitNepal, actor: Self.secretariat, now: Self.t0)
            for id in [first.id, second.id] { _ = try await decisions.table(id: id, actor: Self.secretariat, now: Self.t0) }
            #expect(try await decisions.close(id: first.id, actor: Self.secretariat, now: Self.t0).status == .adopted)
            let ledgerBefore = try await decisions.ledger().entries.count
            let auditBefore = try await SQLAuditRepository(database: database).entries(AuditFilter(), page: PageRequest(limit: 200)).items.count
            do { _ = try await decisions.close(id: second.id, actor: Self.secretariat, now: Self.t0); Issue.record("closed") }
            catch DecisionError.effectFailed(let error) { #expect(error.reason.description.contains("already a Member State")) }
            #expect(try await decisions.decision(id: second.id)?.decision.status == .open)
            #expect(try await decisions.ledger().entries.count == ledgerBefore)
            #expect(try await SQLAuditRepository(database: database).entries(AuditFilter(), page: PageRequest(limit: 200)).items.count == auditBefore)
            #expect(try await Self.members(database).count == 29)
        }
    }

    @Test("admitting Brazil fails at adoption and leaves nothing half-done", arguments: TestEngine.all)
    func brazil(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            // A draft that no longer passes its checks (as one drafted under other rules would): written directly.
            let decision = Decision(id: "brazil", symbol: "CICA/SUMMIT/DEC/2027/99", title: "Admission of Brazil", organ: "summit", meeting: nil,
                                    effectKind: AdmitMemberState.kind, effectParameters: ["state": "BR"], procedure: nil, status: .drafting,
                                    currentVersion: 1, continues: nil, historical: false, createdBy: "test", createdAt: Self.t0,
                                    openedAt: nil, closedAt: nil, closedBy: nil, outcomeNote: nil)
            let written = DecisionChanges(decision: decision, expectedStatus: nil,
                                          version: TextVersion(number: 1, text: "Admit Brazil.", createdBy: "test", createdAt: Self.t0), ledger: [], audit: [])
            try await database.write { sql in _ = try await SQLDecisionRepository.apply(written, actor: Self.secretariat, now: Self.t0, sql: sql, engine: database.engine) }
            try await database.write { sql in
                try await sql.update("decisions").set("status", to: "open").set("procedure", to: "inMeeting").where("id", .equal, "brazil").run()
            }
            let ledger = try await decisions.ledger().entries.count
            do { _ = try await decisions.close(id: "brazil", actor: Self.secretariat, now: Self.t0); Issue.record("adopted") }
            catch DecisionError.effectFailed(let error) { #expect(error.reason.description.contains("Brazil is not eligible")) }
            #expect(try await decisions.decision(id: "brazil")?.decision.status == .open)
            let members = try await Self.members(database)
            #expect(members.count == 28 && !members.contains("BR"))
            #expect(try await decisions.ledger().entries.count == ledger)
        }
    }

    @Test("silence: adopted at the deadline; an objection breaks it at once", arguments: TestEngine.all)
    func silence(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let deadline = Self.t0.addingTimeInterval(48 * 3600)
            let quiet = try await decisions.create(Self.admitNepal, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.circulate(id: quiet.id, deadline: deadline, actor: Self.secretariat, now: Self.t0)
            await #expect(throws: DecisionError.silenceRunning(deadline: deadline)) {
                try await decisions.close(id: quiet.id, actor: Self.secretariat, now: Self.t0.addingTimeInterval(60))
            }
            _ = try await decisions.takePosition(id: quiet.id, PositionRequest(state: "KZ", version: 1, kind: .joins), actor: Self.delegate("KZ"), now: Self.t0)
            #expect(try await decisions.closeDue(actor: Self.secretariat, now: deadline.addingTimeInterval(-1)).isEmpty)
            await #expect(throws: DecisionError.position(.deadlinePassed(deadline))) {
                try await decisions.takePosition(id: quiet.id, PositionRequest(state: "CN", version: 1, kind: .objects, reason: "late"), actor: Self.delegate("CN"), now: deadline)
            }
            // An instant with sub-millisecond digits, as a clock gives it, still reports what it closed.
            let closed = try await decisions.closeDue(actor: Self.secretariat, now: deadline.addingTimeInterval(0.0004567))
            #expect(closed.map(\.id) == [quiet.id] && closed.first?.status == .adopted)
            #expect(try await decisions.closeDue(actor: Self.secretariat, now: deadline.addingTimeInterval(10)).isEmpty)

            let broken = try await decisions.create(NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:]),
                                                    actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.circulate(id: broken.id, deadline: deadline, actor: Self.secretariat, now: Self.t0)
            let afterObjection = try await decisions.takePosition(id: broken.id, PositionRequest(state: "IN", version: 1, kind: .objects, reason: "Paragraph 2."),
                                                                  actor: Self.delegate("IN"), now: Self.t0.addingTimeInterval(10))
            #expect(afterObjection.status == .notAdopted && afterObjection.outcomeNote?.description == "Silence broken by India.")
            let again = try await decisions.create(NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text, revised.",
                                                            effectKind: "none", effectParameters: [:], continues: broken.id), actor: Self.secretariat, now: Self.t0)
            #expect(again.currentVersion == 2 && again.continues == broken.id)
        }
    }

    @Test("28 delegations at once, and two closers: one outcome", arguments: TestEngine.all)
    func concurrentPositions(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let draft = try await decisions.create(NewDraft(title: "Plain", organ: "ministerial-council", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:]),
                                                   actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
            let states = Array(try await Self.members(database)).sorted()
            #expect(states.count == 28)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, state) in states.enumerated() {
                    group.addTask {
                        _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: state, version: 1, kind: index % 2 == 0 ? .joins : .noObjection),
                                                             actor: Self.delegate(state), now: Self.t0.addingTimeInterval(Double(index)))
                    }
                }
                try await group.waitForAll()
            }
            let results = try await withThrowingTaskGroup(of: DecisionStatus?.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        do { return try await decisions.close(id: draft.id, actor: Self.secretariat, now: Self.t0.addingTimeInterval(100)).status }
                        catch DecisionError.notPossible { return nil }
                    }
                }
                return try await group.reduce(into: [DecisionStatus?]()) { $0.append($1) }
            }
            #expect(results.compactMap { $0 }.allSatisfy { $0 == .adopted })
            #expect(try await Self.outcomes(decisions, draft.id) == 1)
            #expect(try await decisions.decision(id: draft.id)?.positions.count == 28)
            let (entries, keys) = try await decisions.ledger()
            #expect(Ledger.verify(entries, keys: keys, gapless: true) == nil)
        }
    }

    @Test("a silence deadline passing while positions arrive: one outcome, no position after the deadline", arguments: TestEngine.all)
    func deadlineRace(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let deadline = Self.t0.addingTimeInterval(3600)
            let draft = try await decisions.create(NewDraft(title: "Plain", organ: "ministerial-council", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:]),
                                                   actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.circulate(id: draft.id, deadline: deadline, actor: Self.secretariat, now: Self.t0)
            let states = Array(try await Self.members(database)).sorted()
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, state) in states.enumerated() {
                    group.addTask {
                        // Half arrive just before the deadline, half at or after it.
                        let at = deadline.addingTimeInterval(Double(index - 14))
                        do {
                            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: state, version: 1, kind: .joins), actor: Self.delegate(state), now: at)
                            return true
                        } catch DecisionError.position(.deadlinePassed), DecisionError.position(.notOpen) { return false }
                    }
                }
                // Two closers, as two instances would be: on PostgreSQL each works on its own connection.
                for _ in 0..<2 {
                    group.addTask { _ = try await decisions.closeDue(actor: Self.secretariat, now: deadline); return false }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted <= 14)
            #expect(try await Self.outcomes(decisions, draft.id) == 1)
            let detail = try #require(try await decisions.decision(id: draft.id))
            #expect(detail.decision.status == .adopted)
            #expect(detail.positions.allSatisfy { $0.takenAt < deadline })
        }
    }

    @Test("instances closing due procedures together close each exactly once", arguments: TestEngine.all)
    func severalInstances(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            var ids: [String] = []
            for _ in 0..<5 {
                let draft = try await decisions.create(NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:]),
                                                       actor: Self.secretariat, now: Self.t0)
                _ = try await decisions.circulate(id: draft.id, deadline: Self.t0.addingTimeInterval(3600), actor: Self.secretariat, now: Self.t0)
                ids.append(draft.id)
            }
            let closedBy = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await decisions.closeDue(actor: Self.secretariat, now: Self.t0.addingTimeInterval(7200)).map(\.id) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(closedBy.sorted() == ids.sorted())
            for id in ids { #expect(try await Self.outcomes(decisions, id) == 1) }
        }
    }

    @Test("signed positions: a valid signature is kept, a forged one refused", arguments: TestEngine.all)
    func signatures(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            TestDatabase.sealing(database)
            let decisions = SQLDecisionRepository(database: database)
            let privateKey = Curve25519.Signing.PrivateKey()
            let key = try await decisions.registerKey(state: "KZ", publicKey: privateKey.publicKey.rawRepresentation.base64EncodedString(), endorsement: nil,
                                                      actor: Self.delegate("KZ"), now: Self.t0)
            await #expect(throws: DecisionError.self) { try await decisions.registerKey(state: "KZ", publicKey: "not a key", endorsement: nil, actor: Self.delegate("KZ"), now: Self.t0) }
            let draft = try await decisions.create(NewDraft(title: "Plain", organ: "senior-officials-committee", meeting: nil, text: "Text.", effectKind: "none", effectParameters: [:]),
                                                   actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
            let hash = DecisionText.hash("Text.")
            let statement = PositionStatement.signed(decision: draft.id, version: 1, textHash: hash, state: "KZ", kind: .joins, statementKind: nil, statement: nil, reason: nil)
            let signature = try privateKey.signature(for: Data(statement.text.utf8)).base64EncodedString()
            let forged = try privateKey.signature(for: Data("something else".utf8)).base64EncodedString()
            do {
                _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "KZ", version: 1, kind: .joins, signature: forged, keyId: key.id),
                                                     actor: Self.delegate("KZ"), now: Self.t0)
                Issue.record("forged signature accepted")
            } catch DecisionError.invalid(let field) { #expect(field.field == "signature") }
            do {
                _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "CN", version: 1, kind: .joins, signature: signature, keyId: key.id),
                                                     actor: Self.delegate("CN"), now: Self.t0)
                Issue.record("another state's key accepted")
            } catch DecisionError.invalid(let field) { #expect(field.field == "keyId") }
            #expect(try await decisions.decision(id: draft.id)?.positions.isEmpty == true)
            _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "KZ", version: 1, kind: .joins, signature: signature, keyId: key.id),
                                                 actor: Self.delegate("KZ"), now: Self.t0)
            let record = try #require(try await decisions.record(id: draft.id))
            #expect(record.keys.map(\.id) == [key.id])
            #expect(record.entries.contains { $0.signature == signature })
            #expect(record.verify(trusting: TestDatabase.logKey.verifier) == nil)
        }
    }

    @Test("editing a ledger row is found and the entry named", arguments: TestEngine.all)
    func tampering(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let draft = try await decisions.create(Self.admitNepal, actor: Self.secretariat, now: Self.t0)
            _ = try await decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
            let entries = try await decisions.ledger().entries
            #expect(Ledger.verify(entries, keys: [], gapless: true) == nil)
            let target = try #require(entries.last { $0.decision == draft.id && $0.kind == .version })
            try await database.write { sql in
                try await sql.update("ledger").set("payload", to: target.payload.replacingOccurrences(of: "Nepal", with: "Napel"))
                    .where("seq", .equal, target.sequence).run()
            }
            let problem = Ledger.verify(try await decisions.ledger().entries, keys: [], gapless: true)
            #expect(problem?.sequence == target.sequence)
        }
    }

    @Test("the dataset's admissions are adopted decisions whose effects match the registry", arguments: TestEngine.all)
    func history(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let decisions = SQLDecisionRepository(database: database)
            let dataset = try ReferenceDataset.shipped()
            let admissions = try await decisions.decisions(DecisionFilter(effect: "admitMemberState"), page: PageRequest(limit: 200)).items
            let joined = dataset.memberStates.filter { !$0.founding }
            #expect(admissions.count == joined.count && admissions.allSatisfy { $0.historical && $0.status == .adopted })
            for member in joined {
                let decision = try #require(admissions.first { $0.effectParameters["state"] == member.code }, "\(member.code)")
                #expect(CivilDate(try #require(decision.closedAt)) == member.accession?.earliest)
            }
            let kuwait = try #require(admissions.first { $0.effectParameters["state"] == "KW" })
            #expect(kuwait.organ == "summit" && kuwait.meeting == "summit-6")
            // Seeding again records nothing twice.
            let before = try await decisions.ledger().entries.count
            try await ReferenceData.seed(into: database)
            #expect(try await decisions.ledger().entries.count == before)
            let (entries, keys) = try await decisions.ledger()
            #expect(Ledger.verify(entries, keys: keys, gapless: true) == nil)
        }
    }
}
