import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The Catalogue's editions and measures, and the priority areas' papers and activities, through HTTP on both engines.
@Suite("The Catalogue at work: editions, papers, activities")
struct CatalogueWorkServerTests {
    @Test("every form says what it did in both languages")
    func notices() {
        for language in Language.allCases {
            for kind in FormFeedback.Kind.allCases {
                #expect(Notice.text(kind, Localizer(language)) != "notice.\(kind.rawValue)")
            }
        }
    }

    @Test("editions: the one in force, measures entered by the Secretariat, what changed between them", arguments: TestEngine.all)
    func editions(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let session = try #require(try await p.signIn(officer.email))

            // The shipped record: two editions, the 2021 one in force, no measure (the sources give none).
            let list = try JSON(try await p.client.api("/api/v1/catalogue/editions", token: nil).body)
            #expect(list["items"].array.map { $0["id"].string } == ["catalogue-of-cbms-2004", "catalogue-of-cbms-2021"])
            #expect(list["items"].array.map { $0["inForce"].bool } == [false, true] && list["items"].array.allSatisfy { $0["measures"].int == 0 })
            let page = try await p.client.get("/catalogue/editions")
            #expect(page.status == .ok && page.text.contains("in force") && page.text.contains("not recorded in the sources"))
            // "Sign in" brings the reader back to the page they were on, the home page too (what waits for them is there); on the
            // sign-in page it leads to sign-in alone.
            let back = try #require(page.text.range(of: #"<a href="/login\?next=[^"]*">"#, options: .regularExpression).map { String(page.text[$0]) })
            #expect(back.contains("catalogue") && back.contains("editions"))
            #expect(try await p.client.get("/").text.contains(#"<a href="/login?next=/">"#))
            #expect(try await p.client.get("/login").text.contains(#"<a href="/login">"#))
            #expect(try await p.client.get("/catalogue").text.contains("/catalogue/editions"))

            // The Secretariat enters measures in both editions.
            for (edition, number, title) in [("catalogue-of-cbms-2004", "1.1", "Trade fairs"), ("catalogue-of-cbms-2004", "1.2", "Customs"),
                                             ("catalogue-of-cbms-2021", "1.1", "Trade fairs"), ("catalogue-of-cbms-2021", "1.2", "Customs cooperation"),
                                             ("catalogue-of-cbms-2021", "1.3", "Investment forums")] {
                let added = try await p.client.api("/api/v1/catalogue/editions/\(edition)/measures", method: .post, token: token,
                                                   json: #"{"number":"\#(number)","dimension":"economic","title":"\#(title)","description":"Cooperation in \#(title)."}"#)
                #expect(added.status == .created)
            }
            // A number taken is refused by the form, naming the field, keeping the input, changing nothing.
            let taken = try await p.client.submit("/catalogue/editions/catalogue-of-cbms-2021/measures",
                                                  ["number": "1.3", "dimension": "economic", "title": "Something else", "description": "x"], as: session)
            #expect(taken.status == .badRequest && taken.text.contains("is already a measure of this edition") && taken.text.contains("Something else"))
            #expect(try JSON(try await p.client.api("/api/v1/catalogue/editions/catalogue-of-cbms-2021", token: nil).body)["measures"].array.count == 3)
            // A delegate may not enter measures.
            let kz = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let refused = try await p.client.api("/api/v1/catalogue/editions/catalogue-of-cbms-2021/measures", method: .post, token: kz,
                                                 json: #"{"number":"5.1","dimension":"economic","title":"t","description":"d"}"#)
            #expect(refused.status == .forbidden)

            // The comparison: by default the last edition against the one before it.
            let c = try JSON(try await p.client.api("/api/v1/catalogue/comparison", token: nil).body)
            #expect(c["from"].string == "catalogue-of-cbms-2004" && c["to"].string == "catalogue-of-cbms-2021")
            #expect(c["added"].array.map { $0["number"].string } == ["1.3"] && c["removed"].array.isEmpty && c["unchanged"].int == 1)
            #expect(c["changed"].array.map { $0["number"].string } == ["1.2"] && c["changed"][0]["fields"].array.map(\.string) == ["title", "description"])
            let comparison = try await p.client.get("/catalogue/comparison?from=catalogue-of-cbms-2004&to=catalogue-of-cbms-2021")
            #expect(comparison.text.contains("Customs cooperation") && comparison.text.contains("Investment forums") && comparison.text.contains("unchanged: 1"))
            #expect(try await p.client.api("/api/v1/catalogue/comparison?from=nowhere", token: nil).status == .badRequest)
            #expect(try await p.client.get("/catalogue/comparison?to=nowhere").status == .badRequest)

            // A change keeps the number; the edition's page shows the measure, in Russian as well.
            let changed = try await p.client.api("/api/v1/catalogue/editions/catalogue-of-cbms-2021/measures/1.3", method: .patch, token: token,
                                                 json: #"{"priorityArea":"trade-and-investment"}"#)
            #expect(changed.status == .ok)
            #expect(try JSON(changed.body)["priorityArea"].string == "trade-and-investment")
            let edition = try await p.client.get("/catalogue/editions/catalogue-of-cbms-2021")
            #expect(edition.text.contains("1.3. Investment forums") && edition.text.contains("/catalogue/areas/trade-and-investment"))
            let russian = try await p.client.get("/catalogue/editions/catalogue-of-cbms-2021?lang=ru")
            #expect(russian.text.contains("Принята") && russian.text.contains("действует"))
            #expect(try await p.client.get("/catalogue/editions/nowhere").status == .notFound)

            // A measure of the edition in force in an area is reported on in that area's part, by the form and the API.
            let year = p.platform.today().year - 1
            let kzSession = try #require(try await p.signIn("kz@example.org"))
            let form = try await p.client.get("/member-states/KZ/reports/\(year)", headers: [.cookie: "cica_session=\(kzSession.cookie)"])
            #expect(form.text.contains("name=\"measure.trade-and-investment.1.3\"") && !form.text.contains("name=\"measure.trade-and-investment.1.1\""))
            let filed = try await p.client.submit("/member-states/KZ/reports/\(year)",
                                                  ["status.trade-and-investment": "inProgress", "measure.trade-and-investment.1.3": "implemented",
                                                   "measureNote.trade-and-investment.1.3": "Two forums held.", "visibility.trade-and-investment": "memberStates"],
                                                  as: kzSession)
            #expect(filed.status == .seeOther)
            let own = try JSON(try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: kz).body)
            #expect(own["parts"][0]["measures"][0]["number"].string == "1.3" && own["parts"][0]["measures"][0]["note"].string == "Two forums held.")
            // The line is read with its part: the public, who may not read the part, sees none of it.
            #expect(try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", token: nil).status == .notFound)
            #expect(!(try await p.client.get("/member-states/KZ/reports/\(year)").text.contains("Two forums held.")))
            let wrong = try await p.client.api("/api/v1/member-states/KZ/reports/\(year)", method: .put, token: kz,
                                               json: #"{"parts":[{"priorityArea":"tourism","status":"planned","measures":[{"number":"1.3","status":"planned"}]}]}"#)
            #expect(wrong.status == .badRequest && wrong.text.contains("1.3"))
        }
    }

    @Test("a coordinating state's delegate proposes an activity, the Secretariat records its outcome, the overview counts it", arguments: TestEngine.all)
    func activities(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let year = p.platform.today().year - 1
            let kz = try await p.user("kz@example.org", (.delegate, "KZ"))
            let kzSession = try #require(try await p.signIn(kz.email))
            let thailand = try await p.token(for: try await p.user("th@example.org", (.delegate, "TH")))
            let japan = try await p.token(for: try await p.user("jp@example.org", (.observer, "JP")))
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))

            // Kazakhstan co-coordinates the human dimension: its delegate sees the form and proposes.
            let area = try await p.client.get("/catalogue/areas/human-dimension", headers: [.cookie: "cica_session=\(kzSession.cookie)"])
            #expect(area.text.contains("Propose an activity"))
            let bad = try await p.client.submit("/catalogue/areas/human-dimension/activities",
                                                ["state": "KZ", "kind": "seminar", "title": "Youth exchanges", "start": "\(year)-05-12", "end": "\(year)-05-10"], as: kzSession)
            #expect(bad.status == .badRequest && bad.text.contains("is before the first day") && bad.text.contains("Youth exchanges"))
            let proposed = try await p.client.submit("/catalogue/areas/human-dimension/activities",
                                                     ["state": "KZ", "kind": "seminar", "title": "Youth exchanges", "start": "\(year)-05-10", "end": "\(year)-05-12",
                                                      "host": "KZ", "participants": "UZ, CN, BY"], as: kzSession)
            #expect(proposed.status == .seeOther)
            // The page the delegate is sent to says that it is saved, once.
            let notice = try #require(proposed.headers[values: .setCookie].first { $0.hasPrefix("cica_notice=") })
            #expect(notice.hasPrefix("cica_notice=activity;") && notice.contains("HttpOnly"))
            let cookies = "cica_session=\(kzSession.cookie); cica_notice=activity"
            let shown = try await p.client.get("/catalogue/areas/human-dimension", headers: [.cookie: cookies])
            #expect(shown.text.contains("role=\"status\">The activity is saved.</p>"))
            #expect(shown.headers[values: .setCookie].contains { $0.hasPrefix("cica_notice=") && $0.contains("Max-Age=0") })
            let russian = try await p.client.get("/catalogue/areas/human-dimension?lang=ru", headers: [.cookie: cookies])
            #expect(russian.text.contains("Мероприятие сохранено."))
            // A cookie naming no form shows nothing.
            #expect(!(try await p.client.get("/catalogue/areas/human-dimension", headers: [.cookie: "cica_notice=<script>"]).text.contains("role=\"status\"")))
            let detail = try JSON(try await p.client.api("/api/v1/priority-areas/human-dimension", token: nil).body)
            let activity = try #require(detail["activities"].array.first)
            #expect(activity["status"].string == "proposed" && activity["proposedBy"].string == "KZ" && activity["participants"].array.count == 3)
            let id = try #require(activity["id"].string)

            // Thailand does not coordinate the area; an observer never proposes; nothing is written.
            let notCoordinating = try await p.client.api("/api/v1/priority-areas/human-dimension/activities", method: .post, token: thailand,
                                                         json: #"{"state":"TH","kind":"workshop","title":"W","start":"2027-01-01"}"#)
            #expect(notCoordinating.status == .conflict && notCoordinating.text.contains("does not coordinate or co-coordinate"))
            let otherState = try await p.client.api("/api/v1/priority-areas/human-dimension/activities", method: .post, token: thailand,
                                                    json: #"{"state":"KZ","kind":"workshop","title":"W","start":"2027-01-01"}"#)
            #expect(otherState.status == .forbidden)
            let observer = try await p.client.api("/api/v1/priority-areas/human-dimension/activities", method: .post, token: japan,
                                                  json: #"{"state":"JP","kind":"workshop","title":"W","start":"2027-01-01"}"#)
            #expect(observer.status == .forbidden)
            let anonymous = try await p.client.api("/api/v1/priority-areas/human-dimension/activities", method: .post, token: nil,
                                                   json: #"{"state":"KZ","kind":"workshop","title":"W","start":"2027-01-01"}"#)
            #expect(anonymous.status == .unauthorized)
            #expect(try JSON(try await p.client.api("/api/v1/priority-areas/human-dimension", token: nil).body)["activities"].array.count == 1)

            // The overview does not count a proposal; the Secretariat records the outcome, and then it does.
            func active() async throws -> [String] {
                let o = try JSON(try await p.client.api("/api/v1/catalogue/overview?year=\(year)", token: nil).body)
                return o["cells"].array.filter { $0["active"].bool == true && $0["priorityArea"].string == "human-dimension" }.compactMap { $0["state"].string }.sorted()
            }
            #expect(try await active() == [])
            let noOutcome = try await p.client.api("/api/v1/activities/\(id)", method: .patch, token: officer, json: #"{"status":"held"}"#)
            #expect(noOutcome.status == .badRequest && noOutcome.text.contains("outcome"))
            #expect(try await p.client.api("/api/v1/activities/\(id)", method: .patch, token: thailand, json: #"{"status":"cancelled"}"#).status == .forbidden)
            let held = try await p.client.api("/api/v1/activities/\(id)", method: .patch, token: officer,
                                              json: #"{"status":"held","outcome":"Forty young diplomats took part."}"#)
            #expect(held.status == .ok)
            #expect(try await active() == ["CN", "KZ", "UZ"])
            let overview = try await p.client.get("/catalogue/overview?year=\(year)")
            #expect(overview.text.contains("active in activities"))
            let csv = try await p.client.get("/catalogue/overview.csv?year=\(year)")
            #expect(csv.text.contains(",human-dimension,") && csv.text.contains("active_in_activities") && csv.text.contains(",yes\r\n"))
            let page = try await p.client.get("/catalogue/areas/human-dimension")
            #expect(page.text.contains("Forty young diplomats took part.") && page.text.contains("on the proposal of Kazakhstan") && !page.text.contains("Propose an activity"))
        }
    }

    @Test("papers: the shipped ones with their sources; a draft endorsed by a decision supersedes the last; a reseed leaves that as decided",
          arguments: TestEngine.all)
    func papers(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let session = try #require(try await p.signIn(officer.email))

            // The human dimension's papers of the record: 2022 approved by the Committee, 2007 superseded by it, each sourced.
            let page = try await p.client.get("/catalogue/areas/human-dimension")
            #expect(page.text.contains("Concept Paper for implementation of CICA CBMs in the human dimension") && page.text.contains("superseded by"))
            #expect(page.text.contains("approved by the Senior Officials Committee") && page.text.contains("s-cica.org/page/concept-paper"))
            let drugs = try JSON(try await p.client.api("/api/v1/priority-areas/combating-illicit-drugs", token: nil).body)
            #expect(drugs["papers"].array.count == 2 && drugs["papers"].array.allSatisfy { $0["document"].string != nil && $0["provenance"]["sources"].array.count >= 1 })

            // A draft, recorded by the form, refused first for a decision not adopted.
            let open = try await p.client.api("/api/v1/decisions", method: .post, token: token,
                                              json: #"{"organ":"senior-officials-committee","title":"Draft to endorse","text":"Text.","effect":{"kind":"none","parameters":{}}}"#)
            let openId = try #require(try JSON(open.body)["id"].string)
            let refused = try await p.client.submit("/catalogue/areas/human-dimension/papers", ["kind": "conceptPaper", "title": "Concept paper 2027", "decision": openId], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("is not an adopted decision") && refused.text.contains("Concept paper 2027"))
            let drafted = try await p.client.submit("/catalogue/areas/human-dimension/papers", ["kind": "conceptPaper", "title": "Concept paper 2027", "period": "2027-2029"], as: session)
            #expect(drafted.status == .seeOther)
            let draft = try #require(try JSON(try await p.client.api("/api/v1/priority-areas/human-dimension", token: nil).body)["papers"].array
                .first { $0["status"].string == "draft" })
            let draftId = try #require(draft["id"].string)
            // The Summit's admission of Kuwait does not endorse it: the Committee and the Ministers endorse papers.
            let summit = try await p.client.api("/api/v1/papers/\(draftId)/endorsement", method: .post, token: token, json: #"{"decision":"history-admission-kw"}"#)
            #expect(summit.status == .badRequest && summit.text.contains("is not a decision of the Senior Officials Committee or the Ministerial Council"))
            // The Committee adopts a decision on it: the 2022 paper is superseded by it.
            let adopted = try await AuthorizationMatrixTests.adoptedDecision(p, title: "On the concept paper on the human dimension")
            let endorsed = try await p.client.api("/api/v1/papers/\(draftId)/endorsement", method: .post, token: token, json: #"{"decision":"\#(adopted)"}"#)
            #expect(endorsed.status == .ok)
            let changed = try JSON(endorsed.body).array
            #expect(changed.map { $0["id"].string } == [draftId, "human-dimension-concept-paper-2022"])
            #expect(changed[0]["decision"].string == adopted && changed[1]["status"].string == "superseded")
            let again = try await p.client.api("/api/v1/papers/\(draftId)/endorsement", method: .post, token: token, json: #"{"decision":"\#(adopted)"}"#)
            #expect(again.status == .conflict)

            // A reseed writes the record's papers again, but not over what the Secretariat decided.
            _ = try await ReferenceData.seed(into: p.database, now: p.clock.now)
            let after = try JSON(try await p.client.api("/api/v1/priority-areas/human-dimension", token: nil).body)["papers"].array
            #expect(after.first { $0["id"].string == "human-dimension-concept-paper-2022" }?["status"].string == "superseded")
            #expect(after.first { $0["id"].string == draftId }?["status"].string == "endorsed")
            #expect(after.first { $0["id"].string == "human-dimension-concept-paper-2007" }?["status"].string == "superseded")
        }
    }
}
