import CICACore
import CICAStore

/// A core case that openapi.yaml does not list. `SchemaEnumTests` compares every pair of enums, so this is a bug
/// caught before release; should one slip through, the request fails with a 500 that names the case instead of
/// answering with a different one.
struct SchemaDrift: Error, CustomStringConvertible {
    let value: String
    let schemaType: String
    var description: String { "'\(value)' is not a case of \(schemaType) in openapi.yaml" }
}

/// A core case as its schema enum, by raw value.
func wireCase<Wire: RawRepresentable>(_ raw: String, as _: Wire.Type = Wire.self) throws(SchemaDrift) -> Wire where Wire.RawValue == String {
    guard let value = Wire(rawValue: raw) else { throw SchemaDrift(value: raw, schemaType: "\(Wire.self)") }
    return value
}

/// Where the enums generated from openapi.yaml meet CICACore's: both list the same cases under the same raw values,
/// so crossing between them never guesses a case.
extension RawRepresentable where RawValue == String {
    /// This core value as the schema's enum, for an answer.
    func onWire<Wire: RawRepresentable>(_: Wire.Type = Wire.self) throws(SchemaDrift) -> Wire where Wire.RawValue == String {
        try wireCase(rawValue)
    }

    /// This value from a request as CICACore's enum; a case the core does not know is refused, naming the field.
    func inCore<Core: RawRepresentable & CaseIterable>(_: Core.Type = Core.self, field: String) throws(InvalidInput) -> Core
    where Core.RawValue == String {
        guard let value = Core(rawValue: rawValue) else {
            throw InvalidInput(field: field, reason: Message("reason.mustOneGot3", ["Core": "\(Core.allCases.map(\.rawValue).joined(separator: ", "))", "rawValue": "\(rawValue)"]))
        }
        return value
    }
}

/// Core values as the API's generated schema types.
enum APIMapping {
    typealias S = Components.Schemas

    static func provenance(_ p: ResolvedProvenance) throws -> S.Provenance {
        try S.Provenance(confidence: p.confidence.onWire(), note: p.note,
                         sources: p.sources.map { S.Source(id: $0.id, title: $0.title, url: $0.url) })
    }

    static func note(_ n: SourceNote) -> S.SourceNote {
        S.SourceNote(id: n.id, topic: n.topic, values: n.values, preferred: n.preferred)
    }

    static func memberState(_ m: Sourced<MemberState>) throws -> S.MemberState {
        try S.MemberState(code: m.value.code, name: m.value.name, accession: m.value.accession?.description, founding: m.value.founding,
                          context: m.value.context, provenance: provenance(m.provenance))
    }

    static func geography(_ c: Country) throws -> S.Geography {
        try S.Geography(asia: c.asia.onWire(), subregion: c.m49AsiaSubregion, note: c.note,
                        statehood: c.statehood.onWire())
    }

    static func chairmanship(_ c: Sourced<Chairmanship>, names: [String: String], today: CivilDate) throws -> S.Chairmanship {
        try S.Chairmanship(id: c.value.id, state: S.StateRef(code: c.value.state, name: names[c.value.state] ?? c.value.state),
                           start: c.value.start?.description, startNote: c.value.startNote, end: c.value.end?.description,
                           endNote: c.value.endNote, current: c.value.isHeld(on: today), provenance: provenance(c.provenance))
    }

    static func observer(_ o: Sourced<Observer>) throws -> S.Observer {
        try S.Observer(id: o.value.id, kind: o.value.kind.onWire(), name: o.value.name,
                       acronym: o.value.acronym, countryCode: o.value.countryCode, since: o.value.since, sinceDate: o.value.sinceDate?.description,
                       provenance: provenance(o.provenance))
    }

    static func partner(_ p: Sourced<Partner>) throws -> S.Partner {
        try S.Partner(id: p.value.id, acronym: p.value.acronym, name: p.value.name, instrument: p.value.instrument,
                      signed: p.value.signed?.description, signedNote: p.value.signedNote, place: p.value.place, provenance: provenance(p.provenance))
    }

    static func organ(_ r: OrganRecord, localizer: Localizer) throws -> S.Organ {
        let o = r.organ
        return try S.Organ(slug: o.slug, name: o.name, shortName: o.shortName, formerName: o.formerName, renamedOn: o.renamedOn?.description,
                           role: o.role, reportsTo: o.reportsTo, rank: o.rank, seat: o.seat,
                           cadence: S.CadenceRule(kind: o.cadence.kind.onWire(),
                                                  count: o.cadence.count, years: o.cadence.years, description: localizer.cadence(o.cadence),
                                                  provenance: provenance(r.cadenceProvenance)),
                           provenance: provenance(r.provenance))
    }

