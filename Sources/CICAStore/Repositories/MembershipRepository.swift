import SQLKit
import CICACore

/// A Member State's coordination of a priority area, with the area's name.
public struct StateCoordination: Sendable, Equatable {
    public var priorityArea: String
    public var priorityAreaName: String
    public var dimension: String
    public var role: CoordinationRole
}

/// Everything the platform knows of one Member State.
public struct MemberStateProfile: Sendable {
    public var memberState: Sourced<MemberState>
    public var country: Country
    public var coordinations: [StateCoordination]
    public var chairmanships: [Sourced<Chairmanship>]
    /// The state's periods as an observer before it was admitted, with where they are recorded.
    public var observerPeriods: [Sourced<Observer>]
    public var notes: [SourceNote]
}

/// How many members and observers there are.
public struct MembershipCounts: Sendable, Equatable {
    public var memberStates: Int
    public var foundingMembers: Int
    public var observerStates: Int
    public var observerOrganizations: Int
    public var partners: Int
}

/// The Member States page's facts.
public struct MemberStatesListing: Sendable {
    public var states: [Sourced<MemberState>]
    public var notes: [SourceNote]
}

/// Member States, observers, partners, external relations and the countries eligibility is decided on.
public protocol MembershipRepository: Sendable {
    func memberStates(founding: Bool?, page: PageRequest) async throws -> Page<Sourced<MemberState>>
    /// Every Member State (or the founding ones) and the notes on where sources disagree about them, as the Member States
    /// page shows them: one read, answered from memory while nothing it reads has been written (`ReferenceReads`).
    func memberStatesListing(founding: Bool?) async throws -> MemberStatesListing
    func memberState(code: String) async throws -> MemberStateProfile?
    /// Names of the Member States by ISO code, for showing coordinators and chairs.
    func memberStateNames() async throws -> [String: String]
    func observers(kind: ObserverKind?, page: PageRequest) async throws -> Page<Sourced<Observer>>
    func partners(page: PageRequest) async throws -> Page<Sourced<Partner>>
    func externalRelations() async throws -> [Sourced<ExternalRelation>]
    func countries() async throws -> [Country]
    /// Every country's code and name, by name (lighter than `countries()` where only names are shown).
    func countryNames() async throws -> [(code: String, name: String)]
    func counts() async throws -> MembershipCounts
    /// The eligibility rule applied to `code` as typed; throws `EligibilityError` for a bad or unknown code.
    func eligibility(code: String) async throws -> EligibilityAnswer
}

/// `MembershipRepository` on SQLKit.
public struct SQLMembershipRepository: MembershipRepository {
    let database: Database
    init(database: Database) { self.database = database }

    static let memberColumns = ["code", "name", "accession", "founding", "context", "sort_key"]

    static func memberState(_ row: any SQLRow) throws -> MemberState {
        let code = try row.string("code")
        return MemberState(code: code, name: try row.string("name"), accession: try row.date("accession"),
                           founding: try row.bool("founding"), context: try row.optionalString("context"),
                           provenance: Provenance(confidence: .notFound, sources: []))
    }

    public func memberStates(founding: Bool?, page: PageRequest) async throws -> Page<Sourced<MemberState>> {
        let reads = database.referenceReads
        return try await database.read { sql in
            // First pages are what nearly every caller asks; later pages are read each time.
            guard page.after == nil else { return try await Self.memberStates(founding: founding, page: page, sql: sql) }
            return try await reads.value("memberStates/\(Self.key(founding))/\(page.limit)", sql: sql) { sql in
                try await Self.memberStates(founding: founding, page: page, sql: sql)
            }
        }
    }

    public func memberStatesListing(founding: Bool?) async throws -> MemberStatesListing {
        let reads = database.referenceReads
        return try await database.read { sql in
            try await reads.value("memberStatesListing/\(Self.key(founding))", sql: sql) { sql in
                MemberStatesListing(states: try await Self.memberStates(founding: founding, page: PageRequest(limit: PageRequest.maximumLimit), sql: sql).items,
                                    notes: try await ProvenanceReader.notes(about: [.memberStates], sql: sql))
            }
        }
    }

    /// The founding filter as part of a key of `ReferenceReads`.
    static func key(_ founding: Bool?) -> String { founding.map(String.init) ?? "all" }

