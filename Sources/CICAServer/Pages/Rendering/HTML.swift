import CICACore

/// A page being written: markup as the views give it, every value escaped, straight into UTF-8 bytes.
///
/// Views write `html("<td>\(name)</td>")`: the literal parts of the string are markup, each interpolated value is
/// text and is escaped (`&`, `<`, `>`, `"`, `'`) byte by byte as it is copied. Markup that is not a literal — the server's
/// own QR code, say — must be marked `\(trusted: …)`. There is no reflection and no look-up by name: a view reads its
/// view model's fields as Swift does.
struct HTML: Sendable {
    private(set) var bytes: [UInt8]
    /// Pieces already written once on this page, by key (see `once`).
    private var written: [String: [UInt8]] = [:]

    init(capacity: Int = 32 * 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends a piece of markup.
    mutating func callAsFunction(_ markup: Markup) {
        bytes.append(contentsOf: markup.bytes)
    }

    /// Writes what `write` writes, once per page for each `key`: the next time the same key comes, the bytes written the
    /// first time are copied. For pieces that repeat unchanged down a page (a source cited by many facts); within a
    /// page, the key must stand for everything the piece shows (a source's id stands for its title and address).
    mutating func once(_ key: String, _ write: (inout HTML) -> Void) {
        if let piece = written[key] {
            bytes.append(contentsOf: piece)
            return
        }
        let start = bytes.count
        write(&self)
        written[key] = Array(bytes[start...])
    }

    /// Appends text, escaped.
    mutating func text(_ value: String) {
        HTML.escape(value, into: &bytes)
    }

    /// Writes `value` into `bytes` with the five characters that mean something in HTML replaced by references.
    static func escape(_ value: String, into bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let replacement: StaticString
                switch utf8[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
    }
}

/// Markup written with Swift's string interpolation: literals are markup, interpolated values are escaped text.
struct Markup: ExpressibleByStringInterpolation, Sendable {
    var bytes: [UInt8]

    init(stringLiteral value: String) {
        bytes = Array(value.utf8)
    }

    init(stringInterpolation: StringInterpolation) {
        bytes = stringInterpolation.bytes
    }

    /// No markup at all.
    static let empty = Markup(bytes: [])

    init(bytes: [UInt8]) { self.bytes = bytes }

    struct StringInterpolation: StringInterpolationProtocol {
        var bytes: [UInt8]

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes = []
            bytes.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            bytes.append(contentsOf: literal.utf8)
        }

        /// Text, escaped.
        mutating func appendInterpolation(_ text: String) {
            HTML.escape(text, into: &bytes)
        }

        /// Text if there is any; nothing otherwise.
        mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.escape(text, into: &bytes) }
        }

        mutating func appendInterpolation(_ number: Int) {
            bytes.append(contentsOf: String(number).utf8)
        }

        /// A link to a page of the site.
        mutating func appendInterpolation(_ url: SiteURL) {
            HTML.escape(url.href, into: &bytes)
        }

        /// Markup made elsewhere in the views, or by the server itself (never text from a request or the database).
        mutating func appendInterpolation(trusted markup: Markup) {
            bytes.append(contentsOf: markup.bytes)
        }

        /// Text in the language its source records it in (English), escaped; on a page in another language it is marked
        /// `<span lang="en">` so that readers and screen readers know: source titles, notes, meeting and document titles.
        mutating func appendInterpolation(recorded text: String?, _ l: Localizer) {
            guard let text, !text.isEmpty else { return }
            guard l.language != .en else { return HTML.escape(text, into: &bytes) }
            appendLiteral("<span lang=\"en\">")
            HTML.escape(text, into: &bytes)
            appendLiteral("</span>")
        }

        /// ` name` when the condition holds: `<option\(attribute: "selected", when: chosen)>`.
        mutating func appendInterpolation(attribute name: StaticString, when condition: Bool) {
            guard condition else { return }
            bytes.append(UInt8(ascii: " "))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
    }
}
