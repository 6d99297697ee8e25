/// Line-by-line differences between two versions of a text.
///
/// Myers' O(ND) algorithm in its linear-space form (the "middle snake" bisection): time grows with the
/// length of the texts times the number of lines that differ, memory only with the length. Texts longer than
/// `Limits.maximumLines`, or versions differing in more than `Limits.maximumEdits` lines, are not compared:
/// the answer says so, and the reader is offered the two texts instead.
public enum TextDiff {
    public enum Line: Equatable, Sendable {
        case same(String), removed(String), added(String)
    }

    /// How much a comparison may take on.
    public struct Limits: Sendable, Equatable {
        /// Lines per version.
        public var maximumLines: Int
        /// Lines removed plus lines added.
        public var maximumEdits: Int

        public init(maximumLines: Int = 5_000, maximumEdits: Int = 2_000) {
            self.maximumLines = maximumLines
            self.maximumEdits = maximumEdits
        }

        /// No limit, for texts already known to be small.
        public static let none = Limits(maximumLines: .max, maximumEdits: .max)
    }

    /// The answer: the lines, or why they were not worked out.
    public enum Comparison: Equatable, Sendable {
        case lines([Line])
        /// A version has more lines than the limit.
        case tooLong(oldLines: Int, newLines: Int, limit: Int)
        /// More lines differ than the limit.
        case tooDifferent(limit: Int)
    }

    /// The lines of `old` and `new`, each marked kept, removed or added; unbounded, for small texts.
    public static func lines(from old: String, to new: String) -> [Line] {
        guard case .lines(let lines) = compare(old, new, limits: .none) else { return [] }
        return lines
    }

    public static func compare(_ old: String, _ new: String, limits: Limits = Limits()) -> Comparison {
        // Counting line breaks first keeps a huge text from ever being split.
        let oldCount = old.utf8.lazy.filter { $0 == 0x0A }.count + 1
        let newCount = new.utf8.lazy.filter { $0 == 0x0A }.count + 1
        guard oldCount <= limits.maximumLines, newCount <= limits.maximumLines else {
            return .tooLong(oldLines: oldCount, newLines: newCount, limit: limits.maximumLines)
        }
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        // Lines become numbers so that comparing two is one integer comparison.
        var ids: [Substring: Int] = [:]
        let a = oldLines.map { line in ids[line] ?? { let id = ids.count; ids[line] = id; return id }() }
        let b = newLines.map { line in ids[line] ?? { let id = ids.count; ids[line] = id; return id }() }
        var script = Script(a: a, b: b)
        guard script.run(limit: limits.maximumEdits) else { return .tooDifferent(limit: limits.maximumEdits) }
        return .lines(script.operations.map { operation in
            switch operation {
            case .same(let i): .same(String(oldLines[i]))
            case .removed(let i): .removed(String(oldLines[i]))
            case .added(let j): .added(String(newLines[j]))
            }
        })
    }

    /// The edit script between two sequences of line numbers.
    struct Script {
        enum Operation: Equatable { case same(Int), removed(Int), added(Int) }
        let a: [Int]
        let b: [Int]
        var operations: [Operation] = []
        var edits = 0

        init(a: [Int], b: [Int]) {
            self.a = a
            self.b = b
            operations.reserveCapacity(max(a.count, b.count))
        }

        /// Works out the script; false when more than `limit` lines would differ.
        mutating func run(limit: Int) -> Bool {
            diff(0..<a.count, 0..<b.count, limit: limit)
        }

