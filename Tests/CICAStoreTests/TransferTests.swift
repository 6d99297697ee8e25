import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// The whole database to files and back: SQLite → PostgreSQL → SQLite with nothing lost and the same bytes each time,
/// what must not travel left behind, and refused imports that write nothing.
@Suite("Whole-database export and import")
struct TransferTests {
    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cica-export-\(UUID().uuidString)")
    }

    static func export(_ database: Database, keys: [NoteVerifier] = []) async throws -> (URL, DatabaseExport.Manifest) {
        let url = directory()
        let manifest = try await DatabaseTransfer.export(database, to: url, keys: (keys, []), progress: { _ in })
        return (url, manifest)
    }

    /// Every file of an export, by path, as bytes.
    static func files(_ url: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: url.path) where !path.hasSuffix("tables") {
            result[path] = FileManager.default.contents(atPath: url.appendingPathComponent(path).path)
        }
        return result
    }

    @Test("every table of the schema is exported or excluded with its reason, on both engines", arguments: TestEngine.all)
    func coverage(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let tables = try await database.read { sql in try await DatabaseTransfer.schemaTables(sql, database.engine) }
            #expect(DatabaseExport.unknown(tables) == [], "add each new table to DatabaseExport.tables or .excluded")
            #expect(DatabaseExport.tables.isDisjoint(with: DatabaseExport.excluded.keys))
            // Every table that travels is in this schema (a renamed or dropped one is taken off the list).
            #expect(DatabaseExport.tables.subtracting(tables).sorted() == [])
            for secret in ["sessions", "api_tokens", "second_factors", "recovery_codes"] { #expect(DatabaseExport.excluded[secret] == .secret) }
        }
    }

    @Test("SQLite → PostgreSQL → SQLite: every record, the same bytes, the log verifying, the secrets left behind")
    func roundTrip() async throws {
        guard TestEngine.all.contains(.postgresql) else { return }
        let key = PlatformKey.generate(name: "test-platform")
        let t0 = DecisionTests.t0
        try await TestDatabase.withFresh(.sqlite) { source in
            let store = Store(database: source, logKey: key, passwordCost: 4)
            // Records of every kind: a decision with positions, a restricted document in two languages, an account with a token.
            try await accreditDelegates(source)
            let decision = try await store.decisions.create(NewDraft(title: "Transfer test", organ: "senior-officials-committee", meeting: nil,
                                                                     text: "The Committee decides.", effectKind: "none", effectParameters: [:]),
                                                            actor: DecisionTests.secretariat, now: t0)
            _ = try await store.decisions.circulate(id: decision.id, deadline: t0.addingTimeInterval(86_400), actor: DecisionTests.secretariat, now: t0)
            _ = try await store.decisions.takePosition(id: decision.id, PositionRequest(state: "KZ", version: 1, kind: .joins),
                                                       actor: DecisionTests.delegate("KZ"), now: t0.addingTimeInterval(60))
            let document = try await store.documents.register(DocumentFields(title: "Секретная записка", kind: "memorandum", access: "secretariat",
                                                                             language: "ru", text: "Строка с \"кавычками\",\nзапятой и = знаком"),
                                                              actor: DecisionTests.secretariat, now: t0)
            let user = try await store.accounts.addUser(email: "officer@example.org", displayName: "Officer", password: "a long enough password",
                                                        roles: [(.secretariat, nil)], actor: DecisionTests.secretariat)
            _ = try await store.accounts.issueToken(userId: user.id, name: "t", expiresInDays: nil, secondFactor: true, now: t0, actor: DecisionTests.secretariat)

            let (first, manifest) = try await Self.export(source, keys: [key.verifier])
            defer { try? FileManager.default.removeItem(at: first) }
            #expect(manifest.signers == [key.verifier.description])
            #expect(manifest.tables.first { $0.name == "users" }?.rows == 1)
            #expect(manifest.tables.contains { $0.name == "api_tokens" } == false)
            let exported = try Self.files(first)
            #expect(exported.keys.contains("manifest.json") && exported.keys.contains("tables/documents.jsonl") && !exported.keys.contains("tables/sessions.jsonl"))
            // Readable by the owner alone.
            let attributes = try FileManager.default.attributesOfItem(atPath: first.appendingPathComponent("tables/users.jsonl").path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect((try FileManager.default.attributesOfItem(atPath: first.path)[.posixPermissions] as? NSNumber)?.intValue == 0o700)

            // A key the manifest names that signed none of the checkpoints is not answered as a signer to believe.
            let forged = Self.directory()
            defer { try? FileManager.default.removeItem(at: forged) }
            try FileManager.default.copyItem(at: first, to: forged)
            let stranger = PlatformKey.generate(name: "stranger").verifier.description
            let manifestURL = forged.appendingPathComponent("manifest.json")
            let text = try String(contentsOf: manifestURL, encoding: .utf8)
            try text.replacingOccurrences(of: "\"signers\":[", with: "\"signers\":[\"\(stranger)\",").write(to: manifestURL, atomically: true, encoding: .utf8)
            try await TestDatabase.withFresh(.sqlite, migrated: false, seeded: false) { other in
                let restored = try await DatabaseTransfer.restore(forged, into: other, hasFile: { _ in true }, progress: { _ in })
                #expect(restored.signers == [key.verifier.description])
            }

            try await TestDatabase.withFresh(.postgresql, migrated: false, seeded: false) { middle in
                let restored = try await DatabaseTransfer.restore(first, into: middle, hasFile: { _ in true }, progress: { _ in })
                #expect(restored.signers == [key.verifier.description])
                let (second, _) = try await Self.export(middle, keys: [key.verifier])
                defer { try? FileManager.default.removeItem(at: second) }
                #expect(try Self.files(second) == exported, "PostgreSQL's export is byte for byte SQLite's")
                let verification = try await SQLLogRepository(database: middle, key: nil).verify(keys: [key.verifier])
                #expect(verification.problem == nil && verification.leaves > 0)
                // The restored records read as they were written.
                let readBack = try #require(try await SQLDocumentRepository(database: middle).document(id: document.id, readership: .platform))
                #expect(readBack.current.first?.text == "Строка с \"кавычками\",\nзапятой и = знаком")
                #expect(try await SQLDocumentRepository(database: middle).document(id: document.id, readership: .everyone) == nil)
                let detail = try #require(try await SQLDecisionRepository(database: middle, workingLanguages: .english).decision(id: decision.id))
                #expect(detail.positions.map(\.state) == ["KZ"])
                // The search index is made again: the restricted document is found by the Secretariat alone.
                let query = try SearchQuery.parse("кавычками")
                #expect(try await SQLSearchRepository(database: middle).search(query, page: 1, readership: .platform, ownStates: []).total == 1)
                #expect(try await SQLSearchRepository(database: middle).search(query, page: 1, readership: .everyone, ownStates: []).total == 0)
                // The audit log goes on numbering after the restored lines.
                let accounts = Store(database: middle, passwordCost: 4).accounts
                #expect(try await accounts.user(email: "officer@example.org") != nil)
                _ = try await accounts.addUser(email: "new@example.org", displayName: "New", password: "a long enough password", roles: [(.secretariat, nil)],
                                               actor: DecisionTests.secretariat)

                try await TestDatabase.withFresh(.sqlite, migrated: false, seeded: false) { last in
                    _ = try await DatabaseTransfer.restore(second, into: last, hasFile: { _ in true }, progress: { _ in })
                    let (third, _) = try await Self.export(last, keys: [key.verifier])
                    defer { try? FileManager.default.removeItem(at: third) }
                    #expect(try Self.files(third) == exported, "and back to SQLite, the same bytes")
                }
            }
        }
    }

    /// Why restoring `url` into `database` is refused; nil when it is not.
    static func refusal(_ url: URL, into database: Database, hasFile: @escaping @Sendable (DatabaseExport.Manifest.FileEntry) -> Bool) async -> String? {
        do {
            _ = try await DatabaseTransfer.restore(url, into: database, hasFile: hasFile, progress: { _ in })
            return nil
        } catch {
            return (error as? ImportRefused)?.reason.key ?? "\(error)"
        }
    }

    @Test("a refused import says why and writes nothing", arguments: TestEngine.all)
    func refused(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(.sqlite) { source in
            // A language version with its file: the export lists the file by checksum.
            let sha = String(repeating: "ab", count: 32)
            _ = try await SQLDocumentRepository(database: source).addVersion(
                document: "almaty-act-2002", language: "ru", title: "Алматинский акт", text: nil,
                file: StoredFile(sha256: sha, size: 10, type: .pdf, filename: "act.pdf"), keep: nil, actor: DecisionTests.secretariat, now: DecisionTests.t0)
            let (url, manifest) = try await Self.export(source)
            #expect(manifest.files == [DatabaseExport.Manifest.FileEntry(sha256: sha, size: 10)])
            defer { try? FileManager.default.removeItem(at: url) }
            func refusal(_ into: Database, hasFile: @escaping @Sendable (DatabaseExport.Manifest.FileEntry) -> Bool = { _ in true }) async -> String? {
                await Self.refusal(url, into: into, hasFile: hasFile)
            }
            // Into a database that holds records (seeded): refused, and its rows are as they were.
            try await TestDatabase.withFresh(engine) { seeded in
                let before = try await seeded.read { sql in try await sql.raw("SELECT COUNT(*) AS n FROM documents").first()?.int("n") }
                #expect(await refusal(seeded) == "reason.import.notEmpty")
                #expect(try await seeded.read { sql in try await sql.raw("SELECT COUNT(*) AS n FROM documents").first()?.int("n") } == before)
            }
            try await TestDatabase.withFresh(engine, migrated: false, seeded: false) { empty in
                // A table's file changed after the export: refused before anything is written.
                let file = url.appendingPathComponent("tables/documents.jsonl")
                let original = try Data(contentsOf: file)
                try Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "Almaty", with: "Almatx").utf8).write(to: file)
                #expect(await refusal(empty) == "reason.import.checksum")
                try original.write(to: file)
                // A file of the registry missing from the files directory.
                #expect(await refusal(empty, hasFile: { $0.sha256 != sha }) == "reason.import.files")
                // A file's checksum that is not one (a path out of the files directory): refused.
                let manifestPath = url.appendingPathComponent("manifest.json")
                let good = try Data(contentsOf: manifestPath)
                try Data(String(decoding: good, as: UTF8.self).replacingOccurrences(of: sha, with: "../../../../etc/hostname").utf8).write(to: manifestPath)
                #expect(await refusal(empty) == "reason.import.manifest")
                try good.write(to: manifestPath)
                // No manifest at all.
                let manifestURL = url.appendingPathComponent("manifest.json")
                let text = try Data(contentsOf: manifestURL)
                try FileManager.default.removeItem(at: manifestURL)
                #expect(await refusal(empty) == "reason.import.noManifest")
                // Another schema version.
                try Data(String(decoding: text, as: UTF8.self).replacingOccurrences(of: "\"schemaVersion\":\(manifest.schemaVersion)", with: "\"schemaVersion\":1").utf8)
                    .write(to: manifestURL)
                #expect(await refusal(empty) == "reason.import.schema")
                // Nothing was written: the database has no table yet.
                let tables = try await empty.read { sql in try await DatabaseTransfer.schemaTables(sql, empty.engine) }
                #expect(tables.isEmpty)
                try text.write(to: manifestURL)
                #expect(await refusal(empty) == nil, "the export itself was fine")
            }
        }
    }

    @Test("the order of restoring: each table after those it refers to; rows of a table after the row they refer to")
    func order() {
        #expect(DatabaseExport.insertionOrder(["b", "a", "c"], references: ["a": ["c"], "b": ["a", "b"]]) == ["c", "a", "b"])
        #expect(DatabaseExport.insertionOrder(["a", "b"], references: ["a": ["b"], "b": ["a"]]) == nil)
        let table = DatabaseExport.Table(name: "decisions", columns: [.init(name: "id", kind: .text), .init(name: "continues", kind: .text)],
                                         key: ["id"], selfReference: (column: "continues", referenced: "id"))
        let rows: [DatabaseExport.Row] = [[.string("b"), .null], [.string("c"), .string("a")], [.string("a"), .string("b")]]
        // Columns are in name order: continues, id.
        #expect(DatabaseExport.ordered(rows.map { [$0[1], $0[0]] }, of: table).map { $0[1].stringValue } == ["b", "a", "c"])
        #expect(DatabaseExport.ColumnKind(declared: "BIGINT") == .integer && DatabaseExport.ColumnKind(declared: "boolean") == .boolean
                && DatabaseExport.ColumnKind(declared: "TEXT COLLATE \"C\"") == .text)
    }
}
