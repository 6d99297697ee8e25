import Foundation
import Hummingbird
import CICACore
import CICAStore

/// A note on where the sources disagree.
struct NoteView: Sendable {
    var topic: String
    var values: [String]
    var preferred: String

    init(_ note: SourceNote) {
        topic = note.topic
        values = note.values
        preferred = note.preferred
    }
}
