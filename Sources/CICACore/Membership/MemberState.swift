/// A state with at least part of its territory in Asia, admitted by consensus.
public struct MemberState: Codable, Sendable, Equatable {
    /// ISO 3166-1 alpha-2 code.
    public var code: String
    public var name: String
    /// The day (or month, or year) it became a Member State, as far as the sources tell.
    public var accession: PartialDate?
    /// One of the fifteen states that signed the Declaration on Principles in Almaty on 14 September 1999.
    public var founding: Bool
    /// How it joined, in the sources' words.
    public var context: String?
    /// The organ that admitted it and the meeting, where the sources name them (the reference dataset only).
    public var admittedBy: String?
    public var admittedAt: String?
    public var provenance: Provenance

    public init(code: String, name: String, accession: PartialDate?, founding: Bool, context: String?,
                admittedBy: String? = nil, admittedAt: String? = nil, provenance: Provenance) {
        self.admittedBy = admittedBy
        self.admittedAt = admittedAt
        self.code = code
        self.name = name
        self.accession = accession
        self.founding = founding
        self.context = context
        self.provenance = provenance
    }
}

/// Whether an observer is a state or an international organization.
public enum ObserverKind: String, Codable, Sendable, CaseIterable {
    case state, organization
}

/// A state or international organization with observer status; observers never take part in consensus.
public struct Observer: Codable, Sendable, Equatable {
    /// The ISO code of a state, or a short lower-case id of an organization (`un`, `osce`).
    public var id: String
    public var kind: ObserverKind
    public var countryCode: String?
    public var name: String
    public var acronym: String?
    /// Since when, in the sources' words ("by 2001").
    public var since: String?
    /// Since when, when the sources give a date.
    public var sinceDate: PartialDate?
    /// When the observer period ended (a state admitted as a Member State); nil while it lasts.
    public var until: PartialDate?
    /// The decision that ended it.
    public var endedBy: String?
    public var provenance: Provenance

    public init(id: String, kind: ObserverKind, countryCode: String?, name: String, acronym: String?,
                since: String?, sinceDate: PartialDate?, until: PartialDate? = nil, endedBy: String? = nil, provenance: Provenance) {
        self.until = until
        self.endedBy = endedBy
        self.id = id
        self.kind = kind
        self.countryCode = countryCode
        self.name = name
        self.acronym = acronym
        self.since = since
        self.sinceDate = sinceDate
        self.provenance = provenance
    }
}

/// An organization with which CICA signed a Memorandum of Understanding (or a protocol on cooperation).
public struct Partner: Codable, Sendable, Equatable {
    public var id: String
    public var acronym: String
    public var name: String
    public var instrument: String
    public var signed: PartialDate?
    /// The sources' own wording of the date, when it is not a plain date.
    public var signedNote: String?
    public var place: String?
    public var provenance: Provenance

    public init(id: String, acronym: String, name: String, instrument: String, signed: PartialDate?,
                signedNote: String?, place: String?, provenance: Provenance) {
        self.id = id
        self.acronym = acronym
        self.name = name
        self.instrument = instrument
        self.signed = signed
        self.signedNote = signedNote
        self.place = place
        self.provenance = provenance
    }
}

/// A status CICA itself holds elsewhere, such as observer status at the UN General Assembly (2007).
public struct ExternalRelation: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var date: PartialDate?
    public var detail: String?
    public var provenance: Provenance

    public init(id: String, title: String, date: PartialDate?, detail: String?, provenance: Provenance) {
        self.id = id
        self.title = title
        self.date = date
        self.detail = detail
        self.provenance = provenance
    }
}