    static func memberStates(founding: Bool?, page: PageRequest, sql: any SQLDatabase) async throws -> Page<Sourced<MemberState>> {
        let query = sql.select().columns(Self.memberColumns).from("member_states")
        if let founding { query.where("founding", .equal, founding) }
        let sourced = try await ProvenanceReader.sourcedPage(query.page(page), prefix: Subject.memberState("").rawValue, key: "code",
                                                             decode: Self.memberState, sql: sql)
        return Page(fetched: sourced, limit: page.limit) { SortKey.byName($0.value.name, id: $0.value.code) }
    }

    public func memberState(code: String) async throws -> MemberStateProfile? {
        try await database.read { sql in
            guard let row = try await sql.select().columns(Self.memberColumns).from("member_states").where("code", .equal, code).first(),
                  let countryRow = try await sql.select().column("*").from("countries").where("code", .equal, code).first() else {
                return nil
            }
            let state = try Self.memberState(row)
            let coordinations = try await sql.select()
                .column(SQLColumn("priority_area", table: "coordinations")).column(SQLColumn("role", table: "coordinations"))
                .column(SQLColumn("name", table: "priority_areas")).column(SQLColumn("dimension", table: "priority_areas"))
                .from("coordinations")
                .join("priority_areas", on: SQLColumn("slug", table: "priority_areas"), .equal, SQLColumn("priority_area", table: "coordinations"))
                .where(SQLColumn("state", table: "coordinations"), .equal, SQLBind(code))
                .orderBy(SQLColumn("position", table: "priority_areas"))
                .all()
                .map { StateCoordination(priorityArea: try $0.string("priority_area"), priorityAreaName: try $0.string("name"),
                                         dimension: try $0.string("dimension"), role: try $0.value("role", as: CoordinationRole.self)) }
            let chairs = try await sql.select().column("*").from("chairmanships").where("state", .equal, code).orderBy("sort_key").all()
                .map(SQLOrganRepository.chairmanship)
            let periods = try await sql.select().column("*").from("observers").where("country_code", .equal, code)
                .where("until_date", .isNot, SQLLiteral.null).orderBy("until_date").all().map(Self.observer)
            let subjects: [Subject] = [.memberState(code)] + chairs.map { .chairmanship($0.id) } + periods.map { .observer($0.id) }
            let provenance = try await ProvenanceReader.resolve(subjects, sql: sql)
            let unknown = ResolvedProvenance(confidence: .notFound, sources: [], note: nil)
            return MemberStateProfile(
                memberState: Sourced(value: state, provenance: provenance[.memberState(code)] ?? unknown),
                country: try Self.country(countryRow),
                coordinations: coordinations,
                chairmanships: chairs.map { Sourced(value: $0, provenance: provenance[.chairmanship($0.id)] ?? unknown) },
                observerPeriods: periods.map { Sourced(value: $0, provenance: provenance[.observer($0.id)] ?? unknown) },
                notes: try await ProvenanceReader.notes(about: subjects, sql: sql))
        }
    }

    public func memberStateNames() async throws -> [String: String] {
        try await database.read { sql in
            Dictionary(uniqueKeysWithValues: try await sql.select().columns("code", "name").from("member_states").all()
                .map { (try $0.string("code"), try $0.string("name")) })
        }
    }

    /// The ids of the current observers.
    static func observerIDs(_ sql: any SQLDatabase) async throws -> Set<String> {
        Set(try await sql.select().column("id").from("observers").currentObservers().all().map { try $0.string("id") })
    }

    static func observer(_ row: any SQLRow) throws -> Observer {
        Observer(id: try row.string("id"), kind: try row.value("kind", as: ObserverKind.self), countryCode: try row.optionalString("country_code"),
                 name: try row.string("name"), acronym: try row.optionalString("acronym"), since: try row.optionalString("since_text"),
                 sinceDate: try row.date("since_date"), until: try row.date("until_date"), endedBy: try row.optionalString("ended_by"),
                 provenance: Provenance(confidence: .notFound, sources: []))
    }

    public func observers(kind: ObserverKind?, page: PageRequest) async throws -> Page<Sourced<Observer>> {
        try await database.read { sql in
            // Observers whose period has ended (admitted as Member States) are in their states' history, not in this list.
            let query = sql.select().column("*").from("observers").currentObservers()
            if let kind { query.where("kind", .equal, kind.rawValue) }
            let observers = try await query.page(page).all().map(Self.observer)
            let sourced = try await ProvenanceReader.sourced(observers, subject: { .observer($0.id) }, sql: sql)
            return Page(fetched: sourced, limit: page.limit) { SortKey.byName($0.value.name, id: $0.value.id) }
        }
    }

