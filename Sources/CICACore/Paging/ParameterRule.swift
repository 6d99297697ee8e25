/// What a query parameter accepts, the one place its check and its message live: the pages read their filters with it,
/// and the API names a parameter its generated decoder refused with it.
public enum ParameterRule: Sendable {
    case integer(ClosedRange<Int>)
    case boolean
    case oneOf([String])

    /// Why `value` is not accepted; nil when it is.
    public func problem(with value: String) -> Message? {
        switch self {
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return Message("reason.mustWholeNumberFrom", ["lowerBound": "\(range.lowerBound)", "upperBound": "\(range.upperBound)", "text": "\(value)"])
            }
            return nil
        case .boolean:
            return value == "true" || value == "false" ? nil : Message("reason.mustTrueFalseGot", ["text": "\(value)"])
        case .oneOf(let values):
            return values.contains(value) ? nil : Message("reason.mustOneGot", ["all": "\(values.joined(separator: ", "))", "kind": "\(value)"])
        }
    }

    /// A year a filter may name.
    public static let year = ParameterRule.integer(Limits.years)
    /// A page size.
    public static let limit = ParameterRule.integer(1...PageRequest.maximumLimit)

    /// The cases of an enumeration, by their raw values.
    public static func cases<E: RawRepresentable & CaseIterable>(of type: E.Type) -> ParameterRule where E.RawValue == String {
        .oneOf(E.allCases.map(\.rawValue))
    }

    /// Reads `text` as the rule says, or refuses it naming `field`.
    public func read(_ text: String, field: String) throws(InvalidInput) -> String {
        if let problem = problem(with: text) { throw InvalidInput(field: field, reason: problem) }
        return text
    }
}
