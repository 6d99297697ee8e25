import Foundation
import SQLKit
import CICACore

/// A report's text in one language, as the Secretariat adopts it.
public struct ReportText: Sendable, Equatable {
    public var language: String
    public var title: String
    public var text: String
    public init(language: String, title: String, text: String) {
        self.language = language
        self.title = title
        self.text = text
    }
}

/// Meetings at work: planned, given an agenda, registered for, opened, closed or cancelled, corrected and reported on.
/// Every write is one transaction that checks `MeetingRules`, writes and appends to the audit log.
public protocol MeetingRepository: Sendable {
    /// What the meeting did so far (the documents the reader may read), and the corrections of its facts; nil when
    /// there is no such meeting.
    func proceedings(id: String, readership: Readership) async throws -> (Proceedings, [MeetingCorrection])?
    /// Whether a code or id names a Member State or an observer (nil for neither).
    func delegationKind(_ delegation: String) async throws -> DelegationKind?
    /// The meetings any of these delegations registered for.
    func meetings(registeredBy delegations: Set<String>) async throws -> Set<String>
    /// Plans a meeting; one already over (its last day before `today`) is refused.
    func plan(_ fields: MeetingFields, actor: Actor, now: Date, today: CivilDate) async throws -> Meeting
    /// Changes a meeting's facts; a held meeting's only with a correction's reason, which is recorded.
    func edit(id: String, _ fields: MeetingFields, actor: Actor, now: Date) async throws -> Meeting
    /// Circulates the provisional agenda (replacing one circulated before) while the meeting is planned.
    /// Circulates the provisional agenda, and registers it as a public document of kind *agenda* worded by `compose`
    /// (circulated again, the document is revised).
    func circulateAgenda(id: String, items: [AgendaItem], compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor,
                         now: Date) async throws -> [AgendaItem]
    /// Opens the meeting on or after its first day (`today`), adopting the agenda as circulated or as `amended`.
    func open(id: String, amended: [AgendaItem]?, actor: Actor, now: Date, today: CivilDate) async throws -> Meeting
    /// Closes the meeting, and registers the list of participants as it stands as a public document of kind
    /// *listOfParticipants* worded by `compose` (when any delegation registered).
    func close(id: String, compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor, now: Date) async throws -> Meeting
    func cancel(id: String, reason: String?, actor: Actor, now: Date) async throws -> Meeting
    /// Registers a delegation (replacing its earlier registration). `bySecretariat` is false for a delegate or observer registering their own: a delegate
    /// must then be accredited to the state's delegation now.
    func register(meeting id: String, delegation: String, head: String?, headTitle: String?, members: [Participant], actor: Actor,
                  bySecretariat: Bool, now: Date) async throws -> Registration
    /// Adopts the report: `compose` drafts it from the proceedings read in the writing transaction, in each language;
    /// the texts are kept as a registry document of the meeting, never drafted again.
    func adoptReport(id: String, compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor, now: Date) async throws -> Document
}

/// What the store reads and writes about meetings, shared with the decisions' steps.
enum MeetingStore {
    static func meeting(_ id: String?, sql: any SQLDatabase) async throws -> Meeting? {
        guard let id, let row = try await sql.select().column("*").from("meetings").where("id", .equal, id).first() else { return nil }
        return try SQLOrganRepository.meeting(row, outcomes: try await SQLOrganRepository.outcomes(of: [id], sql: sql))
    }

    /// Registers a public document of the meeting, its texts as its language versions (the first language's title is
    /// the document's); `revising` an earlier one, it is that document's revision. Never drafted again afterwards.
    static func register(_ kind: DocumentKind, texts: [ReportText], meeting: Meeting, revising earlier: Document?, actor: Actor, now: Date,
                         sql: any SQLDatabase) async throws -> Document {
        guard let first = texts.first else { throw InvalidInput(field: "language", reason: Message("reason.document.language", ["codes": .text(DocumentLanguage.codes.joined(separator: ", "))])) }
        let fields = DocumentFields(title: first.title, kind: kind.rawValue, date: kind == .agenda ? nil : (meeting.end ?? meeting.start)?.description,
                                    meeting: meeting.id, access: AccessLevel.public.rawValue, language: first.language, text: first.text)
        let context = try await DocumentStore.context(sql)
        let document: Document
        if let earlier {
            document = try DocumentRules.successor(of: earlier, relation: SuccessorRelation.revision.rawValue, fields, id: DocumentStore.newId(),
                                                   today: CivilDate(now), context: context)
        } else {
            var dated = fields
            // The agenda is dated the day it is circulated; the report and the list of participants by the meeting.
            if kind == .agenda { dated.date = CivilDate(now).description }
            document = try DocumentRules.register(dated, id: DocumentStore.newId(), context: context)
        }
        try await DocumentStore.insert(document, registeredBy: actor.recordName, at: now, sql: sql)
        var current: [LanguageVersion] = []
        for text in texts {
            let version = try DocumentRules.version(language: text.language, title: text.title, text: text.text, file: nil, document: document,
                                                    current: current, by: actor.recordName, now: now)
            try await DocumentStore.insert(version, sql: sql)
            current.append(version)
        }
        try await AuditLog.append(sql, actor: actor, action: "document.register", entity: "document/\(document.id)", before: earlier?.symbol,
                                  after: DocumentStore.summary(document) + " in " + texts.map(\.language).joined(separator: ", "), at: now)
        return document
    }

