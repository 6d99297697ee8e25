import Foundation

/// The Secretariat's categories of personnel, as its composition sets them.
public enum StaffCategory: String, Codable, Sendable, CaseIterable {
    /// The head: one at a time.
    case secretaryGeneral
    /// The deputy: one at a time.
    case deputySecretaryGeneral
    /// Professional personnel, seconded by a Member State.
    case professional
    /// General and support personnel, hired on a contract with an end date.
    case support
}

/// A person appointed to the Secretariat on the platform, with the term of the appointment.
public struct StaffAppointment: Sendable, Equatable {
    public var id: String
    public var category: StaffCategory
    /// The post's title ("Counsellor for the economic dimension").
    public var title: String
    public var name: String
    /// The Member State that seconds a professional.
    public var secondedBy: String?
    /// The end of a support contract: shown only to the Secretariat.
    public var contractEnd: CivilDate?
    public var start: CivilDate
    /// The last day of the term, once ended.
    public var end: CivilDate?
    public var recorded: Stamp

    public init(id: String, category: StaffCategory, title: String, name: String, secondedBy: String?, contractEnd: CivilDate?, start: CivilDate,
                end: CivilDate?, recorded: Stamp) {
        self.id = id
        self.category = category
        self.title = title
        self.name = name
        self.secondedBy = secondedBy
        self.contractEnd = contractEnd
        self.start = start
        self.end = end
        self.recorded = recorded
    }

    /// Whether the appointment runs on `date`.
    public func serves(on date: CivilDate) -> Bool { start <= date && (end.map { date <= $0 } ?? true) && (contractEnd.map { date <= $0 } ?? true) }
}

/// An appointment as the Secretariat's form or the API sends it.
public struct StaffFields: Sendable, Equatable {
    public var category: String?
    public var title: String?
    public var name: String?
    public var secondedBy: String?
    public var contractEnd: String?
    public var start: String?

    public init(category: String? = nil, title: String? = nil, name: String? = nil, secondedBy: String? = nil, contractEnd: String? = nil, start: String? = nil) {
        self.category = given(category)
        self.title = given(title)
        self.name = given(name)
        self.secondedBy = given(secondedBy)
        self.contractEnd = given(contractEnd)
        self.start = given(start)
    }
}

/// The Secretariat's rules, each with its refusal: one Secretary General and one Deputy at a time; professionals
/// seconded by a named Member State; support staff on a contract with an end date; the head's title and the seat as
/// they changed.
public enum SecretariatRules {
    public static let maximumText = 200
    /// The Secretariat sees the contracts ending within this many days.
    public static let contractNotice = 90

    /// A new appointment, checked against those serving on its first day.
    public static func appoint(_ fields: StaffFields, id: String, serving: [StaffAppointment], memberStates: Set<String>, stamp: Stamp) throws -> StaffAppointment {
        var found = FieldErrors()
        let category = fields.category.flatMap(StaffCategory.init(rawValue:))
        if category == nil {
            found.errors.append(FieldError(field: "category", reason: Message("reason.meeting.oneOf", ["values": .text(StaffCategory.allCases.map(\.rawValue).joined(separator: ", "))])))
        }
        let name = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.name, field: "name", maximum: maximumText, required: true) } ?? nil
        let title = found.attempt { () throws(InvalidInput) in try MeetingRules.text(fields.title, field: "title", maximum: maximumText, required: true) } ?? nil
        let start = found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.start, field: "start") }
        var secondedBy: String? = nil
        var contractEnd: CivilDate? = nil
        switch category {
        case .professional:
            secondedBy = fields.secondedBy.flatMap(CountryCode.normalize).flatMap { memberStates.contains($0) ? $0 : nil }
            if secondedBy == nil { found.errors.append(FieldError(field: "secondedBy", reason: Message("reason.staff.secondedBy"))) }
        case .support:
            contractEnd = found.attempt { () throws(InvalidInput) in try MeetingRules.day(fields.contractEnd, field: "contractEnd") }
            if let contractEnd, let start, contractEnd < start {
                found.errors.append(FieldError(field: "contractEnd", reason: Message("reason.staff.contractBeforeStart")))
            }
        case .secretaryGeneral, .deputySecretaryGeneral, nil:
            break
        }
        // Only support staff are on a contract with an end date the platform keeps.
        if fields.contractEnd != nil, category != nil, category != .support {
            found.errors.append(FieldError(field: "contractEnd", reason: Message("reason.staff.contractOnlySupport")))
        }
        guard found.errors.isEmpty, let category, let name, let title, let start else { throw InvalidInput(found.errors) }
        if category == .secretaryGeneral || category == .deputySecretaryGeneral,
           let holder = serving.first(where: { $0.category == category && ($0.end.map { start <= $0 } ?? true) }) {
            throw StepRefusal(Message("refusal.staff.oneAtATime", ["post": .message(Message("staff.category.\(category.rawValue)")), "name": .text(holder.name)]))
        }
        return StaffAppointment(id: id, category: category, title: title, name: name, secondedBy: secondedBy, contractEnd: contractEnd,
                                start: start, end: nil, recorded: stamp)
    }

    /// The term ended on `date` (its last day), not before it began and only once.
    public static func end(_ appointment: StaffAppointment, on text: String?) throws -> StaffAppointment {
        guard appointment.end == nil else { throw StepRefusal(Message("refusal.staff.ended")) }
        let date = try MeetingRules.day(text, field: "end")
        guard date >= appointment.start else { throw InvalidInput(field: "end", reason: Message("reason.staff.endBeforeStart")) }
        var ended = appointment
        ended.end = date
        return ended
    }

    /// The contracts that end within `contractNotice` days of `today`, soonest first.
    public static func contractsEnding(_ appointments: [StaffAppointment], today: CivilDate) -> [StaffAppointment] {
        appointments.filter { a in
            guard a.end == nil, let end = a.contractEnd else { return false }
            let days = Int(end.startUTC.timeIntervalSince(today.startUTC) / 86_400)
            return (0...contractNotice).contains(days)
        }.sorted { ($0.contractEnd!, $0.name) < ($1.contractEnd!, $1.name) }
    }

    /// Something that held over a period: the head's title, or the seat.
    public struct Period: Sendable, Equatable {
        /// A title's key (`executiveDirector`) or a city.
        public var what: String
        public var from: PartialDate
        /// The first day it no longer held; nil while it holds.
        public var until: PartialDate?
    }

    /// The head's title: Executive Director until the Sixth Summit renamed the post on 13 October 2022.
    public static let titles = [Period(what: "executiveDirector", from: PartialDate("2006-06-17")!, until: PartialDate("2022-10-13")),
                                Period(what: "secretaryGeneral", from: PartialDate("2022-10-13")!, until: nil)]
    /// The seat: Almaty from the Secretariat's establishment on 17 June 2006, Astana from its move in September 2014.
    public static let seats = [Period(what: "Almaty", from: PartialDate("2006-06-17")!, until: PartialDate("2014-09")),
                               Period(what: "Astana", from: PartialDate("2014-09")!, until: nil)]

    /// What held on `date`, if anything did.
    public static func on(_ date: CivilDate, in periods: [Period]) -> Period? {
        periods.last { $0.from.earliest <= date && ($0.until.map { date < $0.earliest } ?? true) }
    }
}
