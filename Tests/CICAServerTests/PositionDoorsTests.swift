import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

/// A position comes in through two doors, the decision page's form and the API; both read it with
/// `PositionRequest(PositionFields)` and check it with the same rule, so the same input gets the same answer.
@Suite("One door for a position")
struct PositionDoorsTests {
    /// What a refusal says, wherever it is shown: status, detail, and each field with its reason.
    struct Refusal: Equatable, CustomStringConvertible {
        var status: Int
        var detail: String
        var errors: [String]
        var description: String { "\(status) \(detail) \(errors)" }
    }

    static let inputs: [[String: String]] = [
        ["state": "IN", "version": "1", "position": "objects"],
        ["state": "IN", "version": "1", "position": "objects", "reason": "   "],
        ["state": "IN", "version": "1", "position": "joins", "reason": "Because."],
        ["state": "IN", "version": "1", "position": "joins", "statement": "On the date."],
        ["state": "IN", "version": "1", "position": "objects", "reason": "No.", "statementKind": "reservation", "statement": "On the date."],
        ["state": "IN", "version": "1", "position": "noObjection", "statement": "On the date."],
        ["state": "IN", "version": "1", "position": "noObjection", "statementKind": "reservation"],
        ["state": "IN", "version": "2", "position": "joins"],
        ["state": "I", "version": "1", "position": "joins"],
    ]

    static func unescaped(_ html: Substring) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The refusal as the decision page shows it above the form.
    static func refusal(page: TestResponse) throws -> Refusal {
        let text = page.text
        let start = try #require(text.range(of: "<div class=\"form-feedback\" role=\"alert\" id=\"form-feedback\"><p><strong>"))
        let feedback = text[start.upperBound...]
        let detailEnd = try #require(feedback.range(of: "</strong></p>"))
        let blockEnd = try #require(feedback.range(of: "</div>"))
        let block = feedback[..<blockEnd.lowerBound]
        var errors: [String] = []
        var rest = block[detailEnd.upperBound...]
        while let open = rest.range(of: "<li><strong>"), let close = rest.range(of: "</strong> ", range: open.upperBound..<rest.endIndex),
              let end = rest.range(of: "</li>", range: close.upperBound..<rest.endIndex) {
            errors.append("\(unescaped(rest[open.upperBound..<close.lowerBound])): \(unescaped(rest[close.upperBound..<end.lowerBound]))")
            rest = rest[end.upperBound...]
        }
        return Refusal(status: Int(page.status.code), detail: unescaped(feedback[..<detailEnd.lowerBound]), errors: errors)
    }

    /// The refusal as the API's problem+json says it.
    static func refusal(api: TestResponse) throws -> Refusal {
        let problem = try JSON(api.body)
        // A page lists the fields by their labels under a sentence of its own; the API names them as its contract does.
        let errors = problem["errors"].array.map { "\(Localizer(.en).fieldLabel($0["field"].string ?? "")): \($0["reason"].string ?? "")" }
        return Refusal(status: Int(api.status.code), detail: errors.isEmpty ? problem["detail"].string ?? "" : Localizer(.en)("error.checkFields"), errors: errors)
    }

    static func json(_ fields: [String: String]) -> String {
        let members = fields.sorted { $0.key < $1.key }.map { key, value in
            key == "version" ? "\"version\":\(value)" : "\"\(key)\":\"\(value)\""
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    @Test("the page and the API refuse the same position for the same field with the same words", arguments: TestEngine.all)
    func sameAnswer(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let delegate = try await p.user("in@example.org", (.delegate, "IN"))
            let token = try await p.token(for: delegate)
            let session = try #require(try await p.signIn("in@example.org"))
            let id = try #require(try JSON(try await p.client.api("/api/v1/decisions", method: .post, token: officer, json: """
                {"title":"Statement","organ":"senior-officials-committee","text":"Text.","effect":{"kind":"none","parameters":{}}}
                """).body)["id"].string)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/table", method: .post, token: officer).status == .ok)
            for input in Self.inputs {
                let page = try await p.client.submit("/decisions/\(id)/positions", input, as: session)
                let api = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: token, json: Self.json(input))
                let shown = try Self.refusal(page: page), said = try Self.refusal(api: api)
                #expect(shown == said, "\(input)")
                #expect([400, 409].contains(said.status), "\(input): \(said)")
            }
            // Nothing was recorded by any of them.
            #expect(try await p.client.json("/api/v1/decisions/\(id)")["positions"].array.isEmpty)
            // And a good position is taken through either door.
            let taken = try await p.client.submit("/decisions/\(id)/positions", ["state": "IN", "version": "1", "position": "joins"], as: session)
            #expect(taken.status == .seeOther)
            let again = try await p.client.api("/api/v1/decisions/\(id)/positions", method: .post, token: token,
                                               json: #"{"state":"IN","version":1,"position":"noObjection","statementKind":"reservation","statement":"On the date."}"#)
            #expect(again.status == .created)
        }
    }
}