        private mutating func diff(_ x: Range<Int>, _ y: Range<Int>, limit: Int) -> Bool {
            var x = x, y = y
            // The common beginning and end are kept as they are.
            var prefix = 0
            while prefix < x.count, prefix < y.count, a[x.lowerBound + prefix] == b[y.lowerBound + prefix] { prefix += 1 }
            for i in 0..<prefix { operations.append(.same(x.lowerBound + i)) }
            x = (x.lowerBound + prefix)..<x.upperBound
            y = (y.lowerBound + prefix)..<y.upperBound
            var suffix = 0
            while suffix < x.count, suffix < y.count, a[x.upperBound - 1 - suffix] == b[y.upperBound - 1 - suffix] { suffix += 1 }
            let tail = (x.upperBound - suffix)..<x.upperBound
            x = x.lowerBound..<(x.upperBound - suffix)
            y = y.lowerBound..<(y.upperBound - suffix)

            if x.isEmpty || y.isEmpty {
                edits += x.count + y.count
                guard edits <= limit else { return false }
                for i in x { operations.append(.removed(i)) }
                for j in y { operations.append(.added(j)) }
            } else {
                guard let (splitX, splitY) = middle(x, y, limit: limit - edits) else { return false }
                guard diff(x.lowerBound..<splitX, y.lowerBound..<splitY, limit: limit),
                      diff(splitX..<x.upperBound, splitY..<y.upperBound, limit: limit) else { return false }
            }
            for i in tail { operations.append(.same(i)) }
            return true
        }

        /// Where the shortest edit script crosses its middle (searching from both ends at once, in linear space);
        /// nil when the two ranges differ in more than `limit` lines.
        private func middle(_ x: Range<Int>, _ y: Range<Int>, limit: Int) -> (Int, Int)? {
            let n = x.count, m = y.count
            let maxD = (n + m + 1) / 2
            let offset = maxD
            let length = 2 * maxD + 2
            var forward = [Int](repeating: -1, count: length)
            var backward = [Int](repeating: -1, count: length)
            forward[offset + 1] = 0
            backward[offset + 1] = 0
            let delta = n - m
            let odd = delta % 2 != 0
            var k1start = 0, k1end = 0, k2start = 0, k2end = 0
            for d in 0..<maxD {
                // Each step of d on both sides adds about two lines to the script.
                if 2 * d - 1 > limit { return nil }
                var k1 = -d + k1start
                while k1 <= d - k1end {
                    let k1Offset = offset + k1
                    var x1 = (k1 == -d || (k1 != d && forward[k1Offset - 1] < forward[k1Offset + 1]))
                        ? forward[k1Offset + 1] : forward[k1Offset - 1] + 1
                    var y1 = x1 - k1
                    while x1 < n, y1 < m, a[x.lowerBound + x1] == b[y.lowerBound + y1] { x1 += 1; y1 += 1 }
                    forward[k1Offset] = x1
                    if x1 > n {
                        k1end += 2
                    } else if y1 > m {
                        k1start += 2
                    } else if odd {
                        let k2Offset = offset + delta - k1
                        if k2Offset >= 0, k2Offset < length, backward[k2Offset] != -1, x1 >= n - backward[k2Offset] {
                            return (x.lowerBound + x1, y.lowerBound + y1)
                        }
                    }
                    k1 += 2
                }
                var k2 = -d + k2start
                while k2 <= d - k2end {
                    let k2Offset = offset + k2
                    var x2 = (k2 == -d || (k2 != d && backward[k2Offset - 1] < backward[k2Offset + 1]))
                        ? backward[k2Offset + 1] : backward[k2Offset - 1] + 1
                    var y2 = x2 - k2
                    while x2 < n, y2 < m, a[x.upperBound - x2 - 1] == b[y.upperBound - y2 - 1] { x2 += 1; y2 += 1 }
                    backward[k2Offset] = x2
                    if x2 > n {
                        k2end += 2
                    } else if y2 > m {
                        k2start += 2
                    } else if !odd {
                        let k1Offset = offset + delta - k2
                        if k1Offset >= 0, k1Offset < length, forward[k1Offset] != -1 {
                            let x1 = forward[k1Offset]
                            let y1 = offset + x1 - k1Offset
                            if x1 >= n - x2 { return (x.lowerBound + x1, y.lowerBound + y1) }
                        }
                    }
                    k2 += 2
                }
            }
            // Unreachable for non-empty ranges: the two searches always meet by maxD.
            return (x.upperBound, y.lowerBound)
        }
    }
}
