import Foundation
import Testing
@testable import CICACore

@Suite("Open data: Popolo and Akoma Ntoso")
struct OpenDataTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func decision(_ id: String, status: DecisionStatus, version: Int = 2, meeting: String? = "soc-1") -> Decision {
        Decision(id: id, symbol: "CICA/SOC/DEC/2026/\(id.count)", title: "On \(id)", organ: "senior-officials-committee", meeting: meeting,
                 effectKind: "none", effectParameters: [:], procedure: .inMeeting, status: status, currentVersion: version, continues: nil,
                 historical: false, createdBy: "s", createdAt: t0, openedAt: t0.addingTimeInterval(60), closedAt: t0.addingTimeInterval(3600),
                 closedBy: nil, outcomeNote: nil)
    }

    static func position(_ state: String, _ kind: PositionKind, version: Int = 2, statementKind: StatementKind? = nil, statement: String? = nil,
                         reason: String? = nil, at seconds: TimeInterval = 0) -> Position {
        Position(PositionRequest(state: state, version: version, kind: kind, statementKind: statementKind, statement: statement, reason: reason),
                 actor: "d", takenAt: t0.addingTimeInterval(seconds))
    }

    static let organs = [Organ(slug: "senior-officials-committee", name: "Committee of Senior Officials", shortName: "SOC", formerName: nil, renamedOn: nil,
                               role: "", reportsTo: nil, rank: 3, seat: nil,
                               cadence: CadenceRule(kind: .atLeast, count: 1, provenance: Provenance(confidence: .confirmed, sources: [])),
                               provenance: Provenance(confidence: .confirmed, sources: []))]

    static func input(_ decisions: [Popolo.DecisionRecord]) -> Popolo.Input {
        let kz = MemberState(code: "KZ", name: "Kazakhstan", accession: PartialDate(year: 1999, month: 9, day: 14), founding: true, context: nil,
                             provenance: Provenance(confidence: .confirmed, sources: []))
        let cn = MemberState(code: "CN", name: "China", accession: PartialDate(year: 1999), founding: true, context: nil, provenance: Provenance(confidence: .confirmed, sources: []))
        let meeting = Meeting(id: "soc-1", organ: "senior-officials-committee", kind: .regular, number: 1, title: "SOC 1", start: PartialDate(year: 2026, month: 3, day: 1),
                              end: PartialDate(year: 2026, month: 3, day: 2), city: "Astana", countryCode: "KZ", format: .inPerson, status: .held, outcomes: [],
                              provenance: Provenance(confidence: .confirmed, sources: []))
        return Popolo.Input(name: "Conference on Interaction and Confidence Building Measures in Asia", organs: organs, memberStates: [(kz, [Source(id: "s1", url: "https://www.s-cica.org", title: "CICA")]), (cn, [])],
                            observers: [], meetings: [(meeting, [])], decisions: decisions)
    }

    @Test("a decision is a motion and a vote event: each state's current position on the final text, counted by option")
    func popolo() throws {
        let record = Popolo.DecisionRecord(decision: Self.decision("d-1", status: .adopted), text: "The Committee decides.", positions: [
            Self.position("KZ", .objects, reason: "Not yet", at: 1), Self.position("KZ", .joins, at: 2),
            Self.position("CN", .noObjection, statementKind: .reservation, statement: "With a reservation"),
            Self.position("IN", .objects, version: 1),
        ])
        let export = Popolo.export(Self.input([record]))
        #expect(Popolo.problems(export) == [])
        let event = try #require(export.voteEvents.first)
        #expect(event.votes.map { "\($0.voterId) \($0.option)" } == ["member-state/CN reservation", "member-state/KZ joined"])
        #expect(event.counts.map { "\($0.option)=\($0.value)" } == ["joined=1", "no objection=0", "reservation=1", "objected=0"])
        #expect(event.result == "adopted" && event.legislativeSessionId == "meeting/soc-1" && event.motionId == "motion/d-1")
        #expect(export.motions.first?.requirement == "consensus" && export.motions.first?.text == "The Committee decides.")
        #expect(export.memberships.map(\.role) == ["founding member", "founding member"])
        #expect(export.organizations.first { $0.id == "member-state/KZ" }?.sources == [Popolo.Link(url: "https://www.s-cica.org", note: "CICA")])
        // Keys in snake_case; the same record, the same bytes.
        let json = String(decoding: try Popolo.json(export), as: UTF8.self)
        #expect(json.contains("\"vote_events\"") && json.contains("\"organization_id\"") && json.contains("\"@type\":\"Organization\""))
        #expect(try Popolo.json(export) == Popolo.json(Popolo.export(Self.input([record]))))
    }

    @Test("what the schemas cannot check is checked: ids resolve, counts add up, dates in order, no id twice")
    func problems() {
        var export = Popolo.export(Self.input([Popolo.DecisionRecord(decision: Self.decision("d-1", status: .adopted), text: "x",
                                                                     positions: [Self.position("KZ", .joins)])]))
        export.voteEvents[0].counts[0].value = 2
        export.voteEvents[0].votes[0].voterId = "member-state/XX"
        export.events[0].endDate = "2025-01-01"
        export.memberships.append(export.memberships[0])
        let problems = Popolo.problems(export)
        #expect(problems.contains { $0.contains("add up to 2") } && problems.contains { $0.contains("member-state/XX") })
        #expect(problems.contains { $0.contains("meeting/soc-1 ends") } && problems.contains { $0.contains("given 2 times") })
    }

    @Test("Akoma Ntoso: FRBR work, expression per language and manifestation; text as paragraphs; positions and statements")
    func akomaNtoso() throws {
        let act = AkomaNtoso.Act(kind: "decision", symbol: "CICA/SOC/DEC/2026/1", title: "On <tags> & \"quotes\"", language: "ru", original: "en",
                                 workDate: CivilDate(year: 2026, month: 3, day: 5), workDateName: "adoption", expressionDate: CivilDate(year: 2026, month: 3, day: 1),
                                 organ: "senior-officials-committee", organName: "SOC", text: "Первый абзац.\u{FFFF}\n\nВторой абзац.\u{1}",
                                 positions: [AkomaNtoso.PositionLine(state: "KZ", stateName: "Kazakhstan", option: .reservation, statementKind: .reservation,
                                                                     statement: "Оговорка", reason: nil)],
                                 status: "adopted")
        let xml = AkomaNtoso.xml(act)
        #expect(xml.contains("<FRBRthis value=\"/akn/int/doc/decision/cica/2026-03-05/CICA-SOC-DEC-2026-1/!main\"/>"))
        #expect(xml.contains("<FRBRuri value=\"/akn/int/doc/decision/cica/2026-03-05/CICA-SOC-DEC-2026-1/rus@\"/>"))
        #expect(xml.contains("<FRBRlanguage language=\"rus\"/>") && xml.contains("fromLanguage=\"eng\""))
        #expect(xml.contains("<FRBRuri value=\"/akn/int/doc/decision/cica/2026-03-05/CICA-SOC-DEC-2026-1/rus@.akn\"/>"))
        #expect(xml.contains("<p eId=\"para_1\">Первый абзац.</p>") && xml.contains("<p eId=\"para_2\">Второй абзац.</p>"))
        #expect(xml.contains("On &lt;tags&gt; &amp; &quot;quotes&quot;"))
        #expect(xml.contains("<organization refersTo=\"#state-KZ\">Kazakhstan</organization>: reservation"))
        #expect(xml.contains("class=\"reservation\"") && xml.contains("Оговорка"))
        if let path = ProcessInfo.processInfo.environment["CICA_AKN_SAMPLE"] { try xml.write(toFile: path, atomically: true, encoding: .utf8) }
    }
}
