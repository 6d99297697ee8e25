import Foundation
import SQLKit
import CICACore

/// Why a decision operation was refused; each names what to do instead.
public enum DecisionError: Error, Equatable, Sendable {
    case noSuchDecision(String)
    case notPossible(DecisionStep, DecisionStatus)
    case effect(EffectError)
    case position(PositionError)
    case invalid(FieldError)
    /// Under silence procedure a decision closes at its deadline (or when a Member State objects).
    case silenceRunning(deadline: Date)
    /// The effect could not be applied at adoption: nothing was changed.
    case effectFailed(EffectError)
}

/// What the Secretariat drafts.
public struct NewDraft: Sendable {
    public var title: String
    public var organ: String
    public var meeting: String?
    public var text: String
    public var effectKind: String
    public var effectParameters: [String: String]
    public var continues: String?

    public init(title: String, organ: String, meeting: String?, text: String, effectKind: String, effectParameters: [String: String], continues: String? = nil) {
        self.title = title
        self.organ = organ
        self.meeting = meeting
        self.text = text
        self.effectKind = effectKind
        self.effectParameters = effectParameters
        self.continues = continues
    }
}

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
    func revise(id: String, text: String, folds: [String], actor: Actor, now: Date) async throws -> Decision
    func table(id: String, actor: Actor, now: Date) async throws -> Decision
    func circulate(id: String, deadline: Date, actor: Actor, now: Date) async throws -> Decision
    func takePosition(id: String, _ position: PositionRequest, actor: Actor, now: Date) async throws -> Decision
    func proposeAmendment(id: String, state: String, version: Int, text: String, rationale: String?, actor: Actor, now: Date) async throws -> Amendment
    func close(id: String, actor: Actor, now: Date) async throws -> Decision
    func withdraw(id: String, actor: Actor, now: Date) async throws -> Decision
    /// Closes every silence procedure whose deadline has passed; each exactly once, whichever instance asks.
    func closeDue(actor: Actor, now: Date) async throws -> [Decision]
    func decisions(_ filter: DecisionFilter, page: PageRequest) async throws -> Page<Decision>
    func decision(id: String) async throws -> DecisionDetail?
    func record(id: String) async throws -> DecisionRecord?
    /// The whole ledger, in sequence order, and every key, for `cica verify`.
    func ledger() async throws -> (entries: [LedgerEntry], keys: [DelegationKey])
    func registerKey(state: String, publicKey: String, actor: Actor, now: Date) async throws -> DelegationKey
    func keys(state: String?) async throws -> [DelegationKey]
}

