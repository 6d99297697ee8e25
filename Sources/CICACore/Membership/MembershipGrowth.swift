/// How CICA grew: the Member States that joined each year since the founding in 1999 and how many there were at the
/// end of it, from the accession dates the sources give.
public struct MembershipGrowth: Sendable, Equatable {
    public struct Year: Sendable, Equatable {
        public var year: Int
        /// The codes of the states that joined that year, in code order.
        public var joined: [String]
        /// Member States at the end of the year (those whose year is known).
        public var total: Int

        public init(year: Int, joined: [String], total: Int) {
            self.year = year
            self.joined = joined
            self.total = total
        }
    }

    /// Every year from the first accession through `lastYear`, those in which nobody joined included.
    public var years: [Year]
    /// Member States whose accession year the sources do not give: counted in no year, named apart.
    public var undated: [String]

    public init(years: [Year], undated: [String]) {
        self.years = years
        self.undated = undated
    }

    /// The growth of `states` through `lastYear` (a state that joins after it is left out).
    public static func of(_ states: [MemberState], through lastYear: Int) -> MembershipGrowth {
        var byYear: [Int: [String]] = [:]
        var undated: [String] = []
        for state in states {
            if let year = state.accession?.year { byYear[year, default: []].append(state.code) } else { undated.append(state.code) }
        }
        guard let first = byYear.keys.min(), first <= lastYear else { return MembershipGrowth(years: [], undated: undated.sorted()) }
        var total = 0
        let years = (first...lastYear).map { year in
            let joined = (byYear[year] ?? []).sorted()
            total += joined.count
            return Year(year: year, joined: joined, total: total)
        }
        return MembershipGrowth(years: years, undated: undated.sorted())
    }
}
