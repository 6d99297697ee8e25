import Foundation
import CICACore

/// The calendar page: a year month by month, or one month as a grid of weeks, with the feeds to subscribe to.
struct CalendarView: Sendable {
    struct Entry: Sendable {
        var when: String
        var summary: String
        /// The page of the meeting or decision.
        var page: SiteURL?
        var detail: String?
        var cancelled: Bool
    }
    struct Month: Sendable {
        var name: String
        var url: SiteURL
        var entries: [Entry]
    }
    struct Day: Sendable {
        var number: Int?
        var today: Bool
        var entries: [String]
    }
    var heading: String
    var year: Int
    var months: [Month]
    /// For a month: its weeks, Monday first.
    var weeks: [[Day]]?
    var weekdays: [String]
    var previous: SiteURL
    var next: SiteURL
    var previousLabel: String
    var nextLabel: String
    var yearURL: SiteURL?

    /// The days an event covers in `year` (a yearly one on its day of that year).
    static func days(_ event: ICalendar.Event, in year: Int) -> [CivilDate] {
        let from: CivilDate, through: CivilDate
        switch event.time {
        case .days(let first, let last): (from, through) = (first, last)
        // A timed meeting covers its days at the venue.
        case .local(let first, let last, _): (from, through) = (first.day, last.day)
        case .instant(let instant):
            let day = CivilDate(instant)
            return day.year == year ? [day] : []
        }
        if event.yearly {
            guard from.day <= CivilDate.daysIn(month: from.month, year: year) else { return [] }
            return [CivilDate(year: year, month: from.month, day: from.day)]
        }
        var days: [CivilDate] = [], day = from
        while day <= through && days.count < 62 {
            if day.year == year { days.append(day) }
            day = day.next
        }
        return days
    }

    static func page(_ about: ICalendar.About?) -> SiteURL? {
        switch about {
        case .meeting(let id): .meeting(id)
        case .decision(let id): .decision(id)
        case nil: nil
        }
    }

    static func make(events: [ICalendar.Event], year: Int, month: Int?, today: CivilDate, localizer l: Localizer) -> CalendarView {
        func when(_ event: ICalendar.Event) -> String {
            switch event.time {
            case .days(let from, let through):
                return event.yearly ? l.date(PartialDate(CivilDate(year: year, month: from.month, day: from.day)))
                    : from == through ? l.date(PartialDate(from)) : l.dateRange(PartialDate(from), PartialDate(through))
            case .instant(let instant): return l.instant(instant)
            case .local(let from, let to, let zone):
                let dates = from.day == to.day ? l.date(PartialDate(from.day)) : l.dateRange(PartialDate(from.day), PartialDate(to.day))
                return l("calendar.hours", ["dates": dates, "hours": l("meetings.hoursValue", ["opens": SessionHours.text(from.minutes),
                                                                                                "closes": SessionHours.text(to.minutes), "zone": zone])])
            }
        }
        var byMonth: [Int: [(CivilDate, ICalendar.Event)]] = [:]
        for event in events {
            if let first = days(event, in: year).first { byMonth[first.month, default: []].append((first, event)) }
        }
        let months = (1...12).filter { month == nil || $0 == month }.map { m in
            Month(name: l("month.standalone.\(m)"), url: .calendar(year: year, month: m),
                  entries: (byMonth[m] ?? []).sorted { $0.0 < $1.0 }.map { Entry(when: when($0.1), summary: $0.1.summary, page: page($0.1.about), detail: $0.1.location,
                                                                                  cancelled: $0.1.status == .cancelled) })
        }
        var weeks: [[Day]]? = nil
        if let month {
            var covered: [Int: [String]] = [:]
            for event in events {
                for day in days(event, in: year) where day.month == month { covered[day.day, default: []].append(event.summary) }
            }
            let first = CivilDate(year: year, month: month, day: 1)
            let offset = first.isoWeekday - 1
            var cells: [Day] = Array(repeating: Day(number: nil, today: false, entries: []), count: offset)
            for d in 1...CivilDate.daysIn(month: month, year: year) {
                cells.append(Day(number: d, today: CivilDate(year: year, month: month, day: d) == today, entries: covered[d] ?? []))
            }
            while cells.count % 7 != 0 { cells.append(Day(number: nil, today: false, entries: [])) }
            weeks = stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<($0 + 7)]) }
        }
        let previous: SiteURL, next: SiteURL, previousLabel: String, nextLabel: String
        if let month {
            let (py, pm) = month == 1 ? (year - 1, 12) : (year, month - 1)
            let (ny, nm) = month == 12 ? (year + 1, 1) : (year, month + 1)
            previous = .calendar(year: py, month: pm)
            next = .calendar(year: ny, month: nm)
            previousLabel = l("month.standalone.\(pm)") + " \(py)"
            nextLabel = l("month.standalone.\(nm)") + " \(ny)"
        } else {
            previous = .calendar(year: year - 1)
            next = .calendar(year: year + 1)
            previousLabel = "\(year - 1)"
            nextLabel = "\(year + 1)"
        }
        return CalendarView(heading: month.map { l("month.standalone.\($0)") + " \(year)" } ?? "\(year)", year: year, months: months, weeks: weeks,
                            weekdays: (1...7).map { l("calendar.weekday.\($0)") }, previous: previous, next: next,
                            previousLabel: previousLabel, nextLabel: nextLabel, yearURL: month == nil ? nil : .calendar(year: year))
    }
}


