import Foundation
import CICACore

/// The platform's signing key in its file, outside the database: created on first start (readable by its owner
/// only), read by every instance of the deployment that is given the same file.
///
/// The file's first line is the private key (`PRIVATE+KEY+name+hash+…`); each later line `RETIRED <verifier key>`
/// names a key it replaced, whose checkpoints are still believed; `DISTRUSTED <verifier key>` one that was compromised,
/// whose checkpoints are no evidence (see docs/ledger.md on rotation).
public struct PlatformKeyFile: Sendable {
    public var key: PlatformKey
    public var retired: [NoteVerifier]
    public var distrusted: [NoteVerifier]

    /// Every key whose checkpoints are believed: the current one and those it replaced.
    public var verifiers: [NoteVerifier] { [key.verifier] + retired }

    static func unreadable(_ path: String) -> InvalidInput {
        InvalidInput(field: "log.keyFile", reason: Message("reason.log.keyFileUnreadable", ["path": "\(path)"]))
    }

    public init(key: PlatformKey, retired: [NoteVerifier] = [], distrusted: [NoteVerifier] = []) {
        self.key = key
        self.retired = retired
        self.distrusted = distrusted
    }

    public init(text: String, path: String) throws {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first, let key = PlatformKey(fileText: first) else { throw Self.unreadable(path) }
        var retired: [NoteVerifier] = [], distrusted: [NoteVerifier] = []
        for line in lines.dropFirst() {
            let words = line.split(separator: " ")
            guard words.count == 2, let verifier = NoteVerifier(String(words[1])) else { throw Self.unreadable(path) }
            switch words[0] {
            case "RETIRED": retired.append(verifier)
            case "DISTRUSTED": distrusted.append(verifier)
            default: throw Self.unreadable(path)
            }
        }
        self.init(key: key, retired: retired, distrusted: distrusted)
    }

    public var text: String {
        key.fileText + retired.map { "RETIRED \($0)\n" }.joined() + distrusted.map { "DISTRUSTED \($0)\n" }.joined()
    }

    /// Reads the key at `path`; when there is none and `create` is set, makes a new one named `name` and writes it,
    /// unless another instance wrote it first (then that one is read).
    public static func load(path: String, name: String, create: Bool) throws -> PlatformKeyFile {
        if let data = FileManager.default.contents(atPath: path) {
            return try PlatformKeyFile(text: String(decoding: data, as: UTF8.self), path: path)
        }
        guard create else { throw InvalidInput(field: "log.keyFile", reason: Message("reason.log.keyFileMissing", ["path": "\(path)"])) }
        let made = PlatformKeyFile(key: PlatformKey.generate(name: name), retired: [])
        guard PrivateFile.write(Data(made.text.utf8), to: path, replacing: false) else {
            // Another instance started at the same moment put its key in place first: every instance signs with that one.
            if FileManager.default.fileExists(atPath: path) { return try load(path: path, name: name, create: false) }
            throw Self.unreadable(path)
        }
        return made
    }

    /// Replaces the key with a new one (the old one's verifier kept as retired, or as distrusted when it was compromised) and
    /// writes the file anew, atomically.
    public func rotated(name: String, compromised: Bool) -> PlatformKeyFile {
        PlatformKeyFile(key: PlatformKey.generate(name: name), retired: (compromised ? [] : [key.verifier]) + retired,
                        distrusted: (compromised ? [key.verifier] : []) + distrusted)
    }

    public func write(to path: String) throws {
        guard PrivateFile.write(Data(text.utf8), to: path, replacing: true) else { throw Self.unreadable(path) }
    }
}
