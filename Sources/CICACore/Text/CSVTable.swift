/// A table as CSV (RFC 4180): a header row, then one row per record; CRLF line ends; a field quoted when it holds a
/// comma, a quotation mark or a line break, its quotation marks doubled. Safe to open in a spreadsheet: a field that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return (which a spreadsheet would read as a formula) is
/// prefixed with `'` and quoted. Every CSV the platform writes is written here.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    public static func field(_ text: String) -> String {
        let formula = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        let safe = formula ? "'" + text : text
        // By scalar: "\r\n" is one Character in Swift, equal to neither "\r" nor "\n".
        guard formula || safe.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        // Quotation marks doubled scalar by scalar: Foundation's search on Linux does not find a `"` that a combining
        // mark follows (`"\u{301}`), which would close the field early and let the rest start cells of its own.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in safe.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
