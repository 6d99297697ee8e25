import CICACore
import CICAStore

/// A row of a table of Member States.
struct MemberStateRow: Sendable {
    var code: String
    var name: String
    var url: SiteURL
    var accession: String
    var founding: Bool
    var context: String?
    var provenance: ProvenanceView

    init(_ state: Sourced<MemberState>, localizer l: Localizer) {
        code = state.value.code
        name = l.country(state.value.code, recorded: state.value.name)
        url = .memberState(state.value.code)
        accession = l.date(state.value.accession)
        founding = state.value.founding
        context = l.context(of: state.value)
        provenance = ProvenanceView(state.provenance, localizer: l)
    }
}

