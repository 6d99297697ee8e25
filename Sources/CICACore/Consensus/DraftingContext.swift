/// What a new draft is checked against, read by the store in the same transaction that writes it.
public struct DraftingContext: Sendable {
    /// The organs by slug, with the short name the symbol is made from ("SOC" gives CICA/SOC/DEC/…).
    public var organs: [String: String]
    /// The organ of each meeting the draft may name, by meeting id (the store reads the one it names).
    public var meetingOrgans: [String: String]
    /// The status of the meeting the draft names: a draft is not made for a meeting that is over (held or cancelled).
    public var meetingStatus: MeetingStatus?
    public var registry: RegistryView
    /// The symbols already given this year, of every organ.
    public var symbolsThisYear: [String]
    /// The decision the draft takes up again, when it continues one.
    public var continues: Decision?
    /// The languages the text is to be in.
    public var working: WorkingLanguages

    public init(organs: [String: String], meetingOrgans: [String: String], registry: RegistryView,
                symbolsThisYear: [String], continues: Decision?, working: WorkingLanguages = .english, meetingStatus: MeetingStatus? = nil) {
        self.working = working
        self.meetingStatus = meetingStatus
        self.organs = organs
        self.meetingOrgans = meetingOrgans
        self.registry = registry
        self.symbolsThisYear = symbolsThisYear
        self.continues = continues
    }
}
