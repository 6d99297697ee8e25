import Foundation

/// What kind of paper a priority area has: the concept paper that sets out its cooperation, or an action plan for a period.
public enum PaperKind: String, Codable, Sendable, CaseIterable {
    case conceptPaper, actionPlan
}

/// Where a paper stands: a draft; endorsed (by a decision on a day, or, for the shipped record, approved on a day the
/// sources give); superseded by a later paper of the same kind in the area.
public enum PaperStatus: String, Codable, Sendable, CaseIterable {
    case draft, endorsed, superseded
}

/// A concept paper or action plan of a priority area, each version its own paper: a new one endorsed supersedes the one
/// before it.
public struct AreaPaper: Codable, Sendable, Equatable {
    public var id: String
    public var priorityArea: String
    public var kind: PaperKind
    public var title: String
    /// The years it covers (`2016-2018`), where it says.
    public var period: String?
    public var status: PaperStatus
    /// The day it was endorsed (to the precision the sources give, for the shipped record).
    public var endorsed: PartialDate?
    /// The organ that endorsed it, where known.
    public var endorsedBy: String?
    /// The adopted decision that endorsed it, when taken on the platform.
    public var decision: String?
    /// The registry document that holds its text.
    public var document: String?
    public var supersededBy: String?
    /// Its provenance, for a paper of the shipped record.
    public var provenance: Provenance?
    /// The day the Secretariat recorded it on the platform (nil for the shipped record).
    public var recorded: CivilDate?

    public init(id: String, priorityArea: String, kind: PaperKind, title: String, period: String? = nil, status: PaperStatus, endorsed: PartialDate? = nil,
                endorsedBy: String? = nil, decision: String? = nil, document: String? = nil, supersededBy: String? = nil, provenance: Provenance? = nil,
                recorded: CivilDate? = nil) {
        self.id = id
        self.priorityArea = priorityArea
        self.kind = kind
        self.title = title
        self.period = period
        self.status = status
        self.endorsed = endorsed
        self.endorsedBy = endorsedBy
        self.decision = decision
        self.document = document
        self.supersededBy = supersededBy
        self.provenance = provenance
        self.recorded = recorded
    }
}

/// A paper as the Secretariat's form or the API sends it; a blank field counts as an absent one.
public struct PaperFields: Sendable, Equatable {
    public var kind: String?
    public var title: String?
    public var period: String?
    /// A registry document's id or symbol.
    public var document: String?
    /// An adopted decision's id or symbol: the paper is recorded as endorsed by it; without one, as a draft.
    public var decision: String?

    public init(kind: String? = nil, title: String? = nil, period: String? = nil, document: String? = nil, decision: String? = nil) {
        self.kind = given(kind)
        self.title = given(title)
        self.period = given(period)
        self.document = given(document)
        self.decision = given(decision)
    }
}

/// The rules of a priority area's papers. Pure: the store loads what they need, calls them and writes what they return.
public enum PaperRules {
    public static let maximumTitle = 500
    /// The organs whose decisions endorse an area's papers: the Senior Officials Committee approves concept papers and
    /// action plans (TDI_2022, SCICA_SME_2016), the Ministerial Council adopted the action plan on illicit drugs
    /// (KAZINFORM_2016).
    public static let endorsingOrgans: Set<String> = ["senior-officials-committee", "ministerial-council"]

    /// An adopted decision that may endorse a paper: its organ and the day it was adopted.
    public struct Endorsement: Sendable, Equatable {
        public var decision: String
        public var organ: String
        public var day: CivilDate
        public init(decision: String, organ: String, day: CivilDate) {
            self.decision = decision
            self.organ = organ
            self.day = day
        }
    }

    /// What a paper is checked against.
    public struct Context: Sendable {
        public var areas: Set<String>
        public var documents: Set<String>
        public var documentSymbols: [String: String]
        /// Decisions by id: adopted ones with their endorsement, others nil.
        public var decisions: [String: Endorsement?]
        public var decisionSymbols: [String: String]
        public init(areas: Set<String>, documents: Set<String>, documentSymbols: [String: String], decisions: [String: Endorsement?],
                    decisionSymbols: [String: String]) {
            self.areas = areas
            self.documents = documents
            self.documentSymbols = documentSymbols
            self.decisions = decisions
            self.decisionSymbols = decisionSymbols
        }
    }

    /// A period of years: `2016-2018` or `2024`, from 1990 to 2100, the first not after the last.
    static func period(_ text: String) -> Bool {
        let years = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(years.count), years.allSatisfy({ $0.map(Limits.years.contains) ?? false }) else { return false }
        return years.count == 1 || years[0]! <= years[1]!
    }

