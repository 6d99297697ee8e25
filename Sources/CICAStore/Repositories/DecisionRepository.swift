import Foundation
import SQLKit
import CICACore

/// Which decisions to list.
public struct DecisionFilter: Sendable, Equatable {
    public var status: DecisionStatus?
    public var organ: String?
    public var meeting: String?
    public var effect: String?
    /// Created (or, for historical decisions, closed) in this year.
    public var year: Int?

    public init(status: DecisionStatus? = nil, organ: String? = nil, meeting: String? = nil, effect: String? = nil, year: Int? = nil) {
        self.status = status
        self.organ = organ
        self.meeting = meeting
        self.effect = effect
        self.year = year
    }
}

/// A decision with everything it went through.
public struct DecisionDetail: Sendable {
    public var decision: Decision
    public var versions: [TextVersion]
    /// Every position taken, in order; the current one per (version, state) is the latest.
    public var positions: [Position]
    public var amendments: [Amendment]
    public var ledger: [LedgerEntry]
}

/// Decisions by consensus, their record and the delegations' keys.
public protocol DecisionRepository: Sendable {
    func create(_ draft: NewDraft, actor: Actor, now: Date) async throws -> Decision
    /// A new version: its text in the first working language and its translations into the others.
    func revise(id: String, text: String, translations: [String: String], folds: [String], actor: Actor, now: Date) async throws -> Decision
    /// The languages decisions' texts are to be in.
    var workingLanguages: WorkingLanguages { get }
    func table(id: String, actor: Actor, now: Date) async throws -> Decision
    func circulate(id: String, deadline: Date, actor: Actor, now: Date) async throws -> Decision
    func takePosition(id: String, _ position: PositionRequest, actor: Actor, now: Date) async throws -> Decision
    func proposeAmendment(id: String, state: String, version: Int, text: String, rationale: String?, actor: Actor, now: Date) async throws -> Amendment
    func close(id: String, actor: Actor, now: Date) async throws -> Decision
    func withdraw(id: String, actor: Actor, now: Date) async throws -> Decision
    /// Closes every silence procedure whose deadline has passed, each exactly once, whichever instance asks; a decision whose
    /// effect no longer holds is marked as needing attention (returned with `attention` set, still open) and the others are
    /// closed all the same.
    func closeDue(actor: Actor, now: Date) async throws -> [Decision]
    /// The open decisions the closer could not close, oldest first.
    func needingAttention() async throws -> [Decision]
    func decisions(_ filter: DecisionFilter, page: PageRequest) async throws -> Page<Decision>
    func decision(id: String) async throws -> DecisionDetail?
    /// The symbols of the decisions named, by id, in one query (a decision without a symbol yet is left out).
    func symbols(of ids: Set<String>) async throws -> [String: String]
    func record(id: String) async throws -> DecisionRecord?
    /// The whole ledger, in sequence order, and every key, for `cica verify`.
    func ledger() async throws -> (entries: [LedgerEntry], keys: [DelegationKey])
    /// Registers a delegation's key; while the state requires signed positions, `endorsement` is an existing key's
    /// signature of `DelegationKey.endorsementText`.
    func registerKey(state: String, publicKey: String, endorsement: (keyId: String, signature: String)?, actor: Actor, now: Date) async throws -> DelegationKey
    func keys(state: String?) async throws -> [DelegationKey]
}

/// `DecisionRepository` on SQLKit. Every write locks the decision's row (on PostgreSQL; SQLite has one
/// writer), checks the rules in CICACore, writes, appends to the ledger and the audit log, in one transaction.
public struct SQLDecisionRepository: DecisionRepository {
    let database: Database
    public let workingLanguages: WorkingLanguages
    /// Where letters point, when the operator has turned letters on; nil writes none.
    let letters: Letters.Settings?
    init(database: Database, workingLanguages: WorkingLanguages = .english, letters: Letters.Settings? = nil) {
        self.database = database
        self.workingLanguages = workingLanguages
        self.letters = letters
    }

    // MARK: reading

