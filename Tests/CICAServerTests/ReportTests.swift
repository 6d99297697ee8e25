import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// A delegate files Kazakhstan's yearly report with a part for the Secretariat only: the public, observers and other
/// states' delegates never see it, on a page or in the API; Kazakhstan's delegates and the Secretariat do.
@Suite("Yearly implementation reports")
struct ReportTests {
    static let secret = "Joint exercise of border services, details withheld."

    @Test("a restricted part is seen only by its own state and the Secretariat, everywhere; late reports are marked; the Secretariat sees who has not reported",
          arguments: TestEngine.all)
    func restricted(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let year = p.platform.today().year - 1
            let kz = try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn(kz.email))
            let india = try await p.token(for: try await p.user("in@example.org", (.delegate, "IN")))
            let japan = try await p.token(for: try await p.user("jp@example.org", (.observer, "JP")))
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let officerToken = try await p.token(for: officer)
            let officerSession = try #require(try await p.signIn(officer.email))

            // The Secretariat sets the deadline in the past, so that the report is late.
            let deadline = try await p.client.api("/api/v1/reporting-years/\(year)", method: .put, token: officerToken, json: #"{"deadline":"\#(year + 1)-01-01"}"#)
            #expect(deadline.status == .ok)

            // The form: a refusal names the part and keeps the input; then filed.
            let form = ["status.combating-terrorism": "inProgress", "narrative.combating-terrorism": Self.secret, "visibility.combating-terrorism": "secretariat",
                        "status.tourism": "implemented", "narrative.tourism": "A tourism forum in Turkestan.", "visibility.tourism": "public"]
            var bad = form
            bad["status.human-dimension"] = "nothingNew"
            let refused = try await p.client.submit("/member-states/KZ/reports/\(year)", bad, as: session)
            #expect(refused.status == .badRequest && refused.text.contains("no earlier report") && refused.text.contains(Self.secret))
            let filed = try await p.client.submit("/member-states/KZ/reports/\(year)", form, as: session)
            #expect(filed.status == .seeOther)

            // Kazakhstan's delegate and the Secretariat read both parts; the report is late.
            let own = try await p.client.get("/member-states/KZ/reports/\(year)", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(own.text.contains(Self.secret) && own.text.contains("after the deadline"))
            let forSecretariat = try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: officerToken)
            let seen = try JSON(forSecretariat.body)
            #expect(seen["parts"].array.count == 2 && seen["late"].bool == true)
            let year_ = try JSON(try await p.client.api("/api/v1/reports?year=\(year)", token: officerToken).body)
            #expect(year_["missing"].array.count == 27 && !year_["missing"].array.contains { $0.string == "KZ" })
            let yearPage = try await p.client.get("/catalogue/reports?year=\(year)", headers: [.cookie: "cica_session=\(officerSession.cookie)"])
            #expect(yearPage.text.contains("27 Member States have not reported"))

            // Nobody else sees the restricted part, nor anything of it: pages, API lists and reads, the audit line.
            for token in [nil, india, japan] {
                let read = try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: token)
                #expect(read.status == .ok && !read.text.contains(Self.secret) && !read.text.contains("combating-terrorism"))
                let list = try await p.client.api("/api/v1/reports?year=\(year)", token: token)
                #expect(!list.text.contains(Self.secret) && !list.text.contains("combating-terrorism") && !list.text.contains("\"missing\""))
            }
            // Nor when it was filed or whether late: that timing would tell of the restricted part.
            let publicRead = try JSON(try await p.client.api("/api/v1/member-states/kz/reports/\(year)", token: nil).body)
            #expect(publicRead["parts"].array.count == 1 && publicRead["late"].isNull && publicRead["submittedAt"].isNull)
            let publicPage = try await p.client.get("/member-states/KZ/reports/\(year)")
            #expect(!publicPage.text.contains("after the deadline"))
            #expect(publicPage.text.contains("A tourism forum in Turkestan.") && !publicPage.text.contains(Self.secret) && !publicPage.text.contains("Combating terrorism"))
            let publicYear = try await p.client.get("/catalogue/reports?year=\(year)")
            #expect(publicYear.text.contains("1 priority area") && !publicYear.text.contains("have not reported"))
            let audit = try await p.client.get("/audit?action=report.submit", headers: [.cookie: "cica_session=\(officerSession.cookie)"])
            #expect(audit.text.contains("report/KZ/\(year)") && !audit.text.contains(Self.secret) && !audit.text.contains("parts"))

            // A report with only a restricted part is not there for the public at all.
            let onlySecret = try await p.client.api("/api/v1/member-states/IN/reports/\(year)", method: .put, token: india,
                                                    json: #"{"parts":[{"priorityArea":"tourism","status":"planned","narrative":"Internal.","visibility":"memberStates"}]}"#)
            #expect(onlySecret.status == .ok)
            #expect(try await p.client.api("/api/v1/member-states/IN/reports/\(year)", token: nil).status == .notFound)
            #expect(try await p.client.api("/api/v1/member-states/IN/reports/\(year)", token: japan).status == .notFound)
            #expect(try await p.client.api("/api/v1/member-states/IN/reports/\(year)", token: officerToken).status == .ok)
            #expect(!(try await p.client.get("/catalogue/reports?year=\(year)").text.contains("India")))
            // A deadline extended past the filing covers it: the report is no longer late.
            #expect(try await p.client.api("/api/v1/reporting-years/\(year)", method: .put, token: officerToken,
                                           json: #"{"deadline":"\#(year + 2)-12-31"}"#).status == .ok)
            #expect(try JSON(try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: officerToken).body)["late"].bool == false)
            // A deadline within the year reported on is refused.
            #expect(try await p.client.api("/api/v1/reporting-years/\(year)", method: .put, token: officerToken,
                                           json: #"{"deadline":"\#(year)-06-30"}"#).status == .badRequest)
            // Observers never file; a delegate files only for their own state.
            #expect(try await p.client.api("/api/v1/member-states/JP/reports/\(year)", method: .put, token: japan,
                                           json: #"{"parts":[{"priorityArea":"tourism","status":"planned"}]}"#).status == .forbidden)
            #expect(try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", method: .put, token: india,
                                           json: #"{"parts":[{"priorityArea":"tourism","status":"planned"}]}"#).status == .forbidden)
            #expect(try await p.client.get("/member-states/KZ/reports/\(year)?lang=ru", headers: [.cookie: "cica_session=\(session.cookie)"]).text.contains("после срока"))
        }
    }
}
