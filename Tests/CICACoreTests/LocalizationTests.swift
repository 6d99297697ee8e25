import Foundation
import Testing
@testable import CICACore

/// The localization tables against each other, against the code that uses them and against the dataset whose names they
/// word; and the Russian plural rules, dates and names as a reader sees them.
@Suite("Localization")
struct LocalizationTests {
    static let dataset = try! ReferenceDataset.shipped()

    // MARK: Plural rules, dates, names

    @Test("plural categories follow CLDR", arguments: [
        (Language.ru, 0, PluralCategory.many), (.ru, 1, .one), (.ru, 2, .few), (.ru, 4, .few), (.ru, 5, .many),
        (.ru, 11, .many), (.ru, 12, .many), (.ru, 14, .many), (.ru, 21, .one), (.ru, 22, .few), (.ru, 25, .many),
        (.ru, 101, .one), (.ru, 111, .many), (.ru, 112, .many), (.ru, 1001, .one),
        (.en, 0, .other), (.en, 1, .one), (.en, 2, .other), (.en, 21, .other),
    ])
    func pluralCategory(language: Language, n: Int, expected: PluralCategory) {
        #expect(PluralCategory.of(n, in: language) == expected)
    }

    @Test("counts read in Russian as a Russian reader says them", arguments: [
        (1, "1 приоритетное направление"), (3, "3 приоритетных направления"), (5, "5 приоритетных направлений"),
        (18, "18 приоритетных направлений"), (21, "21 приоритетное направление"), (24, "24 приоритетных направления"),
    ])
    func russianCounts(count: Int, expected: String) {
        #expect(Localizer(.ru)("catalogue.areas", count: count) == expected)
    }

