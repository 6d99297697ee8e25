import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// A Member State offers to coordinate a priority area; the Senior Officials Committee decides; the area's page keeps
/// the history with the decisions as sources.
@Suite("Coordination offers")
struct CoordinationTests {
    static let officer = Actor(userId: nil, label: "officer@example.org", role: "secretariat", requestId: nil, address: nil)
    static let area = "trade-and-investment"

    @Test("a delegate of Kazakhstan offers to co-coordinate; the Committee adopts it; the area shows it with the decision as its source",
          arguments: TestEngine.all)
    func offer(engine: TestEngine) async throws {
        try await withPlatform(engine, workingLanguages: .default) { p in
            let delegate = try await p.user("kz@example.org", (.delegate, "KZ"))
            let session = try #require(try await p.signIn(delegate.email))
            let india = try await p.token(for: try await p.user("in@example.org", (.delegate, "IN")))

            // The page offers the delegate their own state alone.
            let page = try await p.client.get("/catalogue/areas/\(Self.area)", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(page.status == .ok && page.text.contains("action=\"/catalogue/areas/\(Self.area)/offers\""))
            #expect(page.text.contains("<option value=\"KZ\" selected>") && !page.text.contains("<option value=\"IN\""))
            #expect(page.text.contains("Kyrgyzstan") && page.text.contains("not recorded in the sources"), "the record's coordinator, start not given")

            // The offer is drafted for the Committee, worded in English and Russian.
            let offered = try await p.client.submit("/catalogue/areas/\(Self.area)/offers", ["state": "KZ", "role": "coCoordinator"], as: session)
            #expect(offered.status == .seeOther)
            let location = try #require(offered.headers[.location])
            let id = String(location.dropFirst("/decisions/".count))
            let draft = try #require(try await p.platform.decisions.decision(id: id))
            #expect(draft.decision.organ == "senior-officials-committee" && draft.decision.status == .drafting)
            #expect(draft.decision.effectKind == AssignCoordinator.kind && draft.decision.effectParameters["state"] == "KZ")
            #expect(draft.versions.first?.translations["ru"]?.contains("сокоординатором") == true)
            // The same offer again, another state's, and a coordinator for an area that has one, are refused with reasons.
            let again = try await p.client.submit("/catalogue/areas/\(Self.area)/offers", ["state": "KZ", "role": "coCoordinator"], as: session)
            #expect(again.status == .conflict && again.text.contains("already before the Senior Officials Committee"))
            #expect(try await p.client.submit("/catalogue/areas/\(Self.area)/offers", ["state": "IN", "role": "coCoordinator"], as: session).status == .forbidden)
            let coordinator = try await p.client.api("/api/v1/priority-areas/\(Self.area)/offers", method: .post, token: india,
                                                     json: #"{"state":"IN","role":"coordinator"}"#)
            #expect(coordinator.status == .conflict && coordinator.problemDetail.contains("has a coordinator, Kyrgyzstan"))
            let api = try await p.client.json("/api/v1/priority-areas/\(Self.area)")
            #expect(api["offers"].array.map { $0["decision"].string } == [id])

            // The Committee adopts it: the coordination begins that day, citing the decision.
            _ = try await p.platform.decisions.table(id: id, actor: Self.officer, now: p.clock.now)
            #expect(try await p.platform.decisions.close(id: id, actor: Self.officer, now: p.clock.now).status == .adopted)
            let detail = try await p.client.json("/api/v1/priority-areas/\(Self.area)")
            #expect(detail["area"]["coCoordinators"].array.map { $0["code"].string } == ["KZ"])
            let kazakhstan = try #require(detail["terms"].array.first { $0["state"]["code"].string == "KZ" })
            #expect(kazakhstan["startedBy"].string == id && kazakhstan["from"].string == CivilDate(p.clock.now).description && kazakhstan["until"].isNull)
            #expect(detail["offers"].array.isEmpty)
            // The area's facts now cite the decision among their sources.
            #expect(detail["area"]["provenance"]["sources"].array.contains { $0["id"].string == "decision-\(id)" })
            let after = try await p.client.get("/catalogue/areas/\(Self.area)")
            #expect(after.text.contains("href=\"/decisions/\(id)\">\(draft.decision.symbol)</a>"), "the history links the decision")
            let russian = try await p.client.get("/catalogue/areas/\(Self.area)?lang=ru")
            #expect(russian.text.contains("Координация во времени") && russian.text.contains("Казахстан"))
            #expect(try await p.client.get("/catalogue").text.contains("href=\"/catalogue/areas/\(Self.area)\""))
            #expect(try await p.client.get("/catalogue/areas/nowhere").status == .notFound)
        }
    }
}
