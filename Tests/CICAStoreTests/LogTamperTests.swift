import Crypto
import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// What an insider with write access to the database could do, each caught by the log's check and named.
@Suite("Tampering with the database")
struct LogTamperTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let secretariat = Actor(userId: "u-sec", label: "officer@example.org", role: "secretariat", requestId: nil, address: nil)
    static func delegate(_ state: String) -> Actor { Actor(userId: "u-\(state)", label: "\(state.lowercased())@example.org", role: "delegate", requestId: nil, address: nil) }

    enum Manipulation: String, CaseIterable, CustomStringConvertible {
        case objectionRewrittenAndChainRehashed, newestLedgerEntryDeleted, positionsTableChanged, auditRowsDeletedAfterDroppingTriggers,
             newestEntryDeletedWithItsLeaf, logRewrittenAndResignedWithAnotherKey
        var description: String { rawValue }
    }

    static let cases: [(TestEngine, Manipulation)] = TestEngine.all.flatMap { engine in Manipulation.allCases.map { (engine, $0) } }

    /// A decision India objects to, then the Secretariat closes (not adopted); returns its id.
    static func decided(_ database: Database) async throws -> String {
        let decisions = SQLDecisionRepository(database: database)
        let draft = try await decisions.create(NewDraft(title: "Admission of Nepal", organ: "summit", meeting: nil, text: "The Summit admits Nepal.",
                                                        effectKind: "admitMemberState", effectParameters: ["state": "NP"]),
                                               actor: Self.secretariat, now: Self.t0)
        _ = try await decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
        _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "KZ", version: 1, kind: .joins), actor: Self.delegate("KZ"), now: Self.t0)
        _ = try await decisions.takePosition(id: draft.id, PositionRequest(state: "IN", version: 1, kind: .objects, reason: "Too early."),
                                             actor: Self.delegate("IN"), now: Self.t0)
        _ = try await decisions.close(id: draft.id, actor: Self.secretariat, now: Self.t0)
        return draft.id
    }

    static func dropTrigger(_ sql: any SQLDatabase, table: String, engine: Database.Engine) async throws {
        switch engine {
        case .sqlite: try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
        case .postgresql: try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_change ON \(unsafeRaw: table)").run()
        }
    }

    @Test("each manipulation makes the check fail and names it", arguments: cases)
    func tamper(engine: TestEngine, manipulation: Manipulation) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = TestDatabase.sealing(database)
            let id = try await Self.decided(database)
            let keys = [TestDatabase.logKey.verifier]
            #expect(try await store.log.verify(keys: keys, distrusted: []).problem == nil, "intact before")
            let entries = try await store.decisions.decision(id: id)!.ledger
            // Written around the platform: no transaction of the platform's, so no checkpoint either.
            try await database.write(sealed: false) { sql in
                switch manipulation {
                case .objectionRewrittenAndChainRehashed:
                    var prev = Ledger.genesis
                    for entry in entries {
                        var payload = entry.payload
                        if entry.kind == .position && payload.contains("\"IN\"") {
                            payload = payload.replacingOccurrences(of: "\"objects\"", with: "\"joins\"").replacingOccurrences(of: "\"Too early.\"", with: "null")
                        }
                        let hash = Ledger.hash(prevHash: prev, payload: payload)
                        try await sql.update("ledger").set("payload", to: payload).set("prev_hash", to: prev).set("hash", to: hash)
                            .where("seq", .equal, entry.sequence).run()
                        prev = hash
                    }
                case .newestLedgerEntryDeleted:
                    try await sql.delete(from: "ledger").where("seq", .equal, entries.last!.sequence).run()
                case .positionsTableChanged:
                    try await sql.update("positions").set("kind", to: "joins").set("reason", to: SQLLiteral.null).where("state", .equal, "IN").run()
                case .auditRowsDeletedAfterDroppingTriggers:
                    try await Self.dropTrigger(sql, table: "audit_log", engine: database.engine)
                    try await sql.delete(from: "audit_log").where("action", .equal, "decision.position").run()
                case .newestEntryDeletedWithItsLeaf:
                    try await Self.dropTrigger(sql, table: "log_leaves", engine: database.engine)
                    let newest = try await sql.raw("SELECT MAX(idx) AS idx FROM log_leaves").first()!.decode(column: "idx", as: Int.self)
                    let leaf = try await sql.select().columns("source", "ref").from("log_leaves").where("idx", .equal, newest).first()!
                    let table = try leaf.decode(column: "source", as: String.self) == "audit" ? "audit_log" : "ledger"
                    if table == "audit_log" { try await Self.dropTrigger(sql, table: "audit_log", engine: database.engine) }
                    try await sql.delete(from: table).where("seq", .equal, Int(try leaf.decode(column: "ref", as: String.self))!).run()
                    try await sql.delete(from: "log_leaves").where("idx", .equal, newest).run()
                case .logRewrittenAndResignedWithAnotherKey:
                    try await sql.update("positions").set("kind", to: "joins").where("state", .equal, "IN").run()
                    try await Self.dropTrigger(sql, table: "checkpoints", engine: database.engine)
                    try await sql.delete(from: "checkpoints").run()
                    try await TransparencyLog.seal(sql, key: PlatformKey.generate(name: "cica-test"), now: Self.t0)
                }
            }
            let problem = try await store.log.verify(keys: keys, distrusted: []).problem
            let expected: String = switch manipulation {
            case .objectionRewrittenAndChainRehashed: "reason.log.rowChanged"
            case .newestLedgerEntryDeleted: "reason.log.rowGone"
            case .positionsTableChanged: "reason.agreement.position"
            case .auditRowsDeletedAfterDroppingTriggers: "reason.log.rowGone"
            case .newestEntryDeletedWithItsLeaf: "reason.log.newestCheckpoint"
            case .logRewrittenAndResignedWithAnotherKey: "reason.log.checkpointSignature"
            }
            #expect(problem?.key == expected, "\(manipulation): \(problem.map { Localizer(.en)($0) } ?? "verified")")
            if let problem { #expect(!Localizer(.en)(problem).contains("{"), "the message is worded in full") }
        }
    }

    @Test("an administrator who makes an account speak for India: refused where India requires signatures, caught around the platform",
          arguments: TestEngine.all)
    func speakingForAState(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = TestDatabase.sealing(database)
            let draft = try await store.decisions.create(NewDraft(title: "Admission of Nepal", organ: "summit", meeting: nil, text: "The Summit admits Nepal.",
                                                                  effectKind: "admitMemberState", effectParameters: ["state": "NP"]),
                                                         actor: Self.secretariat, now: Self.t0)
            _ = try await store.decisions.table(id: draft.id, actor: Self.secretariat, now: Self.t0)
            let india = Curve25519.Signing.PrivateKey()
            _ = try await store.decisions.registerKey(state: "IN", publicKey: india.publicKey.rawRepresentation.base64EncodedString(), endorsement: nil,
                                                      actor: Self.delegate("IN"), now: Self.t0)
            try await store.delegations.requireSignatures(state: "IN", actor: Self.delegate("IN"), now: Self.t0)
            // The administrator grants an account of their own the role of delegate of India, which accredits it.
            let impostor = Actor(userId: "u-admin", label: "admin@example.org", role: "delegate of IN", requestId: nil, address: nil)
            try await database.write { sql in
                try await DelegationStore.accreditOnGrant(userId: "u-admin", name: "Impostor", state: "IN", actor: Self.secretariat, now: Self.t0, sql: sql)
            }
            let objection = PositionRequest(state: "IN", version: 1, kind: .objects, reason: "No.")
            await #expect(throws: DecisionError.invalid(FieldError(field: "signature", reason: Message("reason.delegation.signatureRequired", ["state": .country("IN")])))) {
                try await store.decisions.takePosition(id: draft.id, objection, actor: impostor, now: Self.t0)
            }
            // Nor can the impostor register a key of their own to sign with: India's keys must endorse it.
            await #expect(throws: DecisionError.self) {
                try await store.decisions.registerKey(state: "IN", publicKey: Curve25519Key.fresh, endorsement: nil, actor: impostor, now: Self.t0)
            }
            #expect(try await store.log.verify(keys: [TestDatabase.logKey.verifier], distrusted: []).problem == nil)
            // Around the platform, even with the platform's key file: the unsigned objection, logged and sealed, does not stand.
            let accreditation = try #require(try await store.delegations.delegation(state: "IN").record.speaker(userId: "u-admin", at: Self.t0)).id
            let version = try #require(try await store.decisions.decision(id: draft.id)?.versions.first)
            try await database.write(sealed: false) { sql in
                let signed = PositionStatement.signed(decision: draft.id, version: 1, textHash: version.textHash, state: "IN", kind: .objects,
                                                      statementKind: nil, statement: nil, reason: "No.")
                try await SQLDecisionRepository.append(sql, engine: database.engine, decision: draft.id, kind: .position, payload: [
                    "signed": signed, "actor": .string(impostor.recordName), "takenAt": .string(Timestamp.string(Self.t0)),
                    "accreditation": .string(accreditation),
                ])
                try await sql.insert(into: "positions")
                    .columns("id", "decision_id", "version", "state", "kind", "reason", "actor", "taken_at", "accreditation")
                    .values([Cell.text("forged"), .text(draft.id), .int(1), .text("IN"), .text("objects"), .text("No."), .text(impostor.recordName),
                             .text(Timestamp.string(Self.t0)), .text(accreditation)].map(\.expression))
                    .run()
                try await TransparencyLog.seal(sql, key: TestDatabase.logKey, now: Self.t0)
            }
            let problem = try await store.log.verify(keys: [TestDatabase.logKey.verifier], distrusted: []).problem
            #expect(problem?.key == "reason.log.positionDoesNotStand", "\(problem.map { Localizer(.en)($0) } ?? "verified")")
            #expect(problem.map { Localizer(.en)($0).contains("India requires every position in its name to be signed") } == true)
        }
    }

    @Test("a downloaded record verifies with the platform key alone; a checkpoint taken later extends one taken earlier", arguments: TestEngine.all)
    func proofs(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            try await accreditDelegates(database)
            let store = TestDatabase.sealing(database)
            let id = try await Self.decided(database)
            let earlier = try #require(try await store.log.checkpoint(size: nil))
            let record = try #require(try await store.decisions.record(id: id))
            #expect(record.verify(trusting: TestDatabase.logKey.verifier) == nil)
            #expect(record.verify(trusting: PlatformKey.generate(name: "cica-test").verifier)?.reason.key == "reason.record.checkpointKey")
            #expect(!record.entries.contains { $0.payload.contains("@example.org") }, "no e-mail address in the public record")
            _ = try await store.decisions.registerKey(state: "KZ", publicKey: Curve25519Key.fresh, endorsement: nil, actor: Self.delegate("KZ"), now: Self.t0)
            let later = try #require(try await store.log.checkpoint(size: nil))
            #expect(later.size > earlier.size)
            let old = try Checkpoint.open(earlier.note, key: TestDatabase.logKey.verifier)
            let new = try Checkpoint.open(later.note, key: TestDatabase.logKey.verifier)
            let proof = try #require(try await store.log.consistency(old: old.size, new: new.size))
            #expect(MerkleLog.verifyConsistency(old: old.size, new: new.size, oldRoot: old.root, newRoot: new.root, proof: proof))
            let inclusion = try #require(try await store.log.inclusion(index: 0, size: new.size))
            #expect(MerkleLog.verifyInclusion(index: 0, size: new.size, leafHash: inclusion.leafHash, proof: inclusion.proof, root: new.root))
            #expect(try await store.log.verify(keys: [TestDatabase.logKey.verifier], distrusted: []).problem == nil)
        }
    }
}

