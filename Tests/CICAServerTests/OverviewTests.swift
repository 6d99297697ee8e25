import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The overview as each reader may see it: the SVG heat map checked as XML, one cell per state × area; what a reader may
/// not read is neither shown nor counted, in the page, the CSV or the API.
@Suite("The implementation overview")
struct OverviewTests {
    @Test("the whole matrix, well-formed and described; a restricted part counted only for those who may read it", arguments: TestEngine.all)
    func overview(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let year = p.platform.today().year - 1
            let kz = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            #expect(try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", method: .put, token: kz, json: """
                {"parts":[{"priorityArea":"tourism","status":"implemented","visibility":"public"},{"priorityArea":"combating-terrorism","status":"inProgress","visibility":"secretariat"}]}
                """).status == .ok)
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))

            let page = try await p.client.get("/catalogue/overview?year=\(year)")
            #expect(page.status == .ok)
            let start = try #require(page.text.range(of: "<svg viewBox")), end = try #require(page.text.range(of: "</svg>"))
            let svg = String(page.text[start.lowerBound..<end.upperBound])
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "the heat map is well-formed XML")
            #expect(svg.components(separatedBy: "<rect class=\"cell").count - 1 == 28 * 18, "one cell per Member State and priority area")
            #expect(svg.contains("<title id=\"overview-title\">") && svg.contains("<desc id=\"overview-desc\">") && svg.contains("aria-labelledby=\"overview-title overview-desc\""))
            #expect(svg.contains("s-implemented"), "Kazakhstan's public part is drawn")
            #expect(!svg.contains("s-inProgress"), "the restricted part is not drawn for the public")

            // The public's counts leave the restricted part out; the Secretariat's include it.
            func reported(_ token: String?) async throws -> Int {
                let json = try JSON(try await p.client.api("/api/v1/catalogue/overview?year=\(year)", token: token).body)
                return json["cells"].array.filter { !$0["reported"].isNull }.count
            }
            #expect(try await reported(nil) == 1)
            #expect(try await reported(officer) == 2)
            #expect(try await reported(kz) == 2)
            let csv = try await p.client.get("/catalogue/overview.csv?year=\(year)")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.split(separator: "\r\n").count == 1 + 28 * 18 && !csv.text.contains("inProgress") && csv.text.contains("implemented"))
            #expect(try await p.client.get("/catalogue/overview?year=\(year)&lang=ru").text.contains("Обзор осуществления"))
            #expect(try await p.client.get("/catalogue/overview?year=1800").status == .badRequest)
        }
    }
}
