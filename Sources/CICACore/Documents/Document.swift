import Foundation

/// What kind of document a CICA document is.
///
/// The raw values are stable: they are stored, sent over the API and written into decisions' effects. Three names used
/// before the registry (`politicalDeclaration`, `regulations`, `guidelines`) are still read by `named(_:)`, since
/// decisions recorded then keep them in their ledger entries.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case basicDocument, declaration, statement, decision, agenda, listOfParticipants, report, noteVerbale, chairsStatement,
         conceptPaper, actionPlan, memorandum, implementationReport, catalogueEdition, rules, legalInstrument, roadMap, draft

    /// The kind a name stands for, including the names used before the registry.
    public static func named(_ name: String) -> DocumentKind? {
        DocumentKind(rawValue: name) ?? legacy[name]
    }

    static let legacy: [String: DocumentKind] = ["politicalDeclaration": .declaration, "regulations": .rules, "guidelines": .rules]

    /// The kind's part of a symbol (`CICA/MC/DECL/2024/1`).
    public var symbolCode: String {
        switch self {
        case .basicDocument: "BD"
        case .declaration: "DECL"
        case .statement: "STAT"
        case .decision: "DEC"
        case .agenda: "AGENDA"
        case .listOfParticipants: "LP"
        case .report: "REP"
        case .noteVerbale: "NV"
        case .chairsStatement: "CS"
        case .conceptPaper: "CP"
        case .actionPlan: "AP"
        case .memorandum: "MEMO"
        case .implementationReport: "IR"
        case .catalogueEdition: "CAT"
        case .rules: "RULES"
        case .legalInstrument: "LI"
        case .roadMap: "RM"
        case .draft: "DRAFT"
        }
    }
}

/// Who may read a document: its title, its text, its files and that it exists at all.
public enum AccessLevel: String, Codable, Sendable, CaseIterable {
    case `public`, memberStates, secretariat
}

/// How a document follows the one it was issued against: `/Rev.1`, `/Corr.1`, `/Add.1`.
public enum SuccessorRelation: String, Codable, Sendable, CaseIterable {
    /// A revised text that replaces the earlier one.
    case revision
    /// A correction of part of the text.
    case corrigendum
    /// Text added to the document.
    case addendum

    /// The symbol's suffix without its number: `Rev.`, `Corr.`, `Add.`.
    public var suffix: String {
        switch self {
        case .revision: "Rev."
        case .corrigendum: "Corr."
        case .addendum: "Add."
        }
    }
}

/// A CICA document: a basic document, a declaration, a statement, a concept paper, …
public struct Document: Codable, Sendable, Equatable {
    public var id: String
    /// The document's symbol (`CICA/SUMMIT/BD/2002/1`); empty only in the shipped dataset, which the seed numbers.
    public var symbol: String
    /// True when the platform gave the symbol because CICA's own is not known.
    public var symbolAssigned: Bool
    /// The title in the language the document was registered in (English for the shipped dataset).
    public var title: String
    public var kind: DocumentKind
    public var date: PartialDate?
    /// The sources' own wording of the date, when it is not a plain date.
    public var dateNote: String?
    public var place: String?
    /// The organ it belongs to (a slug), when known: the meeting's organ, or the one the Secretariat named.
    public var organ: String?
    /// The meeting that adopted, signed or produced it, when known.
    public var meeting: String?
    /// The decision it belongs to (adopted it, or records it), by id.
    public var decision: String?
    /// The document this one revises, corrects or adds to, by id, with how.
    public var successorOf: String?
    public var relation: SuccessorRelation?
    public var access: AccessLevel
    public var provenance: Provenance
    /// When and by whom the Secretariat registered it; nil for the shipped dataset, whose provenance is its sources.
    public var registered: (at: Date, by: String)? = nil

    public static func == (a: Document, b: Document) -> Bool {
        a.id == b.id && a.symbol == b.symbol && a.symbolAssigned == b.symbolAssigned && a.title == b.title && a.kind == b.kind && a.date == b.date
            && a.dateNote == b.dateNote && a.place == b.place && a.organ == b.organ && a.meeting == b.meeting && a.decision == b.decision
            && a.successorOf == b.successorOf && a.relation == b.relation && a.access == b.access && a.provenance == b.provenance
            && a.registered?.at == b.registered?.at && a.registered?.by == b.registered?.by
    }

