import Hummingbird
import CICACore
import CICAStore

/// A row of a list of meetings.
struct MeetingRow: Sendable {
    var id: String
    var href: String
    var title: String
    var dates: String
    var place: String
    var organ: String
    var kind: String
    var planned: Bool
    var provenance: ProvenanceView

    init(_ meeting: Sourced<Meeting>, organNames: [String: String], countryNames: [String: String], localizer l: Localizer) {
        let m = meeting.value
        id = m.id
        href = "/meetings/\(m.id)"
        title = m.title
        dates = l.dateRange(m.start, m.end)
        place = MeetingRow.place(m, countryNames: countryNames, localizer: l)
        organ = organNames[m.organ] ?? m.organ
        kind = l("meeting.kind.\(m.kind.rawValue)")
        planned = m.status == .planned
        provenance = ProvenanceView(meeting.provenance, localizer: l)
    }

    static func place(_ m: Meeting, countryNames: [String: String], localizer l: Localizer) -> String {
        switch m.format {
        case .online, .videoconference: return l("meeting.format.\(m.format.rawValue)")
        case .unknown: return l("meeting.format.unknown")
        case .inPerson:
            return [m.city, m.countryCode.flatMap { countryNames[$0] ?? $0 }].compactMap { $0 }.joined(separator: ", ")
        }
    }
}

/// A chairmanship as pages show it.
struct ChairmanshipRow: Sendable {
    var state: String
    var href: String
    var dates: String
    var note: String?
    var current: Bool
    var provenance: ProvenanceView

    init(_ chair: Sourced<Chairmanship>, names: [String: String], today: CivilDate, localizer l: Localizer) {
        let c = chair.value
        state = names[c.state] ?? c.state
        href = "/member-states/\(c.state)"
        dates = c.end == nil ? l("common.since") + " " + l.date(c.start) : l.dateRange(c.start, c.end)
        note = c.endNote ?? c.startNote
        current = c.isHeld(on: today)
        provenance = ProvenanceView(chair.provenance, localizer: l)
    }
}

/// The organs page.
struct OrgansView: Sendable {
    struct Row: Sendable {
        var name: String
        var shortName: String
        var href: String
        var role: String
        var reportsTo: String?
        var cadence: String
        var provenance: ProvenanceView
        var cadenceProvenance: ProvenanceView
    }
    var intro: String
    var organs: [Row]
    var chairmanships: [ChairmanshipRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ records: [OrganRecord], chairs: [Sourced<Chairmanship>], names: [String: String], today: CivilDate,
                     localizer l: Localizer) -> OrgansView {
        let byName = Dictionary(uniqueKeysWithValues: records.map { ($0.organ.slug, $0.organ.name) })
        return OrgansView(
            intro: l("organs.intro"),
            organs: records.map { r in
                Row(name: r.organ.name, shortName: r.organ.shortName, href: "/organs/\(r.organ.slug)", role: r.organ.role,
                    reportsTo: r.organ.reportsTo.flatMap { byName[$0] }, cadence: l.cadence(r.organ.cadence),
                    provenance: ProvenanceView(r.provenance, localizer: l), cadenceProvenance: ProvenanceView(r.cadenceProvenance, localizer: l))
            },
            chairmanships: chairs.map { ChairmanshipRow($0, names: names, today: today, localizer: l) },
            notes: records.flatMap(\.notes).map(NoteView.init),
            sources: citedSources(records.flatMap { [$0.provenance, $0.cadenceProvenance] } + chairs.map(\.provenance)))
    }
}

/// One organ's page, with whether it has met as its rule requires.
struct OrganView: Sendable {
    struct Interval: Sendable {
        var from: String
        var to: String
        var exceeded: Bool
        var label: String
    }
    struct Year: Sendable {
        var year: Int
        var count: Int
        var status: String
        var label: String
        var met: Bool
    }
    var name: String
    var shortName: String
    var formerName: String?
    var renamedOn: String?
    var role: String
    var reportsTo: String?
    var reportsToHref: String?
    var seat: String?
    var cadence: String
    var provenance: ProvenanceView
    var cadenceProvenance: ProvenanceView
    var lastMeeting: String?
    var nextDue: String?
    var overdue: Bool
    var planned: String?
    var intervals: [Interval]
    var years: [Year]
    var hasReport: Bool
    var meetings: [MeetingRow]
    var notes: [NoteView]
    var sources: [SourceView]

