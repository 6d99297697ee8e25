import Foundation
import SQLKit
import CICACore

/// The Catalogue at work beyond coordination and reports: its editions and their measures, the priority areas' concept
/// papers and action plans, and their activities. Every write is one transaction and a line of the audit log.
public protocol CatalogueWorkRepository: Sendable {
    /// The editions the reader may read (registry documents of the kind `catalogueEdition`), oldest first.
    func editions(readership: Readership) async throws -> [CatalogueEdition]
    /// An edition's measures in number order (every edition's when nil).
    func measures(edition: String?) async throws -> [CatalogueMeasure]
    /// The measures of the edition in force on `today` that belong to a priority area, by area: those a report may
    /// speak to.
    func measuresInForce(today: CivilDate) async throws -> [String: [CatalogueMeasure]]
    /// Adds a measure to an edition (the Secretariat): checked by `CatalogueRules.measure`.
    func recordMeasure(edition: String, _ fields: MeasureFields, actor: Actor, now: Date) async throws -> CatalogueMeasure
    /// Changes a measure of an edition.
    func editMeasure(edition: String, number: String, _ fields: MeasureFields, actor: Actor, now: Date) async throws -> CatalogueMeasure
    /// An area's papers (every area's when nil), newest endorsement first.
    func papers(area: String?) async throws -> [AreaPaper]
    /// Records a paper of an area (the Secretariat); returns it first, then the papers it superseded.
    func recordPaper(area: String, _ fields: PaperFields, actor: Actor, now: Date) async throws -> [AreaPaper]
    /// Endorses a draft paper by an adopted decision; returns it first, then the papers it superseded.
    func endorsePaper(id: String, decision: String?, actor: Actor, now: Date) async throws -> [AreaPaper]
    /// An area's activities (every area's when nil), newest first.
    func activities(area: String?) async throws -> [AreaActivity]
    /// A delegate's proposal of an activity on behalf of `state`, which must coordinate or co-coordinate the area.
    func proposeActivity(area: String, _ fields: ActivityFields, state: String, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity
    /// An activity the Secretariat records.
    func recordActivity(area: String, _ fields: ActivityFields, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity
    /// The Secretariat's change to an activity: its outcome, status or days.
    func editActivity(id: String, _ fields: ActivityFields, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity
}

/// `CatalogueWorkRepository` on SQLKit.
public struct SQLCatalogueWorkRepository: CatalogueWorkRepository {
    let database: Database

    // MARK: editions and measures

    public func editions(readership: Readership) async throws -> [CatalogueEdition] {
        try await database.read { sql in try await Self.editions(readership, sql: sql) }
    }

    static func editions(_ readership: Readership, sql: any SQLDatabase) async throws -> [CatalogueEdition] {
        CatalogueRules.ordered(try await sql.select().columns("id", "symbol", "title", "date").from("documents")
            .where("kind", .equal, DocumentKind.catalogueEdition.rawValue)
            .where("access", .in, SQLBind.group(readership.levels.map(\.rawValue))).all().compactMap { row in
                guard let adopted = try row.date("date") else { return nil }
                return CatalogueEdition(id: try row.string("id"), symbol: try row.optionalString("symbol") ?? "", title: try row.string("title"), adopted: adopted)
            })
    }

    /// The measures of the edition in force on `today` that belong to a priority area, by area, in number order.
    static func measuresInForce(today: CivilDate, sql: any SQLDatabase) async throws -> [String: [CatalogueMeasure]] {
        guard let edition = CatalogueRules.inForce(try await editions(.platform, sql: sql), today: today) else { return [:] }
        let all = try await sql.select().column("*").from("catalogue_measures").where("edition", .equal, edition.id)
            .where(SQLIdentifier("priority_area"), .isNot, SQLLiteral.null).all().map(measure)
        return Dictionary(grouping: all, by: { $0.priorityArea ?? "" }).mapValues { $0.sorted { CatalogueRules.precedes($0.number, $1.number) } }
    }

    static func measure(_ row: any SQLRow) throws -> CatalogueMeasure {
        CatalogueMeasure(edition: try row.string("edition"), number: try row.string("number"), dimension: try row.string("dimension"),
                         priorityArea: try row.optionalString("priority_area"), title: try row.string("title"), description: try row.string("description"),
                         procedure: try row.optionalString("procedure"), recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    public func measures(edition: String?) async throws -> [CatalogueMeasure] {
        try await database.read { sql in
            let query = sql.select().column("*").from("catalogue_measures")
            if let edition { query.where("edition", .equal, edition) }
            return try await query.all().map(Self.measure).sorted { ($0.edition, $0.number) == ($1.edition, $1.number) ? false
                : $0.edition != $1.edition ? $0.edition < $1.edition : CatalogueRules.precedes($0.number, $1.number) }
        }
    }

    public func measuresInForce(today: CivilDate) async throws -> [String: [CatalogueMeasure]] {
        try await database.read { sql in try await Self.measuresInForce(today: today, sql: sql) }
    }

    static func measureContext(edition: String, sql: any SQLDatabase) async throws -> CatalogueRules.Context {
        guard try await editions(.platform, sql: sql).contains(where: { $0.id == edition }) else {
            throw NotFound(entity: Message("entity.catalogueEdition"), key: edition, list: "/catalogue/editions")
        }
        let numbers = try await sql.select().column("number").from("catalogue_measures").where("edition", .equal, edition).all().map { try $0.string("number") }
        return CatalogueRules.Context(
            dimensions: Set(try await sql.select().column("slug").from("dimensions").all().map { try $0.string("slug") }),
            areas: Dictionary(uniqueKeysWithValues: try await sql.select().columns("slug", "dimension").from("priority_areas").all().map {
                (try $0.string("slug"), try $0.string("dimension"))
            }),
            numbersTaken: Set(numbers), measureCount: numbers.count)
    }

    static func summary(_ m: CatalogueMeasure) -> String { "\(m.number) \(m.dimension)\(m.priorityArea.map { "/" + $0 } ?? ""): \(m.title)" }

    public func recordMeasure(edition: String, _ fields: MeasureFields, actor: Actor, now: Date) async throws -> CatalogueMeasure {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let m = try CatalogueRules.measure(fields, edition: edition, context: try await Self.measureContext(edition: edition, sql: sql),
                                               stamp: Stamp(at: now, by: actor.recordName))
            try await sql.insert(into: "catalogue_measures")
                .columns("edition", "number", "dimension", "priority_area", "title", "description", "procedure", "recorded_at", "recorded_by")
                .values([Cell.text(m.edition), .text(m.number), .text(m.dimension), .text(m.priorityArea), .text(m.title), .text(m.description),
                         .text(m.procedure), .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "measure.record", entity: "measure/\(edition)/\(m.number)", before: nil, after: Self.summary(m), at: now)
            return m
        }
    }

    public func editMeasure(edition: String, number: String, _ fields: MeasureFields, actor: Actor, now: Date) async throws -> CatalogueMeasure {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let context = try await Self.measureContext(edition: edition, sql: sql)
            guard let row = try await sql.select().column("*").from("catalogue_measures").where("edition", .equal, edition).where("number", .equal, number).first() else {
                throw NotFound(entity: Message("entity.measure"), key: "\(edition)/\(number)", list: "/catalogue/editions/\(edition)")
            }
            let before = try Self.measure(row)
            let m = try CatalogueRules.measure(fields, existing: before, edition: edition, context: context, stamp: before.recorded)
            try await sql.update("catalogue_measures").set("dimension", to: m.dimension).set("priority_area", to: m.priorityArea).set("title", to: m.title)
                .set("description", to: m.description).set("procedure", to: m.procedure).set("edited_at", to: Timestamp.string(now))
                .where("edition", .equal, edition).where("number", .equal, number).run()
            try await AuditLog.append(sql, actor: actor, action: "measure.edit", entity: "measure/\(edition)/\(number)", before: Self.summary(before),
                                      after: Self.summary(m), at: now)
            return m
        }
    }

    // MARK: papers

    static func paper(_ row: any SQLRow) throws -> AreaPaper {
        AreaPaper(id: try row.string("id"), priorityArea: try row.string("priority_area"), kind: try row.value("kind", as: PaperKind.self),
                  title: try row.string("title"), period: try row.optionalString("period"), status: try row.value("status", as: PaperStatus.self),
                  endorsed: try row.date("endorsed"), endorsedBy: try row.optionalString("endorsed_by"), decision: try row.optionalString("decision"),
                  document: try row.optionalString("document"), supersededBy: try row.optionalString("superseded_by"),
                  recorded: try row.string("recorded_by") == "dataset" ? nil : CivilDate(try row.instant("recorded_at")))
    }

    static func papers(area: String?, sql: any SQLDatabase) async throws -> [AreaPaper] {
        let query = sql.select().column("*").from("area_papers")
        if let area { query.where("priority_area", .equal, area) }
        return try await query.all().map(paper).sorted { a, b in
            (a.endorsed ?? PartialDate(year: 9999), a.id) > (b.endorsed ?? PartialDate(year: 9999), b.id)
        }
    }

    public func papers(area: String?) async throws -> [AreaPaper] {
        try await database.read { sql in try await Self.papers(area: area, sql: sql) }
    }

    static func paperContext(_ sql: any SQLDatabase) async throws -> PaperRules.Context {
        let documents = try await sql.select().columns("id", "symbol").from("documents").all().map { (try $0.string("id"), try $0.optionalString("symbol")) }
        var decisions: [String: PaperRules.Endorsement?] = [:], symbols: [String: String] = [:]
        for row in try await sql.select().columns("id", "symbol", "organ", "status", "closed_at").from("decisions").all() {
            let id = try row.string("id")
            if let symbol = try row.optionalString("symbol"), !symbol.isEmpty { symbols[symbol] = id }
            let adopted = try row.string("status") == DecisionStatus.adopted.rawValue
            let day = try row.optionalString("closed_at").flatMap(Timestamp.date).map { CivilDate($0) }
            decisions[id] = adopted && day != nil ? PaperRules.Endorsement(decision: id, organ: try row.string("organ"), day: day!) : .some(nil)
        }
        return PaperRules.Context(
            areas: Set(try await sql.select().column("slug").from("priority_areas").all().map { try $0.string("slug") }),
            documents: Set(documents.map(\.0)),
            documentSymbols: Dictionary(documents.compactMap { id, symbol in symbol.flatMap { $0.isEmpty ? nil : ($0, id) } }, uniquingKeysWith: { a, _ in a }),
            decisions: decisions, decisionSymbols: symbols)
    }

    static func summary(_ p: AreaPaper) -> String {
        "\(p.priorityArea) \(p.kind.rawValue): \(p.title); \(p.status.rawValue)\(p.decision.map { " by \($0)" } ?? "")"
    }

    /// Writes a paper's status and what it was superseded by.
    static func updateStatus(_ p: AreaPaper, now: Date, sql: any SQLDatabase) async throws {
        try await sql.update("area_papers").set("status", to: p.status.rawValue).set("endorsed", to: p.endorsed?.description)
            .set("endorsed_by", to: p.endorsedBy).set("decision", to: p.decision).set("superseded_by", to: p.supersededBy)
            .set("edited_at", to: Timestamp.string(now)).where("id", .equal, p.id).run()
    }

    public func recordPaper(area: String, _ fields: PaperFields, actor: Actor, now: Date) async throws -> [AreaPaper] {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            var p = try PaperRules.record(fields, area: area, context: try await Self.paperContext(sql),
                                          id: newRecordId("paper"), today: CivilDate(now))
            // Placed among the area's endorsed papers of its kind by the day of its endorsement.
            var superseded = PaperRules.supersession(of: p, papers: try await Self.papers(area: area, sql: sql))
            if superseded.first?.id == p.id { p = superseded.removeFirst() }
            try await sql.insert(into: "area_papers")
                .columns("id", "priority_area", "kind", "title", "period", "status", "endorsed", "endorsed_by", "decision", "document", "superseded_by",
                         "recorded_at", "recorded_by")
                .values([Cell.text(p.id), .text(p.priorityArea), .text(p.kind.rawValue), .text(p.title), .text(p.period), .text(p.status.rawValue),
                         .text(p.endorsed?.description), .text(p.endorsedBy), .text(p.decision), .text(p.document), .text(p.supersededBy),
                         .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression))
                .run()
            for s in superseded { try await Self.updateStatus(s, now: now, sql: sql) }
            try await AuditLog.append(sql, actor: actor, action: "paper.record", entity: "paper/\(p.id)", before: nil, after: Self.summary(p), at: now)
            return [p] + superseded
        }
    }

    public func endorsePaper(id: String, decision: String?, actor: Actor, now: Date) async throws -> [AreaPaper] {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let row = try await sql.select().column("*").from("area_papers").where("id", .equal, id).first() else {
                throw NotFound(entity: Message("entity.paper"), key: id, list: "/catalogue")
            }
            let paper = try Self.paper(row)
            let changed = try PaperRules.endorse(paper, decision: decision, papers: try await Self.papers(area: paper.priorityArea, sql: sql),
                                                 context: try await Self.paperContext(sql))
            for p in changed { try await Self.updateStatus(p, now: now, sql: sql) }
            try await AuditLog.append(sql, actor: actor, action: "paper.endorse", entity: "paper/\(id)", before: Self.summary(paper), after: Self.summary(changed[0]), at: now)
            return changed
        }
    }

    // MARK: activities

    static func activity(_ row: any SQLRow) throws -> AreaActivity {
        AreaActivity(id: try row.string("id"), priorityArea: try row.string("priority_area"), kind: try row.value("kind", as: ActivityKind.self),
                     title: try row.string("title"), start: try row.day("start_date"),
                     end: try row.day("end_date"), host: try row.optionalString("host"),
                     participants: try JSONDecoder().decode([String].self, from: Data(try row.string("participants").utf8)),
                     status: try row.value("status", as: ActivityStatus.self), outcome: try row.optionalString("outcome"),
                     proposedBy: try row.optionalString("proposed_by"), recorded: Stamp(at: try row.instant("recorded_at"), by: try row.string("recorded_by")))
    }

    static func activities(area: String?, sql: any SQLDatabase) async throws -> [AreaActivity] {
        let query = sql.select().column("*").from("area_activities")
        if let area { query.where("priority_area", .equal, area) }
        return try await query.orderBy("start_date", .descending).orderBy("id").all().map(activity)
    }

    public func activities(area: String?) async throws -> [AreaActivity] {
        try await database.read { sql in try await Self.activities(area: area, sql: sql) }
    }

    static func activityContext(area: String, sql: any SQLDatabase) async throws -> ActivityRules.Context {
        ActivityRules.Context(
            areas: Set(try await sql.select().column("slug").from("priority_areas").all().map { try $0.string("slug") }),
            memberStates: Set(try await sql.select().column("code").from("member_states").all().map { try $0.string("code") }),
            observers: Set(try await sql.select().column("id").from("observers").where(SQLIdentifier("until_date"), .is, SQLLiteral.null).all()
                .map { try $0.string("id") }),
            running: try await CoordinationStore.terms(area: area, runningOnly: true, sql: sql))
    }

    static func summary(_ a: AreaActivity) -> String {
        "\(a.priorityArea) \(a.kind.rawValue): \(a.title); \(a.start)–\(a.end); \(a.status.rawValue)"
    }

    static func insert(_ a: AreaActivity, actor: Actor, now: Date, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "area_activities")
            .columns("id", "priority_area", "kind", "title", "start_date", "end_date", "host", "participants", "status", "outcome", "proposed_by",
                     "recorded_at", "recorded_by")
            .values([Cell.text(a.id), .text(a.priorityArea), .text(a.kind.rawValue), .text(a.title), .text(a.start.description), .text(a.end.description),
                     .text(a.host), .text(SQLCatalogueRepository.json(a.participants)), .text(a.status.rawValue), .text(a.outcome), .text(a.proposedBy),
                     .text(Timestamp.string(now)), .text(actor.recordName)].map(\.expression))
            .run()
        try await AuditLog.append(sql, actor: actor, action: a.proposedBy == nil ? "activity.record" : "activity.propose", entity: "activity/\(a.id)",
                                  before: nil, after: summary(a), at: now)
    }

    public func proposeActivity(area: String, _ fields: ActivityFields, state: String, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let a = try ActivityRules.propose(fields, area: area, by: state, context: try await Self.activityContext(area: area, sql: sql),
                                              id: newRecordId("activity"), today: today, stamp: Stamp(at: now, by: actor.recordName))
            try await Self.insert(a, actor: actor, now: now, sql: sql)
            return a
        }
    }

