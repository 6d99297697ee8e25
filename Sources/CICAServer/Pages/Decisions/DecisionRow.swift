import Foundation
import CICACore
import CICAStore

/// A decision in a list.
struct DecisionRow: Sendable {
    var url: SiteURL
    var symbol: String
    var title: String
    var organ: String
    var status: String
    var statusLabel: String
    var effect: String
    var deadline: String?
    var deadlineISO: String?
    var remaining: String?
    var historical: Bool
    var date: String
    /// Why the closer could not close it, for the Secretariat.
    var attention: String?

    init(_ d: Decision, organNames: [String: String], now: Date, localizer l: Localizer) {
        url = .decision(d.id)
        symbol = d.symbol
        title = d.title
        organ = Self.organ(of: d, names: organNames, localizer: l)
        status = d.status.rawValue
        statusLabel = l("decision.status.\(d.status.rawValue)")
        effect = d.effect.map { l($0.summary) } ?? d.effectKind
        let open = d.status == .open
        deadline = open ? d.procedure?.deadline.map { l.instant($0) } : nil
        deadlineISO = open ? d.procedure?.deadline.map(Timestamp.string) : nil
        remaining = open ? d.procedure?.deadline.map { l.remaining(from: now, to: $0) } : nil
        historical = d.historical
        date = d.recordedDate.map { l.date($0) } ?? l.date(CivilDate(d.closedAt ?? d.createdAt))
        attention = d.attention.map { l($0.reason) }
    }
}

extension DecisionRow {
    /// Open decisions as lists show them: those under the silence procedure by deadline, soonest first, then those in a meeting.
    static func soonestDeadlineFirst(_ decisions: [Decision]) -> [Decision] {
        decisions.sorted { ($0.procedure?.deadline ?? .distantFuture) < ($1.procedure?.deadline ?? .distantFuture) }
    }

    /// The organ that took `d`, by name, or that the sources do not name it (a historical record filed under an organ).
    static func organ(of d: Decision, names: [String: String], localizer l: Localizer) -> String {
        d.organRecorded ? names[d.organ] ?? d.organ : l("decision.organNotRecorded")
    }
}
