import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// The calendar over HTTP: the feeds as a calendar client reads them, one organ's feed, the page by year and by month.
@Suite("Calendar")
struct CalendarTests {
    @Test("the public feed and an organ's, in both languages, cached by their ETag", arguments: TestEngine.all)
    func feeds(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let all = try await client.get("/calendar.ics")
            #expect(all.status == .ok && all.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = String(buffer: all.body)
            #expect(text.contains("UID:meeting-summit-6@cica-platform\r\n") && text.contains("DTSTART;VALUE=DATE:20221012\r\n"))
            #expect(text.contains("UID:official-day-cica-day@cica-platform\r\n") && text.contains("RRULE:FREQ=YEARLY\r\n"))
            #expect(text.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 75 })
            let etag = try #require(all.headers[.eTag])
            #expect(try await client.get("/calendar.ics", headers: [.ifNoneMatch: etag]).status == .notModified)

            let summit = String(buffer: try await client.get("/organs/summit/calendar.ics?lang=ru").body)
            #expect(summit.contains("X-WR-CALNAME:СВМДА: ") && summit.contains("UID:meeting-summit-6@cica-platform"))
            #expect(!summit.contains("UID:meeting-ministerial-council") && !summit.contains("official-day"))
            #expect(try await client.get("/organs/nowhere/calendar.ics").status == .notFound)
            #expect(String(buffer: try await client.get("/organs/summit").body).contains("href=\"/organs/summit/calendar.ics\""))
        }
    }

    @Test("the page: a year month by month, a month as weeks, bad dates refused", arguments: TestEngine.all)
    func page(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let october = String(buffer: try await client.get("/calendar?year=2022&month=10&lang=ru").body)
            #expect(october.contains("октябрь 2022") && october.contains("Пн") && october.contains("href=\"/meetings/summit-6\""))
            #expect(october.contains("href=\"/calendar?year=2022&amp;month=9\"") || october.contains("href=\"/calendar?year=2022&month=9\""))
            #expect(try await client.get("/calendar?year=1800").status == .badRequest)
            #expect(try await client.get("/calendar?year=2022&month=13").status == .badRequest)
        }
    }
}

@Suite("Private calendar feeds")
struct PrivateCalendarTests {
    static let officer = Actor(userId: nil, label: "officer@example.org", role: "secretariat", requestId: nil, address: nil)

    /// The address the account page shows once, without its origin.
    static func address(_ page: String) throws -> String {
        let start = try #require(page.range(of: "<code id=\"new-calendar\">"))
        let rest = page[start.upperBound...]
        let end = try #require(rest.range(of: "</code>"))
        let url = String(rest[..<end.lowerBound])
        return String(url[try #require(url.range(of: "/calendar/private/")).lowerBound...])
    }

    @Test("a private feed has the deadlines that concern its owner; a new address ends the old one; revoked, it names nothing",
          arguments: TestEngine.all)
    func privateFeed(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await accreditDelegates(p.platform.database)
            let draft = try await p.platform.decisions.create(
                NewDraft(title: "Statement on CICA Day", organ: "senior-officials-committee", meeting: nil, text: "The Committee marks CICA Day.",
                         effectKind: NoEffect.kind, effectParameters: [:]), actor: Self.officer, now: p.clock.now)
            _ = try await p.platform.decisions.circulate(id: draft.id, deadline: p.clock.now.addingTimeInterval(72 * 3600), actor: Self.officer, now: p.clock.now)
            let uid = "UID:silence-\(draft.id)@cica-platform"
            // A meeting Kazakhstan attended (held today) and one to come that nobody has registered for yet.
            let meetings = p.platform.meetings, today = p.platform.today()
            let attended = try await meetings.plan(MeetingFields(organ: "special-working-group", kind: "regular", format: "online", title: "SWG", start: "\(today)"),
                                                   actor: Self.officer, now: p.clock.now, today: today)
            _ = try await meetings.register(meeting: attended.id, delegation: "KZ", head: "A", headTitle: nil, members: [], actor: Self.officer,
                                            bySecretariat: true, now: p.clock.now)
            _ = try await p.platform.circulateAgenda(meeting: attended.id, items: [AgendaItem(title: "Opening")], actor: Self.officer)
            _ = try await meetings.open(id: attended.id, amended: nil, actor: Self.officer, now: p.clock.now, today: today)
            _ = try await p.platform.close(meeting: attended.id, actor: Self.officer)
            let coming = try await meetings.plan(MeetingFields(organ: "senior-officials-committee", kind: "regular", format: "online", title: "SOC",
                                                               start: "\(today.next.next)"), actor: Self.officer, now: p.clock.now, today: today)

            var feeds: [String: String] = [:]
            for (who, role) in [("kz", (RoleKind.delegate, "KZ")), ("jp", (RoleKind.observer, "JP")), ("officer", (RoleKind.secretariat, nil))] as [(String, (RoleKind, String?))] {
                let user = try await p.user("\(who)@example.org", role)
                let session = try #require(try await p.signIn(user.email))
                let made = try await p.client.submit("/account/calendar", as: session)
                #expect(made.status == .ok)
                feeds[who] = try Self.address(made.text)
                #expect(String(buffer: try await p.client.get("/account", headers: [.cookie: "cica_session=\(session.cookie)"]).body).contains("made on"))
            }
            let kz = String(buffer: try await p.client.get(try #require(feeds["kz"])).body)
            #expect(kz.contains("BEGIN:VCALENDAR") && kz.contains(uid))
            // A delegate's feed has their state's meetings: the one it attended and the one to come, not the past ones it did not register for.
            #expect(kz.contains("UID:meeting-\(attended.id)@cica-platform") && kz.contains("UID:meeting-\(coming.id)@cica-platform"))
            #expect(!kz.contains("UID:meeting-summit-6@cica-platform"))
            let jp = String(buffer: try await p.client.get(try #require(feeds["jp"])).body)
            #expect(!jp.contains(uid), "observers take no part")
            #expect(jp.contains("UID:meeting-\(coming.id)@cica-platform") && !jp.contains("UID:meeting-\(attended.id)@cica-platform"))
            let officer = String(buffer: try await p.client.get(try #require(feeds["officer"])).body)
            #expect(officer.contains(uid) && officer.contains("UID:meeting-summit-6@cica-platform"), "the Secretariat follows every meeting")
            #expect(try await p.client.get("/calendar/private/cal_not-a-feed/cica.ics").status == .notFound)

            // A new address ends the old one; revoking ends the feed.
            let kzUser = try #require(try await p.platform.accounts.user(email: "kz@example.org"))
            let session = try #require(try await p.signIn(kzUser.email))
            let renewed = try Self.address(try await p.client.submit("/account/calendar", as: session).text)
            #expect(try await p.client.get(try #require(feeds["kz"])).status == .notFound)
            #expect(try await p.client.get(renewed).status == .ok)
            #expect(try await p.client.submit("/account/calendar/revoke", as: session).status == .seeOther)
            #expect(try await p.client.get(renewed).status == .notFound)
        }
    }
}
