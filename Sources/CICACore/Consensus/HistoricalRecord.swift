import Foundation

/// Decisions taken before the platform existed, recorded as the sources tell them: the organ and meeting only where a
/// source names them, the date at the precision the sources give, never before the organ first met, and a text that is
/// the platform's summary (CICA's own texts of these decisions were not found), shown as such.
public enum HistoricalRecord {
    /// Who records them.
    public static let recorder = "CICA reference dataset"

    /// The organ a record whose organ is not recorded is filed under (every decision belongs to an organ's list): the
    /// Ministerial Council, competent to admit. It is never shown as the organ that took the decision.
    public static let fileUnder = "ministerial-council"

    /// The record of a Member State's admission, or nil for a founding member or a state without an accession date.
    public static func admission(of member: MemberState, name: String, organs: [Organ]) -> (decision: Decision, text: String)? {
        guard !member.founding, let accession = member.accession else { return nil }
        let organ = member.admittedBy
        let filed = organ ?? fileUnder
        let shortName = organs.first { $0.slug == filed }?.shortName ?? filed
        let at = accession.earliest.startOfDay
        let note = Message("decision.note.historical", [
            "context": .term("memberState.\(member.code).context", recorded: member.context ?? ""),
            "organ": .message(Message(organ == nil ? "decision.note.organNotRecorded" : "text.none")),
            "date": .message(accession.civilDate == nil ? Message("decision.note.dateOnly", ["date": .date(accession.description)]) : Message("text.none")),
        ])
        let symbol = organ == nil ? "CICA/HIST/\(accession.year)/\(member.code)"
            : "CICA/\(DecisionSymbol.abbreviation(shortName))/HIST/\(accession.year)/\(member.code)"
        let decision = Decision(
            id: "history-admission-\(member.code.lowercased())", symbol: symbol, title: "Admission of \(name)", organ: filed,
            meeting: member.admittedAt, effectKind: AdmitMemberState.kind, effectParameters: AdmitMemberState(state: member.code).parameters,
            procedure: .inMeeting, status: .adopted, currentVersion: 1, continues: nil, historical: true, createdBy: recorder, createdAt: at,
            openedAt: at, closedAt: at, closedBy: recorder, outcomeNote: note, organRecorded: organ != nil, recordedDate: accession)
        return (decision, "\(name) admitted as a Member State of CICA (\(accession.description)).")
    }

    /// What is wrong with a historical record against the organs' history: dated before its organ first met.
    public static func problems(_ decision: Decision, firstMeetings: [String: PartialDate]) -> [Message] {
        guard decision.historical, decision.organRecorded, let date = decision.recordedDate, let first = firstMeetings[decision.organ] else { return [] }
        return date.latest < first.earliest
            ? [Message("decision.problem.beforeOrgan", ["date": .date(date.description), "first": .date(first.description), "organ": .organ(decision.organ)])]
            : []
    }

    /// The fields of a stored record that differ from the record as the sources now tell it, as `field: (from, to)`.
    public static func differences(stored: Decision, storedText: String, expected: Decision, text: String) -> [String: (from: String?, to: String?)] {
        var changes: [String: (from: String?, to: String?)] = [:]
        func compare(_ field: String, _ from: String?, _ to: String?) { if from != to { changes[field] = (from, to) } }
        compare("organ", stored.organRecorded ? stored.organ : nil, expected.organRecorded ? expected.organ : nil)
        compare("meeting", stored.meeting, expected.meeting)
        compare("date", stored.recordedDate?.description ?? stored.closedAt.map { CivilDate($0).description },
                expected.recordedDate?.description)
        compare("symbol", stored.symbol, expected.symbol)
        compare("title", stored.title, expected.title)
        compare("note", stored.outcomeNote?.stored, expected.outcomeNote?.stored)
        compare("text", storedText, text)
        return changes
    }
}

extension DecisionWorkflow {
    /// Corrects a historical record against the sources: one `correction` entry names each field that changed (from, to)
    /// and why; a changed text is a new version. Nothing earlier in the record is rewritten. Nil when nothing differs.
    public static func correctHistorical(_ state: DecisionState, to expected: Decision, text: String, reason: Message, by actor: Actor,
                                         now: Date) -> DecisionChanges? {
        let stored = state.decision
        guard stored.historical, let storedText = state.versions.last?.text else { return nil }
        let changes = HistoricalRecord.differences(stored: stored, storedText: storedText, expected: expected, text: text)
        guard !changes.isEmpty else { return nil }
        var decision = stored
        decision.symbol = expected.symbol
        decision.title = expected.title
        decision.organ = expected.organ
        decision.organRecorded = expected.organRecorded
        decision.meeting = expected.meeting
        decision.recordedDate = expected.recordedDate
        decision.createdAt = expected.createdAt
        decision.openedAt = expected.openedAt
        decision.closedAt = expected.closedAt
        decision.outcomeNote = expected.outcomeNote
        var ledger = [LedgerAppend(kind: .correction, payload: [
            "changes": .object(changes.mapValues { ["from": .optional($0.from), "to": .optional($0.to)] }),
            "reason": CanonicalJSON(reason), "correctedBy": .string(actor.recordName), "correctedAt": .string(Timestamp.string(now)),
        ])]
        var version: TextVersion?
        if changes["text"] != nil {
            decision.currentVersion += 1
            let v = TextVersion(number: decision.currentVersion, text: text, createdBy: HistoricalRecord.recorder, createdAt: now)
            ledger.append(versioned(v))
            version = v
        }
        return DecisionChanges(decision: decision, expectedStatus: stored.status, version: version, ledger: ledger,
                               audit: [AuditNote(action: "decision.correct", entity: "decision/\(stored.id)", before: nil,
                                                 after: changes.keys.sorted().joined(separator: ", ") + ": " + reason.description)])
    }
}
