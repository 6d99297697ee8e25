import Foundation

/// The workflow of a decision by consensus, as pure functions: each step takes the decision as it stands (and what the
/// step is checked against, read by the store in the same transaction) and returns either a refusal or the changes to
/// write. Nothing here reads or writes a database; the store loads, calls the step and writes what it returns.
public enum DecisionWorkflow {
    /// A circulated draft's deadline must be at least this far ahead.
    public static let minimumNotice: TimeInterval = 60

    // MARK: drafting

    /// A new draft by the Secretariat: title, text, organ, meeting and effect checked; numbered CICA/<organ>/DEC/<year>/<n>.
    public static func draft(_ draft: NewDraft, id: String, context: DraftingContext, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...DecisionText.maximumTitle).contains(title.count) else {
            throw .invalid(FieldError(field: "title", reason: Message("reason.mustBetweenCharacters2", ["maximumTitle": "\(DecisionText.maximumTitle)"])))
        }
        let text = DecisionText.canonical(draft.text)
        guard !text.isEmpty else { throw .invalid(FieldError(field: "text", reason: Message("reason.emptyWriteTextDecision"))) }
        let effect: any DecisionEffect
        do { effect = try Effects.make(kind: draft.effectKind, parameters: draft.effectParameters) } catch { throw .effect(error) }
        guard let shortName = context.organs[draft.organ] else {
            throw .invalid(FieldError(field: "organ", reason: Message("reason.thereOrganUseOne",
                                                                      ["organ": "\(draft.organ)", "organNames": "\(context.organs.keys.sorted().joined(separator: ", "))"])))
        }
        if let competence = Effects.competence(of: effect, organ: draft.organ) { throw .effect(competence) }
        if let problem = effect.check(context.registry) { throw .effect(problem) }
        if let meeting = draft.meeting {
            guard let organ = context.meetingOrgans[meeting] else {
                throw .invalid(FieldError(field: "meeting", reason: Message("reason.thereMeeting", ["meeting": "\(meeting)"])))
            }
            guard organ == draft.organ else {
                throw .invalid(FieldError(field: "meeting", reason: Message("reason.meetingMeeting", ["meeting": "\(meeting)", "organ": .organ(draft.organ)])))
            }
            if let status = context.meetingStatus, status == .held || status == .cancelled {
                throw .invalid(FieldError(field: "meeting", reason: Message("reason.meetingOver", ["status": .message(Message("meeting.status.\(status.rawValue)"))])))
            }
        }
        if draft.continues != nil && context.continues == nil {
            throw .invalid(FieldError(field: "continues", reason: Message("reason.noDecisionToContinue")))
        }
        let symbol = DecisionSymbol.next(organShortName: shortName, year: CivilDate(now).year, given: context.symbolsThisYear)
        let decision = Decision(id: id, symbol: symbol, title: title, organ: draft.organ, meeting: draft.meeting, effectKind: effect.kind,
                                effectParameters: effect.parameters, procedure: nil, status: .drafting,
                                currentVersion: (context.continues?.currentVersion ?? 0) + 1, continues: draft.continues, historical: false,
                                createdBy: actor.recordName, createdAt: now, openedAt: nil, closedAt: nil, closedBy: nil, outcomeNote: nil)
        let version = TextVersion(number: decision.currentVersion, text: text, language: context.working.primary,
                                  translations: try context.working.checkTranslations(draft.translations), createdBy: actor.recordName, createdAt: now)
        return DecisionChanges(decision: decision, expectedStatus: nil, version: version,
                               ledger: [drafted(decision), versioned(version)],
                               audit: [AuditNote(action: "decision.create", entity: "decision/\(id)", before: nil,
                                                 after: "\(symbol) “\(title)” (\(effect.summary.description))")])
    }

    /// A decision taken before the platform existed, recorded from the sources: drafted, its text and its outcome at once.
    public static func recordHistorical(_ decision: Decision, text: String) -> DecisionChanges {
        let version = TextVersion(number: decision.currentVersion, text: text, createdBy: decision.createdBy, createdAt: decision.createdAt)
        var outcome = ended(decision, status: decision.status, note: decision.outcomeNote, textHash: version.textHash, objections: [],
                            by: decision.closedBy ?? decision.createdBy, at: decision.closedAt ?? decision.createdAt)
        outcome.payload["effect"] = effectRecord(decision, applied: decision.status == .adopted)
        var ledger = [drafted(decision), versioned(version), outcome]
        // Every entry carries the date as the sources give it; the instants are only that date's first moment.
        if let date = decision.recordedDate { for index in ledger.indices { ledger[index].payload["date"] = .string(date.description) } }
        return DecisionChanges(decision: decision, expectedStatus: nil, version: version, ledger: ledger, audit: [])
    }

    /// A new version of the text, folding in the amendments named; with its translations into the other working
    /// languages (correcting one language is a new version too).
    public static func revise(_ state: DecisionState, text: String, translations: [String: String] = [:], folds: [String],
                              working: WorkingLanguages = .english, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        var decision = state.decision
        try check(.revise, decision)
        let version = TextVersion(number: decision.currentVersion + 1, text: text, language: working.primary,
                                  translations: try working.checkTranslations(translations), createdBy: actor.recordName, createdAt: now, folds: folds)
        guard !version.text.isEmpty else { throw .invalid(FieldError(field: "text", reason: Message("reason.emptyWriteRevisedText"))) }
        if version.textHash == state.versions.last?.textHash {
            throw .invalid(FieldError(field: "text", reason: Message("reason.sameCurrentVersionChange")))
        }
        for fold in folds where !state.amendments.contains(where: { $0.id == fold && $0.foldedInto == nil }) {
            throw .invalid(FieldError(field: "folds", reason: Message("reason.openAmendmentDraft", ["fold": "\(fold)"])))
        }
        decision.currentVersion = version.number
        return DecisionChanges(decision: decision, expectedStatus: state.decision.status, version: version, folds: folds,
                               ledger: [versioned(version)],
                               audit: [AuditNote(action: "decision.revise", entity: "decision/\(decision.id)", before: "version \(state.decision.currentVersion)",
                                                 after: "version \(version.number) (\(version.textHash.prefix(12))…)")])
    }

    // MARK: opening

    /// Tabled in a meeting: positions are taken until the chair closes it. A decision drafted for a meeting is tabled
    /// only while that meeting is in session (`meeting`, read by the store).
    public static func table(_ state: DecisionState, meeting: Meeting? = nil, registry: RegistryView, working: WorkingLanguages = .english,
                             actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        try inSession(meeting)
        return try open(state, procedure: .inMeeting, registry: registry, working: working, actor: actor, now: now)
    }

    /// Refuses a step on a decision of a meeting that is not in session.
    static func inSession(_ meeting: Meeting?) throws(DecisionError) {
        if let meeting, !MeetingRules.mayTakeDecisions(meeting) { throw .meetingNotInSession(meeting: meeting.id, status: meeting.status) }
    }

    /// Circulated under silence procedure until `deadline`.
    /// Circulated under silence procedure until `deadline`. Each Member State with an accredited delegate (`notified`)
    /// is notified now, and the entry records it with its time; the others cannot be counted as silent.
    public static func circulate(_ state: DecisionState, deadline: Date, registry: RegistryView, working: WorkingLanguages = .english,
                                 notified: Set<String>, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        guard deadline > now.addingTimeInterval(minimumNotice) else {
            throw .invalid(FieldError(field: "deadline", reason: Message("reason.mustFutureGiveMember")))
        }
        var changes = try open(state, procedure: .silence(deadline: deadline), registry: registry, working: working, actor: actor, now: now)
        let members = registry.memberStates.keys.sorted()
        changes.decision.notNotified = members.filter { !notified.contains($0) }
        changes.ledger[0].payload["notified"] = .object(Dictionary(uniqueKeysWithValues: members.filter(notified.contains).map {
            ($0, CanonicalJSON.string(Timestamp.string(now)))
        }))
        changes.ledger[0].payload["notNotified"] = .array(changes.decision.notNotified.map(CanonicalJSON.string))
        return changes
    }

    static func open(_ state: DecisionState, procedure: Procedure, registry: RegistryView, working: WorkingLanguages, actor: Actor,
                     now: Date) throws(DecisionError) -> DecisionChanges {
        var decision = state.decision
        try check(procedure == .inMeeting ? .table : .circulate, decision)
        // The Member States are asked about a text they can all read in a working language.
        try working.check(state.versions.last { $0.number == decision.currentVersion })
        if let problem = decision.effect?.check(registry) { throw .effect(problem) }
        decision.status = .open
        decision.procedure = procedure
        decision.openedAt = now
        let what = procedure.deadline.map { "circulated under silence procedure until \(Timestamp.string($0))" } ?? "tabled"
        return DecisionChanges(
            decision: decision, expectedStatus: state.decision.status,
            ledger: [LedgerAppend(kind: .opened, payload: [
                "procedure": .string(procedure.kind), "deadline": instant(procedure.deadline), "version": .int(decision.currentVersion),
                "openedBy": .string(actor.recordName), "openedAt": .string(Timestamp.string(now)),
            ])],
            audit: [AuditNote(action: procedure == .inMeeting ? "decision.table" : "decision.circulate", entity: "decision/\(decision.id)",
                              before: state.decision.status.rawValue, after: what)])
    }

    // MARK: positions and amendments

    /// A Member State's position on the current version; under silence procedure an objection ends the decision at once,
    /// not adopted. A signed position must be signed with a key registered for the state (`key`, looked up by its id).
    /// Only a person accredited to the state's delegation (`delegation`) speaks for it; a state that requires signatures
    /// accepts only signed positions, and a revoked key signs nothing.
    public static func takePosition(_ state: DecisionState, _ request: PositionRequest, memberStates: Set<String>, key: DelegationKey?,
                                    delegation: DelegationRecord, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        let decision = state.decision
        do {
            try ConsensusRule.check(kind: request.kind, statementKind: request.statementKind, statement: request.statement, reason: request.reason,
                                    status: decision.status, currentVersion: decision.currentVersion, version: request.version,
                                    procedure: decision.procedure ?? .inMeeting, now: now, state: request.state, memberStates: memberStates)
        } catch { throw .position(error) }
        guard let version = state.versions.first(where: { $0.number == request.version }) else {
            throw .position(.notCurrentVersion(current: decision.currentVersion))
        }
        let speaker = delegation.state == request.state ? actor.userId.flatMap { delegation.speaker(userId: $0, at: now) } : nil
        if let problem = delegation.positionProblem(accreditation: speaker?.id, at: now, keyId: request.signature == nil ? nil : request.keyId) {
            throw .invalid(FieldError(field: speaker == nil ? "state" : "signature", reason: problem))
        }
        let signed = PositionStatement.signed(decision: decision.id, version: version.number, textHash: version.textHash, state: request.state,
                                              kind: request.kind, statementKind: request.statementKind, statement: request.statement, reason: request.reason)
        var recorded = request
        if let signature = request.signature {
            guard let key, key.id == request.keyId else {
                throw .invalid(FieldError(field: "keyId", reason: Message("reason.registeredKeyRegisterDelegation")))
            }
            guard key.state == request.state else {
                throw .invalid(FieldError(field: "keyId", reason: Message("reason.belongs", ["state": .country(key.state), "state2": .country(request.state)])))
            }
            guard Ledger.isValidSignature(signature, of: signed.text, publicKey: key.publicKey) else {
                throw .invalid(FieldError(field: "signature", reason: Message("reason.doesVerifySignCanonical", ["keyId": "\(key.id)"])))
            }
        } else {
            recorded.keyId = nil
        }
        let position = Position(recorded, actor: actor.recordName, takenAt: now, accreditation: speaker?.id)
        var changes = DecisionChanges(
            decision: decision, expectedStatus: decision.status, position: position,
            ledger: [LedgerAppend(kind: .position, payload: ["signed": signed, "actor": .string(actor.recordName), "takenAt": .string(Timestamp.string(now)),
                                                            "accreditation": .optional(speaker?.id)],
                                  signature: recorded.signature, keyId: recorded.keyId)],
            audit: [AuditNote(action: "decision.position", entity: "decision/\(decision.id)", before: nil,
                              after: "\(request.state): \(request.kind.rawValue) on version \(request.version)")])
        if case .silence = decision.procedure, request.kind == .objects {
            let after = DecisionState(decision: decision, versions: state.versions, positions: state.positions + [position], amendments: state.amendments)
            let ending = end(after, status: .notAdopted, note: Message("decision.note.silenceBroken", ["state": .country(request.state)]),
                             registry: nil, actor: actor, now: now)
            changes.decision = ending.decision
            changes.ledger += ending.ledger
            changes.audit += ending.audit
        }
        return changes
    }

    /// A delegation's amendment to the current version.
    public static func proposeAmendment(_ state: DecisionState, id: String, by member: String, version: Int, text: String, rationale: String?,
                                        memberStates: Set<String>, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        let decision = state.decision
        try check(.proposeAmendment, decision)
        guard version == decision.currentVersion else { throw .position(.notCurrentVersion(current: decision.currentVersion)) }
        guard memberStates.contains(member) else { throw .position(.notAMemberState(member)) }
        let body = DecisionText.canonical(text)
        guard !body.isEmpty else { throw .invalid(FieldError(field: "text", reason: Message("reason.emptyWriteAmendment"))) }
        let amendment = Amendment(id: id, state: member, version: version, text: body, rationale: rationale, proposedBy: actor.recordName, proposedAt: now)
        return DecisionChanges(
            decision: decision, expectedStatus: decision.status, amendment: amendment,
            ledger: [LedgerAppend(kind: .amendment, payload: [
                "amendment": .string(id), "state": .string(member), "version": .int(version), "text": .string(body),
                "rationale": .optional(rationale), "proposedBy": .string(actor.recordName), "proposedAt": .string(Timestamp.string(now)),
            ])],
            audit: [AuditNote(action: "decision.amendment", entity: "decision/\(decision.id)", before: nil,
                              after: "\(member) proposed an amendment to version \(version)")])
    }

    // MARK: ending

    /// Closed as its procedure says: in a meeting, adopted unless an objection stands on the final version; under
    /// silence procedure, only once the deadline has come (or silence was broken). At adoption the effect must still
    /// hold against the registry, or nothing changes.
    public static func close(_ state: DecisionState, meeting: Meeting? = nil, registry: RegistryView, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        let decision = state.decision
        try check(.close, decision)
        if decision.procedure == .inMeeting { try inSession(meeting) }
        switch decision.procedure {
        case .silence(let deadline):
            guard let outcome = SilenceProcedure.due(deadline: deadline, positions: state.positions, version: decision.currentVersion, now: now) else {
                throw .silenceRunning(deadline: deadline)
            }
            // Silence is presumed only of those who were told: a state never notified that took no position is not silent.
            let unaware = SilenceProcedure.unaware(notNotified: decision.notNotified, positions: state.positions, version: decision.currentVersion)
            if outcome == .adopted, !unaware.isEmpty {
                return end(state, status: .notAdopted, note: Message("decision.note.notNotified", ["states": .allOf(unaware.map(Message.Value.country))]),
                           registry: registry, actor: actor, now: now)
            }
            return try checked(end(state, status: outcome, note: outcome == .adopted ? Message("decision.note.silenceElapsed") : nil,
                                   registry: registry, actor: actor, now: now), registry: registry)
        case .inMeeting, nil:
            let outcome = ConsensusRule.outcome(positions: state.positions, finalVersion: decision.currentVersion)
            let objections = ConsensusRule.objections(state.positions, on: decision.currentVersion)
            let note = objections.isEmpty ? nil : Message("decision.note.objectedBy", ["states": .allOf(objections.map(Message.Value.country))])
            return try checked(end(state, status: outcome, note: note, registry: registry, actor: actor, now: now), registry: registry)
        }
    }

    /// Withdrawn by the Secretariat, at any time before it is closed.
    public static func withdraw(_ state: DecisionState, actor: Actor, now: Date) throws(DecisionError) -> DecisionChanges {
        try check(.withdraw, state.decision)
        return end(state, status: .withdrawn, note: nil, registry: nil, actor: actor, now: now)
    }

    /// The decision ended with `status`: the outcome entry records the final version, the objections and whether the
    /// effect was applied.
    static func end(_ state: DecisionState, status: DecisionStatus, note: Message?, registry: RegistryView?, actor: Actor, now: Date) -> DecisionChanges {
        var decision = state.decision
        decision.status = status
        decision.closedAt = now
        decision.closedBy = actor.recordName
        decision.outcomeNote = note
        // Closed or withdrawn: whatever needed the Secretariat's attention is resolved.
        decision.attention = nil
        let applies = status == .adopted && decision.effect != nil
        var outcome = ended(decision, status: status, note: note, textHash: state.versions.last?.textHash,
                            objections: ConsensusRule.objections(state.positions, on: decision.currentVersion), by: actor.recordName, at: now)
        outcome.payload["effect"] = effectRecord(decision, applied: status == .adopted)
        return DecisionChanges(decision: decision, expectedStatus: state.decision.status, appliesEffect: applies, ledger: [outcome],
                               audit: [AuditNote(action: "decision.\(status.rawValue)", entity: "decision/\(decision.id)",
                                                 before: state.decision.status.rawValue,
                                                 after: status.rawValue + (note.map { ": \($0.description)" } ?? ""))])
    }

    /// Adoption applies the effect only if it still holds against the registry as it is now.
    static func checked(_ changes: DecisionChanges, registry: RegistryView) throws(DecisionError) -> DecisionChanges {
        if changes.appliesEffect, let effect = changes.decision.effect, let problem = effect.check(registry) { throw .effectFailed(problem) }
        return changes
    }

    // MARK: the record

    static func check(_ step: DecisionStep, _ decision: Decision) throws(DecisionError) {
        guard step.isPossible(in: decision.status) else { throw .notPossible(step, decision.status) }
    }

    static func drafted(_ d: Decision) -> LedgerAppend {
        var payload: [String: CanonicalJSON] = [
            // A historical decision whose organ the sources do not name records none.
            "symbol": .string(d.symbol), "title": .string(d.title), "organ": d.organRecorded ? .string(d.organ) : .null, "meeting": .optional(d.meeting),
            "effect": ["kind": .string(d.effectKind), "parameters": .object(d.effectParameters.mapValues(CanonicalJSON.string))],
            "continues": .optional(d.continues), "historical": .bool(d.historical), "createdBy": .string(d.createdBy),
            "createdAt": .string(Timestamp.string(d.createdAt)),
        ]
        // A historical record's text is the platform's summary (its date is added by `recordHistorical`).
        if d.historical { payload["textIsSummary"] = .bool(true) }
        return LedgerAppend(kind: .draft, payload: payload)
    }

    static func versioned(_ v: TextVersion) -> LedgerAppend {
        var payload: [String: CanonicalJSON] = [
            "version": .int(v.number), "text": .string(v.text), "textHash": .string(v.textHash),
            "folds": .array(v.folds.map(CanonicalJSON.string)), "createdBy": .string(v.createdBy), "createdAt": .string(Timestamp.string(v.createdAt)),
        ]
        // A version in several languages records each, so that the hash can be checked from the record alone.
        if !v.translations.isEmpty {
            payload["language"] = .string(v.language)
            payload["translations"] = .object(v.translations.mapValues(CanonicalJSON.string))
        }
        return LedgerAppend(kind: .version, payload: payload)
    }

    static func ended(_ d: Decision, status: DecisionStatus, note: Message?, textHash: String?, objections: [String], by: String, at: Date) -> LedgerAppend {
        LedgerAppend(kind: .outcome, payload: [
            "status": .string(status.rawValue), "finalVersion": .int(d.currentVersion), "textHash": .optional(textHash),
            "objections": .array(objections.map(CanonicalJSON.string)),
            "note": note.map(CanonicalJSON.init) ?? .null, "closedBy": .string(by), "closedAt": .string(Timestamp.string(at)),
        ])
    }

    static func effectRecord(_ d: Decision, applied: Bool) -> CanonicalJSON {
        ["kind": .string(d.effectKind), "parameters": .object(d.effectParameters.mapValues(CanonicalJSON.string)), "applied": .bool(applied)]
    }

    static func instant(_ date: Date?) -> CanonicalJSON { .optional(date.map(Timestamp.string)) }
}
