import Crypto
import CryptoExtras
import Foundation
import CICACore
import CICAStore

/// The platform's key file, sealed with a passphrase for a backup that is asked to carry it (`cica backup
/// --include-private-key`): scrypt (N = 2¹⁵, r = 8, p = 1) makes a 256-bit key of the passphrase and a random salt, and
/// ChaCha20-Poly1305 encrypts and authenticates the file. Without the passphrase the backup holds no usable secret; a
/// wrong passphrase or a changed byte is refused, never taken for a key.
enum SealedKey {
    static let format = "cica-sealed-key/1"
    static let fileName = "platform-key.sealed"
    /// Long enough to resist guessing offline, where nothing slows the guesser but scrypt.
    static let minimumPassphrase = Backup.minimumPassphrase
    static let rounds = 1 << 15, blockSize = 8, parallelism = 1

    static func seal(_ keyFile: String, passphrase: String) throws -> String {
        guard passphrase.count >= minimumPassphrase else {
            throw BackupRefused(Message("reason.backup.passphrase", ["length": "\(minimumPassphrase)"]))
        }
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let box = try ChaChaPoly.seal(Data(keyFile.utf8), using: try key(passphrase, salt: salt))
        return CanonicalJSON.object([
            "format": .string(format), "kdf": "scrypt", "n": .int(rounds), "r": .int(blockSize), "p": .int(parallelism),
            "salt": .string(salt.base64EncodedString()), "sealed": .string(box.combined.base64EncodedString()),
        ]).text + "\n"
    }

    static func open(_ text: String, passphrase: String) throws -> String {
        guard case .object(let fields)? = CanonicalJSON(parsing: text), fields["format"]?.stringValue == format,
              fields["n"]?.intValue == rounds, fields["r"]?.intValue == blockSize, fields["p"]?.intValue == parallelism,
              let salt = fields["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
              let sealed = fields["sealed"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
            throw BackupRefused(Message("reason.backup.sealedKey"))
        }
        do {
            let opened = try ChaChaPoly.open(try ChaChaPoly.SealedBox(combined: sealed), using: try key(passphrase, salt: salt))
            return String(decoding: opened, as: UTF8.self)
        } catch {
            throw BackupRefused(Message("reason.backup.wrongPassphrase"))
        }
    }

    private static func key(_ passphrase: String, salt: Data) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(from: Data(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
                                 parallelism: parallelism)
    }
}
