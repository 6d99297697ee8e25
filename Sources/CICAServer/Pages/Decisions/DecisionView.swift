import Foundation
import CICACore
import CICAStore

/// One decision, everything it went through, and the forms its reader may use.
struct DecisionView: Sendable {
    struct DiffLine: Sendable {
        var kind: String
        var text: String
    }
    struct MatrixRow: Sendable {
        var state: String
        var name: String
        var position: String
        var positionLabel: String
        var detail: String?
        var signed: Bool
        /// Who took it: the accredited delegate's name and role.
        var speaker: String? = nil
    }
    struct Statement: Sendable {
        var state: String
        var kind: String
        var text: String
    }
    struct AmendmentRow: Sendable {
        var id: String
        var state: String
        var text: String
        var rationale: String?
        var folded: String?
        var foldable: Bool
        /// Ticked to be folded in, when a revision was refused and is shown again.
        var chosen = false
    }
    struct Event: Sendable {
        var sequence: Int
        var kind: String
        var summary: String
        var hash: String
    }
    struct Version: Sendable {
        var number: Int
        var hash: String
        var date: String
    }
    var id: String
    var symbol: String
    var title: String
    var organ: String
    /// Nil for a historical decision whose organ the sources do not name.
    var organURL: SiteURL?
    /// A historical decision's date, at the precision the sources give.
    var recordedDate: String?
    var meeting: String?
    var meetingURL: SiteURL?
    var effect: String
    var status: String
    var statusLabel: String
    var procedure: String?
    var deadline: String?
    /// The same deadline in Astana, where the Secretariat sits.
    var deadlineAstana: String?
    /// Under silence procedure: whom the circulation reached.
    var notification: String?
    var deadlineISO: String?
    var remaining: String?
    var outcomeNote: String?
    /// Why it could not be closed at its deadline, and since when.
    var attention: (reason: String, since: String)?
    var historical: Bool
    var continues: SiteURL?
    /// The current version's text in the reader's language if it has it, else as drafted.
    var text: String
    var textLanguage: String
    /// The current version in its other languages.
    var otherLanguages: [(name: String, url: SiteURL)]
    var textHash: String
    var currentVersion: Int
    var versions: [Version]
    /// Whether there is an earlier version to compare with.
    var hasDiff: Bool
    /// The changes from the previous version, line by line; empty when they were not worked out.
    var diff: [DiffLine]
    /// Why the changes are not shown line by line (too long, too different), with links to both texts instead.
    var diffNotice: String?
    var previousURL: SiteURL?
    var currentURL: SiteURL
    var matrix: [MatrixRow]
    var tally: String
    var statements: [Statement]
    var amendments: [AmendmentRow]
    var timeline: [Event]
    var recordVerifies: Bool
    var recordProblem: String?
    var recordURL: SiteURL
    /// The decision in Akoma Ntoso XML, one link per language of its current text.
    var akomaNtoso: [(language: String, label: String, url: SiteURL)] = []
    /// The states the reader may answer for (as their delegate), while the decision is open.
    var myStates: [SelectOption]
    var canAnswer: Bool
    var canRevise: Bool
    var canTable: Bool
    var canCirculate: Bool
    var canClose: Bool
    var canWithdraw: Bool
    var canConduct: Bool
    var defaultDeadline: String
    /// The three answers, the chosen one checked (joins consensus unless the person chose otherwise).
    var positionChoices: [SelectOption]
    var statementKinds: [SelectOption]
    var statement = ""
    var reason = ""
    var amendmentText = ""
    var amendmentRationale = ""
    /// The text in the revision form: the current version's, or what the officer typed.
    var revisedText: String
    /// The revision form's text in each other working language: the current version's, or what the officer typed.
    var revisedTranslations: [TranslationField]
    /// Why the form just sent was refused, shown at the top of the page (the form itself may no longer be offered).
    var feedback: FormFeedback?
    /// While the decision is open, why a signed-in reader who may not take a position cannot (an observer, the
    /// Secretariat), in the access policy's words.
    var whyNoPosition: String?

