import Foundation

/// A language the interface is offered in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, ru
}

/// Turns the platform's message keys and values into sentences in one language.
///
/// Every user-facing string goes through one table per language (`Localization.english`, …); a key
/// missing from a table falls back to English, and a key missing from English shows as itself so that
/// it is noticed.
public struct Localizer: Sendable {
    public let language: Language
    private let table: [String: String]

    public init(_ language: Language = .en) {
        self.language = language
        self.table = Localization.table(for: language)
    }

    /// A localizer reading `table` for `language`, for tests of the fallbacks.
    init(_ language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    /// The string for `key` with `{name}` placeholders replaced from `values`.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        let template = table[key] ?? Localization.english[key] ?? key
        return values.isEmpty ? template : Self.fill(template, values)
    }

    /// `template` with each `{name}` replaced by its value, in one pass over the text (Foundation's
    /// `replacingOccurrences` took a tenth of a page's time). A value that ends a sentence with its own full stop
    /// ("2024 г.") takes the sentence's: "{date}." gives one full stop.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        let text = template.utf8
        var out = ""
        out.reserveCapacity(text.count + 32)
        var rest = text.startIndex
        // On bytes, not characters: `{` and `}` are ASCII and never part of another character's encoding.
        while let open = text[rest...].firstIndex(of: UInt8(ascii: "{")) {
            out += Substring(text[rest..<open])
            guard let close = text[open...].firstIndex(of: UInt8(ascii: "}")),
                  let value = values[String(Substring(text[text.index(after: open)..<close]))] else {
                out += "{"
                rest = text.index(after: open)
                continue
            }
            out += value
            rest = text.index(after: close)
            if value.utf8.last == UInt8(ascii: "."), rest < text.endIndex, text[rest] == UInt8(ascii: ".") { rest = text.index(after: rest) }
        }
        out += Substring(text[rest...])
        return out
    }

    /// The string for `key` in the form its plural rules give `count` (`key.one`, `key.few`, `key.many`, `key.other`),
    /// with `{count}` and the other placeholders filled in.
    public func callAsFunction(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        let category = PluralCategory.of(count, in: language).rawValue
        let form = table["\(key).\(category)"] != nil ? "\(key).\(category)" : "\(key).other"
        var all = values
        all["count"] = String(count)
        return self(form, all)
    }

    /// A message worded in this language, its values (and the messages among them) worded too.
    public func callAsFunction(_ message: Message) -> String {
        let values = message.values.mapValues(word)
        if let count = message.count { return self(message.key, count: count, values) }
        return self(message.key, values)
    }

    /// A value of a message in words.
    func word(_ value: Message.Value) -> String {
        switch value {
        case .text(let text): return text
        case .message(let inner): return self(inner)
        case .country(let code): return country(code, recorded: RecordedNames.shared.countries[code] ?? code)
        case .priorityArea(let slug): return areaName(slug, recorded: RecordedNames.shared.priorityAreas[slug] ?? slug)
        case .organ(let slug): return organCalled(slug)
        case .anyOf(let items): return list(words(items), "list.or")
        case .allOf(let items): return list(words(items), "list.and")
        case .term(let key, let recorded): return ownTerm("term.\(key)") ?? recorded
        case .date(let text): return PartialDate(text).map { date($0) } ?? text
        }
    }

    /// The items in words; a list of countries in the reader's alphabetical order (they are stored by code).
    func words(_ items: [Message.Value]) -> [String] {
        let words = items.map(word)
        guard items.allSatisfy({ if case .country = $0 { true } else { false } }) else { return words }
        let locale = Locale(identifier: language.rawValue)
        return words.sorted { $0.compare($1, options: [.caseInsensitive], locale: locale) == .orderedAscending }
    }

    /// "A", "A or B", "A, B or C" (`list.or`), or with "and" (`list.and`).
    func list(_ words: [String], _ key: String) -> String {
        guard words.count > 1, let last = words.last else { return words.first ?? "" }
        return self(key, ["head": words.dropLast().joined(separator: ", "), "last": last])
    }

    /// The text this language's own table gives `key`, without falling back to English.
    func ownTerm(_ key: String) -> String? { table[key] }

    /// A partial date as people write it: "14 September 1999", "May 2014", "2011".
    /// `governed`: the date follows a preposition ("since May 2014", «с мая 2014 г.»), which puts a month alone in the
    /// case a month takes with a day.
    public func date(_ date: PartialDate?, governed: Bool = false) -> String {
        guard let date else { return self("date.unknown") }
        guard let month = date.month, (1...12).contains(month) else { return self("date.year", ["year": String(date.year)]) }
        guard let day = date.day else {
            return self("date.monthYear", ["month": self(governed ? Self.monthKeys[month - 1] : Self.standaloneMonthKeys[month - 1]), "year": String(date.year)])
        }
        return self("date.full", ["day": String(day), "month": self(Self.monthKeys[month - 1]), "year": String(date.year)])
    }

    /// The keys of the months' names, in the form a date governs ("14 September") and standing alone ("September 1999").
    private static let monthKeys = (1...12).map { "month.\($0)" }
    private static let standaloneMonthKeys = (1...12).map { "month.standalone.\($0)" }

    public func date(_ date: CivilDate) -> String { self.date(PartialDate(date)) }

    /// An instant with its time zone shown: "15 December 2026, 12:00 UTC".
    public func instant(_ instant: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        let zone = ["UTC", "GMT"].contains(timeZone.identifier) ? "UTC" : (timeZone.abbreviation(for: instant) ?? timeZone.identifier)
        func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(date(CivilDate(instant, in: timeZone))), \(twoDigits(parts.hour ?? 0)):\(twoDigits(parts.minute ?? 0)) \(zone)"
    }

    /// Time left until `deadline`, roughly: "2 days 4 hours", "35 minutes".
    public func remaining(from now: Date, to deadline: Date) -> String {
        let seconds = Int(deadline.timeIntervalSince(now))
        guard seconds > 0 else { return self("decision.deadlinePassed") }
        let days = seconds / 86_400, hours = (seconds % 86_400) / 3600, minutes = (seconds % 3600) / 60
        func pair(_ first: String, _ second: String) -> String { self("duration.pair", ["first": first, "second": second]) }
        if days > 0 { return pair(self("duration.days", count: days), self("duration.hours", count: hours)) }
        if hours > 0 { return pair(self("duration.hours", count: hours), self("duration.minutes", count: minutes)) }
        return self("duration.minutes", count: max(1, minutes))
    }

    /// A span of days: "12–13 October 2022", or one date when both ends are the same day.
    public func dateRange(_ start: PartialDate?, _ end: PartialDate?) -> String {
        guard let start else { return date(end) }
        guard let end, end != start else { return date(start) }
        if let sd = start.day, let ed = end.day, start.year == end.year, start.month == end.month {
            return self("date.full", ["day": "\(sd)–\(ed)", "month": self("month.\(start.month!)"), "year": String(start.year)])
        }
        return "\(date(start)) – \(date(end))"
    }

    public func confidence(_ confidence: Confidence) -> String { self("confidence.\(confidence.rawValue)") }

    /// A cadence rule in words: "A regular meeting every 4 years".
    public func cadence(_ rule: CadenceRule) -> String {
        switch rule.kind {
        case .everyYears:
            let years = rule.years ?? 1
            return years == 1 ? self("cadence.everyYears.1") : self("cadence.everyYears", count: years)
        case .atLeast:
            let count = rule.count ?? 1
            return count == 1 ? self("cadence.atLeast.1") : self("cadence.atLeast", ["count": self("times.\(count)")])
        case .asNecessary: return self("cadence.asNecessary")
        case .permanent: return self("cadence.permanent")
        }
    }

    /// The eligibility answer as one paragraph a person can act on.
    public func explanation(of answer: EligibilityAnswer) -> String {
        let name = country(answer.country)
        var sentences: [String] = []
        if let member = answer.memberState {
            sentences.append(self(member.founding ? "eligibility.member.founding" : "eligibility.member",
                                  ["name": name, "date": date(member.accession)]))
        }
        sentences.append(territory(of: answer))
        if let observer = answer.observer, answer.memberState == nil {
            sentences.append(self(answer.meetsCriterion ? "eligibility.observer.mayApply" : "eligibility.observer",
                                  ["name": name, "since": observerSince(observer)]))
        }
        return sentences.joined(separator: " ")
    }

    /// The sentence of the answer about where the country lies: the membership criterion, met or not.
    public func territory(of answer: EligibilityAnswer) -> String {
        let name = country(answer.country)
        switch answer.reason {
        case .notASovereignState(let statehood):
            return self("eligibility.notState", ["name": name, "statehood": self("statehood.\(statehood.rawValue)")])
        case .noTerritoryInAsia:
            return self("eligibility.noTerritory", ["name": name])
        case .wholeTerritoryInAsia(let subregion):
            let key = answer.memberState == nil ? "eligibility.whole" : "eligibility.meets.whole"
            return self(key, ["name": name, "subregion": subregion.map(self.subregion) ?? self("eligibility.asia")])
        case .partOfTerritoryInAsia(let note):
            let key = answer.memberState == nil ? "eligibility.part" : "eligibility.meets.part"
            return self(key, ["name": name, "note": note.map { " (\(asiaNote(answer.country, recorded: $0)))" } ?? ""])
        }
    }
}
