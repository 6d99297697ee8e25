import CICACore
import CICAStore

/// A row of a list of meetings.
struct MeetingRow: Sendable {
    var id: String
    var url: SiteURL
    var title: String
    var dates: String
    var place: String
    var organ: String
    var kind: String
    var planned: Bool
    var provenance: ProvenanceView

    init(_ meeting: Sourced<Meeting>, organNames: [String: String], countryNames: [String: String], localizer l: Localizer) {
        let m = meeting.value
        id = m.id
        url = .meeting(m.id)
        title = l.title(of: m)
        dates = l.dateRange(m.start, m.end)
        place = MeetingRow.place(m, countryNames: countryNames, localizer: l)
        organ = organNames[m.organ] ?? m.organ
        kind = l("meeting.kind.\(m.kind.rawValue)")
        planned = m.status == .planned
        provenance = ProvenanceView(meeting.provenance, localizer: l)
    }

    static func place(_ m: Meeting, countryNames: [String: String], localizer l: Localizer) -> String {
        switch m.format {
        case .online, .videoconference: return l("meeting.format.\(m.format.rawValue)")
        case .unknown: return l("meeting.format.unknown")
        case .inPerson:
            return [l.city(of: m), m.countryCode.flatMap { countryNames[$0] ?? $0 }].compactMap { $0 }.joined(separator: ", ")
        }
    }
}

