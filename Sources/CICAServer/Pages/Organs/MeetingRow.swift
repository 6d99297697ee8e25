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
    /// The status, unless the meeting was held.
    var badge: String?
    /// The sources of a meeting of the shipped record; nil for one the Secretariat planned on the platform.
    var provenance: ProvenanceView?

    init(_ meeting: Sourced<Meeting>, organNames: [String: String], countryNames: [String: String], localizer l: Localizer) {
        let m = meeting.value
        id = m.id
        url = .meeting(m.id)
        title = l.title(of: m)
        dates = l.dateRange(m.start, m.end)
        place = MeetingRow.place(m, countryNames: countryNames, localizer: l)
        organ = organNames[m.organ] ?? m.organ
        kind = l("meeting.kind.\(m.kind.rawValue)")
        badge = m.status == .held ? nil : l("meeting.status.\(m.status.rawValue)")
        provenance = m.planned == nil ? ProvenanceView(meeting.provenance, localizer: l) : nil
    }

    static func place(_ m: Meeting, countryNames: [String: String], localizer l: Localizer) -> String {
        switch m.format {
        case .online, .videoconference: return l("meeting.format.\(m.format.rawValue)")
        case .unknown: return l("meeting.format.unknown")
        case .inPerson:
            return [l.city(of: m), m.countryCode.flatMap { countryNames[$0] ?? $0 }].compactMap { $0 }.joined(separator: ", ")
        case .hybrid:
            return ([l.city(of: m), m.countryCode.flatMap { countryNames[$0] ?? $0 }].compactMap { $0 } + [l("meeting.format.hybrid")]).joined(separator: ", ")
        }
    }
}

