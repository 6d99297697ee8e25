import Foundation

/// How often an organ must meet, as data with a source (the description's values are the defaults).
public struct CadenceRule: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A regular meeting at least once every `years` years.
        case everyYears
        /// At least `count` meetings every `years` years (the SOC: at least twice a year).
        case atLeast
        /// As often as necessary, with no minimum.
        case asNecessary
        /// A standing body that does not hold sessions (the Secretariat).
        case permanent
    }

    public var kind: Kind
    public var count: Int?
    public var years: Int?
    public var provenance: Provenance

    public init(kind: Kind, count: Int? = nil, years: Int? = nil, provenance: Provenance) {
        self.kind = kind
        self.count = count
        self.years = years
        self.provenance = provenance
    }
}

/// One of CICA's organs: Summit, Ministerial Council, Senior Officials Committee, Special Working Group, Secretariat.
public struct Organ: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    public var shortName: String
    public var formerName: String?
    public var renamedOn: PartialDate?
    public var role: String
    /// The organ it reports to, by slug (the Summit reports to none).
    public var reportsTo: String?
    /// 1 for the highest organ.
    public var rank: Int
    public var seat: String?
    public var cadence: CadenceRule
    public var provenance: Provenance

    public init(slug: String, name: String, shortName: String, formerName: String?, renamedOn: PartialDate?, role: String,
                reportsTo: String?, rank: Int, seat: String?, cadence: CadenceRule, provenance: Provenance) {
        self.slug = slug
        self.name = name
        self.shortName = shortName
        self.formerName = formerName
        self.renamedOn = renamedOn
        self.role = role
        self.reportsTo = reportsTo
        self.rank = rank
        self.seat = seat
        self.cadence = cadence
        self.provenance = provenance
    }
}

/// The kind of a meeting, in CICA's words.
public enum MeetingKind: String, Codable, Sendable, CaseIterable {
    case regular
    /// A special (extraordinary) meeting, e.g. the Special Ministerial Meetings of 2018 and 2020.
    case special
    /// An informal meeting, e.g. on the sidelines of the UN General Assembly.
    case informal
}

/// How a meeting was held.
public enum MeetingFormat: String, Codable, Sendable, CaseIterable {
    case inPerson, online, hybrid, videoconference, unknown
}

/// Where a meeting stands: planned → in session → held, or cancelled (with a reason) before it opens.
public enum MeetingStatus: String, Codable, Sendable, CaseIterable {
    case held, planned, inSession, cancelled
}

/// A meeting of one organ.
public struct Meeting: Codable, Sendable, Equatable {
    public var id: String
    public var organ: String
    public var kind: MeetingKind
    /// The ordinal of a regular Summit or Ministerial Council meeting.
    public var number: Int?
    public var title: String
    public var start: PartialDate?
    public var end: PartialDate?
    public var city: String?
    public var countryCode: String?
    public var format: MeetingFormat
    public var status: MeetingStatus
    public var outcomes: [String]
    public var provenance: Provenance
    /// The Member State in the chair, when the platform records it (a meeting the Secretariat planned).
    public var chair: String?
    /// How many times its facts have changed since it was planned: the calendar's `SEQUENCE`. Nil for none.
    public var revision: Int?
    /// Why it was cancelled.
    public var cancellation: String?
    /// The registry document holding its adopted report.
    public var report: String?
    /// When and by whom the Secretariat planned it; nil for a meeting of the shipped record.
    public var planned: Stamp?
    /// The hours it sits, in its venue's time zone; nil for a meeting of whole days.
    public var hours: SessionHours?

    public init(id: String, organ: String, kind: MeetingKind, number: Int?, title: String, start: PartialDate?,
                end: PartialDate?, city: String?, countryCode: String?, format: MeetingFormat, status: MeetingStatus,
                outcomes: [String], provenance: Provenance, chair: String? = nil, revision: Int? = nil, cancellation: String? = nil,
                report: String? = nil, planned: Stamp? = nil, hours: SessionHours? = nil) {
        self.id = id
        self.organ = organ
        self.kind = kind
        self.number = number
        self.title = title
        self.start = start
        self.end = end
        self.city = city
        self.countryCode = countryCode
        self.format = format
        self.status = status
        self.outcomes = outcomes
        self.provenance = provenance
        self.chair = chair
        self.revision = revision
        self.cancellation = cancellation
        self.report = report
        self.planned = planned
        self.hours = hours
    }

    /// Whether it has begun: in session or held.
    public var hasOpened: Bool { status == .inSession || status == .held }
}

/// When and by whom something was done on the platform.
public struct Stamp: Codable, Sendable, Equatable {
    public var at: Date
    /// The actor's record name (a pseudonym, or `operator`).
    public var by: String
    public init(at: Date, by: String) {
        self.at = at
        self.by = by
    }
}

/// A Member State's term as Chair of CICA.
public struct Chairmanship: Codable, Sendable, Equatable {
    public var id: String
    public var state: String
    public var start: PartialDate?
    public var startNote: String?
    /// Nil while the term runs.
    public var end: PartialDate?
    public var endNote: String?
    public var provenance: Provenance

    public init(id: String, state: String, start: PartialDate?, startNote: String?, end: PartialDate?, endNote: String?,
                provenance: Provenance) {
        self.id = id
        self.state = state
        self.start = start
        self.startNote = startNote
        self.end = end
        self.endNote = endNote
        self.provenance = provenance
    }

    /// Whether the term covers `date`: started on or before it and not yet ended (a term ends on the day the next begins).
    public func isHeld(on date: CivilDate) -> Bool {
        guard let start, start.earliest <= date else { return false }
        guard let end else { return true }
        return date < end.earliest
    }

    /// The chairmanship held on `date`, if any.
    public static func holder(on date: CivilDate, in chairmanships: [Chairmanship]) -> Chairmanship? {
        chairmanships.last { $0.isHeld(on: date) }
    }
}

/// A rule on the length of the chair's term, in force over a period, as the Rules of Procedure set it.
public struct ChairmanshipRule: Sendable, Equatable {
    /// The term in years.
    public var years: Int
    /// The first day it applies; nil from the beginning.
    public var from: CivilDate?
    /// The day it stops applying (the next rule's first day); nil while in force.
    public var until: CivilDate?

    /// The Rules of Procedure: four-year terms, reduced to two years by the amendment of 1 September 2009 (the host
    /// of the regular Summit chairs until the next regular Ministerial Council, and its host until the next Summit).
    /// The document is `rules-of-procedure-2004` of the dataset, whose sources say so.
    public static let history = [
        ChairmanshipRule(years: 4, from: nil, until: CivilDate(year: 2009, month: 9, day: 1)),
        ChairmanshipRule(years: 2, from: CivilDate(year: 2009, month: 9, day: 1), until: nil),
    ]
    /// The registry document that sets the rules.
    public static let document = "rules-of-procedure-2004"

    /// The rule in force on `date`.
    public static func inForce(on date: CivilDate) -> ChairmanshipRule {
        history.last { rule in (rule.from.map { $0 <= date } ?? true) && (rule.until.map { date < $0 } ?? true) } ?? history[0]
    }

    /// Whether a term ran longer than the rule in force when it began allows (counted in calendar years, as terms pass
    /// at meetings planned by the year); nil when its start or end is not known well enough to tell.
    public static func longerThanRule(_ chair: Chairmanship, asOf: CivilDate) -> Bool? {
        guard let start = chair.start, start.month != nil else { return nil }
        let end = chair.end?.year ?? asOf.year
        return end - start.year > inForce(on: start.earliest).years
    }
}