    /// The page as it was when `form` was sent and refused: the reasons at the top, that form's input kept.
    mutating func keep(_ form: Form, refused feedback: FormFeedback) {
        self.feedback = feedback
        switch feedback.form {
        case .position:
            positionChoices = positionChoices.selecting(form["position"] ?? PositionKind.joins.rawValue)
            statementKinds = statementKinds.selecting(form["statementKind"])
            statement = form["statement"] ?? ""
            reason = form["reason"] ?? ""
        case .amendment:
            amendmentText = form["text"] ?? ""
            amendmentRationale = form["rationale"] ?? ""
        case .conduct:
            if let deadline = form["deadline"] { defaultDeadline = deadline }
            if let text = form["text"] { revisedText = text }
            revisedTranslations = revisedTranslations.map { var field = $0; field.value = form["text.\(field.code)"] ?? ""; return field }
            let folds = Set(form.all("fold"))
            amendments = amendments.map { var row = $0; row.chosen = folds.contains(row.id); return row }
        case .draft, .account, .delegation, .document, .meeting, .admission, .secretariat, .organ, .partner, .coordination, .roadMap, .report, .measure, .paper, .activity,
             .notifications:
            break
        }
        if let state = form["state"] { myStates = myStates.selecting(state) }
    }

    /// The current version and the one before it, whose comparison the page shows.
    static func comparedVersions(_ detail: DecisionDetail) -> (previous: TextVersion, current: TextVersion)? {
        let d = detail.decision
        guard let current = detail.versions.last(where: { $0.number == d.currentVersion }) ?? detail.versions.last,
              let previous = detail.versions.last(where: { $0.number < current.number }) else { return nil }
        return (previous, current)
    }

