import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// A decision's text in English and Russian, as the Secretariat drafts it and readers read it.
@Suite("Texts in every working language, on the pages")
struct WorkingLanguagePageTests {
    @Test("drafted in both languages through the form; refused for tabling without Russian; each reader sees their language, the other one click away",
          arguments: TestEngine.all)
    func bothLanguages(engine: TestEngine) async throws {
        try await withPlatform(engine, workingLanguages: .default) { p in
            try await p.user("officer@example.org", (.secretariat, nil))
            let officer = try #require(try await p.signIn("officer@example.org"))
            let cookie: HTTPFields = [.cookie: "cica_session=\(officer.cookie)"]
            #expect(try await p.client.get("/decisions/new", headers: cookie).text.contains("Text in Russian"))

            // English alone: drafted, but not tabled; the refusal names the Russian text.
            let english = try await p.client.submit("/decisions", ["title": "English only", "organ": "senior-officials-committee",
                                                                   "text": "The Committee takes note.", "effect": "none"], as: officer)
            let englishPath = try #require(english.headers[.location])
            let refused = try await p.client.submit(englishPath + "/table", as: officer)
            #expect(refused.status == .badRequest && refused.text.contains("no text in this working language (ru)"))
            #expect(refused.text.contains("name=\"text.ru\""), "the revision form offers the Russian text")

            let created = try await p.client.submit("/decisions", ["title": "Both", "organ": "senior-officials-committee", "text": "The Committee takes note.",
                                                                   "text.ru": "Комитет принимает к сведению.", "effect": "none"], as: officer)
            let path = try #require(created.headers[.location])
            #expect(try await p.client.submit(path + "/table", as: officer).status == .seeOther)

            let inEnglish = try await p.client.get(path)
            #expect(inEnglish.text.contains("<div class=\"decision-text\" lang=\"en\">The Committee takes note.</div>"))
            #expect(inEnglish.text.contains("Also in:") && inEnglish.text.contains("versions/1?text=ru\">Russian</a>"))
            let inRussian = try await p.client.get(path + "?lang=ru")
            #expect(inRussian.text.contains("<div class=\"decision-text\" lang=\"ru\">Комитет принимает к сведению.</div>"))
            #expect(inRussian.text.contains("versions/1?text=en\">английский</a>"))
            let russianText = try await p.client.get(path + "/versions/1?text=ru")
            #expect(russianText.status == .ok && russianText.text.contains("Комитет принимает к сведению."))

            let id = String(path.split(separator: "/").last ?? "")
            let detail = try await p.client.json("/api/v1/decisions/\(id)")
            #expect(detail["versions"][0]["translations"]["ru"].string == "Комитет принимает к сведению.")
            #expect(detail["versions"][0]["textHash"].string == DecisionText.hash(texts: ["en": "The Committee takes note.", "ru": "Комитет принимает к сведению."]))
        }
    }
}
