import Foundation

/// CICA's own names (organs, dimensions, priority areas, observers, partners, the Road Map) and countries'
/// names, in the reader's language.
///
/// The dataset records them in English, as its sources give them. A table may word them under a `term.` key
/// (`term.organ.summit.shortName`); a country's name comes from the table's `country.XX` key (CICA's usage for
/// Member States and observers), else from CLDR through Foundation's `Locale`, else from the dataset. What no
/// table words is shown as recorded.
extension Localizer {
    /// The name of the country with ISO code `code`; `recorded` is the dataset's English name.
    public func country(_ code: String, recorded: String) -> String {
        if let named = ownTerm("country.\(code.uppercased())") { return named }
        if language != .en, let cldr = CountryNames.name(of: code, in: language) { return cldr }
        return recorded
    }

    public func country(_ country: Country) -> String { self.country(country.alpha2, recorded: country.name) }

    /// A language by its ISO 639-1 code, named in the reader's language (CLDR, through Foundation's `Locale`); the
    /// code itself where CLDR has no name.
    public func languageName(_ code: String) -> String {
        Locale(identifier: language.rawValue).localizedString(forLanguageCode: code) ?? code
    }

    /// A region of UN M49 as the dataset names it ("South-eastern Asia"), under `region.south-eastern-asia`.
    public func subregion(_ recorded: String) -> String {
        let key = Self.regionKey(recorded), worded = self(key)
        return worded == key ? recorded : worded
    }

    public static func regionKey(_ recorded: String) -> String {
        let slug = recorded.lowercased().map { $0.isLetter ? String($0) : "-" }.joined()
        return "region.\(slug)"
    }

    /// Which part of a country lies in Asia, as the dataset notes it.
    public func asiaNote(_ country: Country, recorded: String) -> String { term("country.\(country.alpha2).asiaNote", recorded) }

