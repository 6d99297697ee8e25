import CICACore
import CICAStore

/// Core values as the API's generated schema types.
enum APIMapping {
    typealias S = Components.Schemas

    static func provenance(_ p: ResolvedProvenance) -> S.Provenance {
        S.Provenance(confidence: S.Confidence(rawValue: p.confidence.rawValue) ?? .notFound, note: p.note,
                     sources: p.sources.map { S.Source(id: $0.id, title: $0.title, url: $0.url) })
    }

    static func note(_ n: SourceNote) -> S.SourceNote {
        S.SourceNote(id: n.id, topic: n.topic, values: n.values, preferred: n.preferred)
    }

    static func memberState(_ m: Sourced<MemberState>) -> S.MemberState {
        S.MemberState(code: m.value.code, name: m.value.name, accession: m.value.accession?.description, founding: m.value.founding,
                      context: m.value.context, provenance: provenance(m.provenance))
    }

    static func geography(_ c: Country) -> S.Geography {
        S.Geography(asia: S.Geography.AsiaPayload(rawValue: c.asia.rawValue) ?? .none, subregion: c.m49AsiaSubregion, note: c.note,
                    statehood: S.Geography.StatehoodPayload(rawValue: c.statehood.rawValue) ?? .disputedOrUnrecognized)
    }

    static func chairmanship(_ c: Sourced<Chairmanship>, names: [String: String], today: CivilDate) -> S.Chairmanship {
        S.Chairmanship(id: c.value.id, state: S.StateRef(code: c.value.state, name: names[c.value.state] ?? c.value.state),
                       start: c.value.start?.description, startNote: c.value.startNote, end: c.value.end?.description,
                       endNote: c.value.endNote, current: c.value.isHeld(on: today), provenance: provenance(c.provenance))
    }

    static func observer(_ o: Sourced<Observer>) -> S.Observer {
        S.Observer(id: o.value.id, kind: S.ObserverKind(rawValue: o.value.kind.rawValue) ?? .state, name: o.value.name,
                   acronym: o.value.acronym, countryCode: o.value.countryCode, since: o.value.since, sinceDate: o.value.sinceDate?.description,
                   provenance: provenance(o.provenance))
    }

    static func partner(_ p: Sourced<Partner>) -> S.Partner {
        S.Partner(id: p.value.id, acronym: p.value.acronym, name: p.value.name, instrument: p.value.instrument,
                  signed: p.value.signed?.description, signedNote: p.value.signedNote, place: p.value.place, provenance: provenance(p.provenance))
    }

    static func organ(_ r: OrganRecord, localizer: Localizer) -> S.Organ {
        let o = r.organ
        return S.Organ(slug: o.slug, name: o.name, shortName: o.shortName, formerName: o.formerName, renamedOn: o.renamedOn?.description,
                       role: o.role, reportsTo: o.reportsTo, rank: o.rank, seat: o.seat,
                       cadence: S.CadenceRule(kind: S.CadenceRule.KindPayload(rawValue: o.cadence.kind.rawValue) ?? .asNecessary,
                                              count: o.cadence.count, years: o.cadence.years, description: localizer.cadence(o.cadence),
                                              provenance: provenance(r.cadenceProvenance)),
                       provenance: provenance(r.provenance))
    }

    static func cadenceReport(_ r: CadenceReport, asOf: CivilDate) -> S.CadenceReport {
        S.CadenceReport(asOf: asOf.description, lastMeeting: r.lastMeeting, lastMeetingDate: r.lastMeetingDate?.description,
                        nextDue: r.nextDue?.description, plannedMeeting: r.plannedMeeting, overdue: r.overdue,
                        intervals: r.intervals.map {
            S.CadenceInterval(from: $0.from, to: $0.to, fromDate: $0.fromDate.description, toDate: $0.toDate.description, exceeded: $0.exceeded)
        }, years: r.years.map {
            S.CadenceYear(year: $0.year, count: $0.count, status: S.CadenceYear.StatusPayload(rawValue: $0.status.rawValue) ?? .noneRecorded)
        })
    }

    static func meeting(_ m: Sourced<Meeting>, chairs: [Chairmanship], names: [String: String]) -> S.Meeting {
        let v = m.value
        let chair = v.start?.civilDate.flatMap { Chairmanship.holder(on: $0, in: chairs) }
        return S.Meeting(id: v.id, organ: v.organ, kind: S.MeetingKind(rawValue: v.kind.rawValue) ?? .regular, number: v.number,
                         title: v.title, start: v.start?.description, end: v.end?.description, city: v.city, countryCode: v.countryCode,
                         format: S.Meeting.FormatPayload(rawValue: v.format.rawValue) ?? .unknown,
                         status: S.Meeting.StatusPayload(rawValue: v.status.rawValue) ?? .held,
                         chair: chair.map { S.StateRef(code: $0.state, name: names[$0.state] ?? $0.state) },
                         outcomes: v.outcomes, provenance: provenance(m.provenance))
    }

    static func document(_ d: Sourced<Document>) -> S.Document {
        let v = d.value
        return S.Document(id: v.id, title: v.title, kind: S.DocumentKind(rawValue: v.kind.rawValue) ?? .report, date: v.date?.description,
                          dateNote: v.dateNote, place: v.place, meeting: v.meeting,
                          access: S.Document.AccessPayload(rawValue: v.access.rawValue) ?? .secretariat, provenance: provenance(d.provenance))
    }

    static func priorityArea(_ a: Sourced<PriorityArea>, names: [String: String]) -> S.PriorityArea {
        let v = a.value
        func ref(_ code: String) -> S.StateRef { S.StateRef(code: code, name: names[code] ?? code) }
        return S.PriorityArea(slug: v.slug, name: v.name, dimension: v.dimension, order: v.order, coordinator: v.coordinator.map(ref),
                              coordinatorConfidence: v.coordinatorConfidence.flatMap { S.Confidence(rawValue: $0.rawValue) },
                              coCoordinators: v.coCoordinators.map(ref), provenance: provenance(a.provenance))
    }
}