    static func make(_ detail: DecisionDetail, names: [String: String], speakers: [String: Accreditation] = [:], organNames: [String: String],
                     meetingTitle: String?, principal: Principal,
                     recordProblem: Message?, comparison: TextDiff.Comparison?, working: WorkingLanguages = .english, now: Date,
                     localizer l: Localizer) -> DecisionView {
        let d = detail.decision
        let version = detail.versions.last { $0.number == d.currentVersion } ?? detail.versions.last
        let previous = comparedVersions(detail)?.previous
        let shown = version?.text(in: l.language.rawValue)
        let current = ConsensusRule.current(detail.positions, on: d.currentVersion)
        let matrix = names.sorted { $0.value < $1.value }.map { code, name -> MatrixRow in
            guard let p = current[code] else {
                return MatrixRow(state: code, name: name, position: "none", positionLabel: l("position.none"), detail: nil, signed: false)
            }
            return MatrixRow(state: code, name: name, position: p.kind.rawValue, positionLabel: l("position.\(p.kind.rawValue)"),
                             detail: p.reason ?? p.statement.map { "\(l("statement.\(p.statementKind?.rawValue ?? "reservation")")): \($0)" },
                             signed: p.signature != nil,
                             speaker: p.accreditation.flatMap { speakers[$0] }.map { l("decisions.takenBy", ["name": "\($0.name)", "role": "\(l("delegation.role.\($0.role.rawValue)"))"]) })
        }
        let counts = Dictionary(grouping: matrix, by: \.position).mapValues(\.count)
        let tally = l("position.tally", ["joins": String(counts["joins"] ?? 0), "noObjection": String(counts["noObjection"] ?? 0),
                                         "objects": String(counts["objects"] ?? 0), "none": String(counts["none"] ?? 0)])
        let conduct = Policy.decide(principal, .conductDecisions).isAllowed
        let myStates = principal.roles.compactMap { role -> String? in
            if case .delegate(let state) = role, names[state] != nil { return state }
            return nil
        }
        let deadline = d.status == .open ? d.procedure?.deadline : nil
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let suggested = calendar.date(byAdding: .day, value: 3, to: now) ?? now
        let suggestedText = String(Timestamp.string(suggested).prefix(16))
        return DecisionView(
            id: d.id, symbol: d.symbol, title: d.title, organ: DecisionRow.organ(of: d, names: organNames, localizer: l),
            organURL: d.organRecorded ? .organ(d.organ) : nil, recordedDate: d.recordedDate.map { l.date($0) },
            meeting: meetingTitle, meetingURL: d.meeting.map { .meeting($0) }, effect: d.effect.map { l($0.summary) } ?? d.effectKind,
            status: d.status.rawValue, statusLabel: l("decision.status.\(d.status.rawValue)"),
            procedure: d.procedure.map { l("procedure.\($0.kind)") }, deadline: deadline.map { l.instant($0) },
            deadlineAstana: deadline.map { l("decisions.inAstana", ["time": l.instant($0, in: SecretariatTime.zone)]) },
            notification: d.procedure?.kind == "silence" && d.openedAt != nil
                ? (d.notNotified.isEmpty ? l("decisions.allNotified")
                   : l(Message("decisions.notNotified", ["states": .allOf(d.notNotified.map(Message.Value.country))]))) : nil,
            deadlineISO: deadline.map(Timestamp.string), remaining: deadline.map { l.remaining(from: now, to: $0) },
            outcomeNote: d.outcomeNote.map { l($0) }, attention: d.attention.map { (l($0.reason), l.instant($0.since)) }, historical: d.historical, continues: d.continues.map { .decision($0) },
            text: shown?.text ?? "", textLanguage: shown?.language ?? working.primary,
            otherLanguages: (version?.texts.keys.sorted() ?? []).filter { $0 != shown?.language }.map {
                (l.languageName($0), SiteURL.decisionVersionIn(d.id, String(version?.number ?? d.currentVersion), $0))
            },
            textHash: version?.textHash ?? "", currentVersion: d.currentVersion,
            // A historical record's first text is dated as the sources date the decision; a correction's, when it was made.
            versions: detail.versions.map {
                Version(number: $0.number, hash: String($0.textHash.prefix(16)),
                        date: $0.number == 1 ? d.recordedDate.map { l.date($0) } ?? l.instant($0.createdAt) : l.instant($0.createdAt))
            },
            hasDiff: previous != nil,
            diff: Self.lines(comparison),
            diffNotice: Self.notice(comparison, localizer: l),
            previousURL: previous.map { .decisionVersion(d.id, String($0.number)) },
            currentURL: .decisionVersion(d.id, String(version?.number ?? d.currentVersion)),
            matrix: matrix, tally: tally,
            statements: current.values.sorted { $0.state < $1.state }.compactMap { p in
                guard let text = p.statement, let kind = p.statementKind else { return nil }
                return Statement(state: names[p.state] ?? p.state, kind: l("statement.\(kind.rawValue)"), text: text)
            },
            amendments: detail.amendments.map { a in
                AmendmentRow(id: a.id, state: names[a.state] ?? a.state, text: a.text, rationale: a.rationale,
                             folded: a.foldedInto.map { l("amendment.folded", ["version": String($0)]) }, foldable: a.foldedInto == nil)
            },
            timeline: detail.ledger.map { Event(sequence: $0.sequence, kind: l("ledger.\($0.kind.rawValue)"), summary: Self.summary($0, names: names, recordedDate: d.recordedDate, localizer: l),
                                                hash: String($0.hash.prefix(16))) },
            recordVerifies: recordProblem == nil, recordProblem: recordProblem.map { l($0) }, recordURL: .decisionRecord(d.id),
            myStates: myStates.map { SelectOption(value: $0, label: names[$0] ?? $0, selected: false) },
            canAnswer: d.status == .open && !myStates.isEmpty,
            canRevise: conduct && DecisionStep.revise.isPossible(in: d.status),
            canTable: conduct && DecisionStep.table.isPossible(in: d.status),
            canCirculate: conduct && DecisionStep.circulate.isPossible(in: d.status),
            canClose: conduct && DecisionStep.close.isPossible(in: d.status),
            canWithdraw: conduct && DecisionStep.withdraw.isPossible(in: d.status),
            canConduct: conduct, defaultDeadline: suggestedText,
            positionChoices: PositionKind.allCases.map { SelectOption(value: $0.rawValue, label: l("position.\($0.rawValue)"), selected: $0 == .joins) },
            statementKinds: [SelectOption(value: "", label: l("decisions.noStatement"), selected: true)]
                + StatementKind.allCases.map { SelectOption(value: $0.rawValue, label: l("statement.\($0.rawValue)"), selected: false) },
            revisedText: version?.text ?? "",
            revisedTranslations: TranslationField.fields(working, texts: version?.translations ?? [:], localizer: l),
            whyNoPosition: Self.whyNoPosition(principal, open: d.status == .open && myStates.isEmpty, localizer: l))
    }

