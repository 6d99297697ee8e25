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
