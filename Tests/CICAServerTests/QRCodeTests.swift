import Crypto
import Foundation
import Testing
@testable import CICAServer

@Suite("QR codes")
struct QRCodeTests {
    /// The first 16 hex digits of the SHA-256 of the module rows ("1" dark, "0" light, one line per row) that another,
    /// independent encoder (python-qrcode 8.2 from PyPI, level M, byte mode, the mask given) draws for the same text.
    static let reference: [(text: String, version: Int, masks: [String])] = [
        ("HELLO", 1, ["b664c5ebcc2451fb", "aac7b8561561aa9a", "1fff7fd781f0f59e", "71bc9ab3ffcaa0d2",
                      "c346c75add569873", "ba746fc2cc99bfbc", "533270fea1ec92a0", "c59a8159c247ab47"]),
        ("otpauth://totp/CICA%20Platform:kz@example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CICA%20Platform&algorithm=SHA1&digits=6&period=30", 8,
         ["03dd2d2c1e085942", "9a2677004dd4d5fe", "d2e20d8489c39501", "26e3396f1feba02a",
          "a4531b92b0599d7c", "d2482cc01daa3003", "d3d25781c1e0bbfb", "802c9cad5f34666a"]),
        (String(repeating: "Совещание по взаимодействию и мерам доверия в Азии ", count: 6), 19,
         ["fc1c0c8e156ad191", "5af52d639656f7d4", "fa92c3c2f773a6fc", "db12f8fcea1c873e",
          "65eb6daa14500a8e", "ffb9fd6970a0a3af", "1d9c32efd0600c7d", "a1af1d4d5ba07677"]),
    ]

    static func digest(_ code: QRCode) -> String {
        let rows = code.modules.map { row in String(row.map { $0 ? "1" : "0" }) }.joined(separator: "\n")
        return String(SHA256.hash(data: Data(rows.utf8)).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    @Test("the same symbol as an independent encoder, for every mask, from version 1 to 19")
    func matchesReference() throws {
        for (text, version, masks) in Self.reference {
            for (mask, expected) in masks.enumerated() {
                let code = try QRCode(text: text, mask: mask)
                #expect(code.version == version && code.size == version * 4 + 17)
                #expect(Self.digest(code) == expected, "\(version)-M mask \(mask)")
            }
        }
    }

    @Test("without a mask asked for, the one with the lowest penalty; an SVG path with the quiet zone")
    func chosenMask() throws {
        let code = try QRCode(text: "HELLO")
        #expect((0..<8).contains(code.mask))
        let svg = code.svg(title: "a \"QR\" <code>")
        #expect(svg.hasPrefix("<svg") && svg.contains("viewBox=\"0 0 29 29\"") && svg.contains("aria-label=\"a &quot;QR&quot; &lt;code>\""))
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == code.modules.joined().filter { $0 }.count)
        #expect(throws: QRCode.TooLong.self) { try QRCode(text: String(repeating: "x", count: 3_000)) }
    }
}
