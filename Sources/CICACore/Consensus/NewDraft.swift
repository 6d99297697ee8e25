/// What the Secretariat drafts.
public struct NewDraft: Sendable {
    public var title: String
    public var organ: String
    public var meeting: String?
    /// The text in the first working language.
    public var text: String
    /// The text in other working languages, by language code.
    public var translations: [String: String]
    public var effectKind: String
    public var effectParameters: [String: String]
    public var continues: String?

    public init(title: String, organ: String, meeting: String?, text: String, translations: [String: String] = [:], effectKind: String,
                effectParameters: [String: String], continues: String? = nil) {
        self.title = title
        self.organ = organ
        self.meeting = meeting
        self.text = text
        self.translations = translations
        self.effectKind = effectKind
        self.effectParameters = effectParameters
        self.continues = continues
    }
}
