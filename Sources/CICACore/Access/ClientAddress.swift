import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 as the IPv4-mapped IPv6 address `::ffff:a.b.c.d`).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let isIPv4: Bool

    /// Reads `192.0.2.1`, `2001:db8::1`, `::ffff:192.0.2.1`, `[2001:db8::1]`; nil for anything else (host names, ports, zones).
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        if let v4 = Self.parseIPv4(text) {
            bytes = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + v4
            isIPv4 = true
        } else if let v6 = Self.parseIPv6(text) {
            bytes = v6
            isIPv4 = v6[0..<12].elementsEqual(Array(repeating: 0, count: 10) + [0xFF, 0xFF])
        } else {
            return nil
        }
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            // Decimal only, no leading zeros: "010" is octal to some parsers and refused here.
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), part == "0" || !part.hasPrefix("0"),
                  let value = UInt8(part) else { return nil }
            result.append(value)
        }
        return result
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt8] = []
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, allowIPv4Tail, piece.contains("."), let v4 = parseIPv4(piece) {
                    result += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16), piece.allSatisfy(\.isHexDigit) else { return nil }
                result += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return result
        }
        if halves.count == 1 {
            guard let all = groups(halves[0], allowIPv4Tail: true), all.count == 16 else { return nil }
            return all
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
              head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// The usual text: dotted for IPv4, lower-case hexadecimal groups with the longest run of zeros as `::` for IPv6.
    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best: Range<Int>? = nil
        var start: Int? = nil
        for index in 0...groups.count {
            if index < groups.count, groups[index] == 0 {
                if start == nil { start = index }
            } else if let s = start {
                if index - s >= 2, index - s > (best?.count ?? 0) { best = s..<index }
                start = nil
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard let best else { return hex.joined(separator: ":") }
        return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
    }
}

/// A block of addresses written in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`), or one address.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    public let network: IPAddress
    /// Prefix length over the 16-byte form (an IPv4 /8 is /104 here).
    let prefix: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...width).contains(value), parts[1].allSatisfy(\.isNumber) else { return nil }
            length = value
        }
        network = address
        prefix = length + (address.isIPv4 ? 96 : 0)
    }

    public func contains(_ address: IPAddress) -> Bool {
        var remaining = prefix
        for (a, b) in zip(network.bytes, address.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        let length = network.isIPv4 ? prefix - 96 : prefix
        return "\(network)/\(length)"
    }
}

/// The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` headers are believed.
public struct TrustedProxies: Sendable, Equatable {
    public var ranges: [AddressRange]
    /// A peer without an IP address (a Unix domain socket, where only a local proxy can connect) is trusted.
    public var localSocket: Bool

    public static let none = TrustedProxies(ranges: [], localSocket: false)

    public init(ranges: [AddressRange], localSocket: Bool) {
        self.ranges = ranges
        self.localSocket = localSocket
    }

    /// Reads a comma-separated list of addresses and CIDR blocks, and `unix` for a local socket; refuses anything else by name.
    public init(list: String, field: String = "http.trustedProxies") throws(InvalidInput) {
        var ranges: [AddressRange] = []
        var local = false
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "unix" {
                local = true
            } else if let range = AddressRange(item) {
                ranges.append(range)
            } else {
                throw InvalidInput(field: field, reason: Message("reason.ipAddressCidrBlock", ["item": "\(item.prefix(60))"]))
            }
        }
        self.init(ranges: ranges, localSocket: local)
    }

    public var isEmpty: Bool { ranges.isEmpty && !localSocket }

    /// Whether the hop at this address (nil: no IP address) is one of the trusted proxies.
    public func trusts(_ address: IPAddress?) -> Bool {
        guard let address else { return localSocket }
        return ranges.contains { $0.contains(address) }
    }
}

/// Who the client is, when requests may come through proxies.
public enum ClientAddress {
    /// The address to throttle and audit: the peer itself unless it is a trusted proxy; then, walking the
    /// `X-Forwarded-For` hops from the right (the nearest first), the first that is not a trusted proxy.
    ///
    /// Only the right-most entries were written by proxies we trust; whatever lies further left was sent by the
    /// client and may be made up, so it is never read past the first untrusted hop. An unreadable hop ends the
    /// walk at the last address that was trusted. `peer` is the socket's address (nil for a Unix socket).
    public static func resolve(peer: String?, forwardedFor headers: [String], trusted: TrustedProxies) -> String {
        let peerAddress = peer.flatMap(IPAddress.init)
        let peerText = peerAddress?.description ?? bounded(peer)
        guard isTrusted(peer: peer, trusted) else { return peerText }
        let hops = headers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var last = peerText
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return last }
            if !trusted.trusts(address) { return address.description }
            last = address.description
        }
        return last
    }

    /// Whether the request reached the nearest trusted proxy over TLS, as that proxy says in `X-Forwarded-Proto`.
    public static func forwardedOverTLS(peer: String?, forwardedProto: String?, trusted: TrustedProxies) -> Bool {
        guard isTrusted(peer: peer, trusted), let proto = forwardedProto else { return false }
        // Each proxy appends its own; the right-most was written by the nearest one.
        return proto.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// A peer is trusted when it is a listed proxy, or a local socket (no address) where those are trusted; a peer
    /// whose address cannot be read never is.
    static func isTrusted(peer: String?, _ trusted: TrustedProxies) -> Bool {
        guard let peer else { return trusted.localSocket }
        guard let address = IPAddress(peer) else { return false }
        return trusted.trusts(address)
    }

    static func bounded(_ text: String?) -> String {
        guard let text else { return "unix socket" }
        return AuditText.bounded(text, limit: 64)
    }
}