    static func make(_ record: OrganRecord, report: CadenceReport, meetings: [Sourced<Meeting>], organNames: [String: String],
                     countryNames: [String: String], localizer l: Localizer) -> OrganView {
        let o = record.organ
        let titles = Dictionary(uniqueKeysWithValues: meetings.map { ($0.value.id, $0.value.title) })
        return OrganView(
            name: o.name, shortName: o.shortName, formerName: o.formerName, renamedOn: o.renamedOn.map { l.date($0) }, role: o.role,
            reportsTo: o.reportsTo.flatMap { organNames[$0] }, reportsToHref: o.reportsTo.map { "/organs/\($0)" }, seat: o.seat,
            cadence: l.cadence(o.cadence),
            provenance: ProvenanceView(record.provenance, localizer: l), cadenceProvenance: ProvenanceView(record.cadenceProvenance, localizer: l),
            lastMeeting: report.lastMeeting.map { "\(titles[$0] ?? $0), \(l.date(report.lastMeetingDate))" },
            nextDue: report.nextDue.map { l.date($0) }, overdue: report.overdue,
            planned: report.plannedMeeting.flatMap { titles[$0] },
            intervals: report.intervals.map {
                Interval(from: l.date($0.fromDate), to: l.date($0.toDate), exceeded: $0.exceeded,
                         label: l($0.exceeded ? "cadence.interval.exceeded" : "cadence.interval.within"))
            },
            years: report.years.map {
                Year(year: $0.year, count: $0.count, status: $0.status.rawValue, label: l("cadence.year.\($0.status.rawValue)"),
                     met: $0.status == .met)
            },
            hasReport: !report.intervals.isEmpty || !report.years.isEmpty || report.nextDue != nil,
            meetings: meetings.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            notes: record.notes.map(NoteView.init),
            sources: citedSources([record.provenance, record.cadenceProvenance] + meetings.map(\.provenance)))
    }
}

/// The meetings page, with its filters.
struct MeetingsView: Sendable {
    var intro: String
    var organs: [SelectOption]
    var kinds: [SelectOption]
    var year: String
    var rows: [MeetingRow]
    var count: String
    var next: String?
    var sources: [SourceView]
}

/// One meeting's page.
struct MeetingView: Sendable {
    struct DocumentRow: Sendable {
        var title: String
        var kind: String
        var provenance: ProvenanceView
    }
    var title: String
    var organ: String
    var organHref: String
    var kind: String
    var status: String
    var planned: Bool
    var dates: String
    var place: String
    var chair: String?
    var chairHref: String?
    var outcomes: [String]
    var documents: [DocumentRow]
    var provenance: ProvenanceView
    var notes: [NoteView]
    var sources: [SourceView]
}