    static func decision(_ row: any SQLRow) throws -> Decision {
        let parameters = try row.string("effect_parameters")
        guard let json = CanonicalJSON(parsing: parameters), case .object(let fields) = json else {
            throw CorruptRow(table: "decisions", column: "effect_parameters", value: parameters)
        }
        let procedure: Procedure?
        switch try row.optionalString("procedure") {
        case "inMeeting": procedure = .inMeeting
        case "silence": procedure = .silence(deadline: try row.instant("deadline"))
        default: procedure = nil
        }
        return Decision(id: try row.string("id"), symbol: try row.string("symbol"), title: try row.string("title"), organ: try row.string("organ"),
                        meeting: try row.optionalString("meeting"), effectKind: try row.string("effect_kind"),
                        effectParameters: fields.compactMapValues(\.stringValue), procedure: procedure,
                        status: try row.value("status", as: DecisionStatus.self), currentVersion: try row.int("current_version"),
                        continues: try row.optionalString("continues"), historical: try row.bool("historical"),
                        createdBy: try row.string("created_by"), createdAt: try row.instant("created_at"),
                        openedAt: try row.optionalInstant("opened_at"), closedAt: try row.optionalInstant("closed_at"),
                        closedBy: try row.optionalString("closed_by"), outcomeNote: try row.optionalString("outcome_note").map(Message.init(stored:)),
                        attention: try row.optionalString("attention_note").map { Attention(reason: Message(stored: $0), since: try row.instant("attention_at")) },
                        organRecorded: try row.decode(column: "organ_recorded", as: Bool?.self) ?? true, recordedDate: try row.date("recorded_date"),
                        notNotified: try row.optionalString("not_notified").flatMap(CanonicalJSON.init(parsing:)).map { json -> [String] in
                            if case .array(let items) = json { return items.compactMap(\.stringValue) }
                            return []
                        } ?? [])
    }

    /// The canonical JSON list of states a circulation could not notify; nil when there are none.
    static func notNotified(_ d: Decision) -> String? {
        d.notNotified.isEmpty ? nil : CanonicalJSON.array(d.notNotified.map(CanonicalJSON.string)).text
    }

    static func load(_ id: String, sql: any SQLDatabase, engine: Database.Engine, lock: Bool) async throws -> Decision {
        // FOR UPDATE serializes the writes of one decision across PostgreSQL connections and instances.
        let row: (any SQLRow)?
        if lock && engine == .postgresql {
            row = try await sql.raw("SELECT * FROM decisions WHERE id = \(bind: id) FOR UPDATE").first()
        } else {
            row = try await sql.select().column("*").from("decisions").where("id", .equal, id).first()
        }
        guard let row else { throw DecisionError.noSuchDecision(id) }
        return try decision(row)
    }

    static func versions(_ id: String, sql: any SQLDatabase) async throws -> [TextVersion] {
        try await sql.select().column("*").from("decision_versions").where("decision_id", .equal, id).orderBy("number").all().map { row in
            // Versions from before migration 0008 are in English alone.
            var translations: [String: String] = [:]
            if let text = try row.optionalString("translations"), case .object(let fields)? = CanonicalJSON(parsing: text) {
                translations = fields.compactMapValues(\.stringValue)
            }
            var version = TextVersion(number: try row.int("number"), text: try row.string("text"), language: try row.optionalString("language") ?? "en",
                                      translations: translations, createdBy: try row.string("created_by"), createdAt: try row.instant("created_at"))
            version.folds = (CanonicalJSON(parsing: try row.string("folds")).flatMap { value -> [String]? in
                if case .array(let items) = value { return items.compactMap(\.stringValue) }
                return nil
            }) ?? []
            return version
        }
    }

    static func position(_ row: any SQLRow) throws -> Position {
        Position(state: try row.string("state"), version: try row.int("version"), kind: try row.value("kind", as: PositionKind.self),
                 statementKind: try row.optionalValue("statement_kind", as: StatementKind.self), statement: try row.optionalString("statement"),
                 reason: try row.optionalString("reason"), actor: try row.string("actor"), takenAt: try row.instant("taken_at"),
                 signature: try row.optionalString("signature"), keyId: try row.optionalString("key_id"),
                 accreditation: try row.optionalString("accreditation"))
    }

    static func positions(_ id: String, sql: any SQLDatabase) async throws -> [Position] {
        try await sql.select().column("*").from("positions").where("decision_id", .equal, id).orderBy("taken_at").orderBy("id").all().map(Self.position)
    }

