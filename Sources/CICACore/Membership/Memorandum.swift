import Foundation

/// Where a memorandum with a partner stands.
public enum MemorandumStatus: String, Codable, Sendable, CaseIterable {
    case signed, inForce, terminated
}

/// A memorandum with a partner organization recorded by the Secretariat: what it is, when and where it was signed,
/// the registry document that holds it, and where it stands.
public struct Memorandum: Sendable, Equatable {
    public var id: String
    public var partner: String
    public var instrument: String
    public var signed: CivilDate
    public var place: String?
    public var document: String?
    public var status: MemorandumStatus
    public var recorded: Stamp

    public init(id: String, partner: String, instrument: String, signed: CivilDate, place: String?, document: String?, status: MemorandumStatus,
                recorded: Stamp) {
        self.id = id
        self.partner = partner
        self.instrument = instrument
        self.signed = signed
        self.place = place
        self.document = document
        self.status = status
        self.recorded = recorded
    }
}

/// A memorandum as the Secretariat's form or the API sends it.
public struct MemorandumFields: Sendable, Equatable {
    public var instrument: String?
    public var signed: String?
    public var place: String?
    public var document: String?
    public var status: String?

    public init(instrument: String? = nil, signed: String? = nil, place: String? = nil, document: String? = nil, status: String? = nil) {
        self.instrument = given(instrument)
        self.signed = given(signed)
        self.place = given(place)
        self.document = given(document)
        self.status = given(status)
    }
}

/// The rules of memoranda: a partner on record, an instrument, a signing date not in the future, the document if
/// named (it must be in the registry), a status.
public enum MemorandumRules {
    public static func record(_ fields: MemorandumFields, partner: String, document: Document?, id: String, today: CivilDate, stamp: Stamp) throws(InvalidInput) -> Memorandum {
        var found = FieldErrors()
        let instrument = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.instrument, field: "instrument", maximum: MeetingRules.maximumTitle, required: true) } ?? nil
        let signed = found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.signed, field: "signed") }
        if let signed, signed > today { found.errors.append(FieldError(field: "signed", reason: Message("reason.memorandum.future"))) }
        let place = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.place, field: "place", maximum: MeetingRules.maximumPlace, required: false) } ?? nil
        if fields.document != nil, document == nil {
            found.errors.append(FieldError(field: "document", reason: Message("reason.memorandum.document")))
        }
        let status = found.attempt { () throws(InvalidInput) in try MeetingRules.choice(fields.status ?? MemorandumStatus.signed.rawValue, MemorandumStatus.self, field: "status") }
        guard found.errors.isEmpty, let instrument, let signed, let status else { throw InvalidInput(found.errors) }
        return Memorandum(id: id, partner: partner, instrument: instrument, signed: signed, place: place, document: document?.id, status: status, recorded: stamp)
    }
}
