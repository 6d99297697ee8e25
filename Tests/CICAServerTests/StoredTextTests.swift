import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// Control characters are refused at the door, the same way on both databases (PostgreSQL cannot store U+0000).
@Suite("Control characters in requests")
struct StoredTextTests {
    @Test("in an address nothing is found; in a query parameter the parameter is named", arguments: TestEngine.all)
    func addressesAndQueries(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            for uri in ["/api/v1/organs/%00", "/api/v1/decisions/%00", "/api/v1/meetings/a%01b", "/organs/%00", "/decisions/x%7F"] {
                let response = try await client.get(uri)
                #expect(response.status == .notFound, "\(uri)")
            }
            let cases: [(String, String)] = [
                ("/api/v1/decisions?meeting=%00%2F", "meeting"), ("/api/v1/decisions?organ=%00", "organ"),
                ("/api/v1/decisions?effect=a%00", "effect"),                 ("/api/v1/audit?actor=%1B", "actor"), ("/decisions?meeting=%00", "meeting"),
            ]
            for (uri, field) in cases {
                let response = try await client.get(uri)
                #expect(response.status == .badRequest, "\(uri)")
                if uri.hasPrefix("/api/") {
                    let problem = try JSON(response.body)
                    #expect(problem["errors"][0]["field"].string == field, "\(uri)")
                    #expect(problem["errors"][0]["reason"].string?.contains("U+00") == true, "\(uri)")
                } else {
                    #expect(response.text.contains(field), "\(uri)")
                }
            }
            // Line breaks and tabs are text, and a query parameter may carry them.
            #expect(try await client.get("/api/v1/decisions?meeting=a%0Ab").status == .ok)
        }
    }

    @Test("in a JSON body or a form the field is named and nothing is written", arguments: TestEngine.all)
    func bodies(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let token = try await p.token(for: officer)
            let before = try await p.client.json("/api/v1/decisions")["items"].array.count

            let title = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: #"""
                {"title":"Admission\u0000","organ":"summit","text":"x","effect":{"kind":"none","parameters":{}}}
                """#)
            #expect(title.status == .badRequest)
            #expect(title.problemField == "title")
            let nested = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: #"""
                {"title":"Admission","organ":"summit","text":"x","effect":{"kind":"admitMemberState","parameters":{"state":"E\u0000"}}}
                """#)
            #expect(nested.status == .badRequest)
            #expect(nested.problemField == "effect.parameters.state")

            let session = try #require(try await p.signIn("officer@example.org"))
            let form = try await p.client.submit("/decisions", ["title": "Draft\u{0}", "organ": "summit", "text": "x", "effect": "none"], as: session)
            #expect(form.status == .badRequest)
            #expect(form.text.contains("title"))
            #expect(try await p.client.json("/api/v1/decisions")["items"].array.count == before)

            // Paragraphs and tabs are kept.
            let accepted = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: #"""
                {"title":"Statement","organ":"summit","text":"First paragraph.\n\n\tSecond.","effect":{"kind":"none","parameters":{}}}
                """#)
            #expect(accepted.status == .created)
            let id = try #require(try JSON(accepted.body)["id"].string)
            #expect(try await p.client.json("/api/v1/decisions/\(id)")["versions"][0]["text"].string == "First paragraph.\n\n\tSecond.")
        }
    }
}

@Suite("Request size")
struct RequestSizeTests {
    @Test("a body over 1 MiB is a 413 that says so, and nothing is written", arguments: TestEngine.all)
    func tooLarge(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let token = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let text = String(repeating: "Confidence building. ", count: 60_000)
            let response = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"Long","organ":"summit","text":"\(text)","effect":{"kind":"none","parameters":{}}}
                """)
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.problemDetail.contains("1 MiB"))
            #expect(try await p.client.json("/api/v1/decisions?limit=200")["items"].array.allSatisfy { $0["title"].string != "Long" })
        }
    }
}