    /// Countries' names by code, in this language, from the names the dataset records.
    public func countries(_ recorded: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: recorded.map { ($0.key, country($0.key, recorded: $0.value)) })
    }

    public func countries(_ recorded: [(code: String, name: String)]) -> [String: String] {
        Dictionary(recorded.map { ($0.code, country($0.code, recorded: $0.name)) }) { first, _ in first }
    }

    /// `items` in the alphabetical order of this language (Россия before США in Russian), by the name each is shown with.
    public func alphabetical<Item>(_ items: [Item], by name: (Item) -> String) -> [Item] {
        let keyed = items.map { (key: Self.collationKey(name($0)), item: $0) }
        return keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { $0.item }
    }

    /// A name as the alphabet orders it: letters without case, Latin letters without their accents ("Åland" with "a",
    /// "Türkiye" with "u"), Cyrillic «ё» with «е» and «й» as its own letter after «и»; Latin before Cyrillic, as Russian
    /// lists put them. Worked out once per name, not once per comparison (a locale's collator took a twentieth of a page).
    static func collationKey(_ name: String) -> [UInt32] {
        var key: [UInt32] = []
        key.reserveCapacity(name.unicodeScalars.count)
        for scalar in name.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x0451: key.append(0x0435)  // ё → е
            case 0x00C0...0x024F:  // Latin letters with accents: their base letter
                key.append(latinBase[Int(scalar.value - 0x00C0)])
            default: key.append(scalar.value)
            }
        }
        return key
    }

    /// The base letter of each Latin letter from U+00C0 to U+024F (itself when it has none), worked out once from Unicode's
    /// canonical decomposition.
    private static let latinBase: [UInt32] = (UInt32(0x00C0)...0x024F).map { value in
        guard let scalar = Unicode.Scalar(value) else { return value }
        return String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first?.value ?? value
    }

    /// The label of a field of a form or query ("year" is "Year", «Год»), or its name when the tables have none.
    public func fieldLabel(_ name: String) -> String {
        let key = "field.\(name)", label = self(key)
        return label == key ? name : label
    }

    /// Organs' names by slug, in this language.
    public func organNames(_ organs: [Organ]) -> [String: String] {
        Dictionary(organs.map { ($0.slug, name(of: $0)) }) { first, _ in first }
    }

    public func name(of organ: Organ) -> String { term("organ.\(organ.slug).name", organ.name) }
    public func shortName(of organ: Organ) -> String { term("organ.\(organ.slug).shortName", organ.shortName) }
    public func formerName(of organ: Organ) -> String? { organ.formerName.map { term("organ.\(organ.slug).formerName", $0) } }
    public func role(of organ: Organ) -> String { term("organ.\(organ.slug).role", organ.role) }

    /// An organ by the name people call it: its short name ("Summit", «Саммит») unless that is an abbreviation
    /// ("SOC", «КСДЛ»), then its full name.
    public func organCalled(_ slug: String) -> String {
        let recorded = RecordedNames.shared.organs[slug]
        let short = term("organ.\(slug).shortName", recorded?.shortName ?? slug)
        guard short == short.uppercased() else { return short }
        return term("organ.\(slug).name", recorded?.name ?? slug)
    }

    public func name(of dimension: Dimension) -> String { term("dimension.\(dimension.slug).name", dimension.name) }
    public func name(of area: PriorityArea) -> String { areaName(area.slug, recorded: area.name) }
    public func areaName(_ slug: String, recorded: String) -> String { term("area.\(slug).name", recorded) }

    public func name(of observer: Observer) -> String {
        if let code = observer.countryCode { return country(code, recorded: observer.name) }
        return term("observer.\(observer.id).name", observer.name)
    }

    public func acronym(of observer: Observer) -> String? { observer.acronym.map { term("observer.\(observer.id).acronym", $0) } }

    /// Since when an observer has its status: "since 26 December 2023", or the sources' own words ("by 2001").
    public func observerSince(_ observer: Observer) -> String {
        if let since = observer.sinceDate { return self("observer.since", ["date": date(since, governed: true)]) }
        guard let words = observer.since else { return self("date.unknown") }
        return term("observer.\(observer.id).since", words)
    }

    public func name(of partner: Partner) -> String { term("partner.\(partner.id).name", partner.name) }
    public func acronym(of partner: Partner) -> String { term("partner.\(partner.id).acronym", partner.acronym) }

    public func title(of relation: ExternalRelation) -> String { term("relation.\(relation.id).title", relation.title) }

    public func title(of area: ReformArea) -> String { term("roadMap.area.\(area.number).title", area.title) }

    public func title(of appointment: SecretariatAppointment) -> String { term("appointment.\(appointment.id).title", appointment.title) }

    public func name(of appointment: SecretariatAppointment) -> String? { appointment.name.map { term("appointment.\(appointment.id).name", $0) } }
    public func term(of appointment: SecretariatAppointment) -> String? { appointment.term.map { term("appointment.\(appointment.id).term", $0) } }

    /// What the sources say about a chairmanship's dates, when they give no exact date.
    public func note(of chair: Chairmanship) -> String? {
        if let note = chair.endNote { return term("chairmanship.\(chair.id).endNote", note) }
        return chair.startNote.map { term("chairmanship.\(chair.id).startNote", $0) }
    }

    public func seat(of organ: Organ) -> String? { organ.seat.map { term("organ.\(organ.slug).seat", $0) } }

    public func title(of meeting: Meeting) -> String { meetingTitle(meeting.id, recorded: meeting.title) }
    public func meetingTitle(_ id: String, recorded: String) -> String { term("meeting.\(id).title", recorded) }
    public func city(of meeting: Meeting) -> String? { meeting.city.map { meetingCity(meeting.id, recorded: $0) } }
    public func meetingCity(_ id: String, recorded: String) -> String { term("meeting.\(id).city", recorded) }
    public func outcomes(of meeting: Meeting) -> [String] {
        meeting.outcomes.enumerated().map { term("meeting.\(meeting.id).outcome.\($0.offset + 1)", $0.element) }
    }

    public func title(of document: Document) -> String { documentTitle(document.id, recorded: document.title) }
    public func documentTitle(_ id: String, recorded: String) -> String { term("document.\(id).title", recorded) }
    public func place(of document: Document) -> String? { document.place.map { term("document.\(document.id).place", $0) } }
    public func dateNote(of document: Document) -> String? { document.dateNote.map { term("document.\(document.id).dateNote", $0) } }

    /// How and where a Member State joined, as the sources describe it.
    public func context(of state: MemberState) -> String? { state.context.map { term("memberState.\(state.code).context", $0) } }

    public func instrument(of partner: Partner) -> String { term("partner.\(partner.id).instrument", partner.instrument) }

    /// The rule of membership, as the dataset states it.
    public func eligibilityRule(recorded: String) -> String { term("eligibilityRule", recorded) }

    public func description(of day: OfficialDay) -> String { term("officialDay.\(day.slug).description", day.description) }

    private func term(_ key: String, _ recorded: String) -> String { ownTerm("term.\(key)") ?? recorded }
}

/// Countries' names from CLDR, read once per language.
enum CountryNames {
    private static let russian = Locale(identifier: "ru")

    static func name(of code: String, in language: Language) -> String? {
        switch language {
        case .en: nil
        case .ru: russian.localizedString(forRegionCode: code.uppercased())
        }
    }
}
