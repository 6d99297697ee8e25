import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// The Road Map page with its milestones and progress, the Secretariat's forms, and the API.
@Suite("The Road Map's progress")
struct RoadMapTests {
    @Test("the Secretariat records milestones; the page shows the eight areas with their milestones, progress and timeline", arguments: TestEngine.all)
    func milestones(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            let today = p.platform.today()

            // Before any milestone: the eight areas, none recorded, no timeline.
            let empty = try await p.client.get("/road-map")
            #expect(empty.text.components(separatedBy: "class=\"reform-area\"").count == 9 && !empty.text.contains("road-map-timeline"))

            // A form refused keeps the input and names the field; then recorded.
            let refused = try await p.client.submit("/road-map/milestones", ["area": "2", "title": "Adopt the Charter", "status": "done"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("give the day it was done") && refused.text.contains("value=\"Adopt the Charter\""))
            let recorded = try await p.client.submit("/road-map/milestones", ["area": "2", "title": "Adopt the Charter", "status": "done",
                                                                              "done": "\(today)", "documents": "almaty-act-2002"], as: session)
            #expect(recorded.status == .seeOther)
            let late = try await p.client.api("/api/v1/road-map/milestones", method: .post, token: token,
                                              json: #"{"area":2,"title":"Open the liaison offices","due":"2025-01-31","status":"inProgress"}"#)
            #expect(late.status == .created)
            let lateId = try #require(try JSON(late.body)["id"].string)
            #expect(try JSON(late.body)["late"].bool == true)
            let unknown = try await p.client.api("/api/v1/road-map/milestones", method: .post, token: token,
                                                 json: #"{"area":3,"title":"x","decisions":["no-such-decision"]}"#)
            #expect(unknown.status == .badRequest && unknown.text.contains("no-such-decision"))

            let api = try await p.client.json("/api/v1/road-map")
            let area2 = try #require(api["areas"].array.first { $0["number"].int == 2 })
            #expect(area2["progress"]["done"].int == 1 && area2["progress"]["late"].int == 1 && area2["progress"]["percent"].int == 50)
            #expect(api["milestones"].array.count == 2 && api["progress"]["total"].int == 2)

            // The page: progress, the milestones with their links, the timeline with a mark per milestone.
            let page = try await p.client.get("/road-map")
            #expect(page.text.contains("milestones done: 1 of 2 (50%); late: 1.") && page.text.contains("href=\"/documents/almaty-act-2002\""))
            #expect(page.text.contains("road-map-timeline") && page.text.components(separatedBy: "<circle class=\"milestone").count == 3)
            #expect(page.text.contains("<title id=\"road-map-timeline-title\">"))
            // The Secretariat changes a milestone's status on the page; the public sees no form.
            #expect(try await p.client.submit("/road-map/milestones/\(lateId)", ["status": "done", "done": "\(today)"], as: session).status == .seeOther)
            #expect(try await p.client.json("/api/v1/road-map")["areas"].array.first { $0["number"].int == 2 }?["progress"]["percent"].int == 100)
            let visitor = try await p.client.get("/road-map")
            #expect(!visitor.text.contains("action=\"/road-map/milestones") && visitor.text.contains("milestones done: 2 of 2 (100%)"))
            #expect(try await p.client.get("/road-map?lang=ru").text.contains("выполнено этапов: 2 из 2 (100%)"))
            // Both are in the audit log.
            let actions = try await p.platform.database.read { sql in
                try await sql.raw("SELECT action FROM audit_log WHERE entity LIKE 'milestone/%' ORDER BY seq").all().map { try $0.decode(column: "action", as: String.self) }
            }
            #expect(actions == ["milestone.record", "milestone.record", "milestone.edit"])
        }
    }
}
