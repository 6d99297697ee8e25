import Foundation
import SQLKit
import CICACore

/// Loads CICA's reference dataset into the database.
///
/// Seeding upserts every fact of the dataset in one transaction, so running it twice leaves the
/// same rows; it never deletes records the platform created itself.
public enum ReferenceData {
    /// The dataset violates an invariant; nothing was written.
    public struct InvalidDataset: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { "The reference dataset is inconsistent: " + problems.joined(separator: "; ") }
    }

    /// What a seed wrote, and what it left as decisions decided.
    public struct Summary: Sendable, Equatable {
        public var datasetVersion: String
        public var facts: Int
        /// The dataset's facts an adopted decision has changed since: left as decided.
        public var leftAlone: [DecidedFact]
    }

    /// A step of a seed, for a progress line on the terminal.
    public enum Step: Sendable, Equatable {
        /// The dataset is consistent: this many facts to write.
        case checked(version: String, facts: Int)
        /// A table written: its rows in the dataset.
        case table(String, rows: Int)
        /// The admissions recorded as historical decisions.
        case admissions
        /// The priority areas' coordinations brought up to date.
        case coordinations
    }

    /// Told of each step of the seed running in this task (`seed(progress:)`). A class around the closure: a task-local
    /// holding a closure itself crashed release builds in `swift_task_localValuePush` (Swift 6.3.1).
    final class Progress: Sendable {
        let report: @Sendable (Step) -> Void
        init(_ report: @escaping @Sendable (Step) -> Void) { self.report = report }
    }
    @TaskLocal static var progress: Progress?

    /// Whether the reference facts have been loaded into `database`.
    public static func isLoaded(in database: Database) async throws -> Bool {
        try await database.read { sql in
            try await sql.select().column("value").from("dataset_info").where("key", .equal, "dataset_version").first() != nil
        }
    }

    /// The platform itself, when it loads the dataset into an empty database on first start.
    public static let platformActor = Actor(userId: nil, label: "platform (first start)", role: "platform", requestId: nil, address: nil)

    /// Loads `dataset` (the shipped one by default): adds and corrects the reference facts it holds, but leaves every fact
    /// an adopted decision changed as decided (`SeedPlan`), and writes one audit entry saying who seeded which version,
    /// what changed and what was left alone.
    @discardableResult
    public static func seed(_ dataset: ReferenceDataset? = nil, into database: Database, actor: Actor = platformActor,
                            now: Date = Date(), progress: (@Sendable (Step) -> Void)? = nil) async throws -> Summary {
        try await $progress.withValue(progress.map(Progress.init)) { try await seed(dataset, into: database, actor: actor, now: now) }
    }

    private static func seed(_ dataset: ReferenceDataset?, into database: Database, actor: Actor, now: Date) async throws -> Summary {
        let dataset = try dataset ?? ReferenceDataset.shipped()
        let problems = DatasetInvariant.violations(of: dataset)
        guard problems.isEmpty else { throw InvalidDataset(problems: problems) }
        let engine = database.engine
        let progress = Self.progress?.report
        return try await database.write { sql in
            let plan = SeedPlan(dataset, decided: try await decidedFacts(sql))
            progress?(.checked(version: dataset.datasetVersion, facts: plan.provenances.count))
            let previous = try await sql.select().column("value").from("dataset_info").where("key", .equal, "dataset_version").first()
                .map { try $0.string("value") }
            let before = try await counts(sql)
            try await load(plan, sql)
            // The plan's dataset: a state admitted by decision is not recorded again as a historical admission.
            progress?(.admissions)
            try await recordAdmissions(plan.dataset, sql: sql, engine: engine, actor: actor, now: now)
            progress?(.coordinations)
            try await CoordinationStore.sync(sql, today: CivilDate(now))
            let after = try await counts(sql)
            let changed = after.keys.sorted().compactMap { table in
                before[table] == after[table] ? nil : "\(table) \(before[table] ?? 0) → \(after[table] ?? 0)"
            }
            let left = plan.leftAlone.map { "\($0.subject.rawValue) (\($0.decision))" }
            try await AuditLog.append(sql, actor: actor, action: "dataset.seed", entity: "dataset/\(dataset.datasetVersion)",
                                      before: previous.map { "dataset \($0)" },
                                      after: "dataset \(dataset.datasetVersion): \(plan.provenances.count) facts written"
                                          + "; rows: " + (changed.isEmpty ? "unchanged" : changed.joined(separator: ", "))
                                          + "; left as decided: " + (left.isEmpty ? "none" : left.joined(separator: ", ")),
                                      at: now)
            return Summary(datasetVersion: dataset.datasetVersion, facts: plan.provenances.count, leftAlone: plan.leftAlone)
        }
    }

    /// Every fact an adopted decision changed, with the decision's symbol.
    static func decidedFacts(_ sql: any SQLDatabase) async throws -> [DecidedFact] {
        try await sql.raw("""
            SELECT "decided_facts"."subject", "decisions"."symbol" FROM "decided_facts"
            JOIN "decisions" ON "decisions"."id" = "decided_facts"."decision_id"
            ORDER BY "decisions"."closed_at", "decided_facts"."subject"
            """).all().map { DecidedFact(subject: Subject(try $0.string("subject")), decision: try $0.string("symbol")) }
    }

    /// The tables a seed writes, with their rows counted, for the audit entry.
    static let countedTables = ["sources", "member_states", "observers", "partners", "organs", "meetings", "chairmanships",
                                "secretariat_appointments", "priority_areas", "coordinations", "documents", "source_notes", "decisions"]

    static func counts(_ sql: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in countedTables {
            counts[table] = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?.int("n") ?? 0
        }
        return counts
    }

    private static func load(_ plan: SeedPlan, _ sql: any SQLDatabase) async throws {
        let d = plan.dataset
        try await upsert(sql, "sources", key: ["id"], columns: ["id", "url", "title", "sort_key"], rows: d.sources.map { s in
            [.text(s.id), .text(s.url), .text(s.title), .text(SortKey.byName(s.title, id: s.id))]
        })
        try await upsert(sql, "countries", key: ["code"],
                         columns: ["code", "alpha3", "numeric", "name", "official_name", "asia", "m49_subregion", "note", "statehood", "sort_key"],
                         rows: d.countries.map { c in
            [.text(c.alpha2), .text(c.alpha3), .text(c.numeric), .text(c.name), .text(c.officialName), .text(c.asia.rawValue),
             .text(c.m49AsiaSubregion), .text(c.note), .text(c.statehood.rawValue), .text(SortKey.byName(c.name, id: c.alpha2))]
        })
        try await upsert(sql, "member_states", key: ["code"], columns: ["code", "name", "accession", "founding", "context", "sort_key"],
                         rows: d.memberStates.map { m in
            [.text(m.code), .text(m.name), .text(m.accession?.description), .bool(m.founding), .text(m.context),
             .text(SortKey.byName(m.name, id: m.code))]
        })
        try await upsert(sql, "observers", key: ["id"],
                         columns: ["id", "kind", "country_code", "name", "acronym", "since_text", "since_date", "until_date", "sort_key"],
                         rows: d.observers.map { o in
            [.text(o.id), .text(o.kind.rawValue), .text(o.countryCode), .text(o.name), .text(o.acronym), .text(o.since),
             .text(o.sinceDate?.description), .text(o.until?.description), .text(SortKey.byName(o.name, id: o.id))]
        })
        try await upsert(sql, "partners", key: ["id"],
                         columns: ["id", "acronym", "name", "instrument", "signed", "signed_note", "place", "sort_key"],
                         rows: d.partners.map { p in
            [.text(p.id), .text(p.acronym), .text(p.name), .text(p.instrument), .text(p.signed?.description), .text(p.signedNote),
             .text(p.place), .text(SortKey.byName(p.name, id: p.id))]
        })
        try await upsert(sql, "external_relations", key: ["id"], columns: ["id", "title", "date", "detail"],
                         rows: d.externalRelations.map { e in
            [.text(e.id), .text(e.title), .text(e.date?.description), .text(e.detail)]
        })
        // Parents before children: an organ reports to one of higher rank.
        try await upsert(sql, "organs", key: ["slug"],
                         columns: ["slug", "name", "short_name", "former_name", "renamed_on", "role", "reports_to", "rank", "seat",
                                   "cadence_kind", "cadence_count", "cadence_years"],
                         rows: d.organs.sorted { $0.rank < $1.rank }.map { o in
            [.text(o.slug), .text(o.name), .text(o.shortName), .text(o.formerName), .text(o.renamedOn?.description), .text(o.role),
             .text(o.reportsTo), .int(o.rank), .text(o.seat), .text(o.cadence.kind.rawValue), .int(o.cadence.count), .int(o.cadence.years)]
        })
        // A meeting of the record the Secretariat has since conducted or corrected on the platform stays as it left it.
        let conducted = Set(try await sql.select().column("id").from("meetings").where(SQLIdentifier("edited_at"), .isNot, SQLLiteral.null).all()
            .map { try $0.string("id") })
        try await upsert(sql, "meetings", key: ["id"],
                         columns: ["id", "organ", "kind", "number", "title", "start_date", "end_date", "city", "country_code", "format",
                                   "status", "sort_key"],
                         rows: d.meetings.filter { !conducted.contains($0.id) }.map { m in
            [.text(m.id), .text(m.organ), .text(m.kind.rawValue), .int(m.number), .text(m.title), .text(m.start?.description),
             .text(m.end?.description), .text(m.city), .text(m.countryCode), .text(m.format.rawValue), .text(m.status.rawValue),
             .text(SortKey.byDate(m.start, id: m.id))]
        })
        try await replaceChildren(sql, "meeting_outcomes", parent: "meeting_id", parents: d.meetings.map(\.id),
                                  columns: ["meeting_id", "position", "body"],
                                  rows: d.meetings.flatMap { m in
            m.outcomes.enumerated().map { [.text(m.id), .int($0.offset), .text($0.element)] as [Cell] }
        })
        try await upsert(sql, "chairmanships", key: ["id"],
                         columns: ["id", "state", "start_date", "start_note", "end_date", "end_note", "sort_key"],
                         rows: d.chairmanships.map { c in
            [.text(c.id), .text(c.state), .text(c.start?.description), .text(c.startNote), .text(c.end?.description), .text(c.endNote),
             .text(SortKey.byDate(c.start, id: c.id))]
        })
        try await upsert(sql, "secretariat_appointments", key: ["id"],
                         columns: ["id", "post", "title", "name", "nationality", "term", "start_date", "end_date", "sort_key"],
                         rows: d.secretariatHeads.map { a in
            [.text(a.id), .text(a.post.rawValue), .text(a.title), .text(a.name), .text(a.nationality), .text(a.term),
             .text(a.start?.description), .text(a.end?.description), .text(SortKey.byDate(a.start, id: a.id))]
        })
        try await upsert(sql, "dimensions", key: ["slug"], columns: ["slug", "name", "position"], rows: d.dimensions.map { x in
            [.text(x.slug), .text(x.name), .int(x.order)]
        })
        try await upsert(sql, "priority_areas", key: ["slug"], columns: ["slug", "dimension", "name", "position", "coordinator_confidence"],
                         rows: d.priorityAreas.map { a in
            [.text(a.slug), .text(a.dimension), .text(a.name), .int(a.order), .text(a.coordinatorConfidence?.rawValue)]
        })
        let referenceAreas = d.priorityAreas.filter { !plan.decidedCoordinations.contains($0.slug) }
        try await replaceChildren(sql, "coordinations", parent: "priority_area", parents: referenceAreas.map(\.slug),
                                  columns: ["priority_area", "state", "role", "position"],
                                  rows: referenceAreas.flatMap { area in
            area.coordinations.enumerated().map { [.text(area.slug), .text($0.element.state), .text($0.element.role.rawValue), .int($0.offset)] as [Cell] }
        })
        try await upsert(sql, "road_maps", key: ["id"], columns: ["id", "title", "endorsed", "endorsed_at"], rows: [
            [.text(Subject.roadMap.rawValue), .text(d.roadMap.title), .text(d.roadMap.endorsed.description), .text(d.roadMap.endorsedAt)],
        ])
        try await upsert(sql, "reform_areas", key: ["number"], columns: ["number", "title"], rows: d.roadMap.areas.map { a in
            [.int(a.number), .text(a.title)]
        })
        try await loadDocuments(d, sql)
        // A paper of the record the Secretariat has since changed (superseded by a paper it recorded) stays as it left it.
        let changedPapers = Set(try await sql.select().column("id").from("area_papers").where(SQLIdentifier("edited_at"), .isNot, SQLLiteral.null).all()
            .map { try $0.string("id") })
        let recordedAt = String(d.datasetVersion.prefix(10)) + "T00:00:00Z"
        try await upsert(sql, "area_papers", key: ["id"],
                         columns: ["id", "priority_area", "kind", "title", "period", "status", "endorsed", "endorsed_by", "decision", "document",
                                   "superseded_by", "recorded_at", "recorded_by"],
                         rows: d.areaPapers.filter { !changedPapers.contains($0.id) }.map { p in
            [.text(p.id), .text(p.priorityArea), .text(p.kind.rawValue), .text(p.title), .text(p.period), .text(p.status.rawValue),
             .text(p.endorsed?.description), .text(p.endorsedBy), .text(p.decision), .text(p.document), .text(p.supersededBy),
             .text(recordedAt), .text("dataset")]
        })
        try await upsert(sql, "official_days", key: ["slug"], columns: ["slug", "name", "month", "day", "description"],
                         rows: d.officialDays.map { x in [.text(x.slug), .text(x.name), .int(x.month), .int(x.day), .text(x.description)] })

        let provenances = plan.provenances
        try await upsert(sql, "provenance", key: ["subject"], columns: ["subject", "confidence", "note"], rows: provenances.map { subject, p in
            [.text(subject.rawValue), .text(p.confidence.rawValue), .text(p.note)]
        })
        try await replaceChildren(sql, "provenance_sources", parent: "subject", parents: provenances.map(\.0.rawValue),
                                  columns: ["subject", "position", "source_id"],
                                  rows: provenances.flatMap { subject, p in
            p.sources.enumerated().map { [.text(subject.rawValue), .int($0.offset), .text($0.element)] as [Cell] }
        })
        try await upsert(sql, "source_notes", key: ["id"], columns: ["id", "topic", "preferred", "values_json", "sources_json", "position"],
                         rows: try d.notes.enumerated().map { index, note in
            [.text(note.id), .text(note.topic), .text(note.preferred), .text(try json(note.values)), .text(try json(note.sources)), .int(index)]
        })
        try await replaceChildren(sql, "source_note_subjects", parent: "note_id", parents: d.notes.map(\.id),
                                  columns: ["note_id", "subject"],
                                  rows: d.notes.flatMap { note in
            Set(note.subjects).sorted { $0.rawValue < $1.rawValue }.map { [.text(note.id), .text($0.rawValue)] as [Cell] }
        })
        try await upsert(sql, "dataset_info", key: ["key"], columns: ["key", "value"], rows: [
            [.text("dataset_version"), .text(d.datasetVersion)],
            [.text("compiled_from"), .text(d.compiledFrom)],
            [.text("eligibility_rule"), .text(d.eligibilityRule.text)],
        ])
    }

    /// The admissions of the dataset as adopted decisions with their effect, so that the record and the registry agree
    /// (`HistoricalRecord`: the organ and meeting only where a source names them, the date at the sources' precision).
    ///
    /// Each is written once. A record already written that the sources now tell differently is corrected by a correction
    /// entry naming what changed, never rewritten.
    static func recordAdmissions(_ d: ReferenceDataset, sql: any SQLDatabase, engine: Database.Engine, actor: Actor, now: Date) async throws {
        let countries = Dictionary(uniqueKeysWithValues: d.countries.map { ($0.alpha2, $0) })
        let recorder = Actor(userId: nil, label: HistoricalRecord.recorder, role: nil, requestId: nil, address: nil)
        for member in d.memberStates {
            guard let (decision, text) = HistoricalRecord.admission(of: member, name: countries[member.code]?.name ?? member.name, organs: d.organs)
            else { continue }
            if try await sql.select().column("id").from("decisions").where("id", .equal, decision.id).first() != nil {
                let state = try await SQLDecisionRepository.state(decision.id, sql: sql, engine: engine)
                if let correction = DecisionWorkflow.correctHistorical(state, to: decision, text: text,
                                                                         reason: Message("decision.correction.sources", ["version": .text(d.datasetVersion)]),
                                                                         by: actor, now: now) {
                    _ = try await SQLDecisionRepository.apply(correction, actor: actor, now: now, sql: sql, engine: engine)
                }
                continue
            }
            _ = try await SQLDecisionRepository.apply(DecisionWorkflow.recordHistorical(decision, text: text), actor: recorder,
                                                     now: decision.closedAt ?? now, sql: sql, engine: engine)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Inserts `rows`, or updates the row with the same key, in batches that stay under both engines' bind limits.
    static func upsert(_ sql: any SQLDatabase, _ table: String, key: [String], columns: [String],
                       rows: [[Cell]]) async throws {
        progress?.report(.table(table, rows: rows.count))
        let updated = columns.filter { !key.contains($0) }
        for batch in rows.chunks(of: max(1, 5000 / columns.count)) {
            var insert = sql.insert(into: table).columns(columns)
            for row in batch { insert = insert.values(row.map(\.expression)) }
            if updated.isEmpty {
                insert = insert.ignoringConflicts(with: key)
            } else {
                insert = insert.onConflict(with: key) { update in
                    var update = update
                    for column in updated { update = update.set(excludedValueOf: column) }
                    return update
                }
            }
            try await insert.run()
        }
    }

    /// The dataset's documents: numbered once (a document keeps its symbol), their English version added or brought up to
    /// date with a new revision. A document the Secretariat has amended is left as amended.
    static func loadDocuments(_ d: ReferenceDataset, _ sql: any SQLDatabase) async throws {
        var symbols: [String: String] = [:], edited: Set<String> = []
        for row in try await sql.select().columns("id", "symbol", "edited_at").from("documents").all() {
            let id = try row.string("id")
            if let symbol = try row.optionalString("symbol") { symbols[id] = symbol }
            if try row.optionalString("edited_at") != nil { edited.insert(id) }
        }
        let organOf = Dictionary(uniqueKeysWithValues: d.meetings.map { ($0.id, $0.organ) })
        var documents = d.documents.filter { !edited.contains($0.id) }
        for index in documents.indices {
            documents[index].organ = documents[index].meeting.flatMap { organOf[$0] }
            documents[index].symbol = symbols[documents[index].id] ?? ""
        }
        let context = try await DocumentStore.context(sql)
        let assigned = DocumentSymbol.assign(documents, organShortNames: context.organs, decisionSymbols: context.decisions, taken: context.taken)
        try await upsert(sql, "documents", key: ["id"],
                         columns: ["id", "title", "kind", "date", "date_note", "place", "meeting", "access", "sort_key", "symbol", "symbol_assigned", "organ"],
                         rows: documents.map { x in
            [.text(x.id), .text(x.title), .text(x.kind.rawValue), .text(x.date?.description), .text(x.dateNote), .text(x.place),
             .text(x.meeting), .text(x.access.rawValue), .text(SortKey.byDate(x.date, id: x.id)), .text(assigned[x.id] ?? x.symbol),
             .bool(x.symbolAssigned), .text(x.organ)]
        })
        var newest: [String: LanguageVersion] = [:]
        for v in try await DocumentStore.versions(of: documents.map(\.id), sql: sql) where v.language == "en" && (newest[v.document]?.revision ?? 0) < v.revision {
            newest[v.document] = v
        }
        for document in documents {
            let previous = newest[document.id]
            guard previous == nil || (previous?.isFromDataset == true && previous?.title != document.title) else { continue }
            try await DocumentStore.insert(LanguageVersion(document: document.id, language: "en", revision: (previous?.revision ?? 0) + 1,
                                                           title: document.title, text: previous?.text, file: previous?.file, createdAt: Date(),
                                                           createdBy: LanguageVersion.datasetAuthor), sql: sql)
        }
    }

    /// Replaces the child rows of `parents` (outcomes of a meeting, coordinators of an area) with `rows`.
    static func replaceChildren(_ sql: any SQLDatabase, _ table: String, parent: String, parents: [String], columns: [String],
                                rows: [[Cell]]) async throws {
        for batch in parents.chunks(of: 500) {
            try await sql.delete(from: table).where(SQLIdentifier(parent), .in, SQLBind.group(Array(batch))).run()
        }
        for batch in rows.chunks(of: max(1, 5000 / columns.count)) {
            var insert = sql.insert(into: table).columns(columns)
            for row in batch { insert = insert.values(row.map(\.expression)) }
            try await insert.run()
        }
    }
}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// One value of a row to write, typed so that row literals type-check quickly.
enum Cell: Sendable {
    case text(String?)
    case int(Int?)
    case bool(Bool)

    var expression: any SQLExpression {
        switch self {
        case .text(let value): value.map { SQLBind($0) } ?? SQLLiteral.null
        case .int(let value): value.map { SQLBind($0) } ?? SQLLiteral.null
        case .bool(let value): SQLBind(value)
        }
    }
}
