import SQLKit
import CICACore

/// An organ with the provenance of its description and of its cadence rule.
public struct OrganRecord: Sendable {
    public var organ: Organ
    public var provenance: ResolvedProvenance
    public var cadenceProvenance: ResolvedProvenance
    public var notes: [SourceNote]
}

/// A meeting with the documents it adopted.
public struct MeetingRecord: Sendable {
    public var meeting: Sourced<Meeting>
    public var documents: [Sourced<Document>]
    public var notes: [SourceNote]
}

/// Which meetings to list.
public struct MeetingFilter: Sendable, Equatable {
    public var organ: String?
    public var kind: MeetingKind?
    public var year: Int?
    public var status: MeetingStatus?

    public init(organ: String? = nil, kind: MeetingKind? = nil, year: Int? = nil, status: MeetingStatus? = nil) {
        self.organ = organ
        self.kind = kind
        self.year = year
        self.status = status
    }
}

/// The organs, their meetings, the chairmanships and the heads of the Secretariat.
public protocol OrganRepository: Sendable {
    func organs() async throws -> [OrganRecord]
    func organ(slug: String) async throws -> OrganRecord?
    /// Meetings, newest first. Throws `InvalidInput` naming `organ` when the organ does not exist.
    func meetings(_ filter: MeetingFilter, page: PageRequest) async throws -> Page<Sourced<Meeting>>
    /// A meeting with the documents of it the reader may read.
    func meeting(id: String, readership: Readership) async throws -> MeetingRecord?
    /// The titles of the meetings with these ids.
    func meetingTitles(ids: [String]) async throws -> [String: String]
    func chairmanships() async throws -> [Sourced<Chairmanship>]
    func appointments() async throws -> [Sourced<SecretariatAppointment>]
}

