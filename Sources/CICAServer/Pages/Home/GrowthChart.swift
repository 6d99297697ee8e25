import CICACore

/// CICA's growth as a server-rendered SVG chart, readable without JavaScript: a bar per year as high as the number of
/// Member States at its end, the part that joined that year marked. It has a title and a description, and the same
/// figures are in the table written after it.
struct GrowthChart: Sendable {
    struct Bar: Sendable {
        var year: Int
        var total: Int
        var joined: Int
        var title: String
    }
    struct Row: Sendable {
        var year: Int
        var joined: String
        var total: Int
    }
    var title: String
    var description: String
    var bars: [Bar]
    /// The years in which states joined, for the table.
    var rows: [Row]
    var undated: String?

    static let width = 720.0, height = 180.0, left = 30.0, bottom = 24.0, top = 10.0

    init(_ growth: MembershipGrowth, names: [String: String], localizer l: Localizer) {
        title = l("growth.title")
        let first = growth.years.first?.year ?? 0, last = growth.years.last?.year ?? 0, total = growth.years.last?.total ?? 0
        description = l("growth.description", ["first": String(first), "last": String(last),
                                               "founding": String(growth.years.first?.total ?? 0), "total": String(total)])
        func named(_ codes: [String]) -> String { codes.map { names[$0] ?? l.country($0, recorded: $0) }.sorted().joined(separator: ", ") }
        bars = growth.years.map { year in
            Bar(year: year.year, total: year.total, joined: year.joined.count,
                title: l("growth.bar", ["year": String(year.year), "total": String(year.total), "joined": String(year.joined.count)]))
        }
        rows = growth.years.filter { !$0.joined.isEmpty }.map { Row(year: $0.year, joined: named($0.joined), total: $0.total) }
        undated = growth.undated.isEmpty ? nil : l("growth.undated", ["states": named(growth.undated)])
    }

    func write(_ html: inout HTML, _ l: Localizer) {
        guard !bars.isEmpty else { return }
        let plot = Self.height - Self.bottom - Self.top, axis = Self.height - Self.bottom
        let most = Double(max(1, bars.map(\.total).max() ?? 1))
        let slot = (Self.width - Self.left - 6) / Double(bars.count)
        html("<figure class=\"growth-chart\"><svg viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-labelledby=\"growth-title growth-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        html("<title id=\"growth-title\">\(title)</title><desc id=\"growth-desc\">\(description)</desc>")
        html("<line class=\"axis\" x1=\"\(String(format1: Self.left))\" y1=\"\(String(format1: axis))\" x2=\"\(String(format1: Self.width - 4))\" y2=\"\(String(format1: axis))\"/>")
        html("<text class=\"count\" x=\"2\" y=\"\(String(format1: Self.top + 8))\">\(Int(most))</text>")
        let step = bars.count > 24 ? 4 : bars.count > 12 ? 2 : 1
        for (index, bar) in bars.enumerated() {
            let x = Self.left + slot * Double(index)
            let h = plot * Double(bar.total) / most, joined = plot * Double(bar.joined) / most
            html("<g><title>\(bar.title)</title>")
            html("<rect class=\"members\" x=\"\(String(format1: x + slot * 0.15))\" y=\"\(String(format1: axis - h))\" width=\"\(String(format1: slot * 0.7))\" height=\"\(String(format1: h - joined))\"/>")
            if bar.joined > 0 {
                html("<rect class=\"joined\" x=\"\(String(format1: x + slot * 0.15))\" y=\"\(String(format1: axis - joined))\" width=\"\(String(format1: slot * 0.7))\" height=\"\(String(format1: joined))\"/>")
            }
            html("</g>")
            if index % step == 0 {
                html("<text class=\"year\" x=\"\(String(format1: x + slot / 2))\" y=\"\(String(format1: Self.height - 6))\">\(String(bar.year))</text>")
            }
        }
        html("</svg><figcaption>\(l("growth.legend"))</figcaption></figure>\n")
        html("<div class=\"scroll\"><table class=\"growth\"><caption>\(l("growth.tableCaption"))</caption><thead><tr><th scope=\"col\">\(l("growth.year"))</th><th scope=\"col\">\(l("growth.joined"))</th><th scope=\"col\">\(l("growth.total"))</th></tr></thead><tbody>")
        for row in rows { html("<tr><th scope=\"row\">\(String(row.year))</th><td>\(row.joined)</td><td>\(row.total)</td></tr>") }
        html("</tbody></table></div>\n")
        if let undated { html("<p class=\"hint\">\(undated)</p>\n") }
    }
}
