import Foundation
import Hummingbird
import CICACore
import CICAStore

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
