import Foundation

/// The implementation of the Catalogue at a glance: Member States × priority areas — who coordinates or co-coordinates,
/// who reported what for a year — with per-dimension totals and the reports year over year. Built from what one reader
/// may read: the caller passes the reports already cut to their readable parts (`ReportingRules.readable`), so that
/// nothing the reader may not read is counted.
public struct ImplementationOverview: Sendable, Equatable {
    /// One cell: a state's part in an area.
    public struct Cell: Sendable, Equatable {
        public var state: String
        public var area: String
        public var role: CoordinationRole?
        /// The status the state reported for the area in the year, if the reader may read it.
        public var reported: ImplementationStatus?
        /// Whether the state hosted or took part in an activity of the area held in the year.
        public var active: Bool = false
    }

    public struct DimensionTotal: Sendable, Equatable {
        public var dimension: String
        public var areas: Int
        public var coordinations: Int
        public var reportedParts: Int
        /// States active in the dimension's areas' activities, counted once per area.
        public var active: Int = 0
    }

    public var year: Int
    public var states: [String]
    public var areas: [String]
    /// Row by row: `cells[i][j]` is `states[i]` in `areas[j]`.
    public var cells: [[Cell]]
    public var dimensions: [DimensionTotal]
    /// How many Member States reported (as the reader may see) each year.
    public var reportsByYear: [(year: Int, count: Int)]

    public static func == (a: Self, b: Self) -> Bool {
        a.year == b.year && a.states == b.states && a.areas == b.areas && a.cells == b.cells && a.dimensions == b.dimensions
            && a.reportsByYear.map(\.year) == b.reportsByYear.map(\.year) && a.reportsByYear.map(\.count) == b.reportsByYear.map(\.count)
    }

    /// The overview of `year` from the Member States (in the order to show), the areas with their dimensions (in
    /// Catalogue order), the current coordinations, the readable reports of every year and the areas' activities (which
    /// are public).
    public static func make(year: Int, states: [String], areas: [(slug: String, dimension: String)], coordinations: [Coordination],
                            readableReports: [ImplementationReport], activities: [AreaActivity] = []) -> ImplementationOverview {
        let active = ActivityRules.active(activities, year: year)
        let roles = Dictionary(coordinations.map { ("\($0.state)/\($0.priorityArea)", $0.role) }, uniquingKeysWith: { first, _ in first })
        var reported: [String: ImplementationStatus] = [:]
        for report in readableReports where report.year == year {
            for part in report.parts { reported["\(report.state)/\(part.priorityArea)"] = part.status }
        }
        let cells = states.map { state in
            areas.map { area in
                Cell(state: state, area: area.slug, role: roles["\(state)/\(area.slug)"], reported: reported["\(state)/\(area.slug)"],
                     active: active.contains(Coordination.Key(state: state, area: area.slug)))
            }
        }
        var dimensions: [DimensionTotal] = []
        for dimension in areas.map(\.dimension) where !dimensions.contains(where: { $0.dimension == dimension }) {
            let slugs = Set(areas.filter { $0.dimension == dimension }.map(\.slug))
            let inDimension = cells.joined().filter { slugs.contains($0.area) }
            dimensions.append(DimensionTotal(dimension: dimension, areas: slugs.count, coordinations: inDimension.filter { $0.role != nil }.count,
                                             reportedParts: inDimension.filter { $0.reported != nil }.count,
                                             active: inDimension.filter(\.active).count))
        }
        let byYear = Dictionary(grouping: readableReports.filter { !$0.parts.isEmpty && states.contains($0.state) }, by: \.year)
            .map { (year: $0.key, count: Set($0.value.map(\.state)).count) }.sorted { $0.year < $1.year }
        return ImplementationOverview(year: year, states: states, areas: areas.map(\.slug), cells: cells, dimensions: dimensions, reportsByYear: byYear)
    }

    /// The overview as CSV (RFC 4180): a row per state and area, with the role and the reported status.
    public func csv(stateNames: [String: String], areaNames: [String: String]) -> String {
        CSVTable(header: ["year", "state", "state_name", "priority_area", "priority_area_name", "role", "reported", "active_in_activities"],
                 rows: cells.flatMap { row in
                     row.map { cell in
                         [String(year), cell.state, stateNames[cell.state] ?? cell.state, cell.area, areaNames[cell.area] ?? cell.area,
                          cell.role?.rawValue ?? "", cell.reported?.rawValue ?? "", cell.active ? "yes" : ""]
                     }
                 }).text
    }
}
