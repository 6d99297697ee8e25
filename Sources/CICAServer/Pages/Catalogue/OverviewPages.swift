import Foundation
import HTTPTypes
import Hummingbird
import CICACore
import CICAStore

/// The implementation overview: Member States × priority areas for a year, as a heat map, a table and CSV, built from
/// what the reader may read.
struct OverviewPages: Sendable {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(.overview()) { request, context in
            let l = context.localizer
            let (overview, names) = try await platform.overview(year: try year(request), principal: context.principal, l)
            let view = OverviewView.make(overview, names: names, last: platform.today().year, l)
            return platform.pages.render(view, title: l("overview.title", ["year": String(overview.year)]), section: .catalogue, context: context)
        }
        router.get(.overviewCSV()) { request, context in
            let (overview, names) = try await platform.overview(year: try year(request), principal: context.principal, context.localizer)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"cica-implementation-\(overview.year).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: overview.csv(stateNames: names.states, areaNames: names.areas))))
        }
    }

    private func year(_ request: Request) throws -> Int {
        try QueryParameters.int(request, "year", in: ReportingRules.firstYear...platform.today().year) ?? (platform.today().year - 1)
    }
}

extension Platform {
    /// The overview of a year as `principal` may see it: every report cut to the parts they may read.
    func overview(year: Int, principal: Principal, _ l: Localizer) async throws -> (ImplementationOverview, (states: [String: String], areas: [String: String], dimensions: [String: String])) {
        let states = l.countries(try await membership.memberStateNames())
        let areas = try await catalogue.priorityAreas(dimension: nil, state: nil).map(\.value)
        let dimensions = try await catalogue.dimensions().map(\.value)
        let readable = try await reports.allReports().map { report in
            var cut = report
            cut.parts = ReportingRules.readable(report, by: principal)
            return cut
        }
        let overview = ImplementationOverview.make(year: year, states: states.keys.sorted { (states[$0] ?? $0) < (states[$1] ?? $1) },
                                                   areas: areas.map { ($0.slug, $0.dimension) }, coordinations: areas.flatMap(\.coordinations),
                                                   readableReports: readable, activities: try await catalogueWork.activities(area: nil))
        return (overview, (states, Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, l.name(of: $0)) }),
                           Dictionary(uniqueKeysWithValues: dimensions.map { ($0.slug, l.name(of: $0)) })))
    }
}

/// The overview page: the heat map with its data table, totals per dimension, reports year over year.
struct OverviewView: Sendable {
    struct Row: Sendable {
        var state: String
        var code: String
        var cells: [(text: String, className: String, title: String)]
    }
    var year: Int
    var title: String
    var description: String
    var areaNames: [String]
    var rows: [Row]
    var dimensions: [(name: String, areas: Int, coordinations: Int, reported: Int, active: Int)]
    var byYear: [(year: Int, count: Int)]
    /// The next year, when it is not after the last that can be reported on.
    var next: Int?

    static func make(_ o: ImplementationOverview, names: (states: [String: String], areas: [String: String], dimensions: [String: String]), last: Int,
                     _ l: Localizer) -> OverviewView {
        let reported = o.cells.joined().filter { $0.reported != nil }.count
        let coordinated = o.cells.joined().filter { $0.role != nil }.count
        return OverviewView(
            year: o.year, title: l("overview.svgTitle", ["year": String(o.year)]),
            description: l("overview.svgDescription", ["states": String(o.states.count), "areas": String(o.areas.count),
                                                       "coordinations": String(coordinated), "reported": String(reported)]),
            areaNames: o.areas.map { names.areas[$0] ?? $0 },
            rows: o.cells.map { row in
                Row(state: names.states[row.first?.state ?? ""] ?? row.first?.state ?? "", code: row.first?.state ?? "", cells: row.map { cell in
                    let role = cell.role.map { l("coordination.\($0.rawValue)") }
                    let status = cell.reported.map { l("reports.status.\($0.rawValue)") }
                    let text = [role, status, cell.active ? l("overview.active") : nil].compactMap { $0 }.joined(separator: "; ")
                    return (text, "cell " + (cell.reported.map { "s-\($0.rawValue)" } ?? "s-none") + (cell.role.map { " r-\($0.rawValue)" } ?? "") + (cell.active ? " active" : ""),
                            "\(names.states[cell.state] ?? cell.state) — \(names.areas[cell.area] ?? cell.area): " + (text.isEmpty ? l("overview.nothing") : text))
                })
            },
            dimensions: o.dimensions.map { (names.dimensions[$0.dimension] ?? $0.dimension, $0.areas, $0.coordinations, $0.reportedParts, $0.active) },
            byYear: o.reportsByYear, next: o.year < last ? o.year + 1 : nil)
    }
}

extension OverviewView: PageView {
    static let cellWidth = 22.0, cellHeight = 16.0, left = 36.0, top = 22.0

