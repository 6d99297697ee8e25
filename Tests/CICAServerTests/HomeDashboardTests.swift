import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// The home page as a dashboard: CICA's growth as a chart with its table, and the drafts open for positions.
@Suite("Home page dashboard")
struct HomeDashboardTests {
    @Test("the growth chart has a title, a description and its figures as a table; open drafts show their silence deadlines", arguments: TestEngine.all)
    func dashboard(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            var home = try await p.client.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("<svg viewBox=\"0 0 720 180\" role=\"img\" aria-labelledby=\"growth-title growth-desc\""))
            #expect(home.text.contains("<title id=\"growth-title\">Member States year by year</title>"))
            let states = try JSON(try await p.client.api("/api/v1/member-states?limit=100", token: nil).body)["items"].array.count
            #expect(home.text.contains("<desc id=\"growth-desc\">From 15 founding members in 1999 to \(states) Member States in 2026.</desc>"))
            #expect(home.text.contains("<tr><th scope=\"row\">1999</th>"))
            #expect(home.text.contains("No draft decision is open for positions now."))

            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let id = try #require(try JSON(try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"On the calendar of 2027","organ":"senior-officials-committee","text":"The Committee adopts its calendar.","effect":{"kind":"none","parameters":{}}}
                """).body)["id"].string)
            let deadline = p.clock.now.addingTimeInterval(48 * 3600)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/circulate", method: .post, token: officer,
                                           json: #"{"deadline":"\#(Timestamp.string(deadline))"}"#).status == .ok)
            home = try await p.client.get("/")
            #expect(home.text.contains("<a href=\"/decisions/\(id)\">On the calendar of 2027</a>"))
            #expect(home.text.contains("<time datetime=\"\(Timestamp.string(deadline))\" data-countdown>"))
            #expect(home.text.contains("countdown.js"))

            // Last year's implementation heat map, drawn here as on the overview page, with its data as a table.
            #expect(home.text.contains("aria-labelledby=\"home-overview-title home-overview-desc\""))
            #expect(home.text.contains("<title id=\"home-overview-title\">"))
            #expect(home.text.contains("<details><summary>The heat map as a table</summary><div class=\"scroll\"><table class=\"overview-table\">"))
            // The home page is where everyone starts: it has no trail.
            #expect(!home.text.contains("<nav class=\"trail\""))

            let russian = try await p.client.get("/?lang=ru")
            #expect(russian.text.contains("<h2 id=\"growth\">Как росло СВМДА</h2>"))
            #expect(russian.text.contains("<title id=\"growth-title\">Государства-члены по годам</title>"))
            #expect(russian.text.contains("<summary>Тепловая карта в виде таблицы</summary>"))
        }
    }

    @Test("every other page says where it is: home, section, and the page itself unlinked", arguments: TestEngine.all)
    func trail(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let section = try await p.client.get("/decisions")
            #expect(section.text.contains("<nav class=\"trail\" aria-label=\"You are here\"><ol><li><a href=\"/\">Home</a></li><li><span aria-current=\"page\">Decisions</span></li></ol></nav>"))
            let state = try await p.client.get("/member-states/KZ")
            #expect(state.text.contains("<li><a href=\"/member-states\">Member States</a></li><li><span aria-current=\"page\">Kazakhstan</span></li>"))
            let russian = try await p.client.get("/member-states/KZ?lang=ru")
            #expect(russian.text.contains("<nav class=\"trail\" aria-label=\"Вы здесь\"><ol><li><a href=\"/\">Главная</a></li><li><a href=\"/member-states\">Государства-члены</a></li><li><span aria-current=\"page\">Казахстан</span></li>"))
        }
    }
}
