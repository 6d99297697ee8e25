import Foundation
import Testing
@testable import CICACore

@Suite("Letters: which events are told by e-mail, to whom, in what words")
struct LettersTests {
    static let now = AwaitingTests.now
    static let deadline = now.addingTimeInterval(72 * 3600)
    static let settings = Letters.Settings(site: "https://platform.example.org/", decisionPath: { "/decisions/\($0)" })

    static func decision(status: DecisionStatus, procedure: Procedure?, version: Int = 1, historical: Bool = false) -> Decision {
        var d = AwaitingTests.decision("d1", procedure: procedure, status: status, version: version, historical: historical)
        d.symbol = "CICA/SOC/DEC/2026/7"
        d.title = "On the calendar"
        return d
    }

    static func changes(_ d: Decision, from expected: DecisionStatus?, version: Bool = false) -> DecisionChanges {
        DecisionChanges(decision: d, expectedStatus: expected,
                        version: version ? TextVersion(number: d.currentVersion, text: "T", createdBy: "s", createdAt: now) : nil, ledger: [], audit: [])
    }

    enum Told: Equatable { case circulated, closed, nothing }

    static func told(_ changes: DecisionChanges) -> Told {
        switch Letters.event(of: changes) {
        case .circulated?: .circulated
        case .closed?: .closed
        case nil: .nothing
        }
    }

    @Test("a step of the workflow is told when it circulates a draft or closes a decision, and only then", arguments: [
        // Drafted: nothing yet.
        (changes(decision(status: .drafting, procedure: nil), from: nil, version: true), Told.nothing),
        // Circulated under silence, or a new version of it circulated again: positions are awaited.
        (changes(decision(status: .open, procedure: .silence(deadline: deadline)), from: .drafting), .circulated),
        (changes(decision(status: .open, procedure: .silence(deadline: deadline), version: 2), from: .open, version: true), .circulated),
        // Tabled in a meeting: the delegations are in the room; no letter.
        (changes(decision(status: .open, procedure: .inMeeting), from: .drafting), .nothing),
        // A position taken leaves it open: nothing new to tell.
        (changes(decision(status: .open, procedure: .silence(deadline: deadline)), from: .open), .nothing),
        // Closed in any way.
        (changes(decision(status: .adopted, procedure: .silence(deadline: deadline)), from: .open), .closed),
        (changes(decision(status: .notAdopted, procedure: .silence(deadline: deadline)), from: .open), .closed),
        (changes(decision(status: .withdrawn, procedure: .silence(deadline: deadline)), from: .open), .closed),
        // A draft withdrawn before it went out was never before the Member States.
        (changes(decision(status: .withdrawn, procedure: nil), from: .drafting), .nothing),
        // The historical record is not news.
        (changes(decision(status: .adopted, procedure: .silence(deadline: deadline), historical: true), from: .open), .nothing),
    ])
    func events(changes: DecisionChanges, told: Told) {
        #expect(Self.told(changes) == told)
    }

    static let people = [
        Letters.Person(userId: "kz", email: "kz@example.org", roles: [.delegate(state: "KZ")]),
        Letters.Person(userId: "in", email: "in@example.org", roles: [.delegate(state: "IN"), .secretariat]),
        Letters.Person(userId: "un", email: "un@example.org", roles: [.observer(observer: "un")]),
        Letters.Person(userId: "officer", email: "officer@example.org", roles: [.secretariat]),
        // A delegate of a state that is no longer (or not yet) a Member State takes no position.
        Letters.Person(userId: "xx", email: "xx@example.org", roles: [.delegate(state: "XX")]),
    ]

    @Test("the delegates of Member States are told, and nobody else")
    func recipients() {
        let event = Letters.Event.circulated(Self.decision(status: .open, procedure: .silence(deadline: Self.deadline)), deadline: Self.deadline)
        #expect(Letters.recipients(of: event, among: Self.people, memberStates: ["KZ", "IN", "CN"]).map(\.userId) == ["kz", "in"])
    }

    @Test("a letter says what happened and links to the page, in English and then in Russian, with a key per event and person")
    func words() throws {
        let open = Self.decision(status: .open, procedure: .silence(deadline: Self.deadline), version: 2)
        let letters = Letters.owed(by: .circulated(open, deadline: Self.deadline), to: Self.people, memberStates: ["KZ", "IN"], settings: Self.settings)
        #expect(letters.map(\.recipient) == ["kz@example.org", "in@example.org"])
        #expect(letters.map(\.key) == ["circulated:d1:2:kz", "circulated:d1:2:in"])
        let letter = try #require(letters.first)
        #expect(letter.subject == "CICA: your position on CICA/SOC/DEC/2026/7 is awaited / СВМДА: ожидается позиция по CICA/SOC/DEC/2026/7")
        let halves = letter.body.components(separatedBy: "\n\n—\n\n")
        #expect(halves.count == 2)
        #expect(halves[0].contains("“On the calendar”") && halves[0].contains("silence procedure"))
        #expect(halves[0].hasSuffix("\nhttps://platform.example.org/decisions/d1"))
        #expect(halves[1].contains("процедуре умолчания") && halves[1].hasSuffix("\nhttps://platform.example.org/decisions/d1?lang=ru\n"))
        #expect(halves[0].contains(Localizer(.en).instant(Self.deadline)) && halves[1].contains(Localizer(.ru).instant(Self.deadline)))

        let adopted = Self.decision(status: .adopted, procedure: .silence(deadline: Self.deadline))
        let closed = Letters.owed(by: .closed(adopted), to: Self.people, memberStates: ["KZ"], settings: Self.settings)
        #expect(closed.map(\.key) == ["closed:d1:kz"])
        #expect(closed.first?.subject == "CICA: CICA/SOC/DEC/2026/7 is adopted / СВМДА: решение CICA/SOC/DEC/2026/7 — принято")
    }

    @Test("a letter not taken is tried again after a minute, doubling, at most six hours apart", arguments: [
        (1, 60), (2, 120), (3, 240), (6, 1920), (9, 15_360), (10, 6 * 3600), (40, 6 * 3600),
    ])
    func retries(attempts: Int, seconds: Int) {
        #expect(Letters.retryDelay(afterAttempts: attempts) == .seconds(seconds))
    }
}
