import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// What needs a person's action: the home page, the notifications page and the API show the same acts, worked out
/// from the record, each with its read mark.
@Suite("What needs my action")
struct NotificationTests {
    static func cookie(_ session: BrowserSession) -> HTTPFields { [.cookie: "cica_session=\(session.cookie)"] }

    @Test("a delegate is told of a circulated draft on the home page, the notifications page and the API alike; marks it read; it leaves once done",
          arguments: TestEngine.all)
    func delegate(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await accreditDelegates(p.platform.database)
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let kazakhstan = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let session = try #require(try await p.signIn("kz@example.org"))
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"On the calendar of 2027","organ":"senior-officials-committee","text":"The Committee adopts its calendar.","effect":{"kind":"none","parameters":{}}}
                """)
            let id = try #require(try JSON(drafted.body)["id"].string)
            let before = try JSON(try await p.client.api("/api/v1/me/notifications", token: kazakhstan).body)
            #expect(!before["items"].array.contains { $0["subject"].string == id })

            let deadline = p.clock.now.addingTimeInterval(72 * 3600)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/circulate", method: .post, token: officer,
                                           json: #"{"deadline":"\#(Timestamp.string(deadline))"}"#).status == .ok)
            let key = "position:\(id):1:KZ"

            // The API: the act, due at the deadline, unread, with the page where it is done.
            var listed = try JSON(try await p.client.api("/api/v1/me/notifications", token: kazakhstan).body)
            let act = try #require(listed["items"].array.first { $0["key"].string == key })
            #expect(act["kind"].string == "position")
            #expect(act["title"].string == "On the calendar of 2027")
            #expect(act["delegation"].string == "KZ")
            #expect(act["dueAt"].string == Timestamp.string(deadline))
            #expect(act["read"].bool == false)
            #expect(act["url"].string == "/decisions/\(id)")
            let unread = try #require(listed["unread"].int)
            #expect(unread == listed["items"].array.count)

            // The notifications page and the home page show it, linked to the decision.
            let page = try await p.client.get("/notifications", headers: Self.cookie(session))
            #expect(page.status == .ok)
            #expect(page.text.contains("<a href=\"/decisions/\(id)\">On the calendar of 2027</a>"))
            #expect(page.text.contains("name=\"act\" value=\"\(key)\""))
            let home = try await p.client.get("/", headers: Self.cookie(session))
            #expect(home.text.contains("<h2 id=\"awaiting\">What needs my action</h2>"))
            #expect(home.text.contains("href=\"/decisions/\(id)\""))
            // The header leads there from every page.
            #expect(home.text.contains("href=\"/notifications\""))

            // Marked read through the page's form; the API says so.
            #expect(try await p.client.submit("/notifications/read", ["act": key], as: session).status == .seeOther)
            listed = try JSON(try await p.client.api("/api/v1/me/notifications", token: kazakhstan).body)
            #expect(listed["items"].array.first { $0["key"].string == key }?["read"].bool == true)
            #expect(listed["unread"].int == unread - 1)
            // Unread again through the API; the page says so.
            let again = try await p.client.api("/api/v1/me/notifications/unread", method: .post, token: kazakhstan, json: #"{"acts":["\#(key)"]}"#)
            #expect(again.status == .ok)
            #expect(try JSON(again.body)["unread"].int == unread)

            // The same refusal through both doors for a key nothing waits under; nothing is marked.
            let unknown = "position:\(id):9:KZ"
            let shown = try PositionDoorsTests.refusal(page: try await p.client.submit("/notifications/read", ["act": unknown], as: session))
            let said = try PositionDoorsTests.refusal(api: try await p.client.api("/api/v1/me/notifications/read", method: .post, token: kazakhstan,
                                                                                 json: #"{"acts":["\#(unknown)"]}"#))
            #expect(shown == said)
            #expect(said.status == 400)
            #expect(said.errors.count == 1 && said.errors[0].hasPrefix("Notification: nothing waiting for you has the key \(unknown)"))
            #expect(try JSON(try await p.client.api("/api/v1/me/notifications", token: kazakhstan).body)["unread"].int == unread)
            let empty = try await p.client.api("/api/v1/me/notifications/read", method: .post, token: kazakhstan, json: "{}")
            #expect(empty.status == .badRequest)

            // Once the position is taken, the act is done and leaves every list.
            #expect(try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan,
                                           json: #"{"state":"KZ","version":1,"position":"joins"}"#).status == .created)
            listed = try JSON(try await p.client.api("/api/v1/me/notifications", token: kazakhstan).body)
            #expect(!listed["items"].array.contains { $0["key"].string == key })
            #expect(!(try await p.client.get("/notifications", headers: Self.cookie(session))).text.contains("/decisions/\(id)\""))

            // In Russian.
            let russian = try await p.client.get("/notifications?lang=ru", headers: Self.cookie(session))
            #expect(russian.text.contains("<h1>Что ждёт моих действий</h1>"))
        }
    }

    @Test("the Secretariat is told of what is stuck or due; the public is asked to sign in", arguments: TestEngine.all)
    func secretariatAndPublic(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let given = try await p.client.api("/api/v1/mandates", method: .post, token: officer,
                                               json: #"{"task":"Study the draft Charter","deadline":"2026-12-10"}"#)
            #expect(given.status == .created, "\(given.text)")
            let mandate = try #require(try JSON(given.body)["id"].string)
            let listed = try JSON(try await p.client.api("/api/v1/me/notifications", token: officer).body)
            let act = try #require(listed["items"].array.first { $0["subject"].string == mandate })
            #expect(act["kind"].string == "mandate")
            #expect(act["dueOn"].string == "2026-12-10")
            #expect(act["url"].string == "/organs/special-working-group")
            // No position is asked of the Secretariat.
            #expect(!listed["items"].array.contains { $0["kind"].string == "position" })

            #expect(try await p.client.api("/api/v1/me/notifications", token: nil).status == .unauthorized)
            let anonymous = try await p.client.get("/notifications")
            #expect([.unauthorized, .seeOther].contains(anonymous.status))
            #expect(!(try await p.client.get("/")).text.contains("id=\"awaiting\""))
        }
    }
}