/// Pages about the organs and their meetings.
struct OrganPages: Sendable {
    let repositories: Repositories
    let pages: PageRenderer
    let today: @Sendable () -> CivilDate

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/organs") { _, context in try await organs(context) }
        router.get("/organs/:slug") { _, context in try await organ(context) }
        router.get("/meetings") { request, context in try await meetings(request, context) }
        router.get("/meetings/:id") { _, context in try await meeting(context) }
    }

    private func countryNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await repositories.membership.countryNames())
    }

    private func organNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await repositories.organs.organs().map { ($0.organ.slug, $0.organ.name) })
    }

    func organs(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = OrgansView.make(try await repositories.organs.organs(), chairs: try await repositories.organs.chairmanships(),
                                   names: try await repositories.membership.memberStateNames(), today: today(), localizer: l)
        return try pages.render("organs", page: view, title: l("organs.title"), section: .organs, context: context)
    }

    func organ(_ context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let record = try await repositories.organs.organ(slug: slug) else {
            throw NotFound(entity: "organ", key: slug, hint: "See the list at /organs.")
        }
        let meetings = try await repositories.organs.meetings(MeetingFilter(organ: slug), page: PageRequest(limit: PageRequest.maximumLimit)).items
        let report = CadenceReport.evaluate(record.organ.cadence, meetings: meetings.map(\.value), asOf: today())
        let view = OrganView.make(record, report: report, meetings: meetings, organNames: try await organNames(),
                                  countryNames: try await countryNames(), localizer: context.localizer)
        return try pages.render("organ", page: view, title: record.organ.name, section: .organs, context: context)
    }

    func meetings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let filter = MeetingFilter(organ: QueryParameters.string(request, "organ"),
                                   kind: try QueryParameters.value(request, "kind", as: MeetingKind.self),
                                   year: try QueryParameters.int(request, "year", in: 1990...2100))
        let pageRequest = try PageRequest.parse(limit: nil, cursor: QueryParameters.string(request, "cursor"))
        let page = try await repositories.organs.meetings(filter, page: pageRequest)
        let organs = try await repositories.organs.organs()
        let organNames = Dictionary(uniqueKeysWithValues: organs.map { ($0.organ.slug, $0.organ.name) })
        let countryNames = try await countryNames()
        let view = MeetingsView(
            intro: l("meetings.intro"),
            organs: [SelectOption(value: "", label: l("common.all"), selected: filter.organ == nil)]
                + organs.map { SelectOption(value: $0.organ.slug, label: $0.organ.name, selected: $0.organ.slug == filter.organ) },
            kinds: SelectOption.all(MeetingKind.self, selected: filter.kind, allLabel: l("common.all")) { l("meeting.kind.\($0.rawValue)") },
            year: filter.year.map(String.init) ?? "",
            rows: page.items.map { MeetingRow($0, organNames: organNames, countryNames: countryNames, localizer: l) },
            count: l("common.count", ["count": String(page.items.count)]),
            next: nextPageLink(path: "/meetings", query: [("organ", filter.organ), ("kind", filter.kind?.rawValue), ("year", filter.year.map(String.init))],
                               cursor: page.nextCursor),
            sources: citedSources(page.items.map(\.provenance)))
        return try pages.render("meetings", page: view, title: l("meetings.title"), section: .meetings, context: context)
    }

    func meeting(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let id = try context.parameters.require("id")
        guard let record = try await repositories.organs.meeting(id: id) else {
            throw NotFound(entity: "meeting", key: id, hint: "See the list at /meetings.")
        }
        let m = record.meeting.value
        let chairs = try await repositories.organs.chairmanships().map(\.value)
        let holder = m.start.flatMap { $0.civilDate }.flatMap { Chairmanship.holder(on: $0, in: chairs) }
        let names = try await repositories.membership.memberStateNames()
        let organNames = try await organNames()
        let view = MeetingView(
            title: m.title, organ: organNames[m.organ] ?? m.organ, organHref: "/organs/\(m.organ)", kind: l("meeting.kind.\(m.kind.rawValue)"),
            status: l("meeting.status.\(m.status.rawValue)"), planned: m.status == .planned, dates: l.dateRange(m.start, m.end),
            place: MeetingRow.place(m, countryNames: try await countryNames(), localizer: l),
            chair: holder.map { names[$0.state] ?? $0.state }, chairHref: holder.map { "/member-states/\($0.state)" },
            outcomes: m.outcomes,
            documents: record.documents.map {
                MeetingView.DocumentRow(title: $0.value.title, kind: l("document.kind.\($0.value.kind.rawValue)"),
                                        provenance: ProvenanceView($0.provenance, localizer: l))
            },
            provenance: ProvenanceView(record.meeting.provenance, localizer: l),
            notes: record.notes.map(NoteView.init),
            sources: citedSources([record.meeting.provenance] + record.documents.map(\.provenance)))
        return try pages.render("meeting", page: view, title: m.title, section: .meetings, context: context)
    }
}
