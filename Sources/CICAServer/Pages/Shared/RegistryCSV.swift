import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The registry's lists as CSV (RFC 4180, safe to open in a spreadsheet: CICACore's `CSVTable`), each linked from its
/// page: the records the page shows its reader, no more (documents and report parts by the reader's `Readership`),
/// with where each fact comes from. Columns are named in English, as data; values are as recorded.
struct RegistryCSV: Sendable {
    let platform: Platform

    /// The lists, and the address of each.
    enum List: String, Sendable, CaseIterable {
        case memberStates = "member-states", observers, partners, meetings, decisions, coordinations, reports, documents

        var path: [String] {
            switch self {
            case .coordinations, .reports: ["catalogue", rawValue + ".csv"]
            default: [rawValue + ".csv"]
            }
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        for list in List.allCases {
            router.get(.csv(list)) { request, context in
                let (table, name) = try await table(list, request, context)
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"cica-\(name).csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: table.text)))
            }
        }
    }

    func table(_ list: List, _ request: Request, _ context: AppRequestContext) async throws -> (CSVTable, String) {
        let provenance = ["confidence", "sources"]
        switch list {
        case .memberStates:
            let states = try await Page.all { try await platform.membership.memberStates(founding: nil, page: $0) }
            return (CSVTable(header: ["code", "name", "accession", "founding"] + provenance, rows: states.map { s in
                [s.value.code, s.value.name, s.value.accession?.description ?? "", s.value.founding ? "yes" : "no"] + Self.provenance(s.provenance)
            }), list.rawValue)
        case .observers:
            let observers = try await Page.all { try await platform.membership.observers(kind: nil, page: $0) }
            return (CSVTable(header: ["id", "kind", "country_code", "name", "acronym", "since"] + provenance, rows: observers.map { o in
                [o.value.id, o.value.kind.rawValue, o.value.countryCode ?? "", o.value.name, o.value.acronym ?? "",
                 o.value.sinceDate?.description ?? o.value.since ?? ""] + Self.provenance(o.provenance)
            }), list.rawValue)
        case .partners:
            let partners = try await Page.all { try await platform.membership.partners(page: $0) }
            return (CSVTable(header: ["id", "acronym", "name", "instrument", "signed", "place"] + provenance, rows: partners.map { p in
                [p.value.id, p.value.acronym, p.value.name, p.value.instrument, p.value.signed?.description ?? p.value.signedNote ?? "", p.value.place ?? ""]
                    + Self.provenance(p.provenance)
            }), list.rawValue)
        case .meetings:
            let meetings = try await Page.all { try await platform.organs.meetings(MeetingFilter(), page: $0) }
            return (CSVTable(header: ["id", "organ", "kind", "number", "title", "start", "end", "city", "country", "format", "status"] + provenance,
                             rows: meetings.map { m in
                let v = m.value
                return [v.id, v.organ, v.kind.rawValue, v.number.map(String.init) ?? "", v.title, v.start?.description ?? "", v.end?.description ?? "",
                        v.city ?? "", v.countryCode ?? "", v.format.rawValue, v.status.rawValue] + Self.provenance(m.provenance)
            }), list.rawValue)
        case .decisions:
            let decisions = try await Page.all { try await platform.decisions.decisions(DecisionFilter(), page: $0) }
            return (CSVTable(header: ["id", "symbol", "title", "organ", "meeting", "status", "effect", "historical", "drafted_at", "closed_at", "recorded_date"],
                             rows: decisions.map { d in
                // A decision recorded from the sources is dated as they date it (recorded_date), and names no organ they do not.
                [d.id, d.symbol, d.title, d.organRecorded ? d.organ : "", d.meeting ?? "", d.status.rawValue, d.effectKind, d.historical ? "yes" : "no",
                 d.historical ? "" : AuditCSV.iso8601(d.createdAt), d.historical ? "" : d.closedAt.map(AuditCSV.iso8601) ?? "",
                 d.recordedDate?.description ?? ""]
            }), list.rawValue)
        case .coordinations:
            let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil)
            return (CSVTable(header: ["priority_area", "priority_area_name", "dimension", "state", "role"] + provenance, rows: areas.flatMap { a in
                let holders = (a.value.coordinator.map { [($0, CoordinationRole.coordinator)] } ?? []) + a.value.coCoordinators.map { ($0, .coCoordinator) }
                return holders.map { state, role in
                    [a.value.slug, a.value.name, a.value.dimension, state, role.rawValue] + Self.provenance(a.provenance)
                }
            }), list.rawValue)
        case .reports:
            let year = try QueryParameters.int(request, "year", in: ReportingRules.firstYear...platform.today().year) ?? (platform.today().year - 1)
            let principal = context.principal
            let reports = try await platform.reports.year(year).reports
            return (CSVTable(header: ["state", "year", "priority_area", "status", "since", "narrative", "visibility", "submitted_at", "late"],
                             rows: reports.flatMap { r in
                let whole = ReportingRules.readsWhole(r, by: principal)
                return ReportingRules.readable(r, by: principal).map { part in
                    [r.state, String(r.year), part.priorityArea, part.status.rawValue, part.since.map(String.init) ?? "", part.narrative ?? "",
                     part.visibility.rawValue, whole ? AuditCSV.iso8601(r.submitted.at) : "", whole ? (r.late ? "yes" : "no") : ""]
                }
            }), "reports-\(year)")
        case .documents:
            let readership = context.readership
            let items = try await Page.all { try await platform.documents.documents(DocumentFilter(), page: $0, readership: readership) }
            return (CSVTable(header: ["id", "symbol", "kind", "title", "date", "place", "organ", "meeting", "decision", "access", "languages"] + provenance,
                             rows: items.map { item in
                let d = item.document.value
                return [d.id, d.symbol, d.kind.rawValue, d.title, d.date?.description ?? "", d.place ?? "", d.organ ?? "", d.meeting ?? "",
                        d.decision ?? "", d.access.rawValue, Set(item.versions.map(\.language)).sorted().joined(separator: " ")]
                    + Self.provenance(item.document.provenance)
            }), list.rawValue)
        }
    }

    /// A fact's confidence, and its sources (their addresses, or titles where there is none), separated by ` | `.
    static func provenance(_ p: ResolvedProvenance) -> [String] {
        [p.confidence.rawValue, p.sources.map { $0.url ?? $0.title }.joined(separator: " | ")]
    }
}