    public func recordActivity(area: String, _ fields: ActivityFields, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let a = try ActivityRules.record(fields, area: area, context: try await Self.activityContext(area: area, sql: sql), id: newRecordId("activity"),
                                             today: today, stamp: Stamp(at: now, by: actor.recordName))
            try await Self.insert(a, actor: actor, now: now, sql: sql)
            return a
        }
    }

    public func editActivity(id: String, _ fields: ActivityFields, actor: Actor, now: Date, today: CivilDate) async throws -> AreaActivity {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let row = try await sql.select().column("*").from("area_activities").where("id", .equal, id).first() else {
                throw NotFound(entity: Message("entity.activity"), key: id, list: "/catalogue")
            }
            let before = try Self.activity(row)
            let a = try ActivityRules.record(fields, existing: before, area: before.priorityArea,
                                             context: try await Self.activityContext(area: before.priorityArea, sql: sql), id: id, today: today, stamp: before.recorded)
            try await sql.update("area_activities").set("kind", to: a.kind.rawValue).set("title", to: a.title).set("start_date", to: a.start.description)
                .set("end_date", to: a.end.description).set("host", to: a.host).set("participants", to: SQLCatalogueRepository.json(a.participants))
                .set("status", to: a.status.rawValue).set("outcome", to: a.outcome).set("edited_at", to: Timestamp.string(now)).where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "activity.edit", entity: "activity/\(id)", before: Self.summary(before), after: Self.summary(a), at: now)
            return a
        }
    }
}
