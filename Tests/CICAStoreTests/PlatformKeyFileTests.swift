import Foundation
import Synchronization
import Testing
@testable import CICAStore

@Suite("Platform key file")
struct PlatformKeyFileTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cica-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("instances starting at the same moment all sign with one key, and nobody reads it half-written")
    func concurrentFirstStartsAgreeOnOneKey() throws {
        for _ in 0..<20 {
            let directory = try Self.directory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("cica-log.key").path
            let verifiers = Mutex<[String]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let file = try PlatformKeyFile.load(path: path, name: "cica.test", create: true)
                    verifiers.withLock { $0.append(file.key.verifier.description) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(Set(verifiers.withLock { $0 }).count == 1)
            let onDisk = try PlatformKeyFile(text: String(contentsOfFile: path, encoding: .utf8), path: path)
            #expect(verifiers.withLock { $0 }.first == onDisk.key.verifier.description)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["cica-log.key"])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("a new private file never replaces one that is there; a replacing write swaps the whole file")
    func privateFileWrites() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("file").path
        #expect(PrivateFile.write(Data("first".utf8), to: path, replacing: false))
        #expect(!PrivateFile.write(Data("second".utf8), to: path, replacing: false))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(PrivateFile.write(Data("third".utf8), to: path, replacing: true))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["file"])
    }
}