enum Curve25519Key {
    static var fresh: String { Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString() }
}

@Suite("Texts in every working language")
struct WorkingLanguageStoreTests {
    @Test("a draft in English alone is not tabled; with its Russian text it is, the hash covers both and the record verifies", arguments: TestEngine.all)
    func bothLanguages(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            TestDatabase.sealing(database)
            let decisions = SQLDecisionRepository(database: database, workingLanguages: .default)
            let officer = LogTamperTests.secretariat
            let draft = try await decisions.create(NewDraft(title: "Languages", organ: "senior-officials-committee", meeting: nil,
                                                            text: "The Committee takes note.", effectKind: "none", effectParameters: [:]),
                                                   actor: officer, now: LogTamperTests.t0)
            await #expect(throws: DecisionError.invalid(FieldError(field: "text.ru", reason: Message("reason.textMissingInLanguage", ["language": "ru"])))) {
                try await decisions.table(id: draft.id, actor: officer, now: LogTamperTests.t0)
            }
            let revised = try await decisions.revise(id: draft.id, text: "The Committee takes note.", translations: ["ru": "Комитет принимает к сведению."],
                                                     folds: [], actor: officer, now: LogTamperTests.t0)
            #expect(revised.currentVersion == 2)
            _ = try await decisions.table(id: draft.id, actor: officer, now: LogTamperTests.t0)
            let detail = try #require(try await decisions.decision(id: draft.id))
            let version = try #require(detail.versions.last)
            #expect(version.translations == ["ru": "Комитет принимает к сведению."] && version.language == "en")
            #expect(version.textHash == DecisionText.hash(texts: ["en": "The Committee takes note.", "ru": "Комитет принимает к сведению."]))
            let entry = try #require(detail.ledger.last { $0.kind == .version })
            #expect(CanonicalJSON(parsing: entry.payload)?["translations"]?["ru"]?.stringValue == "Комитет принимает к сведению.")
            await #expect(throws: DecisionError.self) {
                try await decisions.revise(id: draft.id, text: "x", translations: ["fr": "y"], folds: [], actor: officer, now: LogTamperTests.t0)
            }
            #expect(try await decisions.record(id: draft.id)?.verify(trusting: TestDatabase.logKey.verifier) == nil)
        }
    }
}
