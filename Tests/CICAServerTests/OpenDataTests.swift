import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// Open data over HTTP: positions taken show in Popolo and Akoma Ntoso; acts the reader may not read are not there.
@Suite("Open data over HTTP")
struct OpenDataServerTests {
    @Test("positions taken on a decision are its vote event's votes and counts, and its Akoma Ntoso's positions, in each language", arguments: TestEngine.all)
    func positions(engine: TestEngine) async throws {
        try await withPlatform(engine, workingLanguages: .default) { p in
            try await accreditDelegates(p.platform.database)
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let kazakhstan = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let china = try await p.token(for: try await p.user("cn@example.org", (.delegate, "CN")))
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"On a working group","organ":"senior-officials-committee","text":"The Committee establishes a working group.",
                 "translations":{"ru":"Комитет учреждает рабочую группу."},"effect":{"kind":"none","parameters":{}}}
                """)
            let id = try #require(try JSON(drafted.body)["id"].string)
            let deadline = Timestamp.string(p.clock.now.addingTimeInterval(72 * 3600))
            #expect(try await p.client.api("/api/v1/decisions/\(id)/circulate", method: .post, token: officer, json: #"{"deadline":"\#(deadline)"}"#).status == .ok)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: kazakhstan,
                                           json: #"{"state":"KZ","version":1,"position":"joins"}"#).status == .created)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: china,
                                           json: #"{"state":"CN","version":1,"position":"noObjection","statementKind":"reservation","statement":"On the mandate."}"#).status == .created)

            let popolo = try await p.client.json("/open-data/popolo.json")
            let event = try #require(popolo["vote_events"].array.first { $0["motion_id"].string == "motion/\(id)" })
            #expect(event["votes"].array.map { "\($0["voter_id"].string ?? "") \($0["option"].string ?? "")" }
                    == ["member-state/CN reservation", "member-state/KZ joined"])
            #expect(event["counts"].array.map { $0["value"].int ?? -1 } == [1, 0, 1, 0])
            #expect(event["result"].string == "open")

            let page = try await p.client.get("/decisions/\(id)")
            #expect(page.text.contains("href=\"/decisions/\(id)/akoma-ntoso.xml?language=ru\" hreflang=\"ru\""))
            let russian = try await p.client.get("/decisions/\(id)/akoma-ntoso.xml?language=ru")
            #expect(russian.status == .ok && russian.headers[.contentType] == "application/akn+xml; charset=utf-8")
            #expect(russian.text.contains("<FRBRlanguage language=\"rus\"/>") && russian.text.contains("Комитет учреждает рабочую группу."))
            #expect(russian.text.contains("fromLanguage=\"eng\"") && russian.text.contains("<organization refersTo=\"#state-CN\">China</organization>: reservation"))
            #expect(russian.text.contains("On the mandate."))
            #expect(try await p.client.get("/decisions/\(id)/akoma-ntoso.xml?language=fr").status == .notFound)
            #expect(try await p.client.get("/decisions/no-such/akoma-ntoso.xml").status == .notFound)
        }
    }

    @Test("an act the reader may not read has no Akoma Ntoso for them; a document that is not an act has none; the page is linked from every page")
    func access() async throws {
        try await withPlatform(.sqlite) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let created = try await p.client.api("/api/v1/documents", method: .post, token: try await p.token(for: officer),
                                                 json: #"{"title":"Draft declaration","kind":"declaration","access":"secretariat","text":"Draft."}"#)
            let id = try #require(try JSON(created.body)["document"]["id"].string)
            #expect(try await p.client.get("/documents/\(id)/akoma-ntoso.xml").status == .notFound)
            let session = try #require(try await p.signIn(officer.email))
            let own = try await p.client.get("/documents/\(id)/akoma-ntoso.xml", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(own.status == .ok && own.text.contains("<doc name=\"declaration\">") && own.text.contains("<p eId=\"para_1\">Draft.</p>"))
            let note = try await p.client.api("/api/v1/documents", method: .post, token: try await p.token(for: officer),
                                              json: #"{"title":"A note","kind":"noteVerbale","access":"public"}"#)
            let noteId = try #require(try JSON(note.body)["document"]["id"].string)
            #expect(try await p.client.get("/documents/\(noteId)/akoma-ntoso.xml").status == .notFound)
            #expect(!(try await p.client.get("/documents/\(noteId)")).text.contains("akoma-ntoso.xml"))
            let almaty = try await p.client.get("/documents/almaty-act-2002/akoma-ntoso.xml")
            #expect(almaty.text.contains("/akn/int/doc/basicDocument/cica/2002-06-04/CICA-SUMMIT-BD-2002-1/eng@"))
            let home = try await p.client.get("/")
            #expect(home.text.contains("href=\"/open-data\""))
            let openData = try await p.client.get("/open-data?lang=ru")
            #expect(openData.status == .ok && openData.text.contains("href=\"/open-data/popolo.json\"") && openData.text.contains("Открытые данные"))
        }
    }
}