    static func agenda(_ id: String, sql: any SQLDatabase) async throws -> Agenda {
        var agenda = Agenda()
        for row in try await sql.select().column("*").from("meeting_agenda_items").where("meeting", .equal, id)
            .orderBy("stage").orderBy("position").all() {
            let item = AgendaItem(title: try row.string("title"), decision: try row.optionalString("decision"))
            if try row.string("stage") == "adopted" { agenda.adopted = (agenda.adopted ?? []) + [item] } else { agenda.provisional.append(item) }
        }
        return agenda
    }

    static func write(_ items: [AgendaItem], stage: String, meeting id: String, sql: any SQLDatabase) async throws {
        try await sql.delete(from: "meeting_agenda_items").where("meeting", .equal, id).where("stage", .equal, stage).run()
        for (index, item) in items.enumerated() {
            try await sql.insert(into: "meeting_agenda_items").columns("meeting", "stage", "position", "title", "decision")
                .values(SQLBind(id), SQLBind(stage), SQLBind(index), SQLBind(item.title), Cell.text(item.decision).expression).run()
        }
    }

    static func registrations(_ id: String, sql: any SQLDatabase) async throws -> [Registration] {
        var people: [String: [Participant]] = [:]
        for row in try await sql.select().column("*").from("meeting_participants").where("meeting", .equal, id)
            .orderBy("delegation").orderBy("position").all() {
            people[try row.string("delegation"), default: []].append(Participant(name: try row.string("name"), title: try row.optionalString("title"),
                                                                                 head: try row.int("head") != 0))
        }
        return try await sql.select().column("*").from("meeting_registrations").where("meeting", .equal, id).orderBy("delegation").all().map { row in
            let delegation = try row.string("delegation")
            return Registration(meeting: id, delegation: delegation, kind: try row.value("kind", as: DelegationKind.self),
                                participants: people[delegation] ?? [],
                                registered: Stamp(at: try row.instant("registered_at"), by: try row.string("registered_by")))
        }
    }

    /// What the meeting did: its agenda, registrations, the decisions drafted for it with their positions, and its
    /// documents of the access levels given.
    static func proceedings(_ meeting: Meeting, documents levels: [AccessLevel], sql: any SQLDatabase, engine: Database.Engine) async throws -> Proceedings {
        var states: [DecisionState] = []
        for row in try await sql.select().column("id").from("decisions").where("meeting", .equal, meeting.id).orderBy("symbol").all() {
            states.append(try await SQLDecisionRepository.state(try row.string("id"), sql: sql, engine: engine, lock: false))
        }
        let documents = try await sql.select().column("*").from("documents").where("meeting", .equal, meeting.id)
            .where("access", .in, SQLBind.group(levels.map(\.rawValue))).orderBy("symbol").all().map(SQLDocumentRepository.document)
        return Proceedings(meeting: meeting, agenda: try await agenda(meeting.id, sql: sql), registrations: try await registrations(meeting.id, sql: sql),
                           decisions: states, documents: documents)
    }

    /// The draft decisions of the meeting's organ drafted for it, as an agenda names them.
    static func agendaDecisions(_ meeting: Meeting, sql: any SQLDatabase) async throws -> [String: AgendaDecision] {
        try await sql.select().columns("id", "organ", "meeting", "status").from("decisions").where("meeting", .equal, meeting.id).all()
            .reduce(into: [:]) { result, row in
                result[try row.string("id")] = AgendaDecision(organ: try row.string("organ"), meeting: try row.optionalString("meeting"),
                                                              status: try row.value("status", as: DecisionStatus.self))
            }
    }

