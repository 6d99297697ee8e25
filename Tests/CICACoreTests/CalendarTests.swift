import Foundation
import Testing
@testable import CICACore

@Suite("Calendar")
struct CalendarTests {
    @Test("partial dates parse at the precision given", arguments: [
        ("1999-09-14", PartialDate(year: 1999, month: 9, day: 14)),
        ("2014-05", PartialDate(year: 2014, month: 5)),
        ("2011", PartialDate(year: 2011)),
        ("2024-02-29", PartialDate(year: 2024, month: 2, day: 29)),
    ])
    func parses(text: String, expected: PartialDate) {
        #expect(PartialDate(text) == expected)
        #expect(PartialDate(text)?.description == text)
    }

    @Test("impossible or malformed dates are refused", arguments: ["", "99", "2023-02-29", "2014-13", "2014-5", "2014-05-32", "1999/09/14", "by 2001"])
    func refuses(text: String) {
        #expect(PartialDate(text) == nil)
    }

    @Test("a partial date spans from its earliest to its latest day")
    func span() {
        #expect(PartialDate(year: 2011).earliest == CivilDate(year: 2011, month: 1, day: 1))
        #expect(PartialDate(year: 2011).latest == CivilDate(year: 2011, month: 12, day: 31))
        #expect(PartialDate(year: 2024, month: 2).latest == CivilDate(year: 2024, month: 2, day: 29))
        #expect(PartialDate(year: 2011) < PartialDate(year: 2011, month: 1))
    }

    @Test("days between civil dates")
    func days() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CivilDate(year: 2024, month: 2, day: 28).days(until: CivilDate(year: 2024, month: 3, day: 1)) == 2)
        #expect(CivilDate(year: 2023, month: 2, day: 28).days(until: CivilDate(year: 2023, month: 3, day: 1)) == 1)
        #expect(CivilDate(year: 2024, month: 2, day: 29).adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
    }

    @Test("the next CICA Day", arguments: [
        (CivilDate(year: 2026, month: 11, day: 29), CivilDate(year: 2027, month: 10, day: 5)),
        (CivilDate(year: 2026, month: 10, day: 5), CivilDate(year: 2026, month: 10, day: 5)),
        (CivilDate(year: 2026, month: 10, day: 4), CivilDate(year: 2026, month: 10, day: 5)),
        (CivilDate(year: 2026, month: 1, day: 1), CivilDate(year: 2026, month: 10, day: 5)),
    ])
    func cicaDay(today: CivilDate, expected: CivilDate) {
        let day = OfficialDay(slug: "cica-day", name: "CICA Day", month: 10, day: 5, description: "",
                              provenance: Provenance(confidence: .confirmed, sources: []))
        #expect(day.nextOccurrence(onOrAfter: today) == expected)
    }

    @Test("a day that exists only in leap years is observed in the next leap year")
    func leapDay() {
        let day = OfficialDay(slug: "x", name: "x", month: 2, day: 29, description: "", provenance: Provenance(confidence: .confirmed, sources: []))
        #expect(day.nextOccurrence(onOrAfter: CivilDate(year: 2025, month: 1, day: 1)) == CivilDate(year: 2028, month: 2, day: 29))
    }

    @Test("dates read as people write them")
    func localizedDates() {
        let l = Localizer(.en)
        #expect(l.date(PartialDate(year: 1999, month: 9, day: 14)) == "14 September 1999")
        #expect(l.date(PartialDate(year: 2014, month: 5)) == "May 2014")
        #expect(l.date(PartialDate(year: 2011)) == "2011")
        #expect(l.date(nil as PartialDate?) == "date not known")
        #expect(l.dateRange(PartialDate("2022-10-12"), PartialDate("2022-10-13")) == "12–13 October 2022")
        #expect(l.dateRange(PartialDate("2010-06-08"), PartialDate("2010-06-08")) == "8 June 2010")
        #expect(l.dateRange(PartialDate("2016-04-30"), PartialDate("2016-05-01")) == "30 April 2016 – 1 May 2016")
    }

    @Test("a missing translation falls back to English, a missing key shows itself")
    func fallback() {
        let partial = Localizer(.ru, table: ["language.name": "Русский"])
        #expect(partial("nav.home") == "Home")
        #expect(partial("language.name") == "Русский")
        #expect(Localizer(.ru)("nav.home") == "Главная")
        #expect(Localizer(.en)("no.such.key") == "no.such.key")
        #expect(Localizer(.en)("error.notFound", ["entity": "organ", "key": "x"]) == "There is no organ “x”.")
    }
}

@Suite("Stored instants")
struct TimestampTests {
    @Test("an instant written, read back and written again is the same text, whatever its sub-millisecond part", arguments: [
        1_764_554_359.1655, 1_764_554_359.165, 1_764_554_359.16499, 1_764_554_359.9996, 1_800_000_000.0, 1_764_554_359.0004, 946_684_800.123456,
    ])
    func roundTrip(seconds: Double) throws {
        let text = Timestamp.string(Date(timeIntervalSince1970: seconds))
        let back = try #require(Timestamp.date(text))
        #expect(Timestamp.string(back) == text)
        #expect(abs(back.timeIntervalSince1970 - seconds) <= 0.0006, "to the nearest millisecond")
    }

    @Test("every millisecond of a second survives the trip")
    func everyMillisecond() throws {
        for ms in 0..<1000 {
            let text = Timestamp.string(Date(timeIntervalSince1970: 1_764_554_359 + Double(ms) / 1000))
            let back = try #require(Timestamp.date(text))
            #expect(text.hasSuffix(String(format: ".%03dZ", ms)) && Timestamp.string(back) == text, "\(ms)")
        }
    }
}
