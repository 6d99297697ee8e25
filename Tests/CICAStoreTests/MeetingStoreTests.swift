import Foundation
import Testing
import SQLKit
import CICACore
@testable import CICAStore
import CICATestSupport

/// Meetings in the database, on both engines: a meeting of the record the Secretariat conducts survives a reseed, a
/// registration replaces the delegation's earlier list, and recorded corrections are never changed.
@Suite("Meetings in the database")
struct MeetingStoreTests {
    static let secretariat = DecisionTests.secretariat
    static let t0 = DecisionTests.t0
    /// The documents a meeting registers, worded here as the proceedings stand: the agenda's items, or the delegations.
    static let worded: @Sendable (Proceedings) -> [ReportText] = { p in
        [ReportText(language: "en", title: "Document of \(p.meeting.title)",
                    text: (p.agenda.provisional.map(\.title) + p.registrations.map(\.delegation)).joined(separator: "; "))]
    }

    @Test("the planned Seventh Summit, dated and opened on the platform, stays open through a reseed", arguments: TestEngine.all)
    func reseed(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let meetings = SQLMeetingRepository(database: database)
            _ = try await meetings.edit(id: "summit-7", MeetingFields(kind: "regular", format: "inPerson", title: "Seventh CICA Summit", number: "7",
                                                                      start: "2026-12-15", end: "2026-12-16", city: "Baku", country: "AZ", chair: "AZ"),
                                        actor: Self.secretariat, now: Self.t0)
            _ = try await meetings.circulateAgenda(id: "summit-7", items: [AgendaItem(title: "Opening")], compose: Self.worded, actor: Self.secretariat, now: Self.t0)
            _ = try await meetings.open(id: "summit-7", amended: nil, actor: Self.secretariat, now: Self.t0, today: CivilDate(Self.t0))
            try await ReferenceData.seed(into: database)
            let (proceedings, _) = try #require(try await meetings.proceedings(id: "summit-7", readership: .everyone))
            #expect(proceedings.meeting.status == .inSession && proceedings.meeting.start == PartialDate("2026-12-15"))
            #expect(proceedings.meeting.revision == 2 && proceedings.agenda.adopted == [AgendaItem(title: "Opening")])
            // A meeting of the record nobody touched is still the dataset's.
            let sixth = try #require(try await meetings.proceedings(id: "summit-6", readership: .everyone)).0.meeting
            #expect(sixth.status == .held && sixth.revision == nil && sixth.planned == nil && !sixth.outcomes.isEmpty)
        }
    }

    @Test("registering again replaces the list; a correction is kept and cannot be rewritten", arguments: TestEngine.all)
    func registrationsAndCorrections(engine: TestEngine) async throws {
        try await TestDatabase.withFresh(engine) { database in
            let meetings = SQLMeetingRepository(database: database)
            let m = try await meetings.plan(MeetingFields(organ: "special-working-group", kind: "regular", format: "online", title: "SWG", start: "2027-01-20"),
                                            actor: Self.secretariat, now: Self.t0, today: CivilDate(Self.t0))
            _ = try await meetings.register(meeting: m.id, delegation: "KZ", head: "A", headTitle: nil,
                                            members: [Participant(name: "B", title: "Counsellor", head: false)], actor: Self.secretariat, bySecretariat: true, now: Self.t0)
            _ = try await meetings.register(meeting: m.id, delegation: "KZ", head: "C", headTitle: "Ambassador", members: [], actor: Self.secretariat, bySecretariat: true, now: Self.t0)
            _ = try await meetings.register(meeting: m.id, delegation: "un", head: "D", headTitle: nil, members: [], actor: Self.secretariat, bySecretariat: true, now: Self.t0)
            let registrations = try #require(try await meetings.proceedings(id: m.id, readership: .everyone)).0.registrations
            #expect(registrations.map(\.delegation) == ["KZ", "un"] && registrations.map(\.kind) == [.memberState, .observer])
            #expect(registrations[0].participants == [Participant(name: "C", title: "Ambassador", head: true)])
            // A delegate not accredited to the delegation now is refused, and nothing changes.
            let unaccredited = Actor(userId: "user-without-accreditation", label: "delegate@example.org", role: "delegate", requestId: nil, address: nil)
            await #expect(throws: StepRefusal(Message("refusal.registration.notAccredited", ["state": .country("IN")]))) {
                try await meetings.register(meeting: m.id, delegation: "IN", head: "E", headTitle: nil, members: [], actor: unaccredited,
                                            bySecretariat: false, now: Self.t0)
            }
            // An unknown delegation is refused and changes nothing.
            await #expect(throws: InvalidInput.self) {
                try await meetings.register(meeting: m.id, delegation: "ZZ", head: "E", headTitle: nil, members: [], actor: Self.secretariat, bySecretariat: true, now: Self.t0)
            }

            _ = try await meetings.circulateAgenda(id: m.id, items: [AgendaItem(title: "Welcome")], compose: Self.worded, actor: Self.secretariat, now: Self.t0)
            _ = try await meetings.circulateAgenda(id: m.id, items: [AgendaItem(title: "Opening")], compose: Self.worded, actor: Self.secretariat, now: Self.t0)
            _ = try await meetings.open(id: m.id, amended: nil, actor: Self.secretariat, now: Self.t0, today: CivilDate(year: 2027, month: 1, day: 20))
            _ = try await meetings.close(id: m.id, compose: Self.worded, actor: Self.secretariat, now: Self.t0)
            // The provisional agenda is a public document of the meeting, revised when circulated again; the list of
            // participants is registered when the meeting closes, as it stood then.
            let documents = SQLDocumentRepository(database: database)
            let agendas = try await documents.documents(DocumentFilter(kind: .agenda), page: PageRequest(limit: 10), readership: .everyone).items
                .map(\.document.value).filter { $0.meeting == m.id }.sorted { $0.symbol < $1.symbol }
            #expect(agendas.count == 2 && agendas[1].successorOf == agendas[0].id && agendas[1].relation == .revision)
            #expect(agendas[1].symbol.hasPrefix(agendas[0].symbol) && agendas.allSatisfy { $0.access == .public && $0.organ == "special-working-group" })
            let revised = try #require(try await documents.document(id: agendas[1].id, readership: .everyone))
            #expect(revised.current.first?.text == "Opening; KZ; un")
            let lists = try await documents.documents(DocumentFilter(kind: .listOfParticipants), page: PageRequest(limit: 10), readership: .everyone).items
                .map(\.document.value).filter { $0.meeting == m.id }
            #expect(lists.count == 1)
            _ = try await meetings.edit(id: m.id, MeetingFields(kind: "regular", format: "online", title: "SWG", start: "2027-01-21",
                                                                opens: "09:30", closes: "12:00", timeZone: "Asia/Tashkent",
                                                                correction: "The meeting took place a day later, in the morning."), actor: Self.secretariat, now: Self.t0)
            let (proceedings, corrections) = try #require(try await meetings.proceedings(id: m.id, readership: .everyone))
            #expect(proceedings.meeting.hours == SessionHours(opens: 570, closes: 720, timeZone: "Asia/Tashkent"), "the hours are kept")
            #expect(corrections.count == 1 && corrections[0].note == "The meeting took place a day later, in the morning.")
            #expect(corrections[0].changes == [MeetingFacts.Change(field: .dates, before: "2027-01-20", after: "2027-01-21"),
                                               MeetingFacts.Change(field: .hours, before: nil, after: "09:30-12:00 Asia/Tashkent")])
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.raw("UPDATE meeting_corrections SET note = 'rewritten'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { sql in try await sql.raw("DELETE FROM meeting_corrections").run() }
            }
            // Every step is in the audit log.
            let actions = try await database.read { sql in
                try await sql.raw("SELECT action FROM audit_log WHERE entity = \(bind: "meeting/" + m.id) ORDER BY seq").all().map { try $0.string("action") }
            }
            #expect(actions == ["meeting.plan", "meeting.register", "meeting.register", "meeting.register", "meeting.agenda", "meeting.agenda", "meeting.open",
                                "meeting.close", "meeting.correct"])
        }
    }
}