    /// A paper the Secretariat records: a draft, or endorsed by an adopted decision (the decision's organ and day).
    public static func record(_ fields: PaperFields, area: String, context: Context, id: String, today: CivilDate) throws(InvalidInput) -> AreaPaper {
        var found = FieldErrors()
        if !context.areas.contains(area) {
            found.errors.append(FieldError(field: "priorityArea", reason: Message("reason.therePriorityArea", ["priorityArea": .text(area)])))
        }
        let kind = found.attempt { () throws(InvalidInput) in try MeetingRules.choice(fields.kind, PaperKind.self, field: "kind") }
        let title = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.title, field: "title", maximum: maximumTitle, required: true) } ?? nil
        if let p = fields.period, !period(p) { found.errors.append(FieldError(field: "period", reason: Message("reason.paper.period"))) }
        var document: String?
        if let named = fields.document {
            document = context.documents.contains(named) ? named : context.documentSymbols[named]
            if document == nil { found.errors.append(FieldError(field: "document", reason: Message("reason.milestone.unknown.documents", ["id": .text(named)]))) }
        }
        var endorsement: Endorsement?
        if let named = fields.decision { endorsement = found.attempt { () throws(InvalidInput) in try self.endorsement(named, context: context) } }
        guard found.errors.isEmpty, let kind, let title else { throw InvalidInput(found.errors) }
        return AreaPaper(id: id, priorityArea: area, kind: kind, title: title, period: fields.period, status: endorsement == nil ? .draft : .endorsed,
                         endorsed: endorsement.map { PartialDate($0.day) }, endorsedBy: endorsement?.organ, decision: endorsement?.decision, document: document,
                         recorded: today)
    }

    /// The adopted decision named by id or symbol.
    static func endorsement(_ named: String, context: Context) throws(InvalidInput) -> Endorsement {
        let id = context.decisions[named] != nil ? named : context.decisionSymbols[named]
        guard let id, let known = context.decisions[id] else {
            throw InvalidInput(field: "decision", reason: Message("reason.milestone.unknown.decisions", ["id": .text(named)]))
        }
        guard let endorsement = known else { throw InvalidInput(field: "decision", reason: Message("reason.paper.notAdopted", ["decision": .text(named)])) }
        guard endorsingOrgans.contains(endorsement.organ) else {
            throw InvalidInput(field: "decision", reason: Message("reason.paper.organ", ["decision": .text(named)]))
        }
        return endorsement
    }

    /// A draft endorsed by an adopted decision adopted since it was drafted, then placed among the area's papers of its
    /// kind by the day of endorsement (`supersession`): returned first, then the papers it superseded.
    public static func endorse(_ paper: AreaPaper, decision named: String?, papers: [AreaPaper], context: Context) throws -> [AreaPaper] {
        guard paper.status == .draft else {
            throw StepRefusal(Message("refusal.paper.notDraft", ["status": .message(Message("paper.status.\(paper.status.rawValue)"))]))
        }
        guard let named = given(named) else { throw InvalidInput(field: "decision", reason: Message("reason.meeting.required")) }
        let e = try endorsement(named, context: context)
        if let drafted = paper.recorded, e.day < drafted {
            throw InvalidInput(field: "decision", reason: Message("reason.paper.beforeDraft", ["decision": .text(named)]))
        }
        var endorsed = paper
        endorsed.status = .endorsed
        endorsed.endorsed = PartialDate(e.day)
        endorsed.endorsedBy = e.organ
        endorsed.decision = e.decision
        let changed = supersession(of: endorsed, papers: papers)
        return changed.first?.id == endorsed.id ? changed : [endorsed] + changed
    }

    /// Where a paper just endorsed stands among the endorsed papers of its area and kind: the one endorsed last is in
    /// force and supersedes those endorsed before it. When another was endorsed after it (its decision is older than a
    /// paper already in force), it is itself superseded by the last of those, and nothing else changes. Returns the
    /// papers that change, the paper itself first when it does.
    public static func supersession(of paper: AreaPaper, papers: [AreaPaper]) -> [AreaPaper] {
        guard paper.status == .endorsed else { return [] }
        let earliest = PartialDate(year: Limits.years.lowerBound)
        let rivals = papers.filter { $0.id != paper.id && $0.priorityArea == paper.priorityArea && $0.kind == paper.kind && $0.status == .endorsed }
        let day = paper.endorsed ?? earliest
        if let later = rivals.filter({ ($0.endorsed ?? earliest) > day }).max(by: { ($0.endorsed ?? earliest) < ($1.endorsed ?? earliest) }) {
            var superseded = paper
            superseded.status = .superseded
            superseded.supersededBy = later.id
            return [superseded]
        }
        return rivals.map { earlier in
            var e = earlier
            e.status = .superseded
            e.supersededBy = paper.id
            return e
        }
    }
}
