/// What kind of document a CICA document is.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case basicDocument, politicalDeclaration, statement, actionPlan, conceptPaper, legalInstrument,
         regulations, guidelines, roadMap, draft, decision, memorandum, report
}

/// Who may read a document.
public enum AccessLevel: String, Codable, Sendable, CaseIterable {
    case `public`, memberStates, secretariat
}

/// A CICA document: a basic document, a declaration, a statement, a concept paper, …
public struct Document: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: DocumentKind
    public var date: PartialDate?
    /// The sources' own wording of the date, when it is not a plain date.
    public var dateNote: String?
    public var place: String?
    /// The meeting that adopted or signed it, when known.
    public var meeting: String?
    public var access: AccessLevel
    public var provenance: Provenance

    public init(id: String, title: String, kind: DocumentKind, date: PartialDate?, dateNote: String?, place: String?,
                meeting: String?, access: AccessLevel, provenance: Provenance) {
        self.id = id
        self.title = title
        self.kind = kind
        self.date = date
        self.dateNote = dateNote
        self.place = place
        self.meeting = meeting
        self.access = access
        self.provenance = provenance
    }
}
