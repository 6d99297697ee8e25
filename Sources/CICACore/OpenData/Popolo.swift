import Foundation

/// CICA in the Popolo open-government data specification (popoloproject.com): CICA and its organs, the Member States
/// and observers as organizations, with their memberships of CICA; meetings as events; draft decisions as motions;
/// decisions as vote events with each state's current position on the final text and the counts of each option.
///
/// Consensus is not a vote: a vote event's options are the positions a delegation may take (`joined`, `no objection`,
/// `reservation` — no objection with a reservation —, `objected`), its requirement is consensus, and its result is the
/// decision's status. Identifiers are the platform's, prefixed by what they name (`member-state/KZ`, `organ/summit`).
public enum Popolo {
    public struct Link: Codable, Sendable, Equatable {
        public var url: String
        public var note: String?
    }

    public struct Identifier: Codable, Sendable, Equatable {
        public var identifier: String
        public var scheme: String
    }

    public struct Organization: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var classification: String
        public var parentId: String?
        public var foundingDate: String?
        public var identifiers: [Identifier]
        public var sources: [Link]
    }

    /// What a membership's `member` is: another organization (Popolo allows a person or an organization).
    public struct Member: Codable, Sendable, Equatable {
        public var type = "Organization"
        public var id: String
        enum CodingKeys: String, CodingKey {
            case type = "@type", id
        }
    }

    public struct Membership: Codable, Sendable, Equatable {
        public var id: String
        public var organizationId: String
        public var member: Member
        public var role: String
        public var startDate: String?
        public var endDate: String?
        public var sources: [Link]
    }

    public struct Event: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var classification: String
        public var organizationId: String
        public var startDate: String?
        public var endDate: String?
        public var location: String?
        public var status: String
        public var sources: [Link]
    }

    public struct Motion: Codable, Sendable, Equatable {
        public var id: String
        public var organizationId: String
        public var legislativeSessionId: String?
        public var identifier: String
        public var text: String
        public var classification: String
        public var date: String?
        public var requirement: String
        public var result: String
    }

    public struct Count: Codable, Sendable, Equatable {
        public var option: String
        public var value: Int
    }

    public struct Vote: Codable, Sendable, Equatable {
        public var id: String
        public var voteEventId: String
        public var voterId: String
        public var option: String
    }

    public struct VoteEvent: Codable, Sendable, Equatable {
        public var id: String
        public var motionId: String
        public var organizationId: String
        public var legislativeSessionId: String?
        public var identifier: String
        public var startDate: String?
        public var endDate: String?
        public var result: String
        public var counts: [Count]
        public var votes: [Vote]
    }

    /// The whole export: one JSON document.
    public struct Export: Codable, Sendable, Equatable {
        public var organizations: [Organization]
        public var memberships: [Membership]
        public var events: [Event]
        public var motions: [Motion]
        public var voteEvents: [VoteEvent]
    }

    /// A position's option: what a delegation took on the final text.
    public enum Option: String, CaseIterable, Sendable {
        case joined
        case noObjection = "no objection"
        case reservation
        case objected

        public init(_ position: PositionRequest) {
            switch position.kind {
            case .joins: self = .joined
            case .objects: self = .objected
            case .noObjection: self = position.statementKind == .reservation ? .reservation : .noObjection
            }
        }
    }

    /// A decision with what the export tells of it: its final (current) text and every position taken.
    public struct DecisionRecord: Sendable {
        public var decision: Decision
        public var text: String
        public var positions: [Position]
        public init(decision: Decision, text: String, positions: [Position]) {
            self.decision = decision
            self.text = text
            self.positions = positions
        }
    }

    /// What the export is made from.
    public struct Input: Sendable {
        public var organs: [Organ]
        public var memberStates: [(MemberState, [Source])]
        public var observers: [(Observer, [Source])]
        public var meetings: [(Meeting, [Source])]
        public var decisions: [DecisionRecord]
        /// CICA's name, as the export gives it (the platform's English one).
        public var name: String
        public init(name: String, organs: [Organ], memberStates: [(MemberState, [Source])], observers: [(Observer, [Source])],
                    meetings: [(Meeting, [Source])], decisions: [DecisionRecord]) {
            self.organs = organs
            self.memberStates = memberStates
            self.observers = observers
            self.meetings = meetings
            self.decisions = decisions
            self.name = name
        }
    }

    public static let cica = "cica"
    static func organ(_ slug: String) -> String { "organ/\(slug)" }
    static func memberState(_ code: String) -> String { "member-state/\(code)" }
    static func observer(_ id: String) -> String { "observer/\(id)" }
    static func meeting(_ id: String) -> String { "meeting/\(id)" }

    /// A date-time as Popolo's `format: date-time` wants it (RFC 3339, UTC).
    static func dateTime(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    static func links(_ sources: [Source]) -> [Link] {
        sources.compactMap { source in source.url.map { Link(url: $0, note: source.title) } }
    }

    public static func export(_ input: Input) -> Export {
        var organizations = [Organization(id: cica, name: input.name,
                                          classification: "international organization", parentId: nil, foundingDate: "1999-09-14",
                                          identifiers: [Identifier(identifier: "CICA", scheme: "acronym")], sources: [])]
        organizations += input.organs.sorted { $0.rank < $1.rank }.map { organ in
            Organization(id: Self.organ(organ.slug), name: organ.name, classification: "organ", parentId: cica, foundingDate: nil,
                         identifiers: [Identifier(identifier: organ.shortName, scheme: "short name")], sources: [])
        }
        var memberships: [Membership] = []
        for (state, sources) in input.memberStates {
            organizations.append(Organization(id: memberState(state.code), name: state.name, classification: "member state", parentId: nil,
                                              foundingDate: nil, identifiers: [Identifier(identifier: state.code, scheme: "ISO 3166-1 alpha-2")],
                                              sources: links(sources)))
            memberships.append(Membership(id: "membership/\(state.code)", organizationId: cica, member: Member(id: memberState(state.code)),
                                          role: state.founding ? "founding member" : "member", startDate: state.accession?.description,
                                          endDate: nil, sources: links(sources)))
        }
        for (observer, sources) in input.observers {
            let id = Self.observer(observer.id)
            if !input.memberStates.contains(where: { $0.0.code == observer.countryCode && observer.countryCode != nil }) {
                organizations.append(Organization(id: id, name: observer.name, classification: observer.kind == .state ? "observer state" : "observer organization",
                                                  parentId: nil, foundingDate: nil,
                                                  identifiers: observer.countryCode.map { [Identifier(identifier: $0, scheme: "ISO 3166-1 alpha-2")] } ?? [],
                                                  sources: links(sources)))
            }
            let member = input.memberStates.contains(where: { $0.0.code == observer.countryCode && observer.countryCode != nil })
                ? memberState(observer.countryCode ?? "") : id
            memberships.append(Membership(id: "observership/\(observer.id)", organizationId: cica, member: Member(id: member), role: "observer",
                                          startDate: observer.sinceDate?.description, endDate: observer.until?.description, sources: links(sources)))
        }
        let events = input.meetings.map { meeting, sources in
            Event(id: Self.meeting(meeting.id), name: meeting.title, classification: meeting.kind.rawValue, organizationId: organ(meeting.organ),
                  startDate: meeting.start?.description, endDate: meeting.end?.description,
                  location: meeting.city.map { city in ([city] + [meeting.countryCode].compactMap { $0 }).joined(separator: ", ") },
                  status: meeting.status.rawValue, sources: links(sources))
        }
        let sessions = Set(input.meetings.map(\.0.id))
        var motions: [Motion] = []
        var voteEvents: [VoteEvent] = []
        for record in input.decisions {
            let d = record.decision
            let session = d.meeting.flatMap { sessions.contains($0) ? meeting($0) : nil }
            // A decision recorded from the sources: no organ they do not name (CICA's), no instants they do not give.
            let body = d.organRecorded ? organ(d.organ) : cica
            motions.append(Motion(id: "motion/\(d.id)", organizationId: body, legislativeSessionId: session, identifier: d.symbol,
                                  text: record.text, classification: d.effectKind, date: d.historical ? nil : dateTime(d.createdAt),
                                  requirement: "consensus", result: d.status.rawValue))
            let current = ConsensusRule.current(record.positions, on: d.currentVersion).values.sorted { $0.state < $1.state }
            let voteEvent = "vote-event/\(d.id)"
            let votes = current.map { position in
                Vote(id: "vote/\(d.id)/\(position.state)", voteEventId: voteEvent, voterId: memberState(position.state), option: Option(position.request).rawValue)
            }
            voteEvents.append(VoteEvent(id: voteEvent, motionId: "motion/\(d.id)", organizationId: body, legislativeSessionId: session,
                                        identifier: d.symbol, startDate: d.historical ? nil : d.openedAt.map(dateTime),
                                        endDate: d.historical ? nil : d.closedAt.map(dateTime),
                                        result: d.status.rawValue,
                                        counts: Option.allCases.map { option in Count(option: option.rawValue, value: votes.filter { $0.option == option.rawValue }.count) },
                                        votes: votes))
        }
        return Export(organizations: organizations, memberships: memberships, events: events, motions: motions, voteEvents: voteEvents)
    }

    /// What the schemas cannot check: every id referred to names something in the export, the counts add up to the
    /// votes, the dates are in order, no id is given twice. Empty when the export holds together.
    public static func problems(_ export: Export) -> [String] {
        var problems: [String] = []
        let organizations = Set(export.organizations.map(\.id)), events = Set(export.events.map(\.id)), motions = Set(export.motions.map(\.id))
        let all = export.organizations.map(\.id) + export.memberships.map(\.id) + export.events.map(\.id) + export.motions.map(\.id)
            + export.voteEvents.map(\.id) + export.voteEvents.flatMap { $0.votes.map(\.id) }
        for (id, count) in Dictionary(grouping: all, by: { $0 }).mapValues(\.count) where count > 1 { problems.append("\(id) is given \(count) times") }
        func resolves(_ id: String?, in ids: Set<String>, _ what: String) {
            if let id, !ids.contains(id) { problems.append("\(what) names \(id), which is not in the export") }
        }
        for o in export.organizations { resolves(o.parentId, in: organizations, o.id) }
        for m in export.memberships {
            resolves(m.organizationId, in: organizations, m.id)
            resolves(m.member.id, in: organizations, m.id)
            if let start = m.startDate, let end = m.endDate, end < start { problems.append("\(m.id) ends (\(end)) before it starts (\(start))") }
        }
        for e in export.events {
            resolves(e.organizationId, in: organizations, e.id)
            if let start = e.startDate, let end = e.endDate, end < start { problems.append("\(e.id) ends (\(end)) before it starts (\(start))") }
        }
        for m in export.motions {
            resolves(m.organizationId, in: organizations, m.id)
            resolves(m.legislativeSessionId, in: events, m.id)
        }
        for v in export.voteEvents {
            resolves(v.motionId, in: motions, v.id)
            resolves(v.organizationId, in: organizations, v.id)
            resolves(v.legislativeSessionId, in: events, v.id)
            for vote in v.votes {
                resolves(vote.voterId, in: organizations, vote.id)
                if vote.voteEventId != v.id { problems.append("\(vote.id) is listed under \(v.id) but names \(vote.voteEventId)") }
            }
            if v.counts.map(\.value).reduce(0, +) != v.votes.count {
                problems.append("\(v.id): the counts add up to \(v.counts.map(\.value).reduce(0, +)), the votes are \(v.votes.count)")
            }
            for count in v.counts where count.value != v.votes.filter({ $0.option == count.option }).count {
                problems.append("\(v.id): \(count.option) counts \(count.value)")
            }
            if let start = v.startDate, let end = v.endDate, end < start { problems.append("\(v.id) ends (\(end)) before it starts (\(start))") }
        }
        return problems
    }

    /// The export as JSON, keys in Popolo's snake_case and sorted, so that the same record gives the same bytes.
    public static func json(_ export: Export) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(export)
    }
}
