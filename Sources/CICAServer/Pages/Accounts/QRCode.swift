/// A QR code (ISO/IEC 18004) for a short text, drawn by the server so that enrolling an authenticator app needs no
/// script and sends the secret nowhere else.
///
/// Byte mode, error correction level M (about 15 % of the symbol may be damaged), versions 1 to 40, the mask
/// with the lowest penalty score unless one is asked for.
struct QRCode: Sendable, Equatable {
    /// Rows of modules, `true` for dark, without the quiet zone.
    let modules: [[Bool]]
    let version: Int
    let mask: Int

    var size: Int { modules.count }

    struct TooLong: Error {}

    init(text: String, mask requestedMask: Int? = nil) throws {
        let data = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.dataCapacity(version: $0) * 8 >= Self.bitCount(data.count, version: $0) }) else {
            throw TooLong()
        }
        self.version = version
        let codewords = Self.interleaved(Self.dataCodewords(data, version: version), version: version)
        var grid = Grid(version: version)
        grid.place(codewords)
        let mask = requestedMask ?? (0..<8).min { a, b in grid.masked(a).penalty() < grid.masked(b).penalty() } ?? 0
        self.mask = mask
        modules = grid.masked(mask).dark
    }

    // MARK: the standard's tables, for level M

    /// Error-correction codewords in each block, by version.
    static let eccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
                              28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
    /// Number of blocks the codewords are split into, by version.
    static let blocks = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
                         29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]

    /// Modules left for codewords once the function patterns are drawn.
    static func rawModules(version v: Int) -> Int {
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let alignments = v / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCapacity(version v: Int) -> Int {
        rawModules(version: v) / 8 - eccPerBlock[v] * blocks[v]
    }

    static func bitCount(_ bytes: Int, version v: Int) -> Int {
        4 + (v <= 9 ? 8 : 16) + 8 * bytes
    }

    /// Mode, length, the bytes, the terminator and the padding, as codewords.
    static func dataCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(data.count, version <= 9 ? 8 : 16)
        for byte in data { append(Int(byte), 8) }
        let capacity = dataCapacity(version: version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var result = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while result.count < capacity / 8 {
            result.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return result
    }

    /// The data split into blocks, each with its Reed–Solomon codewords, read out column by column.
    static func interleaved(_ data: [UInt8], version v: Int) -> [UInt8] {
        let total = rawModules(version: v) / 8
        let count = blocks[v], ecc = eccPerBlock[v]
        let short = count - total % count
        let shortLength = total / count
        var split: [[UInt8]] = []
        var start = 0
        for index in 0..<count {
            let length = shortLength - ecc + (index < short ? 0 : 1)
            split.append(Array(data[start..<start + length]))
            start += length
        }
        let generator = ReedSolomon.generator(degree: ecc)
        let corrections = split.map { ReedSolomon.remainder($0, generator: generator) }
        var result: [UInt8] = []
        for column in 0...(shortLength - ecc) {
            for block in split where column < block.count { result.append(block[column]) }
        }
        for column in 0..<ecc {
            for block in corrections { result.append(block[column]) }
        }
        return result
    }

    /// The dark modules as one SVG path, with a four-module quiet zone; scaled by CSS.
    func svg(title: String) -> String {
        let side = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 \(side) \(side)\" role=\"img\" aria-label=\"\(escaped.replacingOccurrences(of: "\"", with: "&quot;"))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}

/// Arithmetic in GF(2⁸) with the QR code's polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> bit) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The coefficients of (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest first, without the leading 1.
    static func generator(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for (index, coefficient) in generator.enumerated() { result[index] ^= multiply(coefficient, factor) }
        }
        return result
    }
}

/// The symbol being drawn: function patterns first, then the codewords, then a mask and the format bits.
private struct Grid {
    let version: Int
    let size: Int
    var dark: [[Bool]]
    /// Modules of the finder, timing, alignment, format and version patterns, which masks leave alone.
    var function: [[Bool]]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        function = dark
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        finder(3, 3)
        finder(size - 4, 3)
        finder(3, size - 4)
        let positions = Self.alignmentPositions(version: version, size: size)
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() where !(i == 0 && j == 0 || i == 0 && j == positions.count - 1 || i == positions.count - 1 && j == 0) {
                alignment(x, y)
            }
        }
        format(mask: 0)
        versionBits()
    }

    mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y][x] = isDark
        function[y][x] = true
    }

    mutating func finder(_ cx: Int, _ cy: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = cx + dx, y = cy + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                set(x, y, distance != 2 && distance != 4)
            }
        }
    }

    mutating func alignment(_ cx: Int, _ cy: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    static func alignmentPositions(version: Int, size: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var position = size - 7
        var tail: [Int] = []
        for _ in 0..<(count - 1) {
            tail.insert(position, at: 0)
            position -= step
        }
        result += tail
        return result
    }

    /// Level M (bits 00) and the mask, protected by a BCH code, in both copies.
    mutating func format(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// From version 7 on, the version number protected by a BCH code, in two 6×3 blocks.
    mutating func versionBits() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = (version << 12) | remainder
        for i in 0..<18 {
            let isDark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            set(a, b, isDark)
            set(b, a, isDark)
        }
    }

    /// The codewords' bits, in the zigzag order of two-module columns from the bottom right.
    mutating func place(_ codewords: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !function[y][x], index < codewords.count * 8 {
                        dark[y][x] = (codewords[index >> 3] >> (7 - index & 7)) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    func masked(_ mask: Int) -> Grid {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !function[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { copy.dark[y][x].toggle() }
            }
        }
        copy.format(mask: mask)
        return copy
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns and an unbalanced share of dark modules.
    func penalty() -> Int {
        var score = 0
        let columns = (0..<size).map { x in (0..<size).map { y in dark[y][x] } }
        for line in dark + columns {
            var run = 1
            for i in 1..<size {
                if line[i] == line[i - 1] {
                    run += 1
                    if run == 5 { score += 3 } else if run > 5 { score += 1 }
                } else {
                    run = 1
                }
            }
            // 1:1:3:1:1 with four light modules on one side.
            let pattern: [Bool] = [true, false, true, true, true, false, true]
            for i in 0...(size - 7) where Array(line[i..<i + 7]) == pattern {
                let before = i >= 4 && !line[(i - 4)..<i].contains(true)
                let after = i + 11 <= size && !line[(i + 7)..<(i + 11)].contains(true)
                if before || after { score += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = dark[y][x]
                if c == dark[y][x + 1], c == dark[y + 1][x], c == dark[y + 1][x + 1] { score += 3 }
            }
        }
        let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        score += max(0, k) * 10
        return score
    }
}