    static func context(_ sql: any SQLDatabase) async throws -> MeetingContext {
        let organs = try await sql.select().columns("slug", "cadence_kind").from("organs").all()
            .filter { try $0.string("cadence_kind") != CadenceRule.Kind.permanent.rawValue }.map { try $0.string("slug") }
        return MeetingContext(organs: Set(organs), memberStates: try await SQLDecisionRepository.memberStates(sql),
                              countries: Set(try await sql.select().column("code").from("countries").all().map { try $0.string("code") }),
                              taken: Set(try await sql.select().column("id").from("meetings").all().map { try $0.string("id") }))
    }
}

/// `MeetingRepository` on SQLKit.
public struct SQLMeetingRepository: MeetingRepository {
    let database: Database
    init(database: Database) { self.database = database }

    public static func notFound(_ id: String) -> NotFound { NotFound(entity: Message("entity.meeting"), key: id, list: "/meetings") }

    public func proceedings(id: String, readership: Readership) async throws -> (Proceedings, [MeetingCorrection])? {
        let engine = database.engine
        return try await database.read { sql in
            guard let meeting = try await MeetingStore.meeting(id, sql: sql) else { return nil }
            let proceedings = try await MeetingStore.proceedings(meeting, documents: readership.levels, sql: sql, engine: engine)
            let corrections = try await sql.select().column("*").from("meeting_corrections").where("meeting", .equal, id).orderBy("number").all().map { row in
                MeetingCorrection(number: try row.int("number"), note: try row.string("note"), before: try row.string("before"), after: try row.string("after"),
                                  made: Stamp(at: try row.instant("made_at"), by: try row.string("made_by")))
            }
            return (proceedings, corrections)
        }
    }

    public func meetings(registeredBy delegations: Set<String>) async throws -> Set<String> {
        guard !delegations.isEmpty else { return [] }
        return try await database.read { sql in
            Set(try await sql.select().column("meeting").from("meeting_registrations").where("delegation", .in, SQLBind.group(Array(delegations))).all()
                .map { try $0.string("meeting") })
        }
    }

    public func delegationKind(_ delegation: String) async throws -> DelegationKind? {
        try await database.read { sql in try await Self.kind(of: delegation, sql: sql) }
    }

    static func kind(of delegation: String, sql: any SQLDatabase) async throws -> DelegationKind? {
        if try await SQLDecisionRepository.memberStates(sql).contains(delegation) { return .memberState }
        if try await SQLMembershipRepository.observerIDs(sql).contains(delegation) { return .observer }
        return nil
    }

