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
