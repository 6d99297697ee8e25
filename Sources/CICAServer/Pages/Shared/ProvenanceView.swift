import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A fact's provenance on a page: confidence in words, the note, the sources.
struct ProvenanceView: Sendable {
    var confidence: String
    var confidenceLabel: String
    var note: String?
    var sources: [SourceView]
    /// Worth a visible mark: the fact is not confirmed by a source.
    var doubtful: Bool

    init(_ provenance: ResolvedProvenance, localizer l: Localizer) {
        confidence = provenance.confidence.rawValue
        confidenceLabel = l.confidence(provenance.confidence)
        note = provenance.note
        sources = provenance.sources.map(SourceView.init)
        doubtful = provenance.confidence != .confirmed
    }
}
