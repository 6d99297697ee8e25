/// Bytes as lower-case hexadecimal, and numbers padded with zeros, without `String(format:)` (which parses its format
/// on every call and goes through Foundation's formatter: about a tenth of a small request's time when it wrote the
/// request id and the ETag).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Int {
    /// The number in decimal, with zeros in front to `width` digits: `7.padded(to: 2)` is "07".
    public func padded(to width: Int) -> String {
        let digits = String(magnitude)
        let zeros = String(repeating: "0", count: Swift.max(0, width - digits.count))
        return (self < 0 ? "-" : "") + zeros + digits
    }

    /// The number as four hexadecimal digits, for JSON's `\uXXXX` escapes.
    public var hex4: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }
}
