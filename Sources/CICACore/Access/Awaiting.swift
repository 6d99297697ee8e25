import Foundation

/// Something a signed-in person's roles call on them to do, and by when: what "What needs my action" lists.
public struct AwaitedAct: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A Member State's position on an open draft decision (before its silence deadline when it is circulated).
        case position
        /// A Member State's yearly implementation report, not filed.
        case report
        /// A delegation's registration for a planned meeting.
        case registration
        /// A mandate of the Special Working Group due soon or overdue, without the Group's report.
        case mandate
        /// A Secretariat contract that ends soon.
        case contract
        /// A decision the closer could not close.
        case attention
    }

    /// When it must be done by.
    public enum Due: Sendable, Equatable {
        /// An instant: a silence procedure's deadline.
        case at(Date)
        /// A day: a meeting's first day, a report's or a mandate's deadline, a contract's end.
        case on(CivilDate)

        public var instant: Date {
            switch self {
            case .at(let date): date
            case .on(let day): day.startUTC
            }
        }
    }

    public var kind: Kind
    /// What it is about, by id: a decision, a meeting, a mandate, an appointment; for a report, the year.
    public var subject: String
    /// The Member State or observer it is done for, when the role acts for one.
    public var delegation: String?
    /// What the person reads: the decision's, meeting's or report's title, the mandate's task, the staff member's name.
    public var title: String
    public var due: Due?
    /// Passed without being done (an overdue report or mandate).
    public var overdue: Bool
    /// Stable while the act is the same, so that a person can mark it read; a new act (a new version to take a position
    /// on, a new deadline) has a new key and comes back unread.
    public var key: String

    public init(kind: Kind, subject: String, delegation: String?, title: String, due: Due?, overdue: Bool = false, key: String) {
        self.kind = kind
        self.subject = subject
        self.delegation = delegation
        self.title = title
        self.due = due
        self.overdue = overdue
        self.key = key
    }
}

/// Works out what waits for a person from the state of the platform: pure, so that the home page, the notifications
/// page and the API give the same list for the same person at the same moment.
public enum Awaiting {
    /// A planned meeting is listed for registration from this many days before its first day.
    public static let registrationNotice = 90
    /// A mandate is listed from this many days before its deadline (and after it, until the Group reports).
    public static let mandateNotice = 30
    /// A key is shown in a refusal up to this many characters.
    public static let maximumKeyLength = 200
    /// The most acts one request marks by name.
    public static let maximumMarks = 200

    public struct OpenDecision: Sendable {
        public var decision: Decision
        public var positions: [Position]

        public init(decision: Decision, positions: [Position]) {
            self.decision = decision
            self.positions = positions
        }
    }

    /// What the rule reads; the store loads it.
    public struct Situation: Sendable {
        public var memberStates: Set<String>
        /// Decisions open for positions, with every position taken on them.
        public var openDecisions: [OpenDecision]
        /// Decisions the closer could not close.
        public var attention: [Decision]
        /// Meetings planned or in session.
        public var meetings: [Meeting]
        /// The meetings each delegation (Member State or observer) has registered for, by meeting id.
        public var registered: [String: Set<String>]
        /// The year whose implementation reports are awaited, its deadline and the states that filed one.
        public var reportYear: Int
        public var reportDeadline: CivilDate
        public var reported: Set<String>
        public var mandates: [Mandate]
        /// The Secretariat's serving staff.
        public var staff: [StaffAppointment]

        public init(memberStates: Set<String>, openDecisions: [OpenDecision], attention: [Decision], meetings: [Meeting],
                    registered: [String: Set<String>], reportYear: Int, reportDeadline: CivilDate, reported: Set<String>,
                    mandates: [Mandate], staff: [StaffAppointment]) {
            self.memberStates = memberStates
            self.openDecisions = openDecisions
            self.attention = attention
            self.meetings = meetings
            self.registered = registered
            self.reportYear = reportYear
            self.reportDeadline = reportDeadline
            self.reported = reported
            self.mandates = mandates
            self.staff = staff
        }
    }

    /// The year whose reports a day awaits: the year before it (reports are filed after the year they cover).
    public static func reportYear(on today: CivilDate) -> Int { today.year - 1 }

