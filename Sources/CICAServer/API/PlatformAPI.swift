import CICACore
import Foundation
import CICAStore
import OpenAPIRuntime

/// The JSON API described by `openapi.yaml`: decode, call a repository, map to the schema types.
struct PlatformAPI: APIProtocol {
    let platform: Platform

    typealias M = APIMapping
    private var localizer: Localizer { Localizer(RequestInfo.current.language) }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let version: String
        let attention: [Decision]
        do {
            version = try await platform.sources.datasetInfo()["dataset_version"] ?? "not loaded"
            attention = try await platform.decisions.needingAttention()
        } catch {
            RequestInfo.current.logger.error("health check: the database does not answer: \(String(reflecting: error))")
            throw DatabaseUnavailable(location: platform.database.location, underlying: "health check failed")
        }
        let l = localizer
        return .ok(.init(body: .json(.init(
            status: .ok, database: platform.database.engine == .sqlite ? .sqlite : .postgresql, datasetVersion: version,
            needsAttention: attention.compactMap { d in
                d.attention.map { Components.Schemas.DecisionAttention(decision: d.id, symbol: d.symbol, reason: l($0.reason), since: $0.since) }
            }))))
    }

    func listMemberStates(_ input: Operations.ListMemberStates.Input) async throws -> Operations.ListMemberStates.Output {
        let page = try PageRequest.parse(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await platform.membership.memberStates(founding: input.query.founding, page: page)
        return .ok(.init(body: .json(.init(items: try result.items.map(M.memberState), nextCursor: result.nextCursor))))
    }

    func getMemberState(_ input: Operations.GetMemberState.Input) async throws -> Operations.GetMemberState.Output {
        let code = input.path.code
        guard let normalized = CountryCode.normalize(code), let profile = try await platform.membership.memberState(code: normalized) else {
            throw NotFound(entity: Message("entity.memberState"), key: code, hint: Message("api.memberState.notFound.hint"))
        }
        let state = profile.memberState
        let names = [state.value.code: state.value.name]
        return .ok(.init(body: .json(.init(
            code: state.value.code, name: state.value.name, accession: state.value.accession?.description, founding: state.value.founding,
            context: state.value.context, provenance: try M.provenance(state.provenance), geography: try M.geography(profile.country),
            coordinations: try profile.coordinations.map {
                .init(priorityArea: $0.priorityArea, priorityAreaName: $0.priorityAreaName, dimension: $0.dimension,
                      role: try $0.role.onWire())
            },
            chairmanships: try profile.chairmanships.map { try M.chairmanship($0, names: names, today: platform.today()) },
            notes: profile.notes.map(M.note)))))
    }

    func listObservers(_ input: Operations.ListObservers.Input) async throws -> Operations.ListObservers.Output {
        let page = try PageRequest.parse(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await platform.membership.observers(kind: input.query.kind.map { try $0.inCore(field: "kind") }, page: page)
        return .ok(.init(body: .json(.init(items: try result.items.map(M.observer), nextCursor: result.nextCursor))))
    }

    func listPartners(_ input: Operations.ListPartners.Input) async throws -> Operations.ListPartners.Output {
        let page = try PageRequest.parse(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await platform.membership.partners(page: page)
        return .ok(.init(body: .json(.init(items: try result.items.map(M.partner), nextCursor: result.nextCursor))))
    }

    func listOrgans(_ input: Operations.ListOrgans.Input) async throws -> Operations.ListOrgans.Output {
        let l = localizer
        return .ok(.init(body: .json(.init(items: try await platform.organs.organs().map { try M.organ($0, localizer: l) }))))
    }

    func getOrgan(_ input: Operations.GetOrgan.Input) async throws -> Operations.GetOrgan.Output {
        guard let record = try await platform.organs.organ(slug: input.path.slug) else {
            throw NotFound(entity: Message("entity.organ"), key: input.path.slug, hint: Message("api.organ.notFound.hint"))
        }
        let meetings = try await platform.organs.meetings(MeetingFilter(organ: record.organ.slug), page: PageRequest(limit: PageRequest.maximumLimit))
        let asOf = platform.today()
        let report = CadenceReport.evaluate(record.organ.cadence, meetings: meetings.items.map(\.value), asOf: asOf)
        return .ok(.init(body: .json(.init(organ: try M.organ(record, localizer: localizer), cadenceReport: try M.cadenceReport(report, asOf: asOf),
                                           notes: record.notes.map(M.note)))))
    }

    func listMeetings(_ input: Operations.ListMeetings.Input) async throws -> Operations.ListMeetings.Output {
        let page = try PageRequest.parse(limit: input.query.limit, cursor: input.query.cursor)
        let filter = MeetingFilter(organ: input.query.organ, kind: try input.query.kind.map { try $0.inCore(field: "kind") },
                                   year: try Self.year(input.query.year))
        let result = try await platform.organs.meetings(filter, page: page)
        let chairs = try await platform.organs.chairmanships().map(\.value)
        let names = try await platform.membership.memberStateNames()
        return .ok(.init(body: .json(.init(items: try result.items.map { try M.meeting($0, chairs: chairs, names: names) }, nextCursor: result.nextCursor))))
    }

    func listChairmanships(_ input: Operations.ListChairmanships.Input) async throws -> Operations.ListChairmanships.Output {
        let names = try await platform.membership.memberStateNames()
        let asOf = platform.today()
        return .ok(.init(body: .json(.init(items: try await platform.organs.chairmanships().map { try M.chairmanship($0, names: names, today: asOf) }))))
    }

    func listDimensions(_ input: Operations.ListDimensions.Input) async throws -> Operations.ListDimensions.Output {
        let areas = try await platform.catalogue.priorityAreas(dimension: nil, state: nil)
        return .ok(.init(body: .json(.init(items: try await platform.catalogue.dimensions().map { d in
            .init(slug: d.value.slug, name: d.value.name, order: d.value.order,
                  priorityAreas: areas.filter { $0.value.dimension == d.value.slug }.map { .init(slug: $0.value.slug, name: $0.value.name) },
                  provenance: try M.provenance(d.provenance))
        }))))
    }

    func listPriorityAreas(_ input: Operations.ListPriorityAreas.Input) async throws -> Operations.ListPriorityAreas.Output {
        var state: String?
        if let text = input.query.state {
            guard let code = CountryCode.normalize(text) else {
                throw InvalidInput(field: "state", reason: Message("reason.mustIsoAlphaCode", ["text": "\(text)"]))
            }
            state = code
        }
        let areas = try await platform.catalogue.priorityAreas(dimension: input.query.dimension, state: state)
        let names = try await platform.membership.memberStateNames()
        return .ok(.init(body: .json(.init(items: try areas.map { try M.priorityArea($0, names: names) }))))
    }

    func getPriorityArea(_ input: Operations.GetPriorityArea.Input) async throws -> Operations.GetPriorityArea.Output {
        guard let area = try await platform.catalogue.priorityAreas(dimension: nil, state: nil).first(where: { $0.value.slug == input.path.slug }) else {
            throw NotFound(entity: Message("entity.priorityArea"), key: input.path.slug, list: "/api/v1/priority-areas")
        }
        let names = try await platform.membership.memberStateNames()
        let terms = try await platform.catalogue.coordinationTerms(area: input.path.slug)
        return .ok(.init(body: .json(.init(
            area: try M.priorityArea(area, names: names),
            terms: terms.map { t in
                .init(state: .init(code: t.state, name: names[t.state] ?? t.state), role: .init(rawValue: t.role.rawValue) ?? .coCoordinator,
                      from: t.from?.description, until: t.until?.description, startedBy: t.startedBy, endedBy: t.endedBy,
                      ending: t.ending.flatMap { .init(rawValue: $0.rawValue) })
            },
            offers: try await platform.catalogue.pendingOffers(area: input.path.slug).map {
                .init(decision: $0.decision, state: $0.offer.state, role: .init(rawValue: $0.offer.role.rawValue) ?? .coCoordinator)
            },
            papers: try await papers(try await platform.catalogueWork.papers(area: input.path.slug)),
            activities: try await platform.catalogueWork.activities(area: input.path.slug).map(Self.activity)))))
    }

    func offerCoordination(_ input: Operations.OfferCoordination.Input) async throws -> Operations.OfferCoordination.Output {
        let info = RequestInfo.current
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        guard try await platform.catalogue.priorityAreas(dimension: nil, state: nil).contains(where: { $0.value.slug == input.path.slug }) else {
            throw NotFound(entity: Message("entity.priorityArea"), key: input.path.slug, list: "/api/v1/priority-areas")
        }
        let decision = try await platform.offerCoordination(area: input.path.slug, state: b.state, role: b.role.rawValue, actor: info.actor) { state in
            try info.authorize(.offerCoordination, on: .state(state))
        }
        return .created(.init(body: .json(try Self.decision(decision))))
    }

    func getRoadMap(_ input: Operations.GetRoadMap.Input) async throws -> Operations.GetRoadMap.Output {
        guard let record = try await platform.catalogue.roadMap() else { throw NotFound(entity: Message("entity.roadMap"), key: "road-map") }
        let r = record.roadMap.value
        let today = platform.today()
        let all = try await platform.catalogue.milestones()
        let readable = try await platform.documents.documents(ids: Set(all.flatMap(\.documents)), readership: RequestInfo.current.readership)
        let milestones = all.map { Self.milestone($0, today: today, readable: readable) }
        return .ok(.init(body: .json(.init(title: r.title, endorsed: r.endorsed.description, endorsedAt: r.endorsedAt,
                                           areas: try record.areas.map { area in
                                               let number = area.value.number
                                               return .init(number: number, title: area.value.title, provenance: try M.provenance(area.provenance),
                                                            progress: Self.progress(RoadMapRules.progress(all.filter { $0.area == number }, today: today)))
                                           },
                                           provenance: try M.provenance(record.roadMap.provenance), milestones: milestones,
                                           progress: Self.progress(RoadMapRules.progress(all, today: today))))))
    }

    static func progress(_ p: RoadMapProgress) -> S.RoadMapProgress {
        S.RoadMapProgress(total: p.total, done: p.done, inProgress: p.inProgress, late: p.late, dropped: p.dropped, percent: p.percent)
    }

    /// A milestone as the API gives it: only the documents the caller may read (`readable`) are named.
    static func milestone(_ m: Milestone, today: CivilDate, readable: [String: Document]) -> S.Milestone {
        S.Milestone(id: m.id, area: m.area, title: m.title, due: m.due?.description, status: .init(rawValue: m.status.rawValue) ?? .planned,
                    done: m.done?.description, late: m.isLate(today: today), decisions: m.decisions, documents: m.documents.filter { readable[$0] != nil },
                    recordedAt: m.recorded.at)
    }

    func milestone(_ m: Milestone, today: CivilDate) async throws -> S.Milestone {
        Self.milestone(m, today: today, readable: try await platform.documents.documents(ids: Set(m.documents), readership: RequestInfo.current.readership))
    }

    static func milestoneFields(_ b: S.MilestoneBody) -> MilestoneFields {
        MilestoneFields(area: b.area.map(String.init), title: b.title, due: b.due, status: b.status?.rawValue, done: b.done,
                        decisions: b.decisions?.joined(separator: ","), documents: b.documents?.joined(separator: ","))
    }

    func recordMilestone(_ input: Operations.RecordMilestone.Input) async throws -> Operations.RecordMilestone.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.catalogue.recordMilestone(Self.milestoneFields(b), actor: info.actor, now: platform.now(), today: platform.today())
        return .created(.init(body: .json(try await milestone(m, today: platform.today()))))
    }

    func editMilestone(_ input: Operations.EditMilestone.Input) async throws -> Operations.EditMilestone.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.catalogue.editMilestone(id: input.path.id, Self.milestoneFields(b), actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(try await milestone(m, today: platform.today()))))
    }

    func getEligibility(_ input: Operations.GetEligibility.Input) async throws -> Operations.GetEligibility.Output {
        let answer = try await platform.membership.eligibility(code: input.path.code)
        let rule = try await platform.sources.datasetInfo()["eligibility_rule"] ?? ""
        let subjects: [Subject] = [.eligibilityRule] + [answer.memberState.map { Subject.memberState($0.code) },
                                                        answer.observer.map { Subject.observer($0.id) }].compactMap { $0 }
        let provenance = try await platform.sources.provenance(of: subjects)
        func sourced<V>(_ value: V, _ subject: Subject) -> Sourced<V> {
            Sourced(value: value, provenance: provenance[subject] ?? ResolvedProvenance(confidence: .notFound, sources: [], note: nil))
        }
        return .ok(.init(body: .json(.init(
            code: answer.country.alpha2, name: answer.country.name, verdict: try answer.verdict.onWire(),
            meetsCriterion: answer.meetsCriterion, reason: localizer.explanation(of: answer), geography: try M.geography(answer.country),
            memberState: try answer.memberState.map { try M.memberState(sourced($0, .memberState($0.code))) },
            observer: try answer.observer.map { try M.observer(sourced($0, .observer($0.id))) },
            rule: .init(text: rule, provenance: try M.provenance(sourced((), .eligibilityRule).provenance))))))
    }

    /// The generator does not check `minimum`/`maximum`, so the range of `year` is checked here.
    static func year(_ value: Int?) throws(InvalidInput) -> Int? {
        guard let value else { return nil }
        guard Limits.years.contains(value) else {
            throw InvalidInput(field: "year", reason: Message("reason.mustBetweenGot3", ["lowerBound": "\(Limits.years.lowerBound)",
                                                                                          "upperBound": "\(Limits.years.upperBound)", "value": "\(value)"]))
        }
        return value
    }
}