    static func cadenceReport(_ r: CadenceReport, asOf: CivilDate) throws -> S.CadenceReport {
        try S.CadenceReport(asOf: asOf.description, lastMeeting: r.lastMeeting, lastMeetingDate: r.lastMeetingDate?.description,
                            nextDue: r.nextDue?.description, plannedMeeting: r.plannedMeeting, overdue: r.overdue,
                            intervals: r.intervals.map {
            S.CadenceInterval(from: $0.from, to: $0.to, fromDate: $0.fromDate.description, toDate: $0.toDate.description, exceeded: $0.exceeded)
        }, years: r.years.map {
            S.CadenceYear(year: $0.year, count: $0.count, status: try $0.status.onWire(), meetings: $0.meetings, informal: $0.informal)
        }, due: r.due.map { .init(from: $0.from.description, to: $0.to.description, remaining: $0.remaining) }, completeFrom: r.completeFrom?.description)
    }

    static func meeting(_ m: Sourced<Meeting>, chairs: [Chairmanship], names: [String: String]) throws -> S.Meeting {
        let v = m.value
        let chair = v.chair ?? v.start?.civilDate.flatMap { Chairmanship.holder(on: $0, in: chairs) }?.state
        return try S.Meeting(id: v.id, organ: v.organ, kind: v.kind.onWire(), number: v.number,
                             title: v.title, start: v.start?.description, end: v.end?.description, city: v.city, countryCode: v.countryCode,
                             format: v.format.onWire(),
                             status: v.status.onWire(),
                             chair: chair.map { S.StateRef(code: $0, name: names[$0] ?? $0) },
                             outcomes: v.outcomes, provenance: provenance(m.provenance), revision: v.revision, cancellation: v.cancellation,
                             report: v.report, plannedAt: v.planned?.at,
                             hours: v.hours.map { S.SessionHours(opens: SessionHours.text($0.opens), closes: SessionHours.text($0.closes), timeZone: $0.timeZone) })
    }

    /// A document; `versions` are the newest revision of each language, without their texts (a list) or with them.
    static func document(_ d: Sourced<Document>, versions: [LanguageVersion]? = nil, texts: Bool = false) throws -> S.Document {
        let v = d.value
        return try S.Document(id: v.id, symbol: v.symbol, symbolAssigned: v.symbolAssigned, title: v.title, kind: v.kind.onWire(),
                              date: v.date?.description, dateNote: v.dateNote, place: v.place, organ: v.organ, meeting: v.meeting,
                              decision: v.decision, successorOf: v.successorOf, relation: v.relation?.onWire(), access: v.access.onWire(),
                              versions: versions?.map { languageVersion($0, text: texts) }, provenance: provenance(d.provenance))
    }

    static func languageVersion(_ v: LanguageVersion, text: Bool = true) -> S.LanguageVersion {
        S.LanguageVersion(language: v.language, revision: v.revision, title: v.title, hasText: v.text != nil, text: text ? v.text : nil,
                          file: v.file.map { f in
                              S.StoredFile(sha256: f.sha256, size: Int64(f.size), mediaType: f.type.mediaType, filename: f.filename,
                                           url: SiteURL.documentFile(v.document, language: v.language, revision: v.revision).href)
                          },
                          createdAt: v.createdAt, createdBy: v.createdBy)
    }

    static func reference(_ d: Document) throws -> S.DocumentReference {
        try S.DocumentReference(id: d.id, symbol: d.symbol, title: d.title, kind: d.kind.onWire(), relation: d.relation?.onWire())
    }

    static func documentDetail(_ r: DocumentRecord) throws -> S.DocumentDetail {
        S.DocumentDetail(document: try document(r.document, versions: r.current), revisions: r.revisions.map { languageVersion($0) },
                         follows: try r.follows.map(reference), followedBy: try r.followedBy.map(reference), decisionSymbol: r.decision?.symbol)
    }

    static func priorityArea(_ a: Sourced<PriorityArea>, names: [String: String]) throws -> S.PriorityArea {
        let v = a.value
        func ref(_ code: String) -> S.StateRef { S.StateRef(code: code, name: names[code] ?? code) }
        return try S.PriorityArea(slug: v.slug, name: v.name, dimension: v.dimension, order: v.order, coordinator: v.coordinator.map(ref),
                                  coordinatorConfidence: v.coordinatorConfidence.map { try $0.onWire() },
                                  coCoordinators: v.coCoordinators.map(ref), provenance: provenance(a.provenance))
    }
}
