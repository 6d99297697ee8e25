/// A post at the head of the Secretariat; the titles changed when CICA began its transformation in 2022.
public enum SecretariatPost: String, Codable, Sendable, CaseIterable {
    case executiveDirector, secretaryGeneral, deputyExecutiveDirector, deputySecretaryGeneral

    /// Whether the post heads the Secretariat (rather than deputising).
    public var isHead: Bool { self == .executiveDirector || self == .secretaryGeneral }
}

/// A person who headed (or deputised at the head of) the Secretariat, with the title of the time.
public struct SecretariatAppointment: Codable, Sendable, Equatable {
    public var id: String
    public var post: SecretariatPost
    /// The title as the sources give it ("Executive Director, then Secretary General").
    public var title: String
    public var name: String?
    /// ISO code of the state of nationality.
    public var nationality: String?
    /// The term in the sources' words.
    public var term: String?
    public var start: PartialDate?
    public var end: PartialDate?
    public var provenance: Provenance

    public init(id: String, post: SecretariatPost, title: String, name: String?, nationality: String?, term: String?,
                start: PartialDate?, end: PartialDate?, provenance: Provenance) {
        self.id = id
        self.post = post
        self.title = title
        self.name = name
        self.nationality = nationality
        self.term = term
        self.start = start
        self.end = end
        self.provenance = provenance
    }
}