    /// The positions on each of several decisions, by decision id, in one query.
    static func positions(of ids: [String], sql: any SQLDatabase) async throws -> [String: [Position]] {
        guard !ids.isEmpty else { return [:] }
        var result: [String: [Position]] = [:]
        for row in try await sql.select().column("*").from("positions").where("decision_id", .in, SQLBind.group(ids))
            .orderBy("taken_at").orderBy("id").all() {
            result[try row.string("decision_id"), default: []].append(try Self.position(row))
        }
        return result
    }

    static func amendments(_ id: String, sql: any SQLDatabase) async throws -> [Amendment] {
        try await sql.select().column("*").from("amendments").where("decision_id", .equal, id).orderBy("proposed_at").orderBy("id").all().map { row in
            Amendment(id: try row.string("id"), state: try row.string("state"), version: try row.int("version"), text: try row.string("text"),
                      rationale: try row.optionalString("rationale"), proposedBy: try row.string("proposed_by"),
                      proposedAt: try row.instant("proposed_at"), foldedInto: try row.optionalInt("folded_into"))
        }
    }

    static func entries(_ rows: [any SQLRow]) throws -> [LedgerEntry] {
        try rows.map { row in
            LedgerEntry(sequence: try row.int("seq"), decision: try row.string("decision_id"), kind: try row.value("kind", as: LedgerKind.self),
                        payload: try row.string("payload"), prevHash: try row.string("prev_hash"), hash: try row.string("hash"),
                        signature: try row.optionalString("signature"), keyId: try row.optionalString("key_id"))
        }
    }

    static func key(_ row: any SQLRow) throws -> DelegationKey {
        DelegationKey(id: try row.string("id"), state: try row.string("state"), publicKey: try row.string("public_key"),
                      registeredAt: try row.instant("registered_at"))
    }

    public func decisions(_ filter: DecisionFilter, page: PageRequest) async throws -> Page<Decision> {
        try await database.read { sql in
            let query = sql.select().column("*").from("decisions")
            if let status = filter.status { query.where("status", .equal, status.rawValue) }
            if let organ = filter.organ {
                // A historical decision whose organ the sources do not name is not that organ's, whatever it is filed under.
                query.where("organ", .equal, organ).where { $0.where("organ_recorded", .notEqual, false).orWhere("organ_recorded", .is, SQLLiteral.null) }
            }
            if let meeting = filter.meeting { query.where("meeting", .equal, meeting) }
            if let effect = filter.effect { query.where("effect_kind", .equal, effect) }
            if let year = filter.year {
                query.where("sort_key", .greaterThanOrEqual, year.padded(to: 4)).where("sort_key", .lessThan, (year + 1).padded(to: 4))
            }
            let decisions = try await query.page(page, descending: true).all().map(Self.decision)
            return Page(fetched: decisions, limit: page.limit, sortKey: Self.sortKey)
        }
    }

    /// Newest first by the day the decision was taken (or drafted, while open).
    static func sortKey(_ d: Decision) -> String {
        Timestamp.string(d.closedAt ?? d.createdAt) + "|" + d.id
    }

