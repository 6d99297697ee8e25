import Foundation
import OpenAPIRuntime
import CICACore
import CICAStore

/// The Catalogue's editions and measures, and the priority areas' papers and activities.
extension PlatformAPI {
    func edition(_ e: CatalogueEdition, inForce: CatalogueEdition?, measures: Int) -> S.CatalogueEdition {
        S.CatalogueEdition(id: e.id, symbol: e.symbol, title: e.title, adopted: e.adopted.description, inForce: e.id == inForce?.id, measures: measures)
    }

    static func measure(_ m: CatalogueMeasure) -> S.CatalogueMeasure {
        S.CatalogueMeasure(edition: m.edition, number: m.number, dimension: m.dimension, priorityArea: m.priorityArea, title: m.title,
                           description: m.description, procedure: m.procedure)
    }

    static func measureFields(_ b: S.MeasureBody) -> MeasureFields {
        MeasureFields(number: b.number, dimension: b.dimension, priorityArea: b.priorityArea, title: b.title, description: b.description, procedure: b.procedure)
    }

    func listEditions(_ input: Operations.ListEditions.Input) async throws -> Operations.ListEditions.Output {
        let editions = try await platform.catalogueWork.editions(readership: RequestInfo.current.readership)
        let inForce = CatalogueRules.inForce(editions, today: platform.today())
        let measures = try await platform.catalogueWork.measures(edition: nil)
        return .ok(.init(body: .json(.init(items: editions.map { e in edition(e, inForce: inForce, measures: measures.filter { $0.edition == e.id }.count) }))))
    }

    func getEdition(_ input: Operations.GetEdition.Input) async throws -> Operations.GetEdition.Output {
        let editions = try await platform.catalogueWork.editions(readership: RequestInfo.current.readership)
        guard let e = editions.first(where: { $0.id == input.path.id }) else {
            throw NotFound(entity: Message("entity.catalogueEdition"), key: input.path.id, list: "/api/v1/catalogue/editions")
        }
        let measures = try await platform.catalogueWork.measures(edition: e.id)
        return .ok(.init(body: .json(.init(edition: edition(e, inForce: CatalogueRules.inForce(editions, today: platform.today()), measures: measures.count),
                                           measures: measures.map(Self.measure)))))
    }

