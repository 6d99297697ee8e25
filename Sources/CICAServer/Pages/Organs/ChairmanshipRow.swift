import CICACore
import CICAStore

/// A chairmanship as pages show it.
struct ChairmanshipRow: Sendable {
    var state: String
    var url: SiteURL
    var dates: String
    var note: String?
    var current: Bool
    var provenance: ProvenanceView

    init(_ chair: Sourced<Chairmanship>, names: [String: String], today: CivilDate, localizer l: Localizer) {
        let c = chair.value
        state = names[c.state] ?? c.state
        url = .memberState(c.state)
        dates = c.end == nil ? l("chairmanship.since", ["date": l.date(c.start, governed: true)]) : l.dateRange(c.start, c.end)
        note = l.note(of: c)
        current = c.isHeld(on: today)
        provenance = ProvenanceView(chair.provenance, localizer: l)
    }
}