    public func partners(page: PageRequest) async throws -> Page<Sourced<Partner>> {
        try await database.read { sql in
            let partners = try await sql.select().column("*").from("partners").page(page).all().map(Self.partner)
            let sourced = try await ProvenanceReader.sourced(partners, subject: { .partner($0.id) }, sql: sql)
            return Page(fetched: sourced, limit: page.limit) { SortKey.byName($0.value.name, id: $0.value.id) }
        }
    }

    static func partner(_ row: any SQLRow) throws -> Partner {
        Partner(id: try row.string("id"), acronym: try row.string("acronym"), name: try row.string("name"),
                instrument: try row.string("instrument"), signed: try row.date("signed"), signedNote: try row.optionalString("signed_note"),
                place: try row.optionalString("place"), provenance: Provenance(confidence: .notFound, sources: []))
    }

    public func externalRelations() async throws -> [Sourced<ExternalRelation>] {
        try await database.read { sql in
            let relations = try await sql.select().column("*").from("external_relations").orderBy("date").all().map { row in
                ExternalRelation(id: try row.string("id"), title: try row.string("title"), date: try row.date("date"),
                                 detail: try row.optionalString("detail"), provenance: Provenance(confidence: .notFound, sources: []))
            }
            return try await ProvenanceReader.sourced(relations, subject: { .externalRelation($0.id) }, sql: sql)
        }
    }

    static func country(_ row: any SQLRow) throws -> Country {
        Country(alpha2: try row.string("code"), alpha3: try row.string("alpha3"), numeric: try row.string("numeric"),
                name: try row.string("name"), officialName: try row.optionalString("official_name"),
                asia: try row.value("asia", as: AsiaExtent.self), m49AsiaSubregion: try row.optionalString("m49_subregion"),
                note: try row.optionalString("note"), statehood: try row.value("statehood", as: Statehood.self))
    }

    public func countries() async throws -> [Country] {
        try await database.read { sql in
            try await sql.select().column("*").from("countries").orderBy("sort_key").all().map(Self.country)
        }
    }

    public func countryNames() async throws -> [(code: String, name: String)] {
        try await database.read { sql in
            try await sql.select().columns("code", "name").from("countries").orderBy("sort_key").all()
                .map { (code: try $0.string("code"), name: try $0.string("name")) }
        }
    }

    public func counts() async throws -> MembershipCounts {
        try await database.read { sql in
            func count(_ table: String, _ filter: ((SQLSelectBuilder) -> SQLSelectBuilder)? = nil) async throws -> Int {
                var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                if let filter { query = filter(query) }
                return try await query.first()?.int("n") ?? 0
            }
            return MembershipCounts(
                memberStates: try await count("member_states"),
                foundingMembers: try await count("member_states") { $0.where("founding", .equal, true) },
                observerStates: try await count("observers") {
                    $0.where("kind", .equal, ObserverKind.state.rawValue).currentObservers()
                },
                observerOrganizations: try await count("observers") {
                    $0.where("kind", .equal, ObserverKind.organization.rawValue).currentObservers()
                },
                partners: try await count("partners"))
        }
    }

    public func eligibility(code text: String) async throws -> EligibilityAnswer {
        try await database.read { sql in try await Self.eligibility(code: text, sql: sql) }
    }

    /// The answer read on `sql` (a writing transaction's, for an admission step).
    static func eligibility(code text: String, sql: any SQLDatabase) async throws -> EligibilityAnswer {
        guard let code = CountryCode.normalize(text) else { throw EligibilityError.malformedCode(text) }
        let country = try await sql.select().column("*").from("countries").where("code", .equal, code).first().map(Self.country)
        let member = try await sql.select().columns(Self.memberColumns).from("member_states").where("code", .equal, code).first()
            .map(Self.memberState)
        let observer = try await sql.select().column("*").from("observers").where("country_code", .equal, code)
            .currentObservers().first().map(Self.observer)
        guard let country else { throw EligibilityError.unknownCode(code) }
        return Eligibility.assess(country, memberState: member, observer: observer)
    }
}
