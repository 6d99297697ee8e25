import Foundation
import Testing
@testable import CICACore

@Suite("iCalendar")
struct ICalendarTests {
    static let stamp = Date(timeIntervalSince1970: 1_764_460_800) // 2025-11-30T00:00:00Z

    @Test("text values are escaped", arguments: [
        ("a;b,c\\d", "a\\;b\\,c\\\\d"), ("line\nnext", "line\\nnext"), ("cr\r\nlf", "cr\\nlf"), ("tab\tkept", "tab\tkept"), ("bell\u{7}", "bell"),
    ])
    func escaping(text: String, escaped: String) {
        #expect(ICalendar.escape(text) == escaped)
    }

    @Test("lines fold at 75 octets, never inside a character", arguments: [10, 74, 75, 76, 200])
    func folding(length: Int) {
        for unit in ["a", "ж", "中", "🙂"] {
            let line = "SUMMARY:" + String(repeating: unit, count: length)
            let folded = ICalendar.fold(line)
            let physical = folded.components(separatedBy: "\r\n")
            #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "\(unit) × \(length)")
            #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
            #expect(physical.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        }
    }

    @Test("an all-day event ends the day after its last; an instant is in UTC; a yearly day repeats")
    func events() {
        let calendar = ICalendar(name: "CICA", events: [
            ICalendar.Event(uid: "meeting-summit-6@cica-platform", sequence: 2, stamp: Self.stamp, summary: "Sixth CICA Summit", location: "Astana, Kazakhstan",
                            time: .days(from: CivilDate(year: 2022, month: 10, day: 12), through: CivilDate(year: 2022, month: 10, day: 13))),
            ICalendar.Event(uid: "year-end@cica-platform", stamp: Self.stamp, summary: "Year end",
                            time: .days(from: CivilDate(year: 2024, month: 12, day: 31), through: CivilDate(year: 2024, month: 12, day: 31)), status: .cancelled),
            ICalendar.Event(uid: "silence-d1@cica-platform", stamp: Self.stamp, summary: "Silence procedure ends",
                            time: .instant(Date(timeIntervalSince1970: 1_765_800_000))),
            ICalendar.Event(uid: "official-day-cica-day@cica-platform", stamp: Self.stamp, summary: "CICA Day",
                            time: .days(from: CivilDate(year: 1992, month: 10, day: 5), through: CivilDate(year: 1992, month: 10, day: 5)), yearly: true),
        ])
        let text = calendar.text
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in ["DTSTART;VALUE=DATE:20221012", "DTEND;VALUE=DATE:20221014", "SEQUENCE:2", "DTSTAMP:20251130T000000Z", "LOCATION:Astana\\, Kazakhstan",
                     "DTEND;VALUE=DATE:20250101", "STATUS:CANCELLED", "DTSTART:20251215T120000Z", "RRULE:FREQ=YEARLY", "DTEND;VALUE=DATE:19921006"] {
            #expect(text.contains(line + "\r\n"), "\(line)")
        }
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 5)
    }

    @Test("a timed event is written in its zone's local time with its TZID, the zone described once in a VTIMEZONE")
    func timed() {
        let first = CivilDate(year: 2026, month: 12, day: 10), last = CivilDate(year: 2026, month: 12, day: 11)
        let calendar = ICalendar(name: "CICA", events: [
            ICalendar.Event(uid: "a@cica-platform", stamp: Self.stamp, summary: "SOC",
                            time: .local(from: LocalTime(day: first, minutes: 600), to: LocalTime(day: last, minutes: 1080), timeZone: "Asia/Almaty")),
            ICalendar.Event(uid: "b@cica-platform", stamp: Self.stamp, summary: "SOC, informal",
                            time: .local(from: LocalTime(day: first, minutes: 540), to: LocalTime(day: first, minutes: 600), timeZone: "Asia/Almaty")),
            ICalendar.Event(uid: "c@cica-platform", stamp: Self.stamp, summary: "Ministerial, UNGA",
                            time: .local(from: LocalTime(day: CivilDate(year: 2026, month: 9, day: 22), minutes: 900),
                                         to: LocalTime(day: CivilDate(year: 2026, month: 9, day: 22), minutes: 1020), timeZone: "America/New_York")),
        ])
        let text = calendar.text
        for line in ["DTSTART;TZID=Asia/Almaty:20261210T100000", "DTEND;TZID=Asia/Almaty:20261211T180000", "DTSTART;TZID=America/New_York:20260922T150000",
                     "TZID:Asia/Almaty", "TZID:America/New_York"] {
            #expect(text.contains(line + "\r\n"), "\(line)")
        }
        #expect(text.components(separatedBy: "BEGIN:VTIMEZONE").count == 3, "each zone once")
        // Almaty keeps one offset all year; New York changes twice in 2026: at 02:00 EST on 8 March and 02:00 EDT on 1 November.
        let almaty = ICalendar.timeZone("Asia/Almaty", years: 2026...2026)
        #expect(almaty.filter { $0.hasPrefix("BEGIN:") }.count == 2 && almaty.contains("TZOFFSETTO:+0500") && !almaty.contains("BEGIN:DAYLIGHT"))
        let newYork = ICalendar.timeZone("America/New_York", years: 2026...2026)
        #expect(newYork.contains("BEGIN:DAYLIGHT") && newYork.contains("DTSTART:20260308T020000") && newYork.contains("DTSTART:20261101T020000"))
        #expect(newYork.contains("TZOFFSETFROM:-0500") && newYork.contains("TZOFFSETTO:-0400"))
        // The feed times a meeting whose hours are recorded, and keeps whole days for one without.
        var meeting = Meeting(id: "m", organ: "senior-officials-committee", kind: .regular, number: nil, title: "SOC", start: PartialDate(first), end: PartialDate(last),
                              city: nil, countryCode: nil, format: .online, status: .planned, outcomes: [], provenance: Provenance(confidence: .confirmed, sources: [], note: nil))
        #expect(CalendarFeed.time(of: meeting, from: first, through: last) == .days(from: first, through: last))
        meeting.hours = SessionHours(opens: 600, closes: 1080, timeZone: "Asia/Almaty")
        #expect(CalendarFeed.time(of: meeting, from: first, through: last)
                    == .local(from: LocalTime(day: first, minutes: 600), to: LocalTime(day: last, minutes: 1080), timeZone: "Asia/Almaty"))
    }

    @Test("the feed has a day for every meeting whose first day is known, and CICA Day every year")
    func feed() throws {
        let dataset = try ReferenceDataset.shipped()
        let l = Localizer(.en)
        let events = CalendarFeed.events(meetings: dataset.meetings, organNames: [:], countries: [:], officialDays: dataset.officialDays,
                                         deadlines: [CalendarFeed.Deadline(decision: "d1", symbol: "CICA/SOC/DEC/2026/1", title: "Admission",
                                                                           deadline: Self.stamp, openedAt: Self.stamp)],
                                         referenceStamp: Self.stamp, localizer: l)
        let dated = dataset.meetings.filter { $0.start?.day != nil }
        #expect(events.filter { $0.uid.hasPrefix("meeting-") }.count == dated.count)
        #expect(dated.count < dataset.meetings.count || dataset.meetings.allSatisfy { $0.start?.day != nil })
        #expect(Set(events.map(\.uid)).count == events.count)
        #expect(events.contains { $0.uid == "official-day-cica-day@cica-platform" && $0.yearly && $0.summary == "CICA Day" })
        #expect(events.contains { $0.uid == "silence-d1@cica-platform" && $0.summary == "Silence procedure ends: CICA/SOC/DEC/2026/1" })
        #expect(CalendarFeed.events(meetings: [], organNames: [:], countries: [:], officialDays: dataset.officialDays, deadlines: [],
                                    referenceStamp: Self.stamp, localizer: Localizer(.ru)).first?.summary == "День СВМДА")
    }
}

