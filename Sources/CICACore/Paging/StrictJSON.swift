/// A JSON body read strictly, before any decoder sees it: the checks every JSON body must pass so that whatever reads it
/// next reads the same thing.
///
/// Decoders disagree at the edges — which of two equal keys counts, whether `\ud800` or `1e999` or a stray byte is
/// an error — and a check that reads a body one way is walked around by a body another decoder reads another way. So a
/// JSON body is accepted only when it is unambiguous: valid UTF-8, valid JSON (RFC 8259), no key twice in one object,
/// no unpaired surrogate, nested at most `maximumDepth` deep, and no refused character (`StoredText`) in any string or
/// key, escaped or not. Problems name the field (`effect.parameters.state`, `items[2]`) or, for the body as a whole, `body`.
public enum StrictJSON {
    public static let maximumDepth = 64

    /// Every problem of the body; empty when it is acceptable.
    public static func problems(in bytes: [UInt8]) -> [FieldError] {
        var reader = Reader(bytes: bytes)
        do {
            reader.skipSpace()
            try reader.value(path: "", depth: 0)
            reader.skipSpace()
            guard reader.index == bytes.count else { throw Reader.Malformed(at: reader.index, what: "more text after the JSON value") }
        } catch let malformed as Reader.Malformed {
            return [FieldError(field: "body", reason: Message("reason.validJsonAtByte", ["what": "\(malformed.what)", "at": "\(malformed.at + 1)"]))]
        } catch {
            return [FieldError(field: "body", reason: Message("reason.couldReadJson"))]
        }
        return reader.problems
    }

    /// Whether a body looks like JSON at all (its first character after white space opens a value), for bodies that do
    /// not say what they are.
    public static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return false }
        return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") || bytes[index] == UInt8(ascii: "\"")
    }

    struct Reader {
        struct Malformed: Error {
            var at: Int
            var what: String
        }

        let bytes: [UInt8]
        var index = 0
        var problems: [FieldError] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ literal: String) throws {
            let expected = Array(literal.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw Malformed(at: index, what: "expected \(literal)")
            }
            index += expected.count
        }

        mutating func value(path: String, depth: Int) throws {
            guard depth <= StrictJSON.maximumDepth else { throw Malformed(at: index, what: "nested more than \(StrictJSON.maximumDepth) deep") }
            guard let byte = peek() else { throw Malformed(at: index, what: "the body ends where a value should be") }
            switch byte {
            case UInt8(ascii: "{"): try object(path: path, depth: depth)
            case UInt8(ascii: "["): try array(path: path, depth: depth)
            case UInt8(ascii: "\""):
                let text = try string()
                if let problem = StoredText.problem(field: path.isEmpty ? "body" : path, value: text) { problems.append(problem) }
            case UInt8(ascii: "t"): try expect("true")
            case UInt8(ascii: "f"): try expect("false")
            case UInt8(ascii: "n"): try expect("null")
            default: try number()
            }
        }

        mutating func object(path: String, depth: Int) throws {
            index += 1
            var keys = Set<String>()
            skipSpace()
            if peek() == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw Malformed(at: index, what: "expected a key in quotes") }
                let key = try string()
                let memberPath = path.isEmpty ? key : path + "." + key
                if let problem = StoredText.problem(field: memberPath, value: key) { problems.append(problem) }
                if !keys.insert(key).inserted {
                    problems.append(FieldError(field: memberPath, reason: Message("reason.appearsTwiceSameObject")))
                }
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw Malformed(at: index, what: "expected : after a key") }
                index += 1
                skipSpace()
                try value(path: memberPath, depth: depth + 1)
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return
                default: throw Malformed(at: index, what: "expected , or } in an object")
                }
            }
        }

        mutating func array(path: String, depth: Int) throws {
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return }
            var position = 0
            while true {
                skipSpace()
                try value(path: "\(path.isEmpty ? "body" : path)[\(position)]", depth: depth + 1)
                position += 1
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return
                default: throw Malformed(at: index, what: "expected , or ] in an array")
                }
            }
        }

        /// A string literal, its escapes decoded; raw control bytes, bad escapes, unpaired surrogates and bad UTF-8 are malformed.
        mutating func string() throws -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var runStart = index
            func flush(_ end: Int) throws {
                guard runStart < end else { return }
                guard let run = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw Malformed(at: runStart, what: "text that is not UTF-8")
                }
                scalars.append(contentsOf: run.unicodeScalars)
            }
            while true {
                guard let byte = peek() else { throw Malformed(at: index, what: "a string that never ends") }
                switch byte {
                case UInt8(ascii: "\""):
                    try flush(index)
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flush(index)
                    index += 1
                    guard let escape = peek() else { throw Malformed(at: index, what: "a string that never ends") }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        let high = try hex4()
                        if (0xD800...0xDBFF).contains(high) {
                            guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                                throw Malformed(at: index, what: "an unpaired surrogate \\u\(String(high, radix: 16))")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw Malformed(at: index, what: "an unpaired surrogate \\u\(String(high, radix: 16))") }
                            scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!)
                        } else if (0xDC00...0xDFFF).contains(high) {
                            throw Malformed(at: index, what: "an unpaired surrogate \\u\(String(high, radix: 16))")
                        } else {
                            scalars.append(Unicode.Scalar(high)!)
                        }
                    default:
                        throw Malformed(at: index - 1, what: "an unknown escape")
                    }
                    runStart = index
                case 0x00..<0x20:
                    throw Malformed(at: index, what: "a control character written raw inside a string")
                default:
                    index += 1
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                  bytes[index..<index + 4].allSatisfy({ UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0
                                                         || UInt8(ascii: "A")...UInt8(ascii: "F") ~= $0 }) else {
                throw Malformed(at: index, what: "\\u without four hexadecimal digits")
            }
            index += 4
            return value
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws {
            let start = index
            func digits() -> Int {
                let from = index
                while let byte = peek(), UInt8(ascii: "0")...UInt8(ascii: "9") ~= byte { index += 1 }
                return index - from
            }
            if peek() == UInt8(ascii: "-") { index += 1 }
            if peek() == UInt8(ascii: "0") {
                index += 1
            } else if digits() == 0 {
                throw Malformed(at: start, what: "a value that is not JSON")
            }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw Malformed(at: index, what: "a number without digits after its point") }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw Malformed(at: index, what: "a number without digits in its exponent") }
            }
        }
    }
}
