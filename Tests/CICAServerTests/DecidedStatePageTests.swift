import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// What the record keeps, as people see it: an observer admitted shows both periods; a decision the closer could not
/// close is shown to the Secretariat and in `/health`.
@Suite("Decided state on the pages")
struct DecidedStatePageTests {
    static let officer = Actor(userId: nil, label: "officer@example.org", role: "secretariat", requestId: nil, address: nil)

    @Test("Saudi Arabia admitted: its page shows the observer period and membership; it leaves the observers page", arguments: TestEngine.all)
    func history(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let now = p.clock.now
            let draft = try await p.platform.decisions.create(
                NewDraft(title: "Admission of Saudi Arabia", organ: "ministerial-council", meeting: nil, text: "The Council admits Saudi Arabia.",
                         effectKind: "admitMemberState", effectParameters: ["state": "SA"]), actor: Self.officer, now: now)
            _ = try await p.platform.decisions.table(id: draft.id, actor: Self.officer, now: now)
            #expect(try await p.platform.decisions.close(id: draft.id, actor: Self.officer, now: now).status == .adopted)

            let page = String(buffer: try await p.client.get("/member-states/SA").body)
            #expect(page.contains("<h2 id=\"history\">History</h2>"))
            #expect(page.contains("Observer from 26 December 2023 to \(Localizer(.en).date(CivilDate(now)))"))
            #expect(page.contains("href=\"/decisions/\(draft.id)\">by decision</a>"))
            let russian = String(buffer: try await p.client.get("/member-states/SA?lang=ru").body)
            #expect(russian.contains("Наблюдатель с 26 декабря 2023 г. по"))
            let observers = String(buffer: try await p.client.get("/observers").body)
            #expect(!observers.contains("href=\"/member-states/SA\"") && !observers.contains(">Saudi Arabia<"))
            #expect(try await p.client.json("/api/v1/member-states")["items"].array.count == 29)
        }
    }

    @Test("a decision the closer could not close: on its page, among the open decisions, in /health; the others closed", arguments: TestEngine.all)
    func attention(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let now = p.clock.now
            let deadline = now.addingTimeInterval(72 * 3600)
            try await accreditDelegates(p.platform.database)
            var ids: [String] = []
            for _ in 0..<2 {
                let d = try await p.platform.decisions.create(
                    NewDraft(title: "Admission of Nepal", organ: "summit", meeting: nil, text: "The Summit decides to admit Nepal.",
                             effectKind: "admitMemberState", effectParameters: ["state": "NP"]), actor: Self.officer, now: now)
                _ = try await p.platform.decisions.circulate(id: d.id, deadline: deadline, actor: Self.officer, now: now)
                ids.append(d.id)
            }
            #expect(try await p.client.json("/health")["needsAttention"].array.isEmpty)
            let result = try await p.platform.decisions.closeDue(actor: SilenceProcedureCloser.actor, now: deadline)
            let marked = try #require(result.first { $0.attention != nil })
            #expect(result.filter { $0.status == .adopted }.count == 1)

            let health = try await p.client.json("/health")
            #expect(health["needsAttention"].array.count == 1)
            #expect(health["needsAttention"][0]["symbol"].string == marked.symbol)
            #expect(health["needsAttention"][0]["reason"].string?.contains("Nepal is already a Member State") == true)
            let page = String(buffer: try await p.client.get("/decisions/\(marked.id)").body)
            #expect(page.contains("Needs the Secretariat&#39;s attention") || page.contains("Needs the Secretariat’s attention")
                    || page.contains("Needs the Secretariat's attention"))
            #expect(page.contains("its effect cannot be applied"))
            let api = try await p.client.json("/api/v1/decisions/\(marked.id)")
            #expect(api["decision"]["attention"]["reason"].string?.contains("Nepal is already a Member State") == true)
            #expect(api["decision"]["status"].string == "open")
            let list = String(buffer: try await p.client.get("/decisions").body)
            #expect(list.contains("class=\"attention\""))
            let russian = try await p.client.execute(uri: "/health", method: .get, headers: [.acceptLanguage: "ru"])
            #expect(try JSON(russian.body)["needsAttention"][0]["reason"].string?.contains("не может вступить в силу") == true)
        }
    }

    @Test("a historical decision shows what the sources say: no organ where none is named, the year, the platform's summary, no positions",
          arguments: TestEngine.all)
    func historical(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let page = String(buffer: try await client.get("/decisions/history-admission-mn").body)
            #expect(page.contains("<dd><em>Not recorded in the sources</em>"))
            #expect(page.contains("<dt>Date</dt><dd>2001</dd>"))
            #expect(!page.contains("1 January 2001"))
            #expect(page.contains("The platform&#39;s summary from the sources"))
            #expect(page.contains("the sources do not record the positions") && !page.contains("class=\"matrix\""))
            let kuwait = String(buffer: try await client.get("/decisions/history-admission-kw").body)
            #expect(kuwait.contains("href=\"/organs/summit\"") && kuwait.contains("<dt>Date</dt><dd>13 October 2022</dd>"))
            let api = try await client.json("/api/v1/decisions/history-admission-mn")
            #expect(api["decision"]["organ"].isNull && api["decision"]["recordedDate"].string == "2001")
            let russian = String(buffer: try await client.get("/decisions/history-admission-mn?lang=ru").body)
            #expect(russian.contains("В источниках не указан") && russian.contains("<dd>2001 г.</dd>"))
        }
    }

    @Test("states that were observers before they joined show both periods; the organ pages name the reading applied", arguments: TestEngine.all)
    func shippedHistory(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let qatar = String(buffer: try await client.get("/member-states/QA").body)
            #expect(qatar.contains("Observer from 25 August 2008 to May 2014") && qatar.contains("Member State since May 2014"))
            let korea = String(buffer: try await client.get("/member-states/KR").body)
            #expect(korea.contains("Observer until 17 June 2006 (since when, the sources do not say)"))
            let kazakhstan = String(buffer: try await client.get("/member-states/KZ").body)
            #expect(!kazakhstan.contains("id=\"history\""), "never an observer")
            let observers = String(buffer: try await client.get("/observers").body)
            #expect(!observers.contains(">Qatar<"))
            let council = String(buffer: try await client.get("/organs/ministerial-council").body)
            #expect(council.contains("The platform applies a regular meeting every two years"))
            let soc = String(buffer: try await client.get("/organs/senior-officials-committee").body)
            #expect(soc.contains("The platform applies at least two meetings a year"))
        }
    }
}