@Suite("Private feeds")
struct PrivateFeedRulesTests {
    @Test("whose deadlines concern whom", arguments: [
        (Principal(userId: "s", roles: [.secretariat]), Set<String>(["KZ"]), true),
        (Principal(userId: "d", roles: [.delegate(state: "KZ")]), Set<String>(), true),
        (Principal(userId: "d", roles: [.delegate(state: "KZ")]), Set(["KZ"]), false),
        (Principal(userId: "d", roles: [.delegate(state: "KZ")]), Set(["IN"]), true),
        (Principal(userId: "o", roles: [.observer(observer: "JP")]), Set<String>(), false),
        (Principal(userId: "a", roles: [.administrator]), Set<String>(), false),
    ])
    func concerns(principal: Principal, taken: Set<String>, concerned: Bool) {
        #expect(CalendarFeed.concerns(principal, statesWithPosition: taken) == concerned)
    }

    static let delegate = Principal(userId: "d", roles: [.delegate(state: "KZ")])
    static func meeting(_ status: MeetingStatus, planned: Bool = true) -> Meeting {
        Meeting(id: "m", organ: "summit", kind: .regular, number: nil, title: "m", start: nil, end: nil, city: nil, countryCode: nil, format: .inPerson,
                status: status, outcomes: [], provenance: Provenance(confidence: .confirmed, sources: [], note: nil),
                planned: planned ? Stamp(at: Date(timeIntervalSince1970: 0), by: "s") : nil)
    }

    @Test("whose meetings are whose: the Secretariat's every one, a delegation's those it registered for and those to come", arguments: [
        (Principal(userId: "s", roles: [.secretariat]), meeting(.held, planned: false), false, true),
        (Principal(userId: "a", roles: [.administrator]), meeting(.held), false, true),
        (delegate, meeting(.held, planned: false), false, false),
        (delegate, meeting(.held), true, true),
        (delegate, meeting(.planned), false, true),
        (delegate, meeting(.inSession), false, true),
        (delegate, meeting(.cancelled), false, true),
        (delegate, meeting(.cancelled, planned: false), false, false),
        (Principal(userId: "o", roles: [.observer(observer: "JP")]), meeting(.planned), false, true),
        (Principal(userId: "o", roles: [.observer(observer: "JP")]), meeting(.held), false, false),
        (Principal(userId: "n", roles: []), meeting(.planned), false, false),
    ])
    func meetings(principal: Principal, meeting: Meeting, registered: Bool, concerned: Bool) {
        #expect(CalendarFeed.concerns(meeting, principal: principal, registered: registered) == concerned)
    }

    @Test("a feed's secret never reaches the log", arguments: [
        ("/calendar/private/cal_SECRET/cica.ics", "/calendar/private/…/cica.ics"), ("/calendar/private/cal_SECRET", "/calendar/private/…"),
        ("/calendar.ics", "/calendar.ics"), ("/documents/x", "/documents/x"),
    ])
    func logged(path: String, shown: String) {
        #expect(SitePath.forLog(path) == shown)
    }
}