    /// Every act `principal`'s roles call for, soonest due first (those without a deadline last).
    public static func acts(for principal: Principal, in situation: Situation, now: Date, today: CivilDate) -> [AwaitedAct] {
        var acts: [AwaitedAct] = []
        for role in principal.roles {
            switch role {
            case .delegate(let state):
                guard situation.memberStates.contains(state) else { continue }
                if Policy.decide(principal, .takePosition, on: .state(state)).isAllowed {
                    acts += positions(for: state, in: situation, now: now)
                }
                if Policy.decide(principal, .submitImplementationReport, on: .state(state)).isAllowed, !situation.reported.contains(state) {
                    acts.append(AwaitedAct(kind: .report, subject: String(situation.reportYear), delegation: state, title: String(situation.reportYear),
                                           due: .on(situation.reportDeadline), overdue: today > situation.reportDeadline,
                                           key: "report:\(situation.reportYear):\(state)"))
                }
                if Policy.decide(principal, .registerAttendance, on: .state(state)).isAllowed {
                    acts += registrations(for: state, in: situation, today: today)
                }
            case .observer(let observer):
                if Policy.decide(principal, .registerAttendance, on: .observer(observer)).isAllowed {
                    acts += registrations(for: observer, in: situation, today: today)
                }
            case .secretariat:
                if Policy.decide(principal, .conductDecisions).isAllowed {
                    acts += situation.attention.map { d in
                        AwaitedAct(kind: .attention, subject: d.id, delegation: nil, title: d.title, due: nil, key: "attention:\(d.id)")
                    }
                }
                if Policy.decide(principal, .manageRecords).isAllowed {
                    acts += situation.mandates.compactMap { mandate in
                        guard mandate.status(on: today) != .reported, today.days(until: mandate.deadline) <= mandateNotice else { return nil }
                        return AwaitedAct(kind: .mandate, subject: mandate.id, delegation: nil, title: mandate.task, due: .on(mandate.deadline),
                                          overdue: mandate.status(on: today) == .overdue, key: "mandate:\(mandate.id):\(mandate.deadline)")
                    }
                    acts += SecretariatRules.contractsEnding(situation.staff, today: today).map { staff in
                        AwaitedAct(kind: .contract, subject: staff.id, delegation: nil, title: staff.name, due: staff.contractEnd.map { .on($0) },
                                   key: "contract:\(staff.id):\(staff.contractEnd.map(String.init(describing:)) ?? "")")
                    }
                }
            case .administrator:
                continue
            }
        }
        var seen = Set<String>()
        return acts.filter { seen.insert($0.key).inserted }.sorted { a, b in
            switch (a.due?.instant, b.due?.instant) {
            case let (x?, y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: (a.kind.rawValue, a.title, a.key) < (b.kind.rawValue, b.title, b.key)
            }
        }
    }

    /// The keys to mark (read or unread) from a request: every act's with `all`, else those named, each of which must be
    /// an act waiting now (a key of an act done meanwhile, or made up, is refused and nothing is marked).
    public static func marking(_ requested: [String], all: Bool, among acts: [AwaitedAct]) throws(InvalidInput) -> [String] {
        if all { return acts.map(\.key) }
        guard !requested.isEmpty else { throw InvalidInput(field: "act", reason: Message("reason.awaiting.noAct")) }
        guard requested.count <= maximumMarks else {
            throw InvalidInput(field: "act", reason: Message("reason.awaiting.tooMany", ["maximum": "\(maximumMarks)"]))
        }
        let waiting = Set(acts.map(\.key))
        for key in requested where !waiting.contains(key) {
            throw InvalidInput(field: "act", reason: Message("reason.awaiting.unknownAct", ["act": .text(String(key.prefix(maximumKeyLength)))]))
        }
        var seen = Set<String>()
        return requested.filter { seen.insert($0).inserted }
    }

    /// The open decisions on whose current version `state` has taken no position, while positions can still be taken.
    static func positions(for state: String, in situation: Situation, now: Date) -> [AwaitedAct] {
        situation.openDecisions.compactMap { open in
            let d = open.decision
            guard d.status == .open, !d.historical, let procedure = d.procedure else { return nil }
            if let deadline = procedure.deadline, now >= deadline { return nil }
            guard ConsensusRule.current(open.positions, on: d.currentVersion)[state] == nil else { return nil }
            return AwaitedAct(kind: .position, subject: d.id, delegation: state, title: d.title, due: procedure.deadline.map { .at($0) },
                              key: "position:\(d.id):\(d.currentVersion):\(state)")
        }
    }

    /// The meetings planned (within `registrationNotice` days) or in session for which `delegation` has not registered.
    static func registrations(for delegation: String, in situation: Situation, today: CivilDate) -> [AwaitedAct] {
        let registered = situation.registered[delegation] ?? []
        return situation.meetings.compactMap { meeting in
            guard meeting.status == .planned || meeting.status == .inSession, !registered.contains(meeting.id),
                  let start = meeting.start?.civilDate else { return nil }
            let days = today.days(until: start)
            guard meeting.status == .inSession || (0...registrationNotice).contains(days) else { return nil }
            return AwaitedAct(kind: .registration, subject: meeting.id, delegation: delegation, title: meeting.title, due: .on(start),
                              key: "registration:\(meeting.id):\(delegation)")
        }
    }
}