    static func whyNoPosition(_ principal: Principal, open: Bool, localizer l: Localizer) -> String? {
        guard open, !principal.isAnonymous else { return nil }
        switch Policy.decide(principal, .takePosition) {
        case .forbidden(let reason), .signInRequired(let reason): return l(reason)
        case .allow: return nil
        }
    }

    static func lines(_ comparison: TextDiff.Comparison?) -> [DiffLine] {
        guard case .lines(let lines)? = comparison else { return [] }
        return lines.map { line in
            switch line {
            case .same(let t): DiffLine(kind: "same", text: t)
            case .removed(let t): DiffLine(kind: "removed", text: t)
            case .added(let t): DiffLine(kind: "added", text: t)
            }
        }
    }

    static func notice(_ comparison: TextDiff.Comparison?, localizer l: Localizer) -> String? {
        switch comparison {
        case .tooLong(let old, let new, let limit)?:
            l("decisions.diff.tooLong", ["old": String(old), "new": String(new), "limit": String(limit)])
        case .tooDifferent(let limit)?:
            l("decisions.diff.tooDifferent", ["limit": String(limit)])
        case .lines?, nil:
            nil
        }
    }

    /// A ledger entry in a sentence.
    static func summary(_ entry: LedgerEntry, names: [String: String], recordedDate: PartialDate? = nil, localizer l: Localizer) -> String {
        guard let payload = CanonicalJSON(parsing: entry.payload) else { return "" }
        // A historical record's entries carry the date the sources give ("2011"), not the instant it is filed under.
        let stamp: CanonicalJSON? = ["takenAt", "createdAt", "openedAt", "closedAt", "proposedAt", "correctedAt"].lazy.compactMap { payload[$0] }.first
        let instant: String = stamp?.stringValue.flatMap(Timestamp.date).map { l.instant($0) } ?? ""
        // Entries written before records carried their date fall back on the decision's recorded date.
        let written: PartialDate? = payload["date"]?.stringValue.flatMap { PartialDate($0) }
        let original = entry.kind == .draft || entry.kind == .outcome || (entry.kind == .version && payload["version"]?.intValue == 1)
        let recorded: PartialDate? = written ?? (original ? recordedDate : nil)
        let at: String = recorded.map { l.date($0) } ?? instant
        switch entry.kind {
        case .draft: return l("ledger.summary.draft", ["by": payload["createdBy"]?.stringValue ?? "", "at": at])
        case .version: return l("ledger.summary.version", ["version": String(payload["version"]?.intValue ?? 0), "at": at])
        case .opened:
            let procedure = payload["procedure"]?.stringValue ?? ""
            return l("ledger.summary.opened", ["procedure": l("procedure.\(procedure)"), "at": at])
        case .position:
            let state = payload["signed"]?["state"]?.stringValue ?? ""
            let kind = payload["signed"]?["position"]?.stringValue ?? ""
            return l("ledger.summary.position", ["state": names[state] ?? state, "position": l("position.\(kind)"),
                                                  "version": String(payload["signed"]?["version"]?.intValue ?? 0), "at": at])
        case .amendment:
            let state = payload["state"]?.stringValue ?? ""
            return l("ledger.summary.amendment", ["state": names[state] ?? state, "at": at])
        case .outcome:
            let status = payload["status"]?.stringValue ?? ""
            return l("ledger.summary.outcome", ["status": l("decision.status.\(status)"), "at": at])
        case .correction:
            var fields: [String] = []
            if case .object(let changes)? = payload["changes"] { fields = changes.keys.sorted() }
            return l("ledger.summary.correction", ["fields": fields.map { l("ledger.field.\($0)") }.joined(separator: ", "), "at": at])
        }
    }
}