/// `OrganRepository` on SQLKit.
public struct SQLOrganRepository: OrganRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static let none = Provenance(confidence: .notFound, sources: [])
    static let unknown = ResolvedProvenance(confidence: .notFound, sources: [], note: nil)

    static func organ(_ row: any SQLRow) throws -> Organ {
        Organ(slug: try row.string("slug"), name: try row.string("name"), shortName: try row.string("short_name"),
              formerName: try row.optionalString("former_name"), renamedOn: try row.date("renamed_on"), role: try row.string("role"),
              reportsTo: try row.optionalString("reports_to"), rank: try row.int("rank"), seat: try row.optionalString("seat"),
              cadence: CadenceRule(kind: try row.value("cadence_kind", as: CadenceRule.Kind.self), count: try row.optionalInt("cadence_count"),
                                   years: try row.optionalInt("cadence_years"), provenance: none),
              provenance: none)
    }

    private func records(_ organs: [Organ], sql: any SQLDatabase) async throws -> [OrganRecord] {
        let subjects = organs.flatMap { [Subject.organ($0.slug), Subject.cadence($0.slug)] }
        let provenance = try await ProvenanceReader.resolve(subjects, sql: sql)
        let notes = try await ProvenanceReader.notes(about: subjects, sql: sql)
        return organs.map { organ in
            OrganRecord(organ: organ, provenance: provenance[.organ(organ.slug)] ?? Self.unknown,
                        cadenceProvenance: provenance[.cadence(organ.slug)] ?? Self.unknown,
                        notes: notes.filter { $0.subjects.contains(.organ(organ.slug)) || $0.subjects.contains(.cadence(organ.slug)) })
        }
    }

    public func organs() async throws -> [OrganRecord] {
        try await database.read { sql in
            try await records(try await sql.select().column("*").from("organs").orderBy("rank").all().map(Self.organ), sql: sql)
        }
    }

    public func organ(slug: String) async throws -> OrganRecord? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("organs").where("slug", .equal, slug).first() else { return nil }
            return try await records([try Self.organ(row)], sql: sql).first
        }
    }

    static func meeting(_ row: any SQLRow, outcomes: [String: [String]]) throws -> Meeting {
        let id = try row.string("id")
        return Meeting(id: id, organ: try row.string("organ"), kind: try row.value("kind", as: MeetingKind.self),
                       number: try row.optionalInt("number"), title: try row.string("title"), start: try row.date("start_date"),
                       end: try row.date("end_date"), city: try row.optionalString("city"), countryCode: try row.optionalString("country_code"),
                       format: try row.value("format", as: MeetingFormat.self), status: try row.value("status", as: MeetingStatus.self),
                       outcomes: outcomes[id] ?? [], provenance: none, chair: try row.optionalString("chair"), revision: try row.optionalInt("revision"),
                       cancellation: try row.optionalString("cancellation"), report: try row.optionalString("report"),
                       planned: try row.optionalString("planned_at").flatMap(Timestamp.date).map { Stamp(at: $0, by: try row.optionalString("planned_by") ?? "") },
                       hours: try hours(row))
    }

    /// The hours a meeting sits, when all three are recorded.
    static func hours(_ row: any SQLRow) throws -> SessionHours? {
        guard let opens = try row.optionalString("opens").flatMap(SessionHours.minutes), let closes = try row.optionalString("closes").flatMap(SessionHours.minutes),
              let zone = try row.optionalString("time_zone") else { return nil }
        return SessionHours(opens: opens, closes: closes, timeZone: zone)
    }

    static func outcomes(of ids: [String], sql: any SQLDatabase) async throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        var outcomes: [String: [String]] = [:]
        for row in try await sql.select().columns("meeting_id", "body").from("meeting_outcomes")
            .where("meeting_id", .in, SQLBind.group(ids)).orderBy("meeting_id").orderBy("position").all() {
            outcomes[try row.string("meeting_id"), default: []].append(try row.string("body"))
        }
        return outcomes
    }

    public func meetings(_ filter: MeetingFilter, page: PageRequest) async throws -> Page<Sourced<Meeting>> {
        try await database.read { sql in
            if let organ = filter.organ {
                let organs = try await sql.select().column("slug").from("organs").orderBy("rank").all().map { try $0.string("slug") }
                guard organs.contains(organ) else {
                    throw InvalidInput(field: "organ", reason: Message("reason.thereOrganUseOne2", ["organ": "\(organ)", "organs": "\(organs.joined(separator: ", "))"]))
                }
            }
            let query = sql.select().column("*").from("meetings")
            if let organ = filter.organ { query.where("organ", .equal, organ) }
            if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
            if let status = filter.status { query.where("status", .equal, status.rawValue) }
            if let year = filter.year {
                // Dates are ISO text, so a year is the range of keys that start with it.
                query.where("sort_key", .greaterThanOrEqual, year.padded(to: 4))
                    .where("sort_key", .lessThan, (year + 1).padded(to: 4))
            }
            let rows = try await query.page(page, descending: true).all()
            let outcomes = try await Self.outcomes(of: try rows.map { try $0.string("id") }, sql: sql)
            let meetings = try rows.map { try Self.meeting($0, outcomes: outcomes) }
            let sourced = try await ProvenanceReader.sourced(meetings, subject: { .meeting($0.id) }, sql: sql)
            return Page(fetched: sourced, limit: page.limit) { SortKey.byDate($0.value.start, id: $0.value.id) }
        }
    }

    public func meeting(id: String, readership: Readership) async throws -> MeetingRecord? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("meetings").where("id", .equal, id).first() else { return nil }
            let meeting = try Self.meeting(row, outcomes: try await Self.outcomes(of: [id], sql: sql))
            let documents = try await DocumentStore.withReadableLinks(try await sql.select().column("*").from("documents").where("meeting", .equal, id)
                .where("access", .in, SQLBind.group(readership.levels.map(\.rawValue))).orderBy("sort_key").all()
                .map(SQLDocumentRepository.document), readership, sql: sql)
            let subjects: [Subject] = [.meeting(id)] + documents.map { .document($0.id) }
            let provenance = try await ProvenanceReader.resolve(subjects, sql: sql)
            return MeetingRecord(
                meeting: Sourced(value: meeting, provenance: provenance[.meeting(id)] ?? Self.unknown),
                documents: documents.map { Sourced(value: $0, provenance: provenance[.document($0.id)] ?? Self.unknown) },
                notes: try await ProvenanceReader.notes(about: [.meeting(id)], sql: sql))
        }
    }

    public func meetingTitles(ids: [String]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            Dictionary(uniqueKeysWithValues: try await sql.select().columns("id", "title").from("meetings")
                .where("id", .in, SQLBind.group(Array(Set(ids)))).all()
                .map { (try $0.string("id"), try $0.string("title")) })
        }
    }

    static func chairmanship(_ row: any SQLRow) throws -> Chairmanship {
        Chairmanship(id: try row.string("id"), state: try row.string("state"), start: try row.date("start_date"),
                     startNote: try row.optionalString("start_note"), end: try row.date("end_date"),
                     endNote: try row.optionalString("end_note"), provenance: none)
    }

    public func chairmanships() async throws -> [Sourced<Chairmanship>] {
        try await database.read { sql in
            let chairs = try await sql.select().column("*").from("chairmanships").orderBy("sort_key").all().map(Self.chairmanship)
            return try await ProvenanceReader.sourced(chairs, subject: { .chairmanship($0.id) }, sql: sql)
        }
    }

    public func appointments() async throws -> [Sourced<SecretariatAppointment>] {
        try await database.read { sql in
            let appointments = try await sql.select().column("*").from("secretariat_appointments").orderBy("sort_key").all().map { row in
                SecretariatAppointment(id: try row.string("id"), post: try row.value("post", as: SecretariatPost.self),
                                       title: try row.string("title"), name: try row.optionalString("name"),
                                       nationality: try row.optionalString("nationality"), term: try row.optionalString("term"),
                                       start: try row.date("start_date"), end: try row.date("end_date"), provenance: Self.none)
            }
            return try await ProvenanceReader.sourced(appointments, subject: { .appointment($0.id) }, sql: sql)
        }
    }
}
