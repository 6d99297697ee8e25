import Crypto
import Foundation

/// The second factor: time-based one-time passwords (TOTP, RFC 6238) from an authenticator app, and recovery codes.
public enum SecondFactor {
    /// Administrators and Secretariat officers can change the record and the accounts: they cannot sign in without it.
    /// Everyone else may turn it on.
    public static func isRequired(for roles: [Role]) -> Bool {
        roles.contains { $0 == .administrator || $0 == .secretariat }
    }

    /// How many recovery codes a person receives; each works once.
    public static let recoveryCodeCount = 10
    /// Wrong codes allowed for one sign-in before the password must be given again.
    public static let attemptsPerChallenge = 5
    /// How long a sign-in waits for its second factor.
    public static let challengeLifetime: TimeInterval = 5 * 60

    /// Ten recovery codes of ten letters and digits (about 50 bits each), grouped for reading: `k7m2p-9qx4t`.
    public static func makeRecoveryCodes() -> [String] {
        (0..<recoveryCodeCount).map { _ in
            let letters = Array(Base32.alphabet.lowercased())
            var generator = SystemRandomNumberGenerator()
            let code = String((0..<10).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
            return code.prefix(5) + "-" + code.suffix(5)
        }
    }

    /// A recovery code as typed, reduced to what is compared: lower-case, without spaces or dashes.
    public static func normalizedRecoveryCode(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(32))
    }

    /// What a person typed in the code field: six digits (spaces allowed), or else perhaps a recovery code.
    public enum Answer: Sendable, Equatable {
        case totp(String)
        case recoveryCode(String)
        case unreadable
    }

    public static func read(_ typed: String) -> Answer {
        let compact = typed.filter { !$0.isWhitespace && $0 != "-" }
        if compact.count == TOTP.digits, compact.allSatisfy({ $0.isASCII && $0.isNumber }) { return .totp(compact) }
        let recovery = normalizedRecoveryCode(typed)
        if recovery.count == 10 { return .recoveryCode(recovery) }
        return .unreadable
    }
}

/// RFC 6238 time-based one-time passwords: HMAC-SHA1, 30-second steps, six digits, as authenticator apps make them.
public struct TOTP: Sendable, Equatable {
    public static let digits = 6
    public static let period: TimeInterval = 30
    /// Codes one step before and after now are accepted, for clocks that drift and people who type slowly.
    public static let skew = 1

    public let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new random 160-bit secret (RFC 4226's recommended length).
    public static func makeSecret() -> TOTP {
        var generator = SystemRandomNumberGenerator()
        return TOTP(secret: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The secret as people type it into an app: base32, without padding.
    public var base32: String { Base32.encode(secret) }

    /// The time step an instant falls in.
    public static func step(at instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 / period).rounded(.down))
    }

    /// The code for one time step (RFC 4226's HOTP with the step as counter).
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = value % 1_000_000
        let text = String(code)
        return String(repeating: "0", count: Self.digits - text.count) + text
    }

    public func code(at instant: Date) -> String { code(step: Self.step(at: instant)) }

    /// The step whose code `typed` is, within the allowed skew of `now`, and later than `after` (a code used once
    /// is never accepted again); nil when it matches none.
    public func matchingStep(_ typed: String, at now: Date, after lastUsed: Int64?) -> Int64? {
        let current = Self.step(at: now)
        for step in (current - Int64(Self.skew))...(current + Int64(Self.skew)) where step > (lastUsed ?? Int64.min) {
            if Self.equal(code(step: step), typed) { return step }
        }
        return nil
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The `otpauth://` address authenticator apps read from a QR code.
    public func provisioningURI(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(base32)&issuer=\(encode(issuer))&algorithm=SHA1&digits=\(Self.digits)&period=\(Int(Self.period))"
    }
}

/// RFC 4648 base32, the alphabet authenticator apps take secrets in.
public enum Base32 {
    public static let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    public static func encode(_ bytes: [UInt8]) -> String {
        let letters = Array(alphabet)
        var result = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                result.append(letters[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { result.append(letters[(buffer << (5 - bits)) & 31]) }
        return result
    }

    /// Decodes base32 written any way people write it: upper or lower case, with spaces or padding; nil if it is not base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        var buffer = 0, bits = 0
        for character in text.uppercased() where character != " " && character != "=" && character != "-" {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | alphabet.distance(from: alphabet.startIndex, to: index)
            bits += 5
            if bits >= 8 {
                result.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
            buffer &= (1 << bits) - 1
        }
        return result
    }
}
