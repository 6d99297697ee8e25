import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// Who speaks for a state, as the pages show it and the forms change it.
@Suite("Delegation pages")
struct DelegationPageTests {
    @Test("the role of delegate accredits; the Secretariat names a head; the position names who took it; only the Secretariat sees the form",
          arguments: TestEngine.all)
    func delegation(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let delegate = try await p.user("aigerim@example.org", (.delegate, "KZ"))
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let page = try await p.client.get("/member-states/KZ/delegation")
            #expect(page.status == .ok && page.text.contains("Delegation of Kazakhstan") && page.text.contains("aigerim"))
            #expect(!page.text.contains("Accredit a delegate") && !page.text.contains("aigerim@example.org"), "no form and no e-mail for the public")
            #expect(try await p.client.get("/member-states/KZ").text.contains("/member-states/KZ/delegation"))

            let session = try #require(try await p.signIn(officer.email))
            #expect(try await p.client.get("/member-states/KZ/delegation", headers: [.cookie: "cica_session=\(session.cookie)"]).text.contains("Accredit a delegate"))
            let refused = try await p.client.submit("/member-states/KZ/delegation/accreditations", ["email": "nobody@example.org", "role": "head"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("there is no account of a delegate of Kazakhstan"))
            let accredited = try await p.client.submit("/member-states/KZ/delegation/accreditations", ["email": delegate.email, "role": "head"], as: session)
            #expect(accredited.status == .seeOther)
            let view = try await p.platform.delegations.delegation(state: "KZ")
            #expect(view.record.head(at: p.clock.now)?.userId == delegate.id)

            let draft = try await p.platform.decisions.create(NewDraft(title: "Named", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                                       effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: p.clock.now)
            _ = try await p.platform.decisions.table(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now)
            let token = try await p.token(for: delegate)
            let taken = try await p.client.api("/api/v1/decisions/\(draft.id)/positions", method: .post, token: token,
                                               json: #"{"state":"KZ","version":1,"position":"joins"}"#)
            #expect(taken.status == .created)
            #expect(try await p.client.get("/decisions/\(draft.id)").text.contains("by aigerim, Head of delegation"))
            let record = try await p.client.get("/api/v1/decisions/\(draft.id)/record").text
            #expect(!record.contains("@example.org"), "the public record names no e-mail address")

            // Withdrawn, the delegate no longer speaks for Kazakhstan.
            try await p.platform.delegations.withdraw(state: "KZ", accreditation: try #require(view.record.head(at: p.clock.now)).id,
                                                      actor: .commandLine(user: "t"), now: p.clock.now)
            for held in try await p.platform.delegations.delegation(state: "KZ").record.accreditations where held.holds(at: p.clock.now) {
                try await p.platform.delegations.withdraw(state: "KZ", accreditation: held.id, actor: .commandLine(user: "t"), now: p.clock.now)
            }
            let again = try await p.client.api("/api/v1/decisions/\(draft.id)/positions", method: .post, token: token,
                                               json: #"{"state":"KZ","version":1,"position":"noObjection"}"#)
            #expect(again.status == .badRequest && again.text.contains("nobody accredited to the delegation of Kazakhstan"))
        }
    }

    @Test("a position changed in its table alone: the page says the record does not verify, and why; the Secretariat can tell who a pseudonym is",
          arguments: TestEngine.all)
    func forgedOnThePage(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let india = try await p.user("india@example.org", (.delegate, "IN"))
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let draft = try await p.platform.decisions.create(NewDraft(title: "Forged", organ: "senior-officials-committee", meeting: nil, text: "Text.",
                                                                       effectKind: "none", effectParameters: [:]), actor: .commandLine(user: "t"), now: p.clock.now)
            _ = try await p.platform.decisions.table(id: draft.id, actor: .commandLine(user: "t"), now: p.clock.now)
            let objected = try await p.client.api("/api/v1/decisions/\(draft.id)/positions", method: .post, token: try await p.token(for: india),
                                                  json: #"{"state":"IN","version":1,"position":"objects","reason":"Too early."}"#)
            #expect(objected.status == .created)
            #expect(try await p.client.get("/decisions/\(draft.id)").text.contains("The record verifies"))
            // An insider with the database changes only the table the page reads.
            try await TestDatabase.aroundThePlatform(p.platform.database, "UPDATE positions SET kind = 'joins', reason = NULL WHERE state = 'IN'")
            let page = try await p.client.get("/decisions/\(draft.id)").text
            #expect(page.contains("The record does not verify") && page.contains("the position of India on version 1 shown on the page is not the one the record holds"))
            #expect(try await p.client.json("/api/v1/decisions/\(draft.id)")["recordVerifies"].bool == false)

            let session = try #require(try await p.signIn(officer.email))
            let audit = try await p.client.get("/audit", headers: [.cookie: "cica_session=\(session.cookie)"]).text
            #expect(audit.contains(Actor.pseudonym(userId: india.id)), "the audit log shows the pseudonym the record names India's delegate by")
        }
    }
}
