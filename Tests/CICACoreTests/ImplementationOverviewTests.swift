import Foundation
import Testing
@testable import CICACore

@Suite("The implementation overview")
struct ImplementationOverviewTests {
    static let stamp = Stamp(at: Date(timeIntervalSince1970: 0), by: "p")
    static let areas = [(slug: "a1", dimension: "economic"), (slug: "a2", dimension: "economic"), (slug: "a3", dimension: "human")]

    @Test("a cell per state and area with its role and reported status; totals per dimension; states reporting each year")
    func matrix() {
        let reports = [
            ImplementationReport(state: "KZ", year: 2025, parts: [ReportPart(priorityArea: "a1", status: .implemented), ReportPart(priorityArea: "a3", status: .planned)],
                                 submitted: Self.stamp, late: false),
            ImplementationReport(state: "IN", year: 2024, parts: [ReportPart(priorityArea: "a2", status: .inProgress)], submitted: Self.stamp, late: false),
            // A report the reader may read nothing of: cut to no parts, it is not counted.
            ImplementationReport(state: "CN", year: 2025, parts: [], submitted: Self.stamp, late: false),
        ]
        let o = ImplementationOverview.make(year: 2025, states: ["IN", "KZ", "CN"], areas: Self.areas,
                                            coordinations: [Coordination(priorityArea: "a1", state: "KZ", role: .coordinator),
                                                            Coordination(priorityArea: "a3", state: "IN", role: .coCoordinator)],
                                            readableReports: reports)
        #expect(o.cells.count == 3 && o.cells.allSatisfy { $0.count == 3 })
        #expect(o.cells[1][0] == .init(state: "KZ", area: "a1", role: .coordinator, reported: .implemented))
        #expect(o.cells[0][2] == .init(state: "IN", area: "a3", role: .coCoordinator, reported: nil))
        #expect(o.cells[0][1].reported == nil, "India's 2024 report is not 2025's")
        #expect(o.dimensions == [.init(dimension: "economic", areas: 2, coordinations: 1, reportedParts: 1),
                                 .init(dimension: "human", areas: 1, coordinations: 1, reportedParts: 1)])
        #expect(o.reportsByYear.map(\.year) == [2024, 2025] && o.reportsByYear.map(\.count) == [1, 1])
    }

    @Test("CSV: a row per state and area; a field that starts like a formula is quoted and defused")
    func csv() {
        let o = ImplementationOverview.make(year: 2025, states: ["KZ"], areas: [(slug: "a1", dimension: "d")],
                                            coordinations: [Coordination(priorityArea: "a1", state: "KZ", role: .coordinator)], readableReports: [])
        let text = o.csv(stateNames: ["KZ": "=HYPERLINK(\"x\")"], areaNames: ["a1": "Trade, investment"])
        #expect(text == "year,state,state_name,priority_area,priority_area_name,role,reported,active_in_activities\r\n2025,KZ,\"'=HYPERLINK(\"\"x\"\")\",a1,\"Trade, investment\",coordinator,,\r\n")
    }
}
