import Foundation
import CICACore
import CICAStore
import Hummingbird

/// A source as pages link to it: to its page here and to where it was read.
struct SourceView: Sendable, Equatable {
    var id: String
    var title: String
    var url: String?
    var href: String

    init(_ source: Source) {
        id = source.id
        title = source.title
        url = source.url
        href = "/sources/\(source.id)"
    }
}

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

/// Every source cited on a page, once each, for the page's "Sources" section.
func citedSources(_ provenances: [ResolvedProvenance]) -> [SourceView] {
    var seen = Set<String>()
    var result: [SourceView] = []
    for provenance in provenances {
        for source in provenance.sources where seen.insert(source.id).inserted {
            result.append(SourceView(source))
        }
    }
    return result.sorted { $0.title.lowercased() < $1.title.lowercased() }
}

/// A link to the next page of a list, keeping the filters.
func nextPageLink(path: String, query: [(String, String?)], cursor: String?) -> String? {
    guard let cursor else { return nil }
    return link(path: path, query: query + [("cursor", cursor)])
}

/// A link with its query, leaving out the parameters that have no value.
func link(path: String, query: [(String, String?)]) -> String {
    let parts = query.compactMap { key, value in
        value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0)" }
    }
    return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
}

extension CharacterSet {
    /// Characters that may stand unescaped in a query value.
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}

/// An option of a select element in a filter form.
struct SelectOption: Sendable {
    var value: String
    var label: String
    var selected: Bool

    /// "All" followed by one option per case, the chosen one selected.
    static func all<E: RawRepresentable & CaseIterable>(_ type: E.Type, selected: E?, allLabel: String, label: (E) -> String) -> [SelectOption]
    where E.RawValue == String, E: Equatable {
        [SelectOption(value: "", label: allLabel, selected: selected == nil)]
            + E.allCases.map { SelectOption(value: $0.rawValue, label: label($0), selected: $0 == selected) }
    }
}

extension Array where Element == SelectOption {
    /// The same options with the one whose value is `value` selected ("" — the empty option — when absent).
    func selecting(_ value: String?) -> [SelectOption] {
        map { SelectOption(value: $0.value, label: $0.label, selected: $0.value == (value ?? "")) }
    }
}

/// Why a submitted form was refused, shown above the form that was sent, which keeps what the person typed.
struct FormFeedback: Sendable {
    /// The forms whose refusals are shown on their own page.
    enum Kind: Sendable {
        /// A delegation's position, or its amendment, on the decision page.
        case position, amendment
        /// The Secretariat's steps on the decision page: revise, table, circulate, close, withdraw.
        case conduct
        /// A new draft decision.
        case draft
        /// User administration and one's own account.
        case account
    }

    /// Which form of the page was sent.
    var form: Kind
    var detail: String
    var errors: [FieldError]

    /// Reads the form `request` carries and runs its action. When the input is refused — a 400 or a 409: a missing
    /// reason, an ineligible state, a version overtaken meanwhile — `redisplay` shows the page again with the reasons
    /// and the person's input kept, instead of an error page. Sign-in, permission and unknown pages still go to the
    /// error handling.
    static func answering(_ form: Kind, _ request: Request, context: AppRequestContext,
                          action: (Form) async throws -> Response,
                          redisplay: (Form, FormFeedback, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        var request = request
        let values = try await request.form()
        do {
            return try await action(values)
        } catch {
            guard let problem = Problem.describe(error, path: request.uri.path, localizer: context.localizer),
                  problem.status == .badRequest || problem.status == .conflict else { throw error }
            return try await redisplay(values, FormFeedback(form: form, detail: problem.detail, errors: problem.errors), problem.status)
        }
    }
}
