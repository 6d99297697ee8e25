import CICACore

/// An organ's cadence as a server-rendered SVG timeline, readable without JavaScript: a bar per year for rules of the
/// kind "at least N a year" (its height the meetings that count, a line at what the rule asks), a dot per regular
/// meeting for rules of the kind "every N years", and the window in which the next meeting is due. It has a title and a
/// description; the same figures are in the table beside it.
struct CadenceTimeline: Sendable {
    struct Bar: Sendable {
        var label: String
        var count: Int
        var status: String
        var title: String
    }
    struct Dot: Sendable {
        var year: Int
        var fraction: Double
        var late: Bool
        var title: String
    }
    var id: String
    var title: String
    var description: String
    var bars: [Bar]
    var required: Int
    var dots: [Dot]
    var firstYear: Int
    var lastYear: Int
    /// The years of the window in which the next meeting is due.
    var due: (from: Int, to: Int)?
    var dueLabel: String?

    static let width = 720.0, height = 150.0, left = 28.0, bottom = 24.0, top = 12.0

    static func make(_ report: CadenceReport, organ: String, id: String, asOf: CivilDate, localizer l: Localizer) -> CadenceTimeline? {
        var timeline = CadenceTimeline(id: id, title: l("cadence.timeline.title", ["organ": organ]), description: "", bars: [],
                                       required: report.rule.count ?? 1, dots: [], firstYear: asOf.year, lastYear: asOf.year)
        if let due = report.due {
            timeline.due = (due.from.year, due.to.year)
            timeline.dueLabel = l("cadence.dueWindow", ["from": l.date(due.from), "to": l.date(due.to), "count": "\(due.remaining)"])
        }
        if !report.years.isEmpty {
            timeline.bars = report.years.map { year in
                Bar(label: String(year.year), count: year.count, status: year.status.rawValue,
                    title: "\(year.year): " + l("cadence.year.count", count: year.count) + " — " + l("cadence.year.\(year.status.rawValue)"))
            }
            timeline.firstYear = report.years[0].year
            timeline.lastYear = report.years[report.years.count - 1].year
            let missed = report.years.filter { $0.status == .missed || $0.status == .fewerThanRequired || $0.status == .noneRecorded }.count
            timeline.description = l("cadence.timeline.years", ["from": String(timeline.firstYear), "to": String(timeline.lastYear),
                                                                 "met": String(report.years.filter { $0.status == .met }.count), "short": String(missed)])
            return timeline
        }
        guard let first = report.intervals.first?.fromDate ?? report.lastMeetingDate else { return nil }
        var points: [(PartialDate, Bool)] = [(first, false)]
        points += report.intervals.map { ($0.toDate, $0.exceeded) }
        timeline.firstYear = first.year
        timeline.lastYear = max(asOf.year, report.due?.to.year ?? asOf.year)
        timeline.dots = points.map { date, late in
            Dot(year: date.year, fraction: Double((date.month ?? 7) - 1) / 12, late: late,
                title: l.date(date) + (late ? " — " + l("cadence.interval.exceeded") : ""))
        }
        timeline.description = l("cadence.timeline.intervals", ["count": String(points.count), "late": String(report.intervals.filter(\.exceeded).count)])
        return timeline
    }

    private var span: Int { max(1, lastYear - firstYear + 1) }
    private func x(_ year: Double) -> Double { Self.left + (Self.width - Self.left - 8) * (year - Double(firstYear)) / Double(span) }

    func write(_ html: inout HTML) {
        let plot = Self.height - Self.bottom - Self.top
        html("<figure class=\"cadence-timeline\"><svg viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        html("<title id=\"\(id)-title\">\(title)</title><desc id=\"\(id)-desc\">\(description)</desc>")
        let axis = Self.height - Self.bottom
        html("<line class=\"axis\" x1=\"\(String(format1: Self.left))\" y1=\"\(String(format1: axis))\" x2=\"\(String(format1: Self.width - 4))\" y2=\"\(String(format1: axis))\"/>")
        if let due {
            let from = x(Double(due.from)), to = x(Double(due.to + 1))
            html("<rect class=\"due\" x=\"\(String(format1: from))\" y=\"\(String(format1: Self.top))\" width=\"\(String(format1: max(2, to - from)))\" height=\"\(String(format1: plot))\"><title>\(dueLabel ?? "")</title></rect>")
        }
        let step = span > 24 ? 4 : span > 12 ? 2 : 1
        for year in firstYear...lastYear where (year - firstYear) % step == 0 {
            html("<text class=\"year\" x=\"\(String(format1: x(Double(year) + 0.5)))\" y=\"\(String(format1: Self.height - 6))\">\(String(year))</text>")
        }
        if !bars.isEmpty {
            let most = Double(max(required, bars.map(\.count).max() ?? 0, 1))
            let width = (Self.width - Self.left - 8) / Double(span)
            for (index, bar) in bars.enumerated() {
                let h = bar.count == 0 ? 3 : plot * Double(bar.count) / most
                let x0 = x(Double(firstYear + index)) + width * 0.15
                html("<rect class=\"bar \(bar.status)\" x=\"\(String(format1: x0))\" y=\"\(String(format1: axis - h))\" width=\"\(String(format1: width * 0.7))\" height=\"\(String(format1: h))\"><title>\(bar.title)</title></rect>")
            }
            let line = axis - plot * Double(required) / most
            html("<line class=\"required\" x1=\"\(String(format1: Self.left))\" y1=\"\(String(format1: line))\" x2=\"\(String(format1: Self.width - 4))\" y2=\"\(String(format1: line))\"/>")
            html("<text class=\"count\" x=\"2\" y=\"\(String(format1: line + 4))\">\(String(required))</text>")
        }
        for dot in dots {
            html("<circle class=\"meeting\(dot.late ? " late" : "")\" cx=\"\(String(format1: x(Double(dot.year) + dot.fraction)))\" cy=\"\(String(format1: axis - plot / 2))\" r=\"6\"><title>\(dot.title)</title></circle>")
        }
        html("</svg>")
        if let dueLabel { html("<figcaption>\(dueLabel)</figcaption>") }
        html("</figure>\n")
    }
}

extension String {
    /// A coordinate with one decimal, written without Foundation's formatting.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
