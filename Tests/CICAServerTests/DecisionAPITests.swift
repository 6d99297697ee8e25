import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

@Suite("Decisions through the API and the pages")
struct DecisionAPITests {
    /// The acceptance story: the Secretariat drafts the admission of an eligible state and circulates it under
    /// silence procedure; delegates respond; at the deadline it is adopted and the state is a Member State;
    /// anyone downloads the record and verifies it offline.
    @Test("admission under silence procedure, end to end", arguments: TestEngine.all)
    func admissionUnderSilence(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            // Every Member State has a delegate, so the circulation notifies them all and their silence counts.
            try await accreditDelegates(p.platform.database)
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let kazakhstan = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let china = try await p.token(for: try await p.user("cn@example.org", (.delegate, "CN")))
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Admission of Nepal","organ":"ministerial-council","text":"The Ministerial Council decides to admit Nepal.",
                 "effect":{"kind":"admitMemberState","parameters":{"state":"NP"}}}
                """)
            #expect(drafted.status == .created)
            let id = try #require(try JSON(drafted.body)["id"].string)
            let deadline = Timestamp.string(p.clock.now.addingTimeInterval(72 * 3600))
            #expect(try await p.client.api("/api/v1/decisions/\(id)/circulate", method: .post, token: officer, json: #"{"deadline":"\#(deadline)"}"#).status == .ok)

            let joined = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan, json: #"{"state":"KZ","version":1,"position":"joins"}"#)
            #expect(joined.status == .created)
            let other = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan, json: #"{"state":"CN","version":1,"position":"objects","reason":"x"}"#)
            #expect(other.status == .forbidden && other.problemDetail.contains("own state"))
            let reserved = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: china,
                                                  json: #"{"state":"CN","version":1,"position":"noObjection","statementKind":"reservation","statement":"On the date."}"#)
            #expect(reserved.status == .created)
            let early = try await p.client.api("/api/v1/decisions/\(id)/close", method: .post, token: officer)
            #expect(early.status == .conflict && early.problemDetail.contains("silence procedure runs until"))

            p.clock.advance(72 * 3600)
            let closed = try await p.platform.decisions.closeDue(actor: SilenceProcedureCloser.actor, now: p.clock.now)
            #expect(closed.map(\.status) == [.adopted])
            let nepal = try await p.client.json("/api/v1/member-states/NP")
            #expect(nepal["provenance"]["sources"][0]["url"].string == "/decisions/\(id)")

            let detail = try await p.client.json("/api/v1/decisions/\(id)")
            #expect(detail["decision"]["status"].string == "adopted" && detail["recordVerifies"].bool == true)
            #expect(detail["positions"].array.count == 2)
            let record = try await p.client.get("/api/v1/decisions/\(id)/record")
            let decoded = try JSONDecoder.iso8601Test.decode(DecisionRecord.self, from: Data(record.body.readableBytesView))
            #expect(decoded.verify(trusting: p.platform.logKeys.key.verifier) == nil)
            #expect(decoded.entries.map(\.kind) == [.draft, .version, .opened, .position, .position, .outcome])

            let page = try await p.client.get("/decisions/\(id)")
            #expect(page.text.contains("adopted") && page.text.contains("On the date.") && page.text.contains("The record verifies"))
            let list = try await p.client.get("/decisions")
            #expect(list.text.contains("Admission of Nepal"))
        }
    }

    @Test("an objection under silence stops it; the draft can be taken up again", arguments: TestEngine.all)
    func brokenSilence(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let india = try await p.token(for: try await p.user("in@example.org", (.delegate, "IN")))
            let id = try #require(try JSON(try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Statement","organ":"senior-officials-committee","text":"Text.","effect":{"kind":"none","parameters":{}}}
                """).body)["id"].string)
            let deadline = Timestamp.string(p.clock.now.addingTimeInterval(3600 * 24))
            _ = try await p.client.api("/api/v1/decisions/\(id)/circulate", method: .post, token: officer, json: #"{"deadline":"\#(deadline)"}"#)
            let missingReason = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: india, json: #"{"state":"IN","version":1,"position":"objects"}"#)
            #expect(missingReason.status == .badRequest && missingReason.problemField == "reason")
            let objected = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: india,
                                                  json: #"{"state":"IN","version":1,"position":"objects","reason":"Paragraph 2."}"#)
            #expect(try JSON(objected.body)["status"].string == "notAdopted")
            let again = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Statement","organ":"senior-officials-committee","text":"Text, revised.","effect":{"kind":"none","parameters":{}},"continues":"\(id)"}
                """)
            #expect(try JSON(again.body)["currentVersion"].int == 2)
        }
    }

    @Test("refusals name what is wrong", arguments: TestEngine.all)
    func refusals(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let brazil = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Admission of Brazil","organ":"summit","text":"x","effect":{"kind":"admitMemberState","parameters":{"state":"BR"}}}
                """)
            #expect(brazil.status == .badRequest && brazil.problemDetail.contains("Brazil is not eligible"))
            let organ = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"SG","organ":"senior-officials-committee","text":"x","effect":{"kind":"appointSecretaryGeneral","parameters":{"name":"A","nationality":"AZ"}}}
                """)
            #expect(organ.status == .badRequest && organ.problemField == "organ")
            #expect(try await p.client.api("/api/v1/decisions/nope", token: nil).status == .notFound)
            let deadline = try await p.client.api("/api/v1/decisions/nope/circulate", method: .post, token: officer, json: #"{"deadline":"next Friday"}"#)
            #expect(deadline.status == .badRequest && deadline.problemField == "deadline")
            #expect(deadline.text.contains("next Friday"))
            #expect(try await p.client.get("/api/v1/decisions?status=pending").status == .badRequest)
            let anonymous = try await p.client.api("/api/v1/decisions", method: .post, token: nil, json: #"{"title":"x","organ":"summit","text":"x","effect":{"kind":"none","parameters":{}}}"#)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("a delegation registers its key and signs; a forged signature is refused", arguments: TestEngine.all)
    func signedPositions(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let kazakhstan = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let privateKey = Curve25519.Signing.PrivateKey()
            let registered = try await p.client.api("/api/v1/delegation-keys", method: .post, token: kazakhstan,
                                                    json: #"{"state":"KZ","publicKey":"\#(privateKey.publicKey.rawRepresentation.base64EncodedString())"}"#)
            #expect(registered.status == .created)
            let keyId = try #require(try JSON(registered.body)["id"].string)
            #expect(try await p.client.api("/api/v1/delegation-keys", method: .post, token: officer, json: #"{"state":"KZ","publicKey":"x"}"#).status == .forbidden)
            let id = try #require(try JSON(try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Statement","organ":"senior-officials-committee","text":"Text.","effect":{"kind":"none","parameters":{}}}
                """).body)["id"].string)
            _ = try await p.client.api("/api/v1/decisions/\(id)/table", method: .post, token: officer)
            let statement = PositionStatement.signed(decision: id, version: 1, textHash: DecisionText.hash("Text."), state: "KZ", kind: .joins,
                                                     statementKind: nil, statement: nil, reason: nil)
            let forged = try privateKey.signature(for: Data("not the statement".utf8)).base64EncodedString()
            let refused = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan,
                                                 json: #"{"state":"KZ","version":1,"position":"joins","signature":"\#(forged)","keyId":"\#(keyId)"}"#)
            #expect(refused.status == .badRequest && refused.problemField == "signature")
            let signature = try privateKey.signature(for: Data(statement.text.utf8)).base64EncodedString()
            let accepted = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan,
                                                  json: #"{"state":"KZ","version":1,"position":"joins","signature":"\#(signature)","keyId":"\#(keyId)"}"#)
            #expect(accepted.status == .created)
            let detail = try await p.client.json("/api/v1/decisions/\(id)")
            #expect(detail["positions"][0]["signed"].bool == true)
        }
    }

    @Test("the Secretariat works through the pages; a delegate answers through the form", arguments: TestEngine.all)
    func pages(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            try await p.user("officer@example.org", (.secretariat, nil))
            try await p.user("kz@example.org", (.delegate, "KZ"))
            let officer = try #require(try await p.signIn("officer@example.org"))
            let delegate = try #require(try await p.signIn("kz@example.org"))
            let form = try await p.client.get("/decisions/new", headers: [.cookie: "cica_session=\(officer.cookie)"])
            #expect(form.status == .ok && form.text.contains("Assign a coordinator of a priority area"))
            let created = try await p.client.submit("/decisions", ["title": "Coordinator of finance", "organ": "senior-officials-committee",
                                                                   "text": "The SOC assigns China as coordinator of finance.", "effect": "assignCoordinator",
                                                                   "effect.priorityArea": "finance", "effect.state": "CN", "effect.role": "coordinator"], as: officer)
            #expect(created.status == .seeOther)
            let path = try #require(created.headers[.location])
            // A refused draft comes back as the form, every field as the officer left it, the reason above it.
            let brazil = try await p.client.submit("/decisions", ["title": "Admission of Brazil", "organ": "summit", "text": "The Summit admits Brazil.",
                                                                  "effect": "admitMemberState", "effect.state": "BR"], as: officer)
            #expect(brazil.status == .badRequest)
            #expect(brazil.text.contains("class=\"form-feedback\"") && brazil.text.contains("Brazil is not eligible"))
            #expect(brazil.text.contains("value=\"Admission of Brazil\"") && brazil.text.contains(">The Summit admits Brazil.</textarea>"))
            #expect(brazil.text.contains("<option value=\"admitMemberState\" selected>") && brazil.text.contains("<option value=\"summit\" selected>"))
            #expect(brazil.text.contains("name=\"effect.state\" maxlength=\"2\" value=\"BR\""))
            #expect(try await p.client.json("/api/v1/decisions?effect=admitMemberState")["items"].array.allSatisfy { $0["title"].string != "Admission of Brazil" })
            #expect(try await p.client.submit(path + "/table", as: officer).status == .seeOther)
            let page = try await p.client.get(path, headers: [.cookie: "cica_session=\(delegate.cookie)"])
            #expect(page.text.contains("Your delegation") && page.text.contains("value=\"KZ\""))
            #expect(try await p.client.submit(path + "/positions", ["state": "KZ", "version": "1", "position": "noObjection",
                                                                   "statementKind": "interpretativeStatement", "statement": "Voluntary."], as: delegate).status == .seeOther)
            // A refused answer shows the page again with the reason at the top and the delegate's input kept.
            let refused = try await p.client.submit(path + "/positions", ["state": "KZ", "version": "1", "position": "objects",
                                                                         "statementKind": "reservation", "statement": "Kept <as typed>."], as: delegate)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("class=\"form-feedback\"") && refused.text.contains("<strong>Reason</strong>"))
            #expect(refused.text.contains("value=\"objects\" checked") && !refused.text.contains("value=\"joins\" checked"))
            #expect(refused.text.contains("<option value=\"reservation\" selected>"))
            #expect(refused.text.contains(">Kept &lt;as typed&gt;.</textarea>"))
            #expect(refused.text.contains("Coordinator of finance"))
            #expect(try await p.client.submit(path + "/close", as: delegate).status == .forbidden)
            #expect(try await p.client.submit(path + "/close", as: officer).status == .seeOther)
            let closed = try await p.client.get(path)
            #expect(closed.text.contains("adopted") && closed.text.contains("Voluntary."))
            let finance = try await p.client.json("/api/v1/priority-areas?dimension=economic")["items"].array.first { $0["slug"].string == "finance" }
            #expect(finance?["coordinator"]["code"].string == "CN")
        }
    }
}

extension JSONDecoder {
    static var iso8601Test: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Timestamp.date(text) ?? Date(text, strategy: .iso8601)
        }
        return decoder
    }
}