    public func symbols(of ids: Set<String>) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            var found: [String: String] = [:]
            for row in try await sql.select().columns("id", "symbol").from("decisions").where("id", .in, SQLBind.group(ids.sorted())).all() {
                if let symbol = try row.optionalString("symbol"), !symbol.isEmpty { found[try row.string("id")] = symbol }
            }
            return found
        }
    }

    public func decision(id: String) async throws -> DecisionDetail? {
        try await database.read { sql in
            guard let row = try await sql.select().column("*").from("decisions").where("id", .equal, id).first() else { return nil }
            return DecisionDetail(decision: try Self.decision(row), versions: try await Self.versions(id, sql: sql),
                                  positions: try await Self.positions(id, sql: sql), amendments: try await Self.amendments(id, sql: sql),
                                  ledger: try Self.entries(try await sql.select().column("*").from("ledger").where("decision_id", .equal, id).orderBy("seq").all()))
        }
    }

    public func record(id: String) async throws -> DecisionRecord? {
        // One snapshot, so that the newest checkpoint covers every entry the record holds.
        try await database.snapshot { sql in
            guard try await sql.select().column("id").from("decisions").where("id", .equal, id).first() != nil else { return nil }
            let found = try await SQLLogRepository.proof(decision: id, sql: sql)
            var entries = found?.entries ?? []
            if found == nil {
                entries = try Self.entries(try await sql.select().column("*").from("ledger").where("decision_id", .equal, id).orderBy("seq").all())
            }
            let keyIds = Set(entries.compactMap(\.keyId))
            let keys = keyIds.isEmpty ? [] : try await sql.select().column("*").from("delegation_keys").where("id", .in, SQLBind.group(Array(keyIds)))
                .orderBy("id").all().map(Self.key)
            return DecisionRecord(decision: id, entries: entries, keys: keys, log: found?.proof)
        }
    }

    public func ledger() async throws -> (entries: [LedgerEntry], keys: [DelegationKey]) {
        try await database.read { sql in
            (try Self.entries(try await sql.select().column("*").from("ledger").orderBy("seq").all()),
             try await sql.select().column("*").from("delegation_keys").orderBy("id").all().map(Self.key))
        }
    }

    public func keys(state: String?) async throws -> [DelegationKey] {
        try await database.read { sql in
            let query = sql.select().column("*").from("delegation_keys").where("revoked_at", .is, SQLLiteral.null)
            if let state { query.where("state", .equal, state) }
            return try await query.orderBy("registered_at").all().map(Self.key)
        }
    }

    // MARK: the ledger

    /// Appends an entry: the next sequence number of the database, chained to the decision's last entry.
    static func append(_ sql: any SQLDatabase, engine: Database.Engine, decision: String, kind: LedgerKind, payload fields: [String: CanonicalJSON],
                       signature: String? = nil, keyId: String? = nil) async throws {
        // One ledger writer at a time, so that sequence numbers have no gaps and no duplicates.
        try await TransparencyLog.lock(sql)
        var payloadFields = fields
        payloadFields["decision"] = .string(decision)
        payloadFields["kind"] = .string(kind.rawValue)
        let payload = CanonicalJSON.object(payloadFields).text
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "last").from("ledger").first()?
            .decode(column: "last", as: Int?.self) ?? 0
        let prev = try await sql.select().column("hash").from("ledger").where("decision_id", .equal, decision).orderBy("seq", .descending).limit(1)
            .first()?.decode(column: "hash", as: String.self) ?? Ledger.genesis
        let entry = LedgerEntry(sequence: last + 1, decision: decision, kind: kind, payload: payload, prevHash: prev,
                                hash: Ledger.hash(prevHash: prev, payload: payload), signature: signature, keyId: keyId)
        try await sql.insert(into: "ledger").columns("seq", "decision_id", "kind", "payload", "prev_hash", "hash", "signature", "key_id")
            .values([Cell.int(entry.sequence), .text(decision), .text(kind.rawValue), .text(payload), .text(prev),
                     .text(entry.hash), .text(signature), .text(keyId)].map(\.expression))
            .run()
        try await TransparencyLog.add(LogLeaf.ledger(entry), sql: sql)
    }


    // MARK: writing

    func write<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, Database.Engine) async throws -> R) async throws -> R {
        let engine = database.engine
        return try await database.write { sql in try await body(sql, engine) }
    }

    /// Loads the decision (locking its row on PostgreSQL) and everything it went through, for a step of the workflow.
    static func state(_ id: String, sql: any SQLDatabase, engine: Database.Engine, lock: Bool = true) async throws -> DecisionState {
        let decision = try await load(id, sql: sql, engine: engine, lock: lock)
        return DecisionState(decision: decision, versions: try await versions(id, sql: sql), positions: try await positions(id, sql: sql),
                             amendments: try await amendments(id, sql: sql))
    }

    /// Writes what a step of the workflow decided. The decision's row is inserted, or updated only if its status is still
    /// the one the step read; when another caller changed it first, nothing is written and the result says so.
    static func apply(_ changes: DecisionChanges, actor: Actor, now: Date, sql: any SQLDatabase, engine: Database.Engine) async throws -> Bool {
        let d = changes.decision
        if let expected = changes.expectedStatus {
            let won = try await sql.update("decisions").set("status", to: d.status.rawValue).set("procedure", to: SQLBind(d.procedure?.kind))
                .set("deadline", to: SQLBind(d.procedure?.deadline.map(Timestamp.string))).set("current_version", to: d.currentVersion)
                .set("opened_at", to: SQLBind(d.openedAt.map(Timestamp.string))).set("closed_at", to: SQLBind(d.closedAt.map(Timestamp.string)))
                .set("closed_by", to: SQLBind(d.closedBy)).set("outcome_note", to: SQLBind(d.outcomeNote?.stored)).set("sort_key", to: sortKey(d))
                // Kept by the steps that leave it open; cleared by closing or withdrawing it (`DecisionWorkflow.end`).
                .set("attention_note", to: SQLBind(d.attention?.reason.stored)).set("attention_at", to: SQLBind(d.attention.map { Timestamp.string($0.since) }))
                // Changed only by a historical record's correction.
                .set("symbol", to: d.symbol).set("title", to: d.title).set("organ", to: d.organ).set("meeting", to: SQLBind(d.meeting))
                .set("organ_recorded", to: d.organRecorded).set("recorded_date", to: SQLBind(d.recordedDate?.description))
                .set("created_at", to: Timestamp.string(d.createdAt)).set("not_notified", to: SQLBind(Self.notNotified(d)))
                .where("id", .equal, d.id).where("status", .equal, expected.rawValue)
                .returning("id").all()
            guard !won.isEmpty else { return false }
        } else {
            try await sql.insert(into: "decisions")
                .columns("id", "symbol", "title", "organ", "meeting", "effect_kind", "effect_parameters", "procedure", "deadline", "status",
                         "current_version", "continues", "historical", "created_by", "created_at", "opened_at", "closed_at", "closed_by", "outcome_note", "sort_key",
                         "organ_recorded", "recorded_date", "not_notified")
                .values([Cell.text(d.id), .text(d.symbol), .text(d.title), .text(d.organ), .text(d.meeting), .text(d.effectKind),
                         .text(CanonicalJSON.object(d.effectParameters.mapValues(CanonicalJSON.string)).text), .text(d.procedure?.kind),
                         .text(d.procedure?.deadline.map(Timestamp.string)), .text(d.status.rawValue), .int(d.currentVersion), .text(d.continues),
                         .bool(d.historical), .text(d.createdBy), .text(Timestamp.string(d.createdAt)), .text(d.openedAt.map(Timestamp.string)),
                         .text(d.closedAt.map(Timestamp.string)), .text(d.closedBy), .text(d.outcomeNote?.stored), .text(sortKey(d)),
                         .bool(d.organRecorded), .text(d.recordedDate?.description), .text(Self.notNotified(d))].map(\.expression))
                .run()
        }
        if let v = changes.version {
            try await sql.insert(into: "decision_versions")
                .columns("decision_id", "number", "text", "text_hash", "folds", "created_by", "created_at", "language", "translations")
                .values([Cell.text(d.id), .int(v.number), .text(v.text), .text(v.textHash), .text(CanonicalJSON.array(v.folds.map(CanonicalJSON.string)).text),
                         .text(v.createdBy), .text(Timestamp.string(v.createdAt)), .text(v.language),
                         .text(v.translations.isEmpty ? nil : CanonicalJSON.object(v.translations.mapValues(CanonicalJSON.string)).text)].map(\.expression))
                .run()
            for fold in changes.folds {
                try await sql.update("amendments").set("folded_into", to: v.number).where("id", .equal, fold).run()
            }
        }
        if let p = changes.position {
            try await sql.insert(into: "positions")
                .columns("id", "decision_id", "version", "state", "kind", "statement_kind", "statement", "reason", "actor", "taken_at", "signature", "key_id",
                         "accreditation")
                .values([Cell.text(UUID().uuidString.lowercased()), .text(d.id), .int(p.version), .text(p.state), .text(p.kind.rawValue),
                         .text(p.statementKind?.rawValue), .text(p.statement), .text(p.reason), .text(p.actor),
                         .text(Timestamp.string(p.takenAt)), .text(p.signature), .text(p.keyId), .text(p.accreditation)].map(\.expression))
                .run()
        }
        if let a = changes.amendment {
            try await sql.insert(into: "amendments").columns("id", "decision_id", "version", "state", "text", "rationale", "proposed_by", "proposed_at")
                .values([Cell.text(a.id), .text(d.id), .int(a.version), .text(a.state), .text(a.text), .text(a.rationale), .text(a.proposedBy),
                         .text(Timestamp.string(a.proposedAt))].map(\.expression))
                .run()
        }
        if changes.appliesEffect, let effect = d.effect {
            guard let applier = EffectAppliers.applier(for: effect.kind) else {
                throw DecisionError.effectFailed(EffectError(field: "effect", reason: Message("reason.applier", ["effect": "\(effect.kind)"])))
            }
            try await applier.apply(effect, decision: d, at: now, sql: sql)
        }
        for entry in changes.ledger {
            try await append(sql, engine: engine, decision: d.id, kind: entry.kind, payload: entry.payload, signature: entry.signature, keyId: entry.keyId)
        }
        for note in changes.audit {
            try await AuditLog.append(sql, actor: actor, action: note.action, entity: note.entity, before: note.before, after: note.after, at: now)
        }
        return true
    }

    /// One step on one decision: load it, let the workflow decide, write what it decided, read it back.
    func step(_ id: String, actor: Actor, now: Date,
              _ decide: @escaping @Sendable (DecisionState, any SQLDatabase) async throws -> DecisionChanges) async throws -> Decision {
        try await write { sql, engine in
            let changes = try await decide(try await Self.state(id, sql: sql, engine: engine), sql)
            if try await Self.apply(changes, actor: actor, now: now, sql: sql, engine: engine) {
                try await Outbox.owe(changes, settings: letters, now: now, sql: sql)
            }
            return try await Self.load(id, sql: sql, engine: engine, lock: false)
        }
    }

    public func create(_ draft: NewDraft, actor: Actor, now: Date) async throws -> Decision {
        let working = workingLanguages
        return try await write { sql, engine in try await Self.create(draft, working: working, actor: actor, now: now, sql: sql, engine: engine) }
    }

    /// Drafts a decision in a writing transaction the caller holds (a coordination offer drafts one as it is checked).
    static func create(_ draft: NewDraft, working: WorkingLanguages, actor: Actor, now: Date, sql: any SQLDatabase, engine: Database.Engine) async throws -> Decision {
        let organs = try await sql.select().columns("slug", "short_name").from("organs").all()
        var meetings: [String: String] = [:]
        var meetingStatus: MeetingStatus?
        if let meeting = draft.meeting, let row = try await sql.select().columns("organ", "status").from("meetings").where("id", .equal, meeting).first() {
            meetings[meeting] = try row.string("organ")
            meetingStatus = try row.value("status", as: MeetingStatus.self)
        }
        let year = CivilDate(now).year
        let symbols = try await sql.select().column("symbol").from("decisions").where("symbol", .like, "CICA/%/DEC/\(year)/%").all()
        var continues: Decision?
        if let earlier = draft.continues, let row = try await sql.select().column("*").from("decisions").where("id", .equal, earlier).first() {
            continues = try Self.decision(row)
        }
        let context = DraftingContext(
            organs: Dictionary(uniqueKeysWithValues: try organs.map { (try $0.string("slug"), try $0.string("short_name")) }),
            meetingOrgans: meetings, registry: try await RegistryLoader.view(sql), symbolsThisYear: try symbols.map { try $0.string("symbol") },
            continues: continues, working: working, meetingStatus: meetingStatus)
        let changes = try DecisionWorkflow.draft(draft, id: UUID().uuidString.lowercased(), context: context, actor: actor, now: now)
        _ = try await Self.apply(changes, actor: actor, now: now, sql: sql, engine: engine)
        return changes.decision
    }

    public func revise(id: String, text: String, translations: [String: String], folds: [String], actor: Actor, now: Date) async throws -> Decision {
        let working = workingLanguages
        return try await step(id, actor: actor, now: now) { state, _ in
            try DecisionWorkflow.revise(state, text: text, translations: translations, folds: folds, working: working, actor: actor, now: now)
        }
    }

    public func table(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await step(id, actor: actor, now: now) { state, sql in
            try DecisionWorkflow.table(state, meeting: try await MeetingStore.meeting(state.decision.meeting, sql: sql), registry: try await RegistryLoader.view(sql),
                                       working: workingLanguages, actor: actor, now: now)
        }
    }

    public func circulate(id: String, deadline: Date, actor: Actor, now: Date) async throws -> Decision {
        try await step(id, actor: actor, now: now) { state, sql in
            // The circulation reaches every Member State with a delegate accredited now.
            let acts = try await DelegationStore.acts(state: nil, sql: sql)
            let notified = Set(DelegationRecord.byState(acts).compactMap { code, record in
                record.accreditations.contains { $0.holds(at: now) } ? code : nil
            })
            return try DecisionWorkflow.circulate(state, deadline: deadline, registry: try await RegistryLoader.view(sql), working: workingLanguages,
                                                  notified: notified, actor: actor, now: now)
        }
    }

    public func takePosition(id: String, _ request: PositionRequest, actor: Actor, now: Date) async throws -> Decision {
        try await step(id, actor: actor, now: now) { state, sql in
            var key: DelegationKey?
            if request.signature != nil, let keyId = request.keyId {
                key = try await sql.select().column("*").from("delegation_keys").where("id", .equal, keyId)
                    .where("revoked_at", .is, SQLLiteral.null).first().map(Self.key)
            }
            return try DecisionWorkflow.takePosition(state, request, memberStates: try await Self.memberStates(sql), key: key,
                                                     delegation: try await DelegationStore.record(state: request.state, sql: sql), actor: actor, now: now)
        }
    }

    public func proposeAmendment(id: String, state member: String, version: Int, text: String, rationale: String?, actor: Actor, now: Date) async throws -> Amendment {
        try await write { sql, engine in
            let changes = try DecisionWorkflow.proposeAmendment(try await Self.state(id, sql: sql, engine: engine), id: UUID().uuidString.lowercased(),
                                                                by: member, version: version, text: text, rationale: rationale,
                                                                memberStates: try await Self.memberStates(sql), actor: actor, now: now)
            _ = try await Self.apply(changes, actor: actor, now: now, sql: sql, engine: engine)
            guard let amendment = changes.amendment else { throw DecisionError.noSuchDecision(id) }
            return amendment
        }
    }

    static func memberStates(_ sql: any SQLDatabase) async throws -> Set<String> {
        Set(try await sql.select().column("code").from("member_states").all().map { try $0.string("code") })
    }

    public func close(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await settle(id: id, actor: actor, now: now).decision
    }

    /// Closes a decision as its procedure says, telling whether this call closed it.
    func settle(id: String, actor: Actor, now: Date) async throws -> (decision: Decision, closedHere: Bool) {
        try await write { sql, engine in
            let state = try await Self.state(id, sql: sql, engine: engine)
            let changes = try DecisionWorkflow.close(state, meeting: try await MeetingStore.meeting(state.decision.meeting, sql: sql),
                                                     registry: try await RegistryLoader.view(sql), actor: actor, now: now)
            let closedHere = try await Self.apply(changes, actor: actor, now: now, sql: sql, engine: engine)
            if closedHere { try await Outbox.owe(changes, settings: letters, now: now, sql: sql) }
            return (try await Self.load(id, sql: sql, engine: engine, lock: false), closedHere)
        }
    }

    public func withdraw(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await step(id, actor: actor, now: now) { state, _ in try DecisionWorkflow.withdraw(state, actor: actor, now: now) }
    }

    public func closeDue(actor: Actor, now: Date) async throws -> [Decision] {
        let due = try await database.read { sql in
            try await sql.select().column("id").from("decisions").where("status", .equal, DecisionStatus.open.rawValue)
                .where("procedure", .equal, "silence").where("deadline", .lessThanOrEqual, Timestamp.string(now))
                .where("attention_note", .is, SQLLiteral.null).all().map { try $0.string("id") }
        }
        var closed: [Decision] = []
        var failure: (any Error)?
        for id in due {
            do {
                let (decision, closedHere) = try await settle(id: id, actor: actor, now: now)
                if closedHere { closed.append(decision) }
            } catch DecisionError.notPossible {
                continue // another instance closed it first
            } catch DecisionError.effectFailed(let problem) {
                // One decision whose effect no longer holds must not keep the others open: it is marked and left open.
                if let marked = try await markNeedsAttention(id, Attention(effectFailed: problem, at: now), actor: actor) { closed.append(marked) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Anything else (the database, say) may pass: the others are still closed, and the error is reported after them.
                failure = failure ?? error
            }
        }
        if let failure { throw DueDecisionsNotAllClosed(closed: closed, failure: failure) }
        return closed
    }

    /// Marks an open decision as needing the Secretariat's attention, once; the closer passes it by from then on.
    func markNeedsAttention(_ id: String, _ attention: Attention, actor: Actor) async throws -> Decision? {
        try await write { sql, engine in
            let marked = try await sql.update("decisions").set("attention_note", to: attention.reason.stored)
                .set("attention_at", to: Timestamp.string(attention.since))
                .where("id", .equal, id).where("status", .equal, DecisionStatus.open.rawValue).where("attention_note", .is, SQLLiteral.null)
                .returning("id").all()
            guard !marked.isEmpty else { return nil }
            try await AuditLog.append(sql, actor: actor, action: "decision.needsAttention", entity: "decision/\(id)", before: nil,
                                      after: attention.reason.description, at: attention.since)
            return try await Self.load(id, sql: sql, engine: engine, lock: false)
        }
    }

    public func needingAttention() async throws -> [Decision] {
        try await database.read { sql in
            try await sql.select().column("*").from("decisions").where("attention_note", .isNot, SQLLiteral.null)
                .orderBy("attention_at").all().map(Self.decision)
        }
    }

    public func registerKey(state: String, publicKey: String, endorsement: (keyId: String, signature: String)?, actor: Actor, now: Date) async throws -> DelegationKey {
        try await write { sql, _ in
            let taken = try await sql.select().column("id").from("delegation_keys").where("public_key", .equal, publicKey).first() != nil
            let existing = try await sql.select().column("*").from("delegation_keys").where("state", .equal, state).all().map(Self.key)
            do {
                try DelegationKey.checkEndorsement(state: state, publicKey: publicKey, record: try await DelegationStore.record(state: state, sql: sql),
                                                   keys: existing, endorsementKeyId: endorsement?.keyId, endorsement: endorsement?.signature, now: now)
            } catch let error as InvalidInput { throw DecisionError.invalid(error.errors[0]) }
            let key = try DelegationKey.register(id: "key-" + UUID().uuidString.lowercased().prefix(8), state: state, publicKey: publicKey,
                                                 memberStates: try await Self.memberStates(sql), alreadyRegistered: taken, now: now)
            try await sql.insert(into: "delegation_keys").columns("id", "state", "public_key", "registered_by", "registered_at")
                .values([Cell.text(key.id), .text(state), .text(publicKey), .text(actor.recordName), .text(Timestamp.string(now))].map(\.expression))
                .run()
            try await TransparencyLog.add(LogLeaf.key(id: key.id, state: state, publicKey: publicKey, registeredAt: Timestamp.string(now)), sql: sql)
            try await AuditLog.append(sql, actor: actor, action: "key.register", entity: "key/\(key.id)", before: nil,
                                      after: "\(state) registered an Ed25519 key", at: now)
            return key
        }
    }
}

/// The closer met an error other than an effect that no longer holds: the other due decisions were closed all the same
/// (`closed`); `failure` is the first error, for the log.
public struct DueDecisionsNotAllClosed: Error {
    public var closed: [Decision]
    public var failure: any Error
}

/// The registry as effects check themselves against it, read inside the transaction.
enum RegistryLoader {
    static func view(_ sql: any SQLDatabase) async throws -> RegistryView {
        let countries = try await sql.select().column("*").from("countries").all().map(SQLMembershipRepository.country)
        let members = try await sql.select().columns(SQLMembershipRepository.memberColumns).from("member_states").all().map(SQLMembershipRepository.memberState)
        let observers = try await SQLMembershipRepository.observerIDs(sql)
        let areas = try await SQLCatalogueRepository.priorityAreas(dimension: nil, state: nil, sql: sql)
        return RegistryView(countries: Dictionary(uniqueKeysWithValues: countries.map { ($0.alpha2, $0) }),
                            memberStates: Dictionary(uniqueKeysWithValues: members.map { ($0.code, $0) }),
                            observers: observers, priorityAreas: Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, $0) }))
    }
}