    /// Reads the meeting in the writing transaction, after taking the log's lock (which serializes writers on PostgreSQL).
    private func write<R: Sendable>(_ id: String, _ body: @escaping @Sendable (Meeting, any SQLDatabase) async throws -> R) async throws -> R {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            guard let meeting = try await MeetingStore.meeting(id, sql: sql) else { throw Self.notFound(id) }
            return try await body(meeting, sql)
        }
    }

    /// Writes the meeting's status, facts and revision.
    private static func update(_ m: Meeting, now: Date, sql: any SQLDatabase) async throws {
        try await sql.update("meetings").set("kind", to: m.kind.rawValue).set("number", to: Cell.int(m.number).expression).set("title", to: m.title)
            .set("start_date", to: m.start?.description).set("end_date", to: m.end?.description).set("city", to: m.city)
            .set("country_code", to: m.countryCode).set("format", to: m.format.rawValue).set("status", to: m.status.rawValue)
            .set("chair", to: m.chair).set("cancellation", to: m.cancellation).set("report", to: m.report).set("revision", to: Cell.int(m.revision).expression)
            .set("opens", to: m.hours.map { SessionHours.text($0.opens) }).set("closes", to: m.hours.map { SessionHours.text($0.closes) })
            .set("time_zone", to: m.hours?.timeZone)
            .set("sort_key", to: SortKey.byDate(m.start, id: m.id)).set("edited_at", to: Timestamp.string(now))
            .where("id", .equal, m.id).run()
    }

    public func plan(_ fields: MeetingFields, actor: Actor, now: Date, today: CivilDate) async throws -> Meeting {
        try await database.write { sql in
            try await TransparencyLog.lock(sql)
            let m = try MeetingRules.plan(fields, context: try await MeetingStore.context(sql), actor: actor.recordName, now: now, today: today)
            let cells: [Cell] = [.text(m.id), .text(m.organ), .text(m.kind.rawValue), .int(m.number), .text(m.title), .text(m.start?.description),
                                 .text(m.end?.description), .text(m.city), .text(m.countryCode), .text(m.format.rawValue), .text(m.status.rawValue),
                                 .text(SortKey.byDate(m.start, id: m.id)), .text(m.chair), .int(0), .text(Timestamp.string(now)), .text(actor.recordName),
                                 .text(m.hours.map { SessionHours.text($0.opens) }), .text(m.hours.map { SessionHours.text($0.closes) }), .text(m.hours?.timeZone)]
            try await sql.insert(into: "meetings")
                .columns("id", "organ", "kind", "number", "title", "start_date", "end_date", "city", "country_code", "format", "status", "sort_key",
                         "chair", "revision", "planned_at", "planned_by", "opens", "closes", "time_zone")
                .values(cells.map(\.expression)).run()
            try await AuditLog.append(sql, actor: actor, action: "meeting.plan", entity: "meeting/\(m.id)", before: nil, after: MeetingFacts(m).json, at: now)
            return m
        }
    }

    public func edit(id: String, _ fields: MeetingFields, actor: Actor, now: Date) async throws -> Meeting {
        try await write(id) { meeting, sql in
            let (edited, correction) = try MeetingRules.edit(meeting, fields, context: try await MeetingStore.context(sql))
            try await Self.update(edited, now: now, sql: sql)
            if let correction {
                let number = (try await sql.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "last").from("meeting_corrections")
                    .where("meeting", .equal, id).first()?.decode(column: "last", as: Int?.self) ?? 0) + 1
                try await sql.insert(into: "meeting_corrections").columns("meeting", "number", "note", "before", "after", "made_at", "made_by")
                    .values(SQLBind(id), SQLBind(number), SQLBind(correction), SQLBind(MeetingFacts(meeting).json), SQLBind(MeetingFacts(edited).json),
                            SQLBind(Timestamp.string(now)), SQLBind(actor.recordName)).run()
            }
            try await AuditLog.append(sql, actor: actor, action: correction == nil ? "meeting.edit" : "meeting.correct", entity: "meeting/\(id)",
                                      before: MeetingFacts(meeting).json, after: MeetingFacts(edited).json + (correction.map { " — \($0)" } ?? ""), at: now)
            return edited
        }
    }

    public func circulateAgenda(id: String, items: [AgendaItem], compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor,
                                now: Date) async throws -> [AgendaItem] {
        let engine = database.engine
        return try await write(id) { meeting, sql in
            let before = try await MeetingStore.agenda(id, sql: sql).provisional
            let agenda = try MeetingRules.agenda(items, for: meeting, decisions: try await MeetingStore.agendaDecisions(meeting, sql: sql))
            try await MeetingStore.write(agenda, stage: "provisional", meeting: id, sql: sql)
            // The agenda circulated before, if any, is revised by this one.
            let earlier = try await sql.select().column("*").from("documents").where("meeting", .equal, id).where("kind", .equal, DocumentKind.agenda.rawValue)
                .where(SQLIdentifier("id"), .notIn, SQLSubquery.select { $0.column("successor_of").from("documents").where(SQLIdentifier("successor_of"), .isNot, SQLLiteral.null) })
                .all().map(SQLDocumentRepository.document).first
            let document = try await MeetingStore.register(.agenda, texts: compose(try await MeetingStore.proceedings(meeting, documents: [.public], sql: sql, engine: engine)),
                                                           meeting: meeting, revising: earlier, actor: actor, now: now, sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "meeting.agenda", entity: "meeting/\(id)",
                                      before: before.isEmpty ? nil : "\(before.count) items", after: "\(agenda.count) items; \(document.symbol)", at: now)
            return agenda
        }
    }

    public func open(id: String, amended: [AgendaItem]?, actor: Actor, now: Date, today: CivilDate) async throws -> Meeting {
        try await write(id) { meeting, sql in
            let (opened, adopted) = try MeetingRules.open(meeting, agenda: try await MeetingStore.agenda(id, sql: sql), amended: amended,
                                                          decisions: try await MeetingStore.agendaDecisions(meeting, sql: sql), today: today)
            try await Self.update(opened, now: now, sql: sql)
            try await MeetingStore.write(adopted, stage: "adopted", meeting: id, sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "meeting.open", entity: "meeting/\(id)", before: meeting.status.rawValue,
                                      after: "\(opened.status.rawValue); agenda of \(adopted.count) items adopted\(amended == nil ? "" : " as amended")", at: now)
            return opened
        }
    }

    public func close(id: String, compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor, now: Date) async throws -> Meeting {
        let engine = database.engine
        return try await write(id) { meeting, sql in
            let open = try await sql.select().column("symbol").from("decisions").where("meeting", .equal, id)
                .where("status", .equal, DecisionStatus.open.rawValue).orderBy("symbol").all().map { try $0.string("symbol") }
            let held = try MeetingRules.close(meeting, openDecisions: open)
            try await Self.update(held, now: now, sql: sql)
            let proceedings = try await MeetingStore.proceedings(held, documents: [.public], sql: sql, engine: engine)
            var list: Document? = nil
            if !proceedings.registrations.isEmpty {
                list = try await MeetingStore.register(.listOfParticipants, texts: compose(proceedings), meeting: held, revising: nil, actor: actor, now: now, sql: sql)
            }
            try await AuditLog.append(sql, actor: actor, action: "meeting.close", entity: "meeting/\(id)", before: meeting.status.rawValue,
                                      after: held.status.rawValue + (list.map { "; \($0.symbol)" } ?? ""), at: now)
            return held
        }
    }

    public func cancel(id: String, reason: String?, actor: Actor, now: Date) async throws -> Meeting {
        try await write(id) { meeting, sql in
            let cancelled = try MeetingRules.cancel(meeting, reason: reason)
            try await Self.update(cancelled, now: now, sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "meeting.cancel", entity: "meeting/\(id)", before: meeting.status.rawValue,
                                      after: "\(cancelled.status.rawValue): \(cancelled.cancellation ?? "")", at: now)
            return cancelled
        }
    }

    public func register(meeting id: String, delegation: String, head: String?, headTitle: String?, members: [Participant], actor: Actor,
                         bySecretariat: Bool, now: Date) async throws -> Registration {
        try await write(id) { meeting, sql in
            let kind = try await Self.kind(of: delegation, sql: sql)
            var accredited: Bool? = nil
            if !bySecretariat, kind == .memberState {
                let record = try await DelegationStore.record(state: delegation, sql: sql)
                accredited = actor.userId.flatMap { record.speaker(userId: $0, at: now) } != nil
            }
            let registration = try MeetingRules.register(for: meeting, delegation: delegation, kind: kind, head: head, headTitle: headTitle,
                                                         members: members, stamp: Stamp(at: now, by: actor.recordName), accredited: accredited)
            let earlier = try await sql.select().column("delegation").from("meeting_registrations").where("meeting", .equal, id)
                .where("delegation", .equal, delegation).first() != nil
            try await sql.delete(from: "meeting_participants").where("meeting", .equal, id).where("delegation", .equal, delegation).run()
            try await sql.delete(from: "meeting_registrations").where("meeting", .equal, id).where("delegation", .equal, delegation).run()
            try await sql.insert(into: "meeting_registrations").columns("meeting", "delegation", "kind", "registered_at", "registered_by")
                .values(SQLBind(id), SQLBind(delegation), SQLBind(registration.kind.rawValue), SQLBind(Timestamp.string(now)), SQLBind(actor.recordName)).run()
            for (index, person) in registration.participants.enumerated() {
                try await sql.insert(into: "meeting_participants").columns("meeting", "delegation", "position", "name", "title", "head")
                    .values(SQLBind(id), SQLBind(delegation), SQLBind(index), SQLBind(person.name), Cell.text(person.title).expression,
                            SQLBind(person.head ? 1 : 0)).run()
            }
            try await AuditLog.append(sql, actor: actor, action: "meeting.register", entity: "meeting/\(id)", before: earlier ? delegation : nil,
                                      after: "\(delegation): \(registration.participants.count) participants", at: now)
            return registration
        }
    }

    public func adoptReport(id: String, compose: @escaping @Sendable (Proceedings) -> [ReportText], actor: Actor, now: Date) async throws -> Document {
        let engine = database.engine
        return try await write(id) { meeting, sql in
            // The report is public: it lists the meeting's public documents only.
            let proceedings = try await MeetingStore.proceedings(meeting, documents: [.public], sql: sql, engine: engine)
            try MeetingRules.mayAdoptReport(meeting, agenda: proceedings.agenda)
            let texts = compose(proceedings)
            let document = try await MeetingStore.register(.report, texts: texts, meeting: meeting, revising: nil, actor: actor, now: now, sql: sql)
            try await sql.update("meetings").set("report", to: document.id).where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "meeting.report", entity: "meeting/\(id)", before: nil,
                                      after: "report adopted: \(DocumentStore.summary(document)) in \(texts.map(\.language).joined(separator: ", "))", at: now)
            return document
        }
    }
}