/// `DecisionRepository` on SQLKit. Every write locks the decision's row (on PostgreSQL; SQLite has one
/// writer), checks the rules in CICACore, writes, appends to the ledger and the audit log, in one transaction.
public struct SQLDecisionRepository: DecisionRepository {
    let database: Database
    init(database: Database) { self.database = database }

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
                        closedBy: try row.optionalString("closed_by"), outcomeNote: try row.optionalString("outcome_note").map(Message.init(stored:)))
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
            var version = TextVersion(number: try row.int("number"), text: try row.string("text"), createdBy: try row.string("created_by"),
                                      createdAt: try row.instant("created_at"))
            version.folds = (CanonicalJSON(parsing: try row.string("folds")).flatMap { value -> [String]? in
                if case .array(let items) = value { return items.compactMap(\.stringValue) }
                return nil
            }) ?? []
            return version
        }
    }

    static func positions(_ id: String, sql: any SQLDatabase) async throws -> [Position] {
        try await sql.select().column("*").from("positions").where("decision_id", .equal, id).orderBy("taken_at").orderBy("id").all().map { row in
            Position(state: try row.string("state"), version: try row.int("version"), kind: try row.value("kind", as: PositionKind.self),
                     statementKind: try row.optionalValue("statement_kind", as: StatementKind.self), statement: try row.optionalString("statement"),
                     reason: try row.optionalString("reason"), actor: try row.string("actor"), takenAt: try row.instant("taken_at"),
                     signature: try row.optionalString("signature"), keyId: try row.optionalString("key_id"))
        }
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
            if let organ = filter.organ { query.where("organ", .equal, organ) }
            if let meeting = filter.meeting { query.where("meeting", .equal, meeting) }
            if let effect = filter.effect { query.where("effect_kind", .equal, effect) }
            if let year = filter.year {
                query.where("sort_key", .greaterThanOrEqual, String(format: "%04d", year)).where("sort_key", .lessThan, String(format: "%04d", year + 1))
            }
            let decisions = try await query.page(page, descending: true).all().map(Self.decision)
            return Page(fetched: decisions, limit: page.limit, sortKey: Self.sortKey)
        }
    }

    /// Newest first by the day the decision was taken (or drafted, while open).
    static func sortKey(_ d: Decision) -> String {
        Timestamp.string(d.closedAt ?? d.createdAt) + "|" + d.id
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
        guard let detail = try await decision(id: id) else { return nil }
        let keyIds = Set(detail.ledger.compactMap(\.keyId))
        let keys = try await database.read { sql in
            keyIds.isEmpty ? [] : try await sql.select().column("*").from("delegation_keys").where("id", .in, SQLBind.group(Array(keyIds)))
                .orderBy("id").all().map(Self.key)
        }
        return DecisionRecord(decision: id, entries: detail.ledger, keys: keys)
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
        if engine == .postgresql {
            // One ledger writer at a time, so that sequence numbers have no gaps and no duplicates.
            try await sql.raw("SELECT pg_advisory_xact_lock(7411001)").run()
        }
        var payloadFields = fields
        payloadFields["decision"] = .string(decision)
        payloadFields["kind"] = .string(kind.rawValue)
        let payload = CanonicalJSON.object(payloadFields).text
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "last").from("ledger").first()?
            .decode(column: "last", as: Int?.self) ?? 0
        let prev = try await sql.select().column("hash").from("ledger").where("decision_id", .equal, decision).orderBy("seq", .descending).limit(1)
            .first()?.decode(column: "hash", as: String.self) ?? Ledger.genesis
        try await sql.insert(into: "ledger").columns("seq", "decision_id", "kind", "payload", "prev_hash", "hash", "signature", "key_id")
            .values([Cell.int(last + 1), .text(decision), .text(kind.rawValue), .text(payload), .text(prev),
                     .text(Ledger.hash(prevHash: prev, payload: payload)), .text(signature), .text(keyId)].map(\.expression))
            .run()
    }

    static func instant(_ date: Date?) -> CanonicalJSON { .optional(date.map(Timestamp.string)) }

    // MARK: writing

    func write<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, Database.Engine) async throws -> R) async throws -> R {
        let engine = database.engine
        return try await database.write { sql in try await body(sql, engine) }
    }

    static func check(_ step: DecisionStep, _ decision: Decision) throws {
        guard step.isPossible(in: decision.status) else { throw DecisionError.notPossible(step, decision.status) }
    }

    public func create(_ draft: NewDraft, actor: Actor, now: Date) async throws -> Decision {
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...DecisionText.maximumTitle).contains(title.count) else {
            throw DecisionError.invalid(FieldError(field: "title", reason: Message("reason.mustBetweenCharacters2", ["maximumTitle": "\(DecisionText.maximumTitle)"])))
        }
        let text = DecisionText.canonical(draft.text)
        guard !text.isEmpty else { throw DecisionError.invalid(FieldError(field: "text", reason: Message("reason.emptyWriteTextDecision"))) }
        let effect: any DecisionEffect
        do { effect = try Effects.make(kind: draft.effectKind, parameters: draft.effectParameters) } catch { throw DecisionError.effect(error) }
        return try await write { sql, engine in
            let organs = try await sql.select().columns("slug", "name", "short_name").from("organs").all()
            // "Summit" and "Ministerial Council" read better than the formal names; "SOC" does not.
            let organNames = Dictionary(uniqueKeysWithValues: try organs.map { row in
                let short = try row.string("short_name")
                return (try row.string("slug"), short.count > 3 ? short : try row.string("name"))
            })
            guard let organRow = try organs.first(where: { try $0.string("slug") == draft.organ }) else {
                throw DecisionError.invalid(FieldError(field: "organ", reason: Message("reason.thereOrganUseOne", ["organ": "\(draft.organ)", "organNames": "\(organNames.keys.sorted().joined(separator: ", "))"])) )
            }
            if let competence = Effects.competence(of: effect, organ: draft.organ, organNames: organNames) { throw DecisionError.effect(competence) }
            if let problem = effect.check(try await RegistryLoader.view(sql)) { throw DecisionError.effect(problem) }
            if let meeting = draft.meeting {
                guard let row = try await sql.select().column("organ").from("meetings").where("id", .equal, meeting).first() else {
                    throw DecisionError.invalid(FieldError(field: "meeting", reason: Message("reason.thereMeeting", ["meeting": "\(meeting)"])))
                }
                guard try row.string("organ") == draft.organ else {
                    throw DecisionError.invalid(FieldError(field: "meeting", reason: Message("reason.meetingMeeting", ["meeting": "\(meeting)", "organ": "\(organNames[draft.organ] ?? draft.organ)"])))
                }
            }
            var firstVersion = 1
            if let continues = draft.continues {
                let earlier = try await Self.load(continues, sql: sql, engine: engine, lock: false)
                firstVersion = earlier.currentVersion + 1
            }
            let year = CivilDate(now).year
            let abbreviation = DecisionSymbol.abbreviation(try organRow.string("short_name"))
            let prefix = "CICA/\(abbreviation)/DEC/\(year)/"
            let existing = try await sql.select().column("symbol").from("decisions").where("symbol", .like, prefix + "%").all()
            let number = (try existing.compactMap { Int(try $0.string("symbol").dropFirst(prefix.count)) }.max() ?? 0) + 1
            let id = UUID().uuidString.lowercased()
            let decision = Decision(id: id, symbol: prefix + String(number), title: title, organ: draft.organ, meeting: draft.meeting,
                                    effectKind: effect.kind, effectParameters: effect.parameters, procedure: nil, status: .drafting,
                                    currentVersion: firstVersion, continues: draft.continues, historical: false, createdBy: actor.label,
                                    createdAt: now, openedAt: nil, closedAt: nil, closedBy: nil, outcomeNote: nil)
            try await Self.insert(decision, text: text, sql: sql, engine: engine)
            try await AuditLog.append(sql, actor: actor, action: "decision.create", entity: "decision/\(id)", before: nil,
                                      after: "\(decision.symbol) “\(title)” (\(effect.summary.description))", at: now)
            return decision
        }
    }

    /// Inserts a decision with its first version and records both.
    static func insert(_ d: Decision, text: String, sql: any SQLDatabase, engine: Database.Engine) async throws {
        try await sql.insert(into: "decisions")
            .columns("id", "symbol", "title", "organ", "meeting", "effect_kind", "effect_parameters", "procedure", "deadline", "status",
                     "current_version", "continues", "historical", "created_by", "created_at", "opened_at", "closed_at", "closed_by", "outcome_note", "sort_key")
            .values([Cell.text(d.id), .text(d.symbol), .text(d.title), .text(d.organ), .text(d.meeting), .text(d.effectKind),
                     .text(CanonicalJSON.object(d.effectParameters.mapValues(CanonicalJSON.string)).text), .text(d.procedure?.kind),
                     .text(d.procedure?.deadline.map(Timestamp.string)), .text(d.status.rawValue), .int(d.currentVersion), .text(d.continues),
                     .bool(d.historical), .text(d.createdBy), .text(Timestamp.string(d.createdAt)), .text(d.openedAt.map(Timestamp.string)),
                     .text(d.closedAt.map(Timestamp.string)), .text(d.closedBy), .text(d.outcomeNote?.stored), .text(sortKey(d))].map(\.expression))
            .run()
        try await append(sql, engine: engine, decision: d.id, kind: .draft, payload: [
            "symbol": .string(d.symbol), "title": .string(d.title), "organ": .string(d.organ), "meeting": .optional(d.meeting),
            "effect": ["kind": .string(d.effectKind), "parameters": .object(d.effectParameters.mapValues(CanonicalJSON.string))],
            "continues": .optional(d.continues), "historical": .bool(d.historical), "createdBy": .string(d.createdBy),
            "createdAt": .string(Timestamp.string(d.createdAt)),
        ])
        try await addVersion(TextVersion(number: d.currentVersion, text: text, createdBy: d.createdBy, createdAt: d.createdAt), decision: d.id,
                             sql: sql, engine: engine)
    }

    static func addVersion(_ v: TextVersion, decision: String, sql: any SQLDatabase, engine: Database.Engine) async throws {
        let folds = CanonicalJSON.array(v.folds.map(CanonicalJSON.string)).text
        try await sql.insert(into: "decision_versions").columns("decision_id", "number", "text", "text_hash", "folds", "created_by", "created_at")
            .values([Cell.text(decision), .int(v.number), .text(v.text), .text(v.textHash), .text(folds), .text(v.createdBy),
                     .text(Timestamp.string(v.createdAt))].map(\.expression))
            .run()
        try await append(sql, engine: engine, decision: decision, kind: .version, payload: [
            "version": .int(v.number), "text": .string(v.text), "textHash": .string(v.textHash),
            "folds": .array(v.folds.map(CanonicalJSON.string)), "createdBy": .string(v.createdBy), "createdAt": .string(Timestamp.string(v.createdAt)),
        ])
    }

    public func revise(id: String, text: String, folds: [String], actor: Actor, now: Date) async throws -> Decision {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            try Self.check(.revise, decision)
            let versions = try await Self.versions(id, sql: sql)
            let version = TextVersion(number: decision.currentVersion + 1, text: text, createdBy: actor.label, createdAt: now, folds: folds)
            guard !version.text.isEmpty else { throw DecisionError.invalid(FieldError(field: "text", reason: Message("reason.emptyWriteRevisedText"))) }
            if version.textHash == versions.last?.textHash {
                throw DecisionError.invalid(FieldError(field: "text", reason: Message("reason.sameCurrentVersionChange")))
            }
            let amendments = try await Self.amendments(id, sql: sql)
            for fold in folds {
                guard let amendment = amendments.first(where: { $0.id == fold }), amendment.foldedInto == nil else {
                    throw DecisionError.invalid(FieldError(field: "folds", reason: Message("reason.openAmendmentDraft", ["fold": "\(fold)"])))
                }
                try await sql.update("amendments").set("folded_into", to: version.number).where("id", .equal, fold).run()
            }
            try await Self.addVersion(version, decision: id, sql: sql, engine: engine)
            try await sql.update("decisions").set("current_version", to: version.number).where("id", .equal, id).run()
            try await AuditLog.append(sql, actor: actor, action: "decision.revise", entity: "decision/\(id)",
                                      before: "version \(decision.currentVersion)", after: "version \(version.number) (\(version.textHash.prefix(12))…)", at: now)
            return try await Self.load(id, sql: sql, engine: engine, lock: false)
        }
    }

    func open(id: String, procedure: Procedure, actor: Actor, now: Date) async throws -> Decision {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            try Self.check(procedure == .inMeeting ? .table : .circulate, decision)
            if let problem = decision.effect?.check(try await RegistryLoader.view(sql)) { throw DecisionError.effect(problem) }
            try await sql.update("decisions").set("status", to: DecisionStatus.open.rawValue).set("procedure", to: procedure.kind)
                .set("deadline", to: SQLBind(procedure.deadline.map(Timestamp.string))).set("opened_at", to: Timestamp.string(now))
                .where("id", .equal, id).run()
            try await Self.append(sql, engine: engine, decision: id, kind: .opened, payload: [
                "procedure": .string(procedure.kind), "deadline": Self.instant(procedure.deadline), "version": .int(decision.currentVersion),
                "openedBy": .string(actor.label), "openedAt": .string(Timestamp.string(now)),
            ])
            let what = procedure.deadline.map { "circulated under silence procedure until \(Timestamp.string($0))" } ?? "tabled"
            try await AuditLog.append(sql, actor: actor, action: procedure == .inMeeting ? "decision.table" : "decision.circulate",
                                      entity: "decision/\(id)", before: "drafting", after: what, at: now)
            return try await Self.load(id, sql: sql, engine: engine, lock: false)
        }
    }

    public func table(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await open(id: id, procedure: .inMeeting, actor: actor, now: now)
    }

    public func circulate(id: String, deadline: Date, actor: Actor, now: Date) async throws -> Decision {
        guard deadline > now.addingTimeInterval(60) else {
            throw DecisionError.invalid(FieldError(field: "deadline", reason: Message("reason.mustFutureGiveMember")))
        }
        return try await open(id: id, procedure: .silence(deadline: deadline), actor: actor, now: now)
    }

    public func takePosition(id: String, _ request: PositionRequest, actor: Actor, now: Date) async throws -> Decision {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            let members = Set(try await sql.select().column("code").from("member_states").all().map { try $0.string("code") })
            do {
                try ConsensusRule.check(kind: request.kind, statementKind: request.statementKind, statement: request.statement, reason: request.reason,
                                        status: decision.status, currentVersion: decision.currentVersion, version: request.version,
                                        procedure: decision.procedure ?? .inMeeting, now: now, state: request.state, memberStates: members)
            } catch let error as PositionError { throw DecisionError.position(error) }
            guard let version = try await Self.versions(id, sql: sql).first(where: { $0.number == request.version }) else {
                throw DecisionError.position(.notCurrentVersion(current: decision.currentVersion))
            }
            let signed = PositionStatement.signed(decision: id, version: version.number, textHash: version.textHash, state: request.state,
                                                  kind: request.kind, statementKind: request.statementKind, statement: request.statement, reason: request.reason)
            if let signature = request.signature {
                guard let keyId = request.keyId,
                      let row = try await sql.select().column("*").from("delegation_keys").where("id", .equal, keyId)
                        .where("revoked_at", .is, SQLLiteral.null).first() else {
                    throw DecisionError.invalid(FieldError(field: "keyId", reason: Message("reason.registeredKeyRegisterDelegation")))
                }
                let key = try Self.key(row)
                guard key.state == request.state else {
                    throw DecisionError.invalid(FieldError(field: "keyId", reason: Message("reason.belongs", ["state": .country(key.state), "state2": .country(request.state)])))
                }
                guard Ledger.isValidSignature(signature, of: signed.text, publicKey: key.publicKey) else {
                    throw DecisionError.invalid(FieldError(field: "signature", reason: Message("reason.doesVerifySignCanonical", ["keyId": "\(keyId)"])))
                }
            }
            try await sql.insert(into: "positions")
                .columns("id", "decision_id", "version", "state", "kind", "statement_kind", "statement", "reason", "actor", "taken_at", "signature", "key_id")
                .values([Cell.text(UUID().uuidString.lowercased()), .text(id), .int(request.version), .text(request.state), .text(request.kind.rawValue),
                         .text(request.statementKind?.rawValue), .text(request.statement), .text(request.reason), .text(actor.label),
                         .text(Timestamp.string(now)), .text(request.signature), .text(request.signature == nil ? nil : request.keyId)].map(\.expression))
                .run()
            try await Self.append(sql, engine: engine, decision: id, kind: .position,
                                  payload: ["signed": signed, "actor": .string(actor.label), "takenAt": .string(Timestamp.string(now))],
                                  signature: request.signature, keyId: request.signature == nil ? nil : request.keyId)
            try await AuditLog.append(sql, actor: actor, action: "decision.position", entity: "decision/\(id)", before: nil,
                                      after: "\(request.state): \(request.kind.rawValue) on version \(request.version)", at: now)
            // An objection breaks silence at once: the procedure ends, not adopted.
            if case .silence = decision.procedure, request.kind == .objects {
                return try await Self.finish(decision, status: .notAdopted, note: Message("decision.note.silenceBroken", ["state": .country(request.state)]), actor: actor, now: now, sql: sql, engine: engine)
            }
            return try await Self.load(id, sql: sql, engine: engine, lock: false)
        }
    }

    public func proposeAmendment(id: String, state: String, version: Int, text: String, rationale: String?, actor: Actor, now: Date) async throws -> Amendment {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            try Self.check(.proposeAmendment, decision)
            guard version == decision.currentVersion else { throw DecisionError.position(.notCurrentVersion(current: decision.currentVersion)) }
            guard try await sql.select().column("code").from("member_states").where("code", .equal, state).first() != nil else {
                throw DecisionError.position(.notAMemberState(state))
            }
            let body = DecisionText.canonical(text)
            guard !body.isEmpty else { throw DecisionError.invalid(FieldError(field: "text", reason: Message("reason.emptyWriteAmendment"))) }
            let amendment = Amendment(id: UUID().uuidString.lowercased(), state: state, version: version, text: body, rationale: rationale,
                                      proposedBy: actor.label, proposedAt: now)
            try await sql.insert(into: "amendments").columns("id", "decision_id", "version", "state", "text", "rationale", "proposed_by", "proposed_at")
                .values([Cell.text(amendment.id), .text(id), .int(version), .text(state), .text(body), .text(rationale), .text(actor.label),
                         .text(Timestamp.string(now))].map(\.expression))
                .run()
            try await Self.append(sql, engine: engine, decision: id, kind: .amendment, payload: [
                "amendment": .string(amendment.id), "state": .string(state), "version": .int(version), "text": .string(body),
                "rationale": .optional(rationale), "proposedBy": .string(actor.label), "proposedAt": .string(Timestamp.string(now)),
            ])
            try await AuditLog.append(sql, actor: actor, action: "decision.amendment", entity: "decision/\(id)", before: nil,
                                      after: "\(state) proposed an amendment to version \(version)", at: now)
            return amendment
        }
    }

    /// Ends a decision: the conditional update decides which caller closes it; the loser does nothing.
    static func finish(_ decision: Decision, status: DecisionStatus, note: Message?, actor: Actor, now: Date, sql: any SQLDatabase,
                       engine: Database.Engine) async throws -> Decision {
        try await settle(decision, status: status, note: note, actor: actor, now: now, sql: sql, engine: engine).decision
    }

    /// Like `finish`, and tells whether this caller was the one that closed it.
    static func settle(_ decision: Decision, status: DecisionStatus, note: Message?, actor: Actor, now: Date, sql: any SQLDatabase,
                       engine: Database.Engine) async throws -> (decision: Decision, closedHere: Bool) {
        let won = try await sql.update("decisions").set("status", to: status.rawValue).set("closed_at", to: Timestamp.string(now))
            .set("closed_by", to: actor.label).set("outcome_note", to: SQLBind(note?.stored)).set("sort_key", to: Timestamp.string(now) + "|" + decision.id)
            .where("id", .equal, decision.id).where("status", .equal, decision.status.rawValue)
            .returning("id").all()
        guard !won.isEmpty else { return (try await load(decision.id, sql: sql, engine: engine, lock: false), false) }
        let positions = try await Self.positions(decision.id, sql: sql)
        if status == .adopted, let effect = decision.effect {
            if let problem = effect.check(try await RegistryLoader.view(sql)) { throw DecisionError.effectFailed(problem) }
            guard let applier = EffectAppliers.applier(for: effect.kind) else {
                throw DecisionError.effectFailed(EffectError(field: "effect", reason: Message("reason.applier", ["effect": "\(effect.kind)"])))
            }
            try await applier.apply(effect, decision: decision, at: now, sql: sql)
        }
        let versions = try await Self.versions(decision.id, sql: sql)
        try await append(sql, engine: engine, decision: decision.id, kind: .outcome, payload: [
            "status": .string(status.rawValue), "finalVersion": .int(decision.currentVersion),
            "textHash": .optional(versions.last?.textHash),
            "objections": .array(ConsensusRule.objections(positions, on: decision.currentVersion).map(CanonicalJSON.string)),
            "effect": ["kind": .string(decision.effectKind), "parameters": .object(decision.effectParameters.mapValues(CanonicalJSON.string)),
                       "applied": .bool(status == .adopted)],
            "note": note.map(CanonicalJSON.init) ?? .null, "closedBy": .string(actor.label), "closedAt": .string(Timestamp.string(now)),
        ])
        try await AuditLog.append(sql, actor: actor, action: "decision.\(status.rawValue)", entity: "decision/\(decision.id)",
                                  before: decision.status.rawValue, after: status.rawValue + (note.map { ": \($0.description)" } ?? ""), at: now)
        return (try await load(decision.id, sql: sql, engine: engine, lock: false), true)
    }

    public func close(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await settle(id: id, actor: actor, now: now).decision
    }

    /// Closes a decision as its procedure says, telling whether this call closed it.
    func settle(id: String, actor: Actor, now: Date) async throws -> (decision: Decision, closedHere: Bool) {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            try Self.check(.close, decision)
            let positions = try await Self.positions(id, sql: sql)
            switch decision.procedure {
            case .silence(let deadline):
                guard let outcome = SilenceProcedure.due(deadline: deadline, positions: positions, version: decision.currentVersion, now: now) else {
                    throw DecisionError.silenceRunning(deadline: deadline)
                }
                return try await Self.settle(decision, status: outcome, note: outcome == .adopted ? Message("decision.note.silenceElapsed") : nil,
                                             actor: actor, now: now, sql: sql, engine: engine)
            case .inMeeting, nil:
                let outcome = ConsensusRule.outcome(positions: positions, finalVersion: decision.currentVersion)
                let objections = ConsensusRule.objections(positions, on: decision.currentVersion)
                return try await Self.settle(decision, status: outcome, note: objections.isEmpty ? nil : Message("decision.note.objectedBy", ["states": "\(objections.joined(separator: ", "))"]),
                                             actor: actor, now: now, sql: sql, engine: engine)
            }
        }
    }

    public func withdraw(id: String, actor: Actor, now: Date) async throws -> Decision {
        try await write { sql, engine in
            let decision = try await Self.load(id, sql: sql, engine: engine, lock: true)
            try Self.check(.withdraw, decision)
            return try await Self.finish(decision, status: .withdrawn, note: nil, actor: actor, now: now, sql: sql, engine: engine)
        }
    }

    public func closeDue(actor: Actor, now: Date) async throws -> [Decision] {
        let due = try await database.read { sql in
            try await sql.select().column("id").from("decisions").where("status", .equal, DecisionStatus.open.rawValue)
                .where("procedure", .equal, "silence").where("deadline", .lessThanOrEqual, Timestamp.string(now)).all().map { try $0.string("id") }
        }
        var closed: [Decision] = []
        for id in due {
            do {
                let (decision, closedHere) = try await settle(id: id, actor: actor, now: now)
                if closedHere { closed.append(decision) }
            } catch DecisionError.notPossible {
                continue // another instance closed it first
            }
        }
        return closed
    }

    public func registerKey(state: String, publicKey: String, actor: Actor, now: Date) async throws -> DelegationKey {
        guard Ledger.isPublicKey(publicKey) else {
            throw DecisionError.invalid(FieldError(field: "publicKey", reason: Message("reason.edPublicKeyGive")))
        }
        return try await write { sql, _ in
            guard try await sql.select().column("code").from("member_states").where("code", .equal, state).first() != nil else {
                throw DecisionError.position(.notAMemberState(state))
            }
            if try await sql.select().column("id").from("delegation_keys").where("public_key", .equal, publicKey).first() != nil {
                throw DecisionError.invalid(FieldError(field: "publicKey", reason: Message("reason.alreadyRegistered")))
            }
            let key = DelegationKey(id: "key-" + UUID().uuidString.lowercased().prefix(8), state: state, publicKey: publicKey, registeredAt: now)
            try await sql.insert(into: "delegation_keys").columns("id", "state", "public_key", "registered_by", "registered_at")
                .values([Cell.text(key.id), .text(state), .text(publicKey), .text(actor.label), .text(Timestamp.string(now))].map(\.expression))
                .run()
            try await AuditLog.append(sql, actor: actor, action: "key.register", entity: "key/\(key.id)", before: nil,
                                      after: "\(state) registered an Ed25519 key", at: now)
            return key
        }
    }
}

/// The registry as effects check themselves against it, read inside the transaction.
enum RegistryLoader {
    static func view(_ sql: any SQLDatabase) async throws -> RegistryView {
        let countries = try await sql.select().column("*").from("countries").all().map(SQLMembershipRepository.country)
        let members = try await sql.select().columns(SQLMembershipRepository.memberColumns).from("member_states").all().map(SQLMembershipRepository.memberState)
        let observers = try await sql.select().column("id").from("observers").all().map { try $0.string("id") }
        let areas = try await SQLCatalogueRepository.priorityAreas(dimension: nil, state: nil, sql: sql)
        return RegistryView(countries: Dictionary(uniqueKeysWithValues: countries.map { ($0.alpha2, $0) }),
                            memberStates: Dictionary(uniqueKeysWithValues: members.map { ($0.code, $0) }),
                            observers: Set(observers), priorityAreas: Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, $0) }))
    }
}
