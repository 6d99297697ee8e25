/// A day CICA observes every year, such as CICA Day on 5 October.
public struct OfficialDay: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    public var month: Int
    public var day: Int
    public var description: String
    public var provenance: Provenance

    public init(slug: String, name: String, month: Int, day: Int, description: String, provenance: Provenance) {
        self.slug = slug
        self.name = name
        self.month = month
        self.day = day
        self.description = description
        self.provenance = provenance
    }

    /// The first day on or after `date` on which this day is observed.
    public func nextOccurrence(onOrAfter date: CivilDate) -> CivilDate {
        var year = date.year
        while true {
            // A day that does not exist in a year (29 February) is skipped to the next year it does.
            if day <= CivilDate.daysIn(month: month, year: year) {
                let candidate = CivilDate(year: year, month: month, day: day)
                if candidate >= date { return candidate }
            }
            year += 1
        }
    }
}
