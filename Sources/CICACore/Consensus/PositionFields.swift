/// A position as it arrives through either door, the decision page's form or the API's JSON body: every field as
/// text, a blank field counting as an absent one. `PositionRequest(_:)` reads it the same way for both, so that the
/// same input gets the same answer, refused for the same field with the same reason.
public struct PositionFields: Sendable, Equatable {
    public var state: String?
    public var version: String?
    public var position: String?
    public var statementKind: String?
    public var statement: String?
    public var reason: String?
    public var signature: String?
    public var keyId: String?

    public init(state: String?, version: String?, position: String?, statementKind: String? = nil, statement: String? = nil,
                reason: String? = nil, signature: String? = nil, keyId: String? = nil) {
        self.state = state
        self.version = version
        self.position = position
        self.statementKind = statementKind
        self.statement = statement
        self.reason = reason
        self.signature = signature
        self.keyId = keyId
    }
}

extension PositionRequest {
    /// Reads a position from its fields; what the fields say is checked against the decision by `ConsensusRule`.
    public init(_ fields: PositionFields) throws(InvalidInput) {
        func given(_ text: String?) -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return text
        }
        let state = try CountryCode.required(fields.state, field: "state")
        guard let version = given(fields.version).flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw InvalidInput(field: "version", reason: Message("reason.versionNumber"))
        }
        guard let kind = given(fields.position).flatMap(PositionKind.init(rawValue:)) else {
            throw InvalidInput(field: "position", reason: Message("reason.chooseJoinsConsensusDoes"))
        }
        var statementKind: StatementKind?
        if let text = given(fields.statementKind) {
            guard let value = StatementKind(rawValue: text) else {
                throw InvalidInput(field: "statementKind", reason: Message("reason.mustReservationInterpretativestatement"))
            }
            statementKind = value
        }
        self.init(state: state, version: version, kind: kind, statementKind: statementKind, statement: given(fields.statement),
                  reason: given(fields.reason), signature: given(fields.signature), keyId: given(fields.keyId))
    }
}