extension CalendarView: PageView {
    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("""
            <h1>\(l("calendar.title")): \(heading)</h1>
            <p class="lead">\(l("calendar.intro"))</p>
            <p>\(l("calendar.subscribe")) <a href="\(SiteURL.calendarFeed)"><code>/calendar.ics</code></a> \(l("calendar.subscribeOrgan"))</p>
            <nav class="pager" aria-label="\(l("calendar.pager"))"><a href="\(previous)" rel="prev">← \(previousLabel)</a>
            """)
        if let yearURL { html(" <a href=\"\(yearURL)\">\(l("calendar.wholeYear", ["year": "\(year)"]))</a>") }
        html(" <a href=\"\(next)\" rel=\"next\">\(nextLabel) →</a></nav>\n")
        if let weeks {
            html("<table class=\"month\"><caption>\(heading)</caption><thead><tr>")
            for day in weekdays { html("<th scope=\"col\">\(day)</th>") }
            html("</tr></thead><tbody>\n")
            for week in weeks {
                html("<tr>")
                for day in week {
                    if day.entries.isEmpty { html("<td\(attribute: "aria-current", when: day.today)>") } else { html("<td class=\"busy\"\(attribute: "aria-current", when: day.today)>") }
                    if let number = day.number { html("<span class=\"day\">\(number)</span>") }
                    for entry in day.entries { html("<br><span class=\"event\">\(entry)</span>") }
                    html("</td>")
                }
                html("</tr>\n")
            }
            html("</tbody></table>\n")
        }
        for month in months {
            html("<section aria-labelledby=\"m-\(month.name)\"><h2 id=\"m-\(month.name)\"><a href=\"\(month.url)\">\(month.name)</a></h2>")
            if month.entries.isEmpty {
                html("<p class=\"muted\">\(l("calendar.nothing"))</p>")
            } else {
                html("<ul>")
                for entry in month.entries {
                    html("<li><strong>\(entry.when)</strong> ")
                    if let page = entry.page { html("<a href=\"\(page)\">\(entry.summary)</a>") } else { html("\(entry.summary)") }
                    if let detail = entry.detail { html(" <span class=\"muted\">(\(detail))</span>") }
                    if entry.cancelled { html(" <span class=\"muted\">\(l("calendar.cancelled"))</span>") }
                    html("</li>")
                }
                html("</ul>")
            }
            html("</section>\n")
        }
    }
}
