import Testing
@testable import CICACore

@Suite("Membership growth")
struct MembershipGrowthTests {
    static let none = Provenance(confidence: .confirmed, sources: [], note: nil)
    static func state(_ code: String, _ year: Int?) -> MemberState {
        MemberState(code: code, name: code, accession: year.map { PartialDate(year: $0) }, founding: year == 1999, context: nil, provenance: none)
    }

    @Test("a year per year from the first accession, running totals, undated states apart", arguments: [
        // (states, through, expected years as (year, joined, total), undated)
        ([state("KZ", 1999), state("IN", 1999), state("TH", 2004), state("QA", 2014)], 2015,
         [(1999, ["IN", "KZ"], 2), (2000, [], 2), (2001, [], 2), (2002, [], 2), (2003, [], 2), (2004, ["TH"], 3), (2005, [], 3), (2006, [], 3),
          (2007, [], 3), (2008, [], 3), (2009, [], 3), (2010, [], 3), (2011, [], 3), (2012, [], 3), (2013, [], 3), (2014, ["QA"], 4), (2015, [], 4)], [String]()),
        ([state("KZ", 1999), state("XX", nil), state("QA", 2014)], 2000, [(1999, ["KZ"], 1), (2000, [], 1)], ["XX"]),
        ([state("XX", nil)], 2026, [], ["XX"]),
        ([], 2026, [], []),
        // A state that joins after the last year asked for is not counted.
        ([state("KZ", 2030)], 2026, [], []),
    ] as [([MemberState], Int, [(Int, [String], Int)], [String])])
    func growth(states: [MemberState], through: Int, expected: [(Int, [String], Int)], undated: [String]) {
        let growth = MembershipGrowth.of(states, through: through)
        #expect(growth.years == expected.map { MembershipGrowth.Year(year: $0.0, joined: $0.1, total: $0.2) })
        #expect(growth.undated == undated)
    }

    @Test("CICA's own record: 15 founding members in 1999, every Member State dated, as many at the end as there are")
    func record() throws {
        let states = try ReferenceDataset.shipped().memberStates
        let growth = MembershipGrowth.of(states, through: 2026)
        #expect(growth.years.first?.year == 1999)
        #expect(growth.years.first?.total == 15)
        #expect(growth.years.last?.total == states.count - growth.undated.count)
        #expect(growth.years.count == 2026 - 1999 + 1)
    }
}
