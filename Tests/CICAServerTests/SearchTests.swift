import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// Search over HTTP: the page and the API find the Almaty Act and its Russian version, mark what they found, never
/// show or count a restricted record to those who may not read it, and refuse a malformed query naming the field.
@Suite("Search over HTTP")
struct SearchTests {
    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test("a visitor finds the Almaty Act by \"Almaty\" and its Russian version by \"Алматы\", on the page and in the API", arguments: TestEngine.all)
    func almaty(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let sent = try await p.client.submitMultipart("/documents/almaty-act-2002/versions",
                                                          [("language", "ru"), ("title", "Алматинский акт"),
                                                           ("text", "Главы государств, собравшиеся в Алматы 4 июня 2002 года, приняли настоящий Акт.")],
                                                          as: session)
            #expect(sent.status == .seeOther, "\(sent.text.prefix(300))")

            let home = try await p.client.get("/")
            #expect(home.text.contains("href=\"/search\""), "the navigation leads to the search")
            let english = try await p.client.get("/search?q=Almaty")
            #expect(english.status == .ok)
            #expect(english.text.contains("href=\"/documents/almaty-act-2002\" hreflang=\"en\""))
            #expect(english.text.contains("<mark>Almaty</mark>"))
            // A browser's form writes a space as `+`: two words, each marked, not one phrase.
            let form = try await p.client.get("/search?q=almaty+act")
            #expect(form.text.contains("<mark>Almaty</mark> <mark>Act</mark>") && form.text.contains("value=\"almaty act\""))
            let api = try await p.client.json("/api/v1/search?q=almaty+act")
            #expect(api["query"].string == "almaty act")

            let russian = try await p.client.get("/search?q=\(Self.encoded("Алматы"))&language=ru&lang=ru")
            #expect(russian.status == .ok)
            #expect(russian.text.contains("1 результат"), "\(russian.text.prefix(100))")
            #expect(russian.text.contains("href=\"/documents/almaty-act-2002\" hreflang=\"ru\""))
            #expect(russian.text.contains("собравшиеся в <mark>Алматы</mark> 4 июня"))
            #expect(russian.text.contains("value=\"Алматы\""), "the query stays in the box")
            // Without the language filter, the Russian pages' names find the meetings held in Almaty, titled in Russian,
            // and the English version of the Act by the name the Russian pages give it, shown under that name.
            let everything = try await p.client.get("/search?q=\(Self.encoded("Алматинский"))&lang=ru")
            #expect(everything.text.contains("href=\"/documents/almaty-act-2002\" hreflang=\"en\"><mark>Алматинский</mark> акт"))
            let meetings = try await p.client.get("/search?q=\(Self.encoded("Алматы"))&kind=meeting&lang=ru")
            #expect(meetings.text.contains("href=\"/meetings/summit-1\">Первый"))

            let json = try await p.client.json("/api/v1/search?q=\(Self.encoded("алмат*"))&language=ru")
            #expect(json["total"].int == 1 && json["page"].int == 1 && json["pageSize"].int == 20)
            let hit = try #require(json["hits"].array.first)
            #expect(hit["kind"].string == "document" && hit["record"].string == "almaty-act-2002" && hit["language"].string == "ru")
            #expect(hit["url"].string == "/documents/almaty-act-2002" && hit["symbol"].string == "CICA/SUMMIT/BD/2002/1")
            #expect(hit["titleMarked"].array.filter { $0["found"].bool == true }.map { $0["text"].string } == ["Алматинский"])
            #expect(hit["excerpt"].array.filter { $0["found"].bool == true }.map { $0["text"].string } == ["Алматы"])
        }
    }

    @Test("a Secretariat-only document is neither shown nor counted to the public, an observer or a delegate", arguments: TestEngine.all)
    func restricted(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let delegate = try await p.user("kz@example.org", (.delegate, "KZ"))
            let officerToken = try await p.token(for: officer)
            let created = try await p.client.api("/api/v1/documents", method: .post, token: officerToken,
                                                 json: #"{"title":"Okapi staffing memorandum","kind":"memorandum","access":"secretariat","text":"Okapi"}"#)
            #expect(created.status == .created)
            let publicPage = try await p.client.get("/search?q=okapi")
            #expect(publicPage.status == .ok && publicPage.text.contains("0 results") && !publicPage.text.contains("Okapi staffing"))
            #expect(try await p.client.json("/api/v1/search?q=okapi")["total"].int == 0)
            #expect(try await p.client.json("/api/v1/search?q=oka*")["hits"].array.isEmpty)
            let delegateAnswer = try await p.client.api("/api/v1/search?q=okapi", token: try await p.token(for: delegate))
            #expect(delegateAnswer.status == .ok && delegateAnswer.text.contains("\"total\":0") && !delegateAnswer.text.contains("Okapi staffing"))
            let officerAnswer = try await p.client.api("/api/v1/search?q=okapi", token: officerToken)
            #expect(officerAnswer.text.contains("\"total\":1") && officerAnswer.text.contains("Okapi staffing"))
            let session = try #require(try await p.signIn(officer.email))
            let officerPage = try await p.client.get("/search?q=okapi", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(officerPage.text.contains("1 result") && officerPage.text.contains("<mark>Okapi</mark> staffing memorandum"))
        }
    }

    @Test("a query that cannot be read is refused naming the field and the reason, in the page's language", arguments: [
        ("/search?q=", "Words to find", "is empty"),
        ("/search?q=%22Almaty", "Words to find", "quotation mark that is not closed"),
        ("/search?q=a*", "Words to find", "only at the end of a word"),
        ("/search?q=almaty&page=51", "Page", "from 1 to 50"),
        ("/search?q=almaty&kind=treaty", "Kind", "must be one of"),
        ("/search?q=&lang=ru", "Что найти", "— пусто"),
    ])
    func refusedPage(path: String, field: String, reason: String) async throws {
        try await withPlatform(.sqlite) { p in
            let page = try await p.client.get(path)
            #expect(page.status == .badRequest)
            #expect(page.text.contains("<strong>\(field)</strong>") && page.text.contains(reason), "\(page.text)")
            #expect(page.text.contains("<form method=\"get\" action=\"/search\""), "the form is there to try again")
        }
    }

    @Test("the API refuses the same, as a problem naming the field")
    func refusedAPI() async throws {
        try await withPlatform(.sqlite) { p in
            for (path, field) in [("/api/v1/search?q=", "q"), ("/api/v1/search?q=%22open", "q"), ("/api/v1/search?q=\(String(repeating: "a", count: 201))", "q"),
                                  ("/api/v1/search?q=a%20b%20c%20d%20e%20f%20g%20h%20i", "q"), ("/api/v1/search?q=x&page=0", "page"),
                                  ("/api/v1/search?q=x&language=xx", "language")] {
                let answer = try await p.client.json(path, status: .badRequest)
                #expect(answer["errors"].array.map { $0["field"].string } == [field], "\(path)")
            }
            // The first visit shows the form and no count.
            let first = try await p.client.get("/search")
            #expect(first.status == .ok && !first.text.contains("role=\"status\""))
        }
    }
}