    func recordMeasure(_ input: Operations.RecordMeasure.Input) async throws -> Operations.RecordMeasure.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.catalogueWork.recordMeasure(edition: input.path.id, Self.measureFields(b), actor: info.actor, now: platform.now())
        return .created(.init(body: .json(Self.measure(m))))
    }

    func editMeasure(_ input: Operations.EditMeasure.Input) async throws -> Operations.EditMeasure.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let m = try await platform.catalogueWork.editMeasure(edition: input.path.id, number: input.path.number, Self.measureFields(b), actor: info.actor,
                                                             now: platform.now())
        return .ok(.init(body: .json(Self.measure(m))))
    }

    func compareEditions(_ input: Operations.CompareEditions.Input) async throws -> Operations.CompareEditions.Output {
        let editions = try await platform.catalogueWork.editions(readership: RequestInfo.current.readership)
        let (older, newer) = try CatalogueRules.compared(editions, from: input.query.from, to: input.query.to)
        guard let older, let newer else { return .ok(.init(body: .json(.init(added: [], removed: [], changed: [], unchanged: 0)))) }
        let c = CatalogueRules.compare(from: try await platform.catalogueWork.measures(edition: older.id), to: try await platform.catalogueWork.measures(edition: newer.id))
        return .ok(.init(body: .json(.init(
            from: older.id, to: newer.id, added: c.added.map(Self.measure), removed: c.removed.map(Self.measure),
            changed: c.changed.map { .init(number: $0.number, fields: $0.fields.compactMap { .init(rawValue: $0) }, before: Self.measure($0.before), after: Self.measure($0.after)) },
            unchanged: c.unchanged.count))))
    }

    /// A paper as the API gives it: its document named only when the caller may read it (`readable`).
    static func paper(_ p: AreaPaper, provenance: ResolvedProvenance?, readable: [String: Document]) throws -> S.AreaPaper {
        let document = p.document.flatMap { readable[$0] == nil ? nil : $0 }
        return S.AreaPaper(id: p.id, priorityArea: p.priorityArea, kind: .init(rawValue: p.kind.rawValue) ?? .conceptPaper, title: p.title, period: p.period,
                           status: .init(rawValue: p.status.rawValue) ?? .draft, endorsed: p.endorsed?.description, endorsedBy: p.endorsedBy,
                           decision: p.decision, document: document, supersededBy: p.supersededBy, provenance: try provenance.map(M.provenance))
    }

    func papers(_ papers: [AreaPaper]) async throws -> [S.AreaPaper] {
        let provenance = try await platform.sources.provenance(of: papers.map { .areaPaper($0.id) })
        let readable = try await platform.documents.documents(ids: Set(papers.compactMap(\.document)), readership: RequestInfo.current.readership)
        return try papers.map { try Self.paper($0, provenance: provenance[.areaPaper($0.id)], readable: readable) }
    }

    static func activity(_ a: AreaActivity) -> S.AreaActivity {
        S.AreaActivity(id: a.id, priorityArea: a.priorityArea, kind: .init(rawValue: a.kind.rawValue) ?? .otherEvent, title: a.title, start: a.start.description,
                       end: a.end.description, host: a.host, participants: a.participants, status: .init(rawValue: a.status.rawValue) ?? .proposed,
                       outcome: a.outcome, proposedBy: a.proposedBy)
    }

    static func activityFields(_ b: S.ActivityBody) -> ActivityFields {
        ActivityFields(kind: b.kind?.rawValue, title: b.title, start: b.start, end: b.end, host: b.host, participants: b.participants?.joined(separator: ","),
                       status: b.status?.rawValue, outcome: b.outcome)
    }

    func recordAreaPaper(_ input: Operations.RecordAreaPaper.Input) async throws -> Operations.RecordAreaPaper.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        try await requireArea(input.path.slug)
        let changed = try await platform.catalogueWork.recordPaper(area: input.path.slug, PaperFields(kind: b.kind.rawValue, title: b.title, period: b.period,
                                                                                                       document: b.document, decision: b.decision),
                                                                   actor: info.actor, now: platform.now())
        return .created(.init(body: .json(try await papers(changed))))
    }

    func endorseAreaPaper(_ input: Operations.EndorseAreaPaper.Input) async throws -> Operations.EndorseAreaPaper.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let changed = try await platform.catalogueWork.endorsePaper(id: input.path.id, decision: b.decision, actor: info.actor, now: platform.now())
        return .ok(.init(body: .json(try await papers(changed))))
    }

    func proposeActivity(_ input: Operations.ProposeActivity.Input) async throws -> Operations.ProposeActivity.Output {
        let info = RequestInfo.current
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        // Sign-in and the role come first: the public learns nothing of the area from the answer.
        let records = Policy.decide(info.principal, .manageRecords).isAllowed
        if !records, b.state == nil { try info.authorize(.proposeActivity) }
        try await requireArea(input.path.slug)
        let a = try await platform.activity(area: input.path.slug, Self.activityFields(b), state: b.state, records: records, actor: info.actor) { state in
            try info.authorize(.proposeActivity, on: .state(state))
        }
        return .created(.init(body: .json(Self.activity(a))))
    }

    func editActivity(_ input: Operations.EditActivity.Input) async throws -> Operations.EditActivity.Output {
        let info = RequestInfo.current
        try info.authorize(.manageRecords)
        guard case .json(let b) = input.body else { throw InvalidInput(field: "body", reason: Message("reason.mustJson")) }
        let a = try await platform.catalogueWork.editActivity(id: input.path.id, Self.activityFields(b), actor: info.actor, now: platform.now(), today: platform.today())
        return .ok(.init(body: .json(Self.activity(a))))
    }

    func requireArea(_ slug: String) async throws {
        guard try await platform.catalogue.priorityAreas(dimension: nil, state: nil).contains(where: { $0.value.slug == slug }) else {
            throw NotFound(entity: Message("entity.priorityArea"), key: slug, list: "/api/v1/priority-areas")
        }
    }
}
