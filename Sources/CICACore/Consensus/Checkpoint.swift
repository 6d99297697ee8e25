import Crypto
import Foundation

/// The platform's Ed25519 key for signing checkpoints, named as C2SP `signed-note` names keys.
///
/// The private half stays in a file outside the database (see docs/ledger.md); anyone may hold the verifier key
/// (`name+hash+base64(0x01 ‖ public key)`) and check a checkpoint or a downloaded record with it alone.
public struct PlatformKey: Sendable {
    public let name: String
    let privateKey: Curve25519.Signing.PrivateKey
    public var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: Array(privateKey.publicKey.rawRepresentation)) }

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    /// A new key with a fresh random secret.
    public static func generate(name: String) -> PlatformKey { PlatformKey(name: name, privateKey: Curve25519.Signing.PrivateKey()) }

    /// The key file's one line: `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`, in the style of the note tools.
    public var fileText: String {
        "PRIVATE+KEY+\(name)+\(verifier.hashHex)+\(Data([1] + Array(privateKey.rawRepresentation)).base64EncodedString())\n"
    }

    public init?(fileText: String) {
        // The key's base64 may itself hold "+": only the first four are separators.
        let parts = fileText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", NoteVerifier.isValidName(String(parts[2])),
              let bytes = Data(base64Encoded: String(parts[4])), bytes.count == 33, bytes.first == 1,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes.dropFirst()) else { return nil }
        self.init(name: String(parts[2]), privateKey: key)
        guard verifier.hashHex == parts[3] else { return nil }
    }

    /// A signature line for `text`, as `signed-note` writes it.
    public func signatureLine(for text: String) -> String {
        let signature = (try? privateKey.signature(for: Data(text.utf8))).map(Array.init) ?? []
        return "\u{2014} \(name) \(Data(verifier.keyHash + signature).base64EncodedString())\n"
    }
}

/// A public key that checks signed notes: C2SP `signed-note` with Ed25519 (algorithm 0x01).
public struct NoteVerifier: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let publicKey: [UInt8]

    public init(name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
    }

    /// A key name: non-empty, no space or plus sign.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// `name+hash+base64(0x01 ‖ key)`.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Self.isValidName(String(parts[0])), let bytes = Data(base64Encoded: String(parts[2])),
              bytes.count == 33, bytes.first == 1 else { return nil }
        self.init(name: String(parts[0]), publicKey: Array(bytes.dropFirst()))
        guard hashHex == parts[1] else { return nil }
    }

    /// The first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key).
    public var keyHash: [UInt8] { Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4)) }
    var hashHex: String { Hex.string(keyHash) }

    public var description: String { "\(name)+\(hashHex)+\(Data([1] + publicKey).base64EncodedString())" }

    /// Whether `line` (without its newline) is this key's valid signature of `text`.
    func verifies(line: Substring, of text: String) -> Bool {
        let prefix = "\u{2014} \(name) "
        guard line.hasPrefix(prefix), let bytes = Data(base64Encoded: String(line.dropFirst(prefix.count))), bytes.count == 68,
              Array(bytes.prefix(4)) == keyHash,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(bytes.dropFirst(4), for: Data(text.utf8))
    }
}

/// A signed checkpoint of the log, in C2SP `tlog-checkpoint` form: origin, size and root hash (base64), one per line,
/// then a blank line and the signature lines.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int
    public var root: MerkleLog.Hash

    public init(origin: String, size: Int, root: MerkleLog.Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note's text: what is signed.
    public var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// The whole signed note.
    public func signed(by key: PlatformKey) -> String { body + "\n" + key.signatureLine(for: body) }

    public enum Problem: Error, Equatable, Sendable {
        /// Not a checkpoint: no blank line, a missing line, a size or root that does not read.
        case malformed
        /// No signature line of the trusted key verifies.
        case notSignedByKey
    }

    /// Reads a signed checkpoint and checks it carries a valid signature of `key`; other signature lines are ignored.
    public static func open(_ note: String, key: NoteVerifier) throws(Problem) -> Checkpoint {
        guard let split = note.range(of: "\n\n") else { throw .malformed }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = Int(lines[lines.startIndex + 1]), size >= 0,
              let root = Data(base64Encoded: String(lines[lines.startIndex + 2])), root.count == 32 else { throw .malformed }
        let signatures = note[split.upperBound...].split(separator: "\n")
        guard signatures.contains(where: { key.verifies(line: $0, of: body) }) else { throw .notSignedByKey }
        return Checkpoint(origin: String(lines[lines.startIndex]), size: size, root: Array(root))
    }
}