    public init(id: String, symbol: String = "", symbolAssigned: Bool = true, title: String, kind: DocumentKind, date: PartialDate?,
                dateNote: String?, place: String?, organ: String? = nil, meeting: String?, decision: String? = nil,
                successorOf: String? = nil, relation: SuccessorRelation? = nil, access: AccessLevel, provenance: Provenance) {
        self.id = id
        self.symbol = symbol
        self.symbolAssigned = symbolAssigned
        self.title = title
        self.kind = kind
        self.date = date
        self.dateNote = dateNote
        self.place = place
        self.organ = organ
        self.meeting = meeting
        self.decision = decision
        self.successorOf = successorOf
        self.relation = relation
        self.access = access
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case id, symbol, symbolAssigned, title, kind, date, dateNote, place, organ, meeting, decision, successorOf, relation, access, provenance
    }

    /// The shipped dataset gives no symbols, organs or decisions: they are numbered and derived when it is seeded.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), symbol: try c.decodeIfPresent(String.self, forKey: .symbol) ?? "",
                  symbolAssigned: try c.decodeIfPresent(Bool.self, forKey: .symbolAssigned) ?? true,
                  title: try c.decode(String.self, forKey: .title), kind: try c.decode(DocumentKind.self, forKey: .kind),
                  date: try c.decodeIfPresent(PartialDate.self, forKey: .date), dateNote: try c.decodeIfPresent(String.self, forKey: .dateNote),
                  place: try c.decodeIfPresent(String.self, forKey: .place), organ: try c.decodeIfPresent(String.self, forKey: .organ),
                  meeting: try c.decodeIfPresent(String.self, forKey: .meeting), decision: try c.decodeIfPresent(String.self, forKey: .decision),
                  successorOf: try c.decodeIfPresent(String.self, forKey: .successorOf),
                  relation: try c.decodeIfPresent(SuccessorRelation.self, forKey: .relation),
                  access: try c.decode(AccessLevel.self, forKey: .access), provenance: try c.decode(Provenance.self, forKey: .provenance))
    }
}

/// One language version of a document as it stands after one change: its title, its text and its file.
///
/// Versions are never changed: a new text, a new title or a new file adds the next revision of the language version,
/// which carries over what it does not change. The newest revision of each language is the document in that language.
public struct LanguageVersion: Sendable, Equatable {
    public var document: String
    /// A two-letter ISO 639-1 code.
    public var language: String
    /// 1 for the first, then one more for each change.
    public var revision: Int
    public var title: String
    /// The text, when the platform holds it; nil when it is not in the sources or was given only as a file.
    public var text: String?
    public var file: StoredFile?
    public var createdAt: Date
    /// Who made this revision, as public records name them; `dataset` for the shipped dataset.
    public var createdBy: String

    public init(document: String, language: String, revision: Int, title: String, text: String?, file: StoredFile?, createdAt: Date, createdBy: String) {
        self.document = document
        self.language = language
        self.revision = revision
        self.title = title
        self.text = text
        self.file = file
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

extension LanguageVersion {
    /// Who made the shipped dataset's versions, as the store records it.
    public static let datasetAuthor = "dataset"
    /// Whether this revision came with the shipped dataset rather than from the Secretariat.
    public var isFromDataset: Bool { createdBy == Self.datasetAuthor }
}

/// A file as the registry keeps it: named by the SHA-256 of its content, which is checked again on every download.
public struct StoredFile: Sendable, Equatable, Codable {
    /// Lower-case hexadecimal SHA-256 of the content.
    public var sha256: String
    public var size: Int
    public var type: FileType
    /// The name it was uploaded with (any script), shown and offered on download.
    public var filename: String

    public init(sha256: String, size: Int, type: FileType, filename: String) {
        self.sha256 = sha256
        self.size = size
        self.type = type
        self.filename = filename
    }
}