    func write(_ html: inout HTML, _ chrome: Chrome) {
        let l = chrome.l
        html("<p class=\"muted\"><a href=\"\(SiteURL.catalogue())\">\(l("catalogue.title"))</a> · <a href=\"\(SiteURL.reports(year: year))\">\(l("reports.title", ["year": String(year)]))</a></p>\n")
        html("<h1>\(l("overview.title", ["year": String(year)]))</h1>\n<p class=\"lead\">\(l("overview.intro"))</p>\n")
        html("<p><a href=\"\(SiteURL.overview(year: year - 1))\">\(l("overview.previous"))</a>")
        if let next { html(" · <a href=\"\(SiteURL.overview(year: next))\">\(l("overview.next"))</a>") }
        html(" · <a href=\"\(SiteURL.overviewCSV(year: year))\">\(l("overview.csv"))</a></p>\n")
        heatMap(&html, l, id: "overview")

        html("<section aria-labelledby=\"dimensions\"><h2 id=\"dimensions\">\(l("overview.dimensions"))</h2>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">\(l("overview.dimension"))</th><th scope=\"col\">\(l("overview.areas"))</th><th scope=\"col\">\(l("overview.coordinations"))</th><th scope=\"col\">\(l("overview.reportedParts"))</th><th scope=\"col\">\(l("overview.activeStates"))</th></tr></thead><tbody>\n")
        for d in dimensions { html("<tr><th scope=\"row\">\(d.name)</th><td>\(d.areas)</td><td>\(d.coordinations)</td><td>\(d.reported)</td><td>\(d.active)</td></tr>\n") }
        html("</tbody></table></div></section>\n")

        html("<section aria-labelledby=\"by-year\"><h2 id=\"by-year\">\(l("overview.byYear"))</h2>\n")
        if byYear.isEmpty {
            html("<p class=\"muted\">\(l("reports.none"))</p>\n")
        } else {
            html("<table><thead><tr><th scope=\"col\">\(l("common.year"))</th><th scope=\"col\">\(l("overview.statesReported"))</th></tr></thead><tbody>\n")
            for entry in byYear { html("<tr><th scope=\"row\"><a href=\"\(SiteURL.overview(year: entry.year))\">\(String(entry.year))</a></th><td>\(entry.count)</td></tr>\n") }
            html("</tbody></table>\n")
        }
        html("</section>\n")

        html("<section aria-labelledby=\"matrix\"><h2 id=\"matrix\">\(l("overview.table"))</h2>\n")
        table(&html, l)
        html("</section>\n")
    }

    /// The heat map: a state a row, an area a column, each cell titled with what it shows; the areas' names listed
    /// under it. `id` keeps the figure's title and description apart from another figure on the same page.
    func heatMap(_ html: inout HTML, _ l: Localizer, id: String) {
        let width = Self.left + Self.cellWidth * Double(areaNames.count) + 4, height = Self.top + Self.cellHeight * Double(rows.count) + 4
        html("<figure class=\"overview\"><svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        html("<title id=\"\(id)-title\">\(title)</title><desc id=\"\(id)-desc\">\(description)</desc>")
        for (index, name) in areaNames.enumerated() {
            html("<text class=\"area\" x=\"\(String(format1: Self.left + Self.cellWidth * (Double(index) + 0.5)))\" y=\"14\"><title>\(name)</title>\(index + 1)</text>")
        }
        for (r, row) in rows.enumerated() {
            let y = Self.top + Self.cellHeight * Double(r)
            html("<text class=\"state\" x=\"2\" y=\"\(String(format1: y + 12))\"><title>\(row.state)</title>\(row.code)</text>")
            for (c, cell) in row.cells.enumerated() {
                html("<rect class=\"\(cell.className)\" x=\"\(String(format1: Self.left + Self.cellWidth * Double(c)))\" y=\"\(String(format1: y))\" width=\"\(String(format1: Self.cellWidth - 2))\" height=\"\(String(format1: Self.cellHeight - 2))\"><title>\(cell.title)</title></rect>")
            }
        }
        html("</svg><figcaption>\(l("overview.legend"))</figcaption></figure>\n")
        html("<details><summary>\(l("overview.areaList"))</summary><ol>")
        for name in areaNames { html("<li>\(name)</li>") }
        html("</ol></details>\n")
    }

    /// The heat map's data as a table: what each cell shows, in words.
    func table(_ html: inout HTML, _ l: Localizer) {
        html("<div class=\"scroll\"><table class=\"overview-table\"><thead><tr><th scope=\"col\">\(l("coordination.state"))</th>")
        for (index, name) in areaNames.enumerated() { html("<th scope=\"col\"><abbr title=\"\(name)\">\(index + 1)</abbr></th>") }
        html("</tr></thead><tbody>\n")
        for row in rows {
            html("<tr><th scope=\"row\"><a href=\"\(SiteURL.stateReport(row.code, String(year)))\">\(row.state)</a></th>")
            for cell in row.cells { html("<td>\(cell.text)</td>") }
            html("</tr>\n")
        }
        html("</tbody></table></div>\n")
    }
}
