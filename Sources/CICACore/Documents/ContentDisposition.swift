import Foundation

/// The `Content-Disposition` header both ways: read from a form's part (RFC 7578) and written for a download
/// (RFC 6266, with `filename*` in RFC 8187's encoding so that a Cyrillic or Chinese name survives every browser).
public enum ContentDisposition {
    /// The parameters of a header such as `form-data; name="file"; filename="Акт.pdf"`, names lower-cased; a
    /// `filename*` (`UTF-8''%D0%90…`) is decoded and preferred to `filename`.
    public static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var extended: [String: String] = [:]
        for part in split(header).dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            if name.hasSuffix("*") {
                let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if pieces.count == 3, pieces[0].lowercased() == "utf-8", let decoded = String(pieces[2]).removingPercentEncoding {
                    extended[String(name.dropLast())] = decoded
                }
            } else {
                result[name] = value
            }
        }
        return result.merging(extended) { _, preferred in preferred }
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII stand-in for old clients (other characters as `_`) and
    /// the exact name, percent-encoded, for the rest.
    public static func attachment(filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map { scalar -> Character in
            (0x20...0x7E).contains(scalar.value) && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x7F)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// Splits at semicolons outside quotes.
    static func split(_ header: String) -> [String] {
        var parts: [String] = [], current = "", quoted = false, escaped = false
        for character in header {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true; current.append(character)
            case "\"": quoted.toggle(); current.append(character)
            case ";" where !quoted: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