    @Test("time left reads in both languages", arguments: [
        (Language.en, 86_400 * 2 + 3600 * 5, "2 days 5 hours"), (.en, 3600 + 60, "1 hour 1 minute"), (.en, 30, "1 minute"),
        (.ru, 86_400 * 2 + 3600 * 5, "2 дня 5 часов"), (.ru, 86_400 * 21 + 3600 * 1, "21 день 1 час"),
        (.ru, 3600 * 3 + 60 * 22, "3 часа 22 минуты"), (.ru, 60 * 11, "11 минут"), (.ru, 60 * 31, "31 минута"),
    ])
    func remaining(language: Language, seconds: Int, expected: String) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(Localizer(language).remaining(from: now, to: now.addingTimeInterval(TimeInterval(seconds))) == expected)
    }

    @Test("Russian dates: the month in the genitive after a day or a preposition, in the nominative alone; «г.» after the year")
    func russianDates() {
        let l = Localizer(.ru)
        #expect(l.date(PartialDate(year: 1999, month: 9, day: 14)) == "14 сентября 1999 г.")
        #expect(l.date(PartialDate(year: 2014, month: 5)) == "май 2014 г.")
        #expect(l.date(PartialDate(year: 2014, month: 5), governed: true) == "мая 2014 г.")
        #expect(l.date(PartialDate(year: 2011)) == "2011 г.")
        #expect(l.dateRange(PartialDate("2022-10-12"), PartialDate("2022-10-13")) == "12–13 октября 2022 г.")
        // A date that ends a sentence gives it its full stop: no "г..".
        #expect(l("home.chairSince", ["state": "Азербайджан", "date": l.date(PartialDate(year: 2024, month: 12, day: 17), governed: true)])
                == "Азербайджан — Председатель СВМДА с 17 декабря 2024 г.")
    }

    @Test("country names: CICA's usage for its states, CLDR for the others, the record in English")
    func countryNames() {
        let ru = Localizer(.ru)
        #expect(ru.country("KZ", recorded: "Kazakhstan") == "Казахстан")
        #expect(ru.country("KR", recorded: "Republic of Korea") == "Республика Корея")
        #expect(ru.country("FR", recorded: "France") == "Франция")
        #expect(ru.country("BR", recorded: "Brazil") == "Бразилия")
        #expect(Localizer(.en).country("FR", recorded: "France") == "France")
        let sorted = ru.alphabetical(["Япония", "Азербайджан", "Египет", "Ёлка"], by: { $0 })
        #expect(sorted == ["Азербайджан", "Египет", "Ёлка", "Япония"])
    }

    @Test("CICA's names in Russian, from the glossary")
    func glossaryTerms() throws {
        let ru = Localizer(.ru)
        let soc = try #require(Self.dataset.organs.first { $0.slug == "senior-officials-committee" })
        #expect(ru.name(of: soc) == "Комитет старших должностных лиц")
        #expect(ru.shortName(of: soc) == "КСДЛ")
        let swg = try #require(Self.dataset.organs.first { $0.slug == "special-working-group" })
        #expect(ru.name(of: swg) == "Специальная рабочая группа")
        #expect(Localizer(.en).name(of: soc) == soc.name)
    }

    // MARK: The tables against each other

    /// English plural keys (`key.one`, `key.other`) by their base.
    static let englishPlurals: Set<String> = Set(Localization.english.keys.compactMap { key in
        key.hasSuffix(".other") ? String(key.dropLast(".other".count)) : nil
    })

    static func isDatasetTerm(_ key: String) -> Bool { key.hasPrefix("term.") || key.hasPrefix("country.") }

    @Test("every language words every key, in every plural form its rules use, and nothing more", arguments: Language.allCases)
    func complete(language: Language) {
        let table = Localization.table(for: language)
        var expected = Set<String>()
        for key in Localization.english.keys {
            if let base = Self.plural(key) {
                for category in PluralCategory.used(by: language) { expected.insert("\(base).\(category.rawValue)") }
            } else {
                expected.insert(key)
            }
        }
        let own = Set(table.keys.filter { !Self.isDatasetTerm($0) })
        #expect(expected.subtracting(own).sorted() == [], "missing in \(language)")
        #expect(own.subtracting(expected).sorted() == [], "in \(language) but not a key of the platform")
    }

    @Test("a translation keeps every placeholder of the English", arguments: Language.allCases)
    func placeholders(language: Language) {
        let table = Localization.table(for: language)
        for (key, text) in table where !Self.isDatasetTerm(key) {
            let english = Localization.english[key] ?? Self.plural(key).flatMap { Localization.english["\($0).other"] } ?? ""
            #expect(Self.placeholders(in: text) == Self.placeholders(in: english), "\(key) in \(language)")
        }
    }

    /// The base of a plural key, or nil.
    static func plural(_ key: String) -> String? {
        for category in PluralCategory.allCases where key.hasSuffix(".\(category.rawValue)") {
            let base = String(key.dropLast(category.rawValue.count + 1))
            if englishPlurals.contains(base) { return base }
        }
        return nil
    }

    static func placeholders(in text: String) -> [String] {
        let pattern = try! Regex(#"\{[A-Za-z0-9]+\}"#)
        return Set(text.matches(of: pattern).map { String(text[$0.range]) }).sorted()
    }

    // MARK: The tables against the code

    /// The Swift sources of the platform, but the tables themselves.
    static let sources: [(path: String, text: String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "swift" && !["English.swift", "Russian.swift"].contains($0.lastPathComponent) }
            .map { ($0.path, (try? String(contentsOf: $0, encoding: .utf8)) ?? "") }
    }()

    @Test("the sources were found")
    func sourcesFound() {
        #expect(Self.sources.count > 100)
        #expect(Self.sources.contains { $0.path.hasSuffix("Localizer.swift") })
    }

    @Test("every key the code asks a localizer for is in the English table")
    func keysUsedExist() throws {
        // A key passed to a localizer (`l("…")`, `localizer("…")`, `cli("…")`, `self("…")` in the localizer) or made a `Message`.
        let call = try Regex(#"(?:\bl|localizer|cli|self|Message)\(\s*"([a-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)""#)
        var absent: [String] = []
        for (path, text) in Self.sources {
            for match in text.matches(of: call) {
                guard let range = match.output[1].range else { continue }
                let key = String(text[range])
                if Localization.english[key] == nil && !Self.englishPlurals.contains(key) {
                    absent.append("\(key) (\(URL(fileURLWithPath: path).lastPathComponent))")
                }
            }
        }
        #expect(absent == [])
    }

    @Test("every key of the English table is used by the code")
    func keysAreUsed() throws {
        // Used: a string literal equal to the key (or to its plural base), or a key built from a literal prefix ("meeting.kind.\(…)").
        let literal = try Regex(#""([a-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)""#)
        let prefix = try Regex(#""([a-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.)\\\("#)
        var literals = Set<String>(), prefixes = Set<String>()
        for (_, text) in Self.sources {
            for match in text.matches(of: literal) { if let r = match.output[1].range { literals.insert(String(text[r])) } }
            for match in text.matches(of: prefix) { if let r = match.output[1].range { prefixes.insert(String(text[r])) } }
        }
        let unused = Localization.english.keys.filter { key in
            !literals.contains(key) && !(Self.plural(key).map(literals.contains) ?? false) && !prefixes.contains { key.hasPrefix($0) }
        }
        #expect(unused.sorted() == [])
    }

    /// The enumerations whose values make keys ("meeting.kind.\(kind.rawValue)").
    static let enumerations: [(prefix: String, values: [String])] = [
        ("meeting.kind.", MeetingKind.allCases.map(\.rawValue)), ("meeting.status.", MeetingStatus.allCases.map(\.rawValue)),
        ("meeting.format.", MeetingFormat.allCases.map(\.rawValue)), ("document.kind.", DocumentKind.allCases.map(\.rawValue)),
        ("access.", AccessLevel.allCases.map(\.rawValue)), ("documentLanguage.", DocumentLanguage.codes),
        ("documents.relation.", SuccessorRelation.allCases.map(\.rawValue)), ("documents.follows.", SuccessorRelation.allCases.map(\.rawValue)),
        ("documents.followedBy.", SuccessorRelation.allCases.map(\.rawValue)), ("confidence.", Confidence.allCases.map(\.rawValue)),
        ("decision.status.", DecisionStatus.allCases.map(\.rawValue)), ("position.", PositionKind.allCases.map(\.rawValue)),
        ("statehood.", Statehood.allCases.map(\.rawValue)), ("observer.kind.", ObserverKind.allCases.map(\.rawValue)),
        ("role.kind.", RoleKind.allCases.map(\.rawValue)), ("coordination.", CoordinationRole.allCases.map(\.rawValue)),
        ("coordination.the.", CoordinationRole.allCases.map(\.rawValue)), ("eligibility.verdict.", EligibilityVerdict.allCases.map(\.rawValue)),
        ("cadence.year.", CadenceReport.Year.Status.allCases.map(\.rawValue)), ("admission.step.", AdmissionStepKind.allCases.map(\.rawValue)),
        ("staff.category.", StaffCategory.allCases.map(\.rawValue)), ("secretariat.headTitle.", SecretariatRules.titles.map(\.what)),
        ("secretariat.city.", SecretariatRules.seats.map(\.what)), ("mandate.status.", Mandate.Status.allCases.map(\.rawValue)),
        ("meetings.field.", MeetingFacts.Field.allCases.map(\.rawValue)), ("coordination.ending.", CoordinationEnding.allCases.map(\.rawValue)),
        ("milestone.status.", MilestoneStatus.allCases.map(\.rawValue)),
        ("activity.kind.", ActivityKind.allCases.map(\.rawValue)), ("activity.status.", ActivityStatus.allCases.map(\.rawValue)),
        ("notice.", ["position", "amendment", "conduct", "draft", "account", "delegation", "document", "meeting", "admission", "secretariat", "organ",
                     "partner", "coordination", "roadMap", "report", "measure", "paper", "activity", "notifications"]),
        ("notifications.kind.", AwaitedAct.Kind.allCases.map(\.rawValue)),
        ("paper.kind.", PaperKind.allCases.map(\.rawValue)), ("paper.status.", PaperStatus.allCases.map(\.rawValue)),
        ("reports.status.", ImplementationStatus.allCases.map(\.rawValue)), ("reports.visibility.", AccessLevel.allCases.map(\.rawValue)), ("reason.milestone.unknown.", ["decisions", "documents"]),
        ("coordination.offer.title.", CoordinationRole.allCases.map(\.rawValue)), ("coordination.offer.text.", CoordinationRole.allCases.map(\.rawValue)), ("followUp.status.", FollowUpStatus.allCases.map(\.rawValue)), ("memorandum.status.", MemorandumStatus.allCases.map(\.rawValue)), ("month.", (1...12).map(String.init)), ("month.standalone.", (1...12).map(String.init)),
        ("", Set(dataset.countries.compactMap(\.m49AsiaSubregion)).map(Localizer.regionKey)),
    ]

    @Test("every value a key is built from has its key", arguments: enumerations)
    func enumerationsWorded(prefix: String, values: [String]) {
        for language in Language.allCases {
            let table = Localization.table(for: language)
            #expect(values.filter { table["\(prefix)\($0)"] == nil } == [], "\(prefix)… in \(language)")
        }
    }

    // MARK: The tables against the dataset

    /// The keys under which a table words the dataset's names: exactly those the `Localizer` reads for the shipped records.
    static func datasetTerms(_ d: ReferenceDataset) -> Set<String> {
        var keys = Set<String>()
        func add(_ key: String, if present: Any? = "") { if present != nil { keys.insert(key) } }
        for o in d.organs {
            ["name", "shortName", "role"].forEach { add("term.organ.\(o.slug).\($0)") }
            add("term.organ.\(o.slug).formerName", if: o.formerName)
            add("term.organ.\(o.slug).seat", if: o.seat)
        }
        d.dimensions.forEach { add("term.dimension.\($0.slug).name") }
        d.priorityAreas.forEach { add("term.area.\($0.slug).name") }
        d.memberStates.forEach { add("country.\($0.code)"); add("term.memberState.\($0.code).context", if: $0.context) }
        for o in d.observers {
            if let code = o.countryCode { add("country.\(code)") } else {
                add("term.observer.\(o.id).name")
                add("term.observer.\(o.id).acronym", if: o.acronym)
            }
            if o.sinceDate == nil { add("term.observer.\(o.id).since", if: o.since) }
        }
        for p in d.partners { ["name", "acronym", "instrument"].forEach { add("term.partner.\(p.id).\($0)") } }
        d.externalRelations.forEach { add("term.relation.\($0.id).title") }
        d.roadMap.areas.forEach { add("term.roadMap.area.\($0.number).title") }
        d.officialDays.forEach { add("term.officialDay.\($0.slug).description") }
        for m in d.meetings {
            add("term.meeting.\(m.id).title")
            add("term.meeting.\(m.id).city", if: m.city)
            m.outcomes.indices.forEach { add("term.meeting.\(m.id).outcome.\($0 + 1)") }
        }
        for doc in d.documents {
            add("term.document.\(doc.id).title")
            add("term.document.\(doc.id).place", if: doc.place)
            add("term.document.\(doc.id).dateNote", if: doc.dateNote)
        }
        for a in d.secretariatHeads {
            add("term.appointment.\(a.id).title")
            add("term.appointment.\(a.id).name", if: a.name)
            add("term.appointment.\(a.id).term", if: a.term)
        }
        for c in d.chairmanships {
            if c.endNote != nil { add("term.chairmanship.\(c.id).endNote") } else { add("term.chairmanship.\(c.id).startNote", if: c.startNote) }
        }
        for c in d.countries where c.asia == .part { add("term.country.\(c.alpha2).asiaNote", if: c.note) }
        add("term.eligibilityRule")
        return keys
    }

    @Test("Russian words every name the dataset records, and only those")
    func russianDatasetTerms() {
        let expected = Self.datasetTerms(Self.dataset)
        let present = Set(Localization.russian.keys.filter(Self.isDatasetTerm))
        #expect(expected.subtracting(present).sorted() == [], "not worded")
        // Beyond CICA's own states, a table may spell out a country CLDR abbreviates; it must be a country.
        let countries = Set(Self.dataset.countries.map { "country.\($0.alpha2)" })
        #expect(present.subtracting(expected).subtracting(countries).sorted() == [], "worded but not in the dataset")
        #expect(Localization.english.keys.filter(Self.isDatasetTerm).isEmpty, "English shows the dataset's own words")
    }
}
