import Foundation
import Testing
@testable import CICACore

@Suite("Backups: the manifest, the counts and pg_dump's version")
struct BackupTests {
    static let sha = String(repeating: "ab", count: 32)

    static let manifest = Backup.Manifest(
        engine: "postgresql", schemaVersion: 22, taken: "2026-12-01T04:00:00.000Z",
        database: .init(sha256: sha, size: 1024), tables: ["documents": 3, "decisions": 13],
        files: [.init(sha256: String(repeating: "cd", count: 32), size: 10), .init(sha256: sha, size: 5)],
        trusted: ["cica-platform+0d076c49+AR…"], distrusted: [])

    @Test("a manifest reads back as it was written, files in checksum order, the database's file named by its engine")
    func roundTrip() throws {
        let read = try Backup.Manifest.read(Self.manifest.text)
        #expect(read == Self.manifest)
        #expect(read.files.map(\.sha256) == [Self.sha, String(repeating: "cd", count: 32)])
        #expect(Self.manifest.text.contains("\"file\":\"database.pgdump\""))
        #expect(Backup.databaseFile("sqlite") == "database.sqlite")
        #expect(read.files[0].relativePath == "ab/" + Self.sha)
        #expect(read.sealedKey == nil)
        var sealed = Self.manifest
        sealed.sealedKey = .init(sha256: Self.sha, size: 278)
        #expect(try Backup.Manifest.read(sealed.text) == sealed)
    }

    @Test("a manifest that is not one is refused, naming manifest.json and why", arguments: [
        ("not json", "reason.backup.manifest"),
        (#"{"format":"cica-export/1"}"#, "reason.import.format"),
        (Backup.Manifest.exampleText(engine: "oracle"), "reason.backup.manifest"),
        (Backup.Manifest.exampleText(fileName: "../../etc/passwd"), "reason.backup.manifest"),
        (Backup.Manifest.exampleText(fileName: String(repeating: "AB", count: 32)), "reason.backup.manifest"),
        (Backup.Manifest.exampleText(rows: -1), "reason.backup.manifest"),
    ])
    func refused(text: String, key: String) {
        #expect(throws: InvalidInput.self) { try Backup.Manifest.read(text) }
        do { _ = try Backup.Manifest.read(text) } catch {
            #expect(error.errors.first?.field == "manifest.json")
            #expect(error.errors.first?.reason.key == key)
        }
    }

    @Test("the tables whose rows differ are named with both counts; none when all agree")
    func differences() {
        #expect(Backup.differences(expected: ["a": 1, "b": 2], restored: ["a": 1, "b": 2]).isEmpty)
        #expect(Backup.differences(expected: ["a": 1, "b": 2], restored: ["a": 1, "b": 3]) == ["b (2 → 3)"])
        #expect(Backup.differences(expected: ["a": 1], restored: ["a": 1, "c": 0]) == ["c (— → 0)"])
        #expect(Backup.differences(expected: ["a": 1, "z": 4], restored: ["a": 1]) == ["z (4 → —)"])
    }

    @Test("pg_dump must be of the server's major version or newer", arguments: [
        ("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n", 150018, nil),
        ("pg_dump (PostgreSQL) 16.4\n", 150010, nil),
        ("pg_dump (PostgreSQL) 14.12\n", 150010, "reason.backup.pgDumpOld"),
        ("pg_dump (PostgreSQL) 9.6.24\n", 90624, nil),
        ("command not found", 150010, "reason.backup.pgDumpUnknown"),
    ] as [(String, Int, String?)])
    func pgDump(client: String, server: Int, key: String?) {
        #expect(Backup.pgDumpProblem(client: client, serverVersionNumber: server)?.key == key)
    }

    @Test("a checksum is 64 lowercase hexadecimal digits and nothing else")
    func checksums() {
        #expect(Backup.isChecksum(Self.sha))
        #expect(!Backup.isChecksum(String(repeating: "AB", count: 32)))
        #expect(!Backup.isChecksum(String(repeating: "a", count: 63)))
        #expect(!Backup.isChecksum("../" + String(repeating: "a", count: 61)))
        #expect(Backup.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

extension Backup.Manifest {
    /// A manifest's text with one thing changed.
    static func exampleText(engine: String = "sqlite", fileName: String = String(repeating: "ab", count: 32), rows: Int = 1) -> String {
        CanonicalJSON.object([
            "format": .string(Backup.format), "engine": .string(engine), "schemaVersion": 22, "taken": "2026-12-01T04:00:00.000Z",
            "database": .object(["file": "database.sqlite", "sha256": .string(String(repeating: "ab", count: 32)), "size": 1]),
            "tables": .object(["documents": .int(rows)]),
            "files": .array([.object(["sha256": .string(fileName), "size": 1])]),
            "log": .object(["trusted": [], "distrusted": []]),
        ]).text
    }
}
