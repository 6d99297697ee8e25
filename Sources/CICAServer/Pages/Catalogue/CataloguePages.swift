import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// Pages about the Catalogue of CBMs and the Road Map.
struct CataloguePages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.catalogue()) { _, context in try await catalogue(context) }
        router.get(.roadMap) { _, context in try await roadMap(context) }
        router.post(.milestones) { request, context in
            try context.authorize(.manageRecords)
            return try await FormFeedback.answering(.roadMap, request, context: context, action: { form in
                let m = try await platform.catalogue.recordMilestone(milestoneFields(form), actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.roadMap.href + "#\(m.id)"])
            }, redisplay: { form, feedback, status in try await roadMap(context, refused: (form, feedback), status: status) })
        }
        router.post(.milestone(.parameter("id"))) { request, context in
            try context.authorize(.manageRecords)
            let id = try context.parameters.require("id")
            return try await FormFeedback.answering(.roadMap, request, context: context, action: { form in
                _ = try await platform.catalogue.editMilestone(id: id, milestoneFields(form), actor: context.actor, now: platform.now(), today: platform.today())
                return Response(status: .seeOther, headers: [.location: SiteURL.roadMap.href + "#\(id)"])
            }, redisplay: { form, feedback, status in try await roadMap(context, refused: (form, feedback), status: status) })
        }
    }

    func milestoneFields(_ form: Form) -> MilestoneFields {
        MilestoneFields(area: form["area"], title: form["title"], due: form["due"], status: form["status"], done: form["done"],
                        decisions: form["decisions"], documents: form["documents"])
    }

    func catalogue(_ context: AppRequestContext) async throws -> Response {
        let l = context.localizer
        let view = CatalogueView.make(dimensions: try await platform.catalogue.dimensions(),
                                      areas: try await platform.catalogue.priorityAreas(dimension: nil, state: nil),
                                      names: l.countries(try await platform.membership.memberStateNames()),
                                      notes: try await platform.sources.notes(about: [.catalogue]), localizer: l)
        return platform.pages.render(view, title: l("catalogue.title"), section: .catalogue, context: context)
    }

    /// How far milestones have come, in a sentence.
    static func progress(_ p: RoadMapProgress, _ l: Localizer) -> String {
        p.percent.map { l("roadMap.progress", ["done": String(p.done), "counted": String(p.counted), "percent": String($0), "late": String(p.late)]) }
            ?? l("roadMap.noProgress")
    }

    func roadMap(_ context: AppRequestContext, refused: (Form, FormFeedback)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let l = context.localizer
        guard let record = try await platform.catalogue.roadMap() else { throw NotFound(entity: Message("entity.roadMap"), key: SiteURL.roadMap.href) }
        var meeting: MeetingRecord?
        if let id = record.roadMap.value.endorsedAt { meeting = try await platform.organs.meeting(id: id, readership: context.readership) }
        let today = platform.today()
        let milestones = try await platform.catalogue.milestones()
        let conducts = Policy.decide(context.principal, .manageRecords).isAllowed
        // A milestone links only what the reader may read.
        var links: [String: RoadMapView.Link] = [:]
        for (id, symbol) in try await platform.decisions.symbols(of: Set(milestones.flatMap(\.decisions))) {
            links["decision/" + id] = .init(label: symbol, url: .decision(id))
        }
        for (id, d) in try await platform.documents.documents(ids: Set(milestones.flatMap(\.documents)), readership: context.readership) {
            links["document/" + id] = .init(label: d.symbol, url: .document(id))
        }
        func progress(_ p: RoadMapProgress) -> String { Self.progress(p, l) }
        func statuses(_ current: MilestoneStatus) -> [SelectOption] {
            MilestoneStatus.allCases.map { SelectOption(value: $0.rawValue, label: l("milestone.status.\($0.rawValue)"), selected: $0 == current) }
        }
        func row(_ m: Milestone) -> RoadMapView.MilestoneRow {
            RoadMapView.MilestoneRow(id: m.id, title: m.title, due: m.due.map { l.date(PartialDate($0)) } ?? l("roadMap.noDue"),
                                     status: l("milestone.status.\(m.status.rawValue)") + (m.isLate(today: today) ? " — " + l("roadMap.late") : ""),
                                     statusClass: m.isLate(today: today) ? "late" : m.status.rawValue,
                                     done: m.done.map { l.date(PartialDate($0)) }, doneValue: m.done?.description ?? "",
                                     links: m.decisions.compactMap { links["decision/" + $0] } + m.documents.compactMap { links["document/" + $0] },
                                     statuses: conducts ? statuses(m.status) : [])
        }
        let areas = record.areas.map { area in
            let own = milestones.filter { $0.area == area.value.number }
            let p = RoadMapRules.progress(own, today: today)
            return RoadMapView.Area(number: area.value.number, title: l.title(of: area.value), provenance: ProvenanceView(area.provenance, localizer: l),
                                    progress: progress(p), percent: p.percent, milestones: own.map(row))
        }
        let endorsed = record.roadMap.value.endorsed
        let marks = milestones.compactMap { m -> RoadMapTimeline.Mark? in
            guard let day = m.done ?? m.due else { return nil }
            return RoadMapTimeline.Mark(area: m.area, day: day, statusClass: m.isLate(today: today) ? "late" : m.status.rawValue,
                                        title: "\(m.area). \(m.title): \(l("milestone.status.\(m.status.rawValue)")), \(l.date(PartialDate(day)))")
        }
        let lastYear = max(today.year, marks.map(\.day.year).max() ?? today.year)
        var view = RoadMapView(
            intro: l("roadMap.intro", ["date": l.date(endorsed)]),
            endorsedAt: meeting.map { l.title(of: $0.meeting.value) + ", " + l.dateRange($0.meeting.value.start, $0.meeting.value.end) },
            endorsedAtURL: meeting.map { .meeting($0.meeting.value.id) },
            provenance: ProvenanceView(record.roadMap.provenance, localizer: l),
            areas: areas, overall: l("roadMap.overall", ["progress": progress(RoadMapRules.progress(milestones, today: today))]),
            timeline: milestones.isEmpty ? nil : RoadMapTimeline(
                title: l("roadMap.timeline"), description: l("roadMap.timelineDescription", ["count": String(marks.count)]),
                areas: record.areas.map(\.value.number), marks: marks, firstYear: endorsed.year, lastYear: lastYear, today: today),
            uncertain: record.areas.contains { $0.provenance.confidence != .confirmed },
            sources: citedSources([record.roadMap.provenance] + record.areas.map(\.provenance)),
            areaChoices: conducts ? record.areas.map { SelectOption(value: String($0.value.number), label: "\($0.value.number). \(l.title(of: $0.value))", selected: false) } : nil,
            statusChoices: statuses(.planned))
        if let (form, feedback) = refused {
            view.feedback = feedback
            for key in ["title", "due", "done", "decisions", "documents"] { view.values[key] = form[key] ?? "" }
            view.areaChoices = view.areaChoices?.selecting(form["area"])
            view.statusChoices = view.statusChoices.selecting(form["status"])
        }
        return platform.pages.render(view, title: l("roadMap.title"), section: .roadMap, context: context, status: status)
    }
}
