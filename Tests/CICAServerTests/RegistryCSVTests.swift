import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The registry's lists as CSV: linked from their pages, RFC 4180, with the records the page shows its reader and
/// nothing a reader may not read.
@Suite("The registry as CSV")
struct RegistryCSVTests {
    /// The rows of a CSV body, split as RFC 4180 reads them (quoted fields may hold commas and line breaks).
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" { if scalars.first == "\"" { field.unicodeScalars.append(c); scalars.removeFirst() } else { quoted = false } }
                else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r", scalars.first == "\n" { scalars.removeFirst(); row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    @Test("every list: linked from its page, a header, a row per record, every row as wide as the header", arguments: [
        ("/member-states", "/member-states.csv", "code", 28),
        ("/observers", "/observers.csv", "id", nil),
        ("/observers", "/partners.csv", "id", nil),
        ("/meetings", "/meetings.csv", "id", nil),
        ("/decisions", "/decisions.csv", "id", nil),
        ("/catalogue", "/catalogue/coordinations.csv", "priority_area", nil),
        ("/catalogue/reports?year=2025", "/catalogue/reports.csv?year=2025", "state", 0),
        ("/documents", "/documents.csv", "id", 36),
    ] as [(String, String, String, Int?)])
    func lists(page: String, csv: String, first: String, count: Int?) async throws {
        try await withPlatform(.sqlite) { p in
            let html = try await p.client.get(page)
            #expect(html.text.contains("href=\"\(csv.replacingOccurrences(of: "&", with: "&amp;"))\""), "\(page) links to \(csv)")
            let answer = try await p.client.get(csv)
            #expect(answer.status == .ok && answer.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(answer.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"cica-") == true)
            let rows = Self.rows(answer.text)
            #expect(rows.first?.first == first && answer.text.hasSuffix("\r\n"))
            #expect(rows.allSatisfy { $0.count == rows[0].count }, "every row as wide as the header")
            if let count { #expect(rows.count - 1 == count) } else { #expect(rows.count > 2) }
        }
    }

    @Test("the CSV of documents and of reports holds only what its reader may read; a formula is defused", arguments: TestEngine.all)
    func access(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let kazakhstan = try await p.user("kz@example.org", (.delegate, "KZ"))
            let created = try await p.client.api("/api/v1/documents", method: .post, token: try await p.token(for: officer),
                                                 json: #"{"title":"=HYPERLINK(\"http://evil\") staffing","kind":"memorandum","access":"secretariat"}"#)
            #expect(created.status == .created)
            #expect(!(try await p.client.get("/documents.csv")).text.contains("staffing"))
            let officerSession = try #require(try await p.signIn(officer.email))
            let officerCSV = try await p.client.get("/documents.csv", headers: [.cookie: "cica_session=\(officerSession.cookie)"])
            let row = try #require(Self.rows(officerCSV.text).first { $0.contains { $0.hasSuffix("staffing") } })
            #expect(row[3] == "'=HYPERLINK(\"http://evil\") staffing")

            let sent = try await p.client.api("/api/v1/member-states/KZ/reports/2025", method: .put, token: try await p.token(for: kazakhstan),
                                              json: #"{"parts":[{"priorityArea":"tourism","status":"implemented","narrative":"Open forum","visibility":"public"},{"priorityArea":"energy-security","status":"inProgress","narrative":"Closed talks","visibility":"secretariat"}]}"#)
            #expect(sent.status == .ok || sent.status == .created, "\(sent.text.prefix(300))")
            let everyone = try await p.client.get("/catalogue/reports.csv?year=2025").text
            #expect(everyone.contains("Open forum") && !everyone.contains("Closed talks"))
            let kazakhSession = try #require(try await p.signIn(kazakhstan.email))
            let own = try await p.client.get("/catalogue/reports.csv?year=2025", headers: [.cookie: "cica_session=\(kazakhSession.cookie)"]).text
            #expect(own.contains("Open forum") && own.contains("Closed talks"))
            #expect(try await p.client.get("/catalogue/reports.csv?year=1066").status == .badRequest)
        }
    }
}
