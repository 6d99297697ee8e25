import Crypto
import Foundation

/// The hashing of RFC 6962 (Certificate Transparency) §2.1: a leaf is `SHA-256(0x00 ‖ data)`, an inner node
/// `SHA-256(0x01 ‖ left ‖ right)`, and a tree of `n` leaves splits at the largest power of two below `n`.
///
/// Hashes are 32-byte arrays here; the store keeps them as lower-case hex.
public enum MerkleLog {
    public typealias Hash = [UInt8]

    public static func leafHash(_ data: some Sequence<UInt8>) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: Array(data))
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: Data()))

    /// The largest power of two smaller than `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of the tree over `leaves` (leaf hashes), computed from the definition.
    public static func root(_ leaves: ArraySlice<Hash>) -> Hash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            let middle = leaves.startIndex + k
            return nodeHash(root(leaves[leaves.startIndex..<middle]), root(leaves[middle...]))
        }
    }

    public static func root(_ leaves: [Hash]) -> Hash { root(leaves[...]) }

    /// The audit path of leaf `index` in the tree over `leaves` (RFC 6962 §2.1.1), nearest sibling first.
    public static func inclusionProof(_ index: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        if index < k {
            return inclusionProof(index, leaves[leaves.startIndex..<middle]) + [root(leaves[middle...])]
        }
        return inclusionProof(index - k, leaves[middle...]) + [root(leaves[leaves.startIndex..<middle])]
    }

    /// Whether `proof` shows the leaf `leafHash` at `index` in a tree of `size` leaves with root `root` (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(index: Int, size: Int, leafHash: Hash, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    repeat { fn >>= 1; sn >>= 1 } while fn & 1 == 0 && fn != 0
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// The proof that the tree of the first `old` leaves is a prefix of the tree over `leaves` (RFC 6962 §2.1.2).
    public static func consistencyProof(old: Int, _ leaves: [Hash]) -> [Hash] {
        guard old > 0, old < leaves.count else { return [] }
        return subproof(old, leaves[...], complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        let middle = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[leaves.startIndex..<middle], complete: complete) + [root(leaves[middle...])]
        }
        return subproof(m - k, leaves[middle...], complete: false) + [root(leaves[leaves.startIndex..<middle])]
    }

    /// Whether `proof` shows that the tree of `old` leaves with root `oldRoot` is a prefix of the tree of `new` leaves
    /// with root `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(old: Int, new: Int, oldRoot: Hash, newRoot: Hash, proof: [Hash]) -> Bool {
        if old == new { return oldRoot == newRoot && proof.isEmpty }
        guard old > 0, old < new else { return old == 0 && proof.isEmpty }
        var path = proof
        // When `old` is a power of two, the old root is the first node of the path.
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = old - 1, sn = new - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    repeat { fn >>= 1; sn >>= 1 } while fn & 1 == 0 && fn != 0
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }

    /// The roots of the perfect subtrees that a tree of `size` leaves is made of, largest first: enough to append
    /// to the tree and compute its root without reading its leaves again.
    public struct Frontier: Sendable, Equatable {
        public private(set) var size: Int
        /// One hash per set bit of `size`, from the highest bit down.
        public private(set) var nodes: [Hash]

        public init() { size = 0; nodes = [] }

        public init?(size: Int, nodes: [Hash]) {
            guard size >= 0, size.nonzeroBitCount == nodes.count, nodes.allSatisfy({ $0.count == 32 }) else { return nil }
            self.size = size
            self.nodes = nodes
        }

        public mutating func append(_ leaf: Hash) {
            var node = leaf
            var height = 0
            // Merge equal-height subtrees, as binary addition carries.
            while size >> height & 1 == 1 {
                node = MerkleLog.nodeHash(nodes.removeLast(), node)
                height += 1
            }
            nodes.append(node)
            size += 1
        }

        /// The tree's root: the subtrees folded right to left.
        public var root: Hash {
            guard var hash = nodes.last else { return MerkleLog.emptyRoot }
            for node in nodes.dropLast().reversed() { hash = MerkleLog.nodeHash(node, hash) }
            return hash
        }
    }
}

extension MerkleLog {
    public static func hex(_ hash: Hash) -> String { Hex.string(hash) }

    /// A hash from 64 hex digits.
    public static func hash(hex text: String) -> Hash? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: Hash = []
        bytes.reserveCapacity(32)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
