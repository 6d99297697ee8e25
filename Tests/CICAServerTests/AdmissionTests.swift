import Foundation
import HTTPTypes
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// An application for membership from the letter to admission, each step on the state's page and in the API.
@Suite("Admission step by step over HTTP")
struct AdmissionHTTPTests {
    @Test("Nepal applies, is found eligible, recommended by the Senior Officials Committee, admitted by the Ministerial Council and signs", arguments: TestEngine.all)
    func nepal(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            let before = try await p.client.get("/admissions/NP")
            #expect(before.status == .ok && before.text.contains("may apply to join CICA") && before.text.contains("not recorded"))
            #expect(try await p.client.get("/eligibility?code=NP").text.contains("href=\"/admissions/NP\""))

            // The letter, registered, then recorded as the application; a step out of order is refused.
            let letter = try await p.client.api("/api/v1/documents", method: .post, token: token,
                                                json: #"{"title":"Letter of the Minister for Foreign Affairs of Nepal applying for membership","kind":"noteVerbale","access":"public","date":"2026-09-01"}"#)
            let symbol = try #require(try JSON(letter.body)["document"]["symbol"].string)
            let early = try await p.client.submit("/admissions/NP", ["step": "recommendation", "date": "2026-09-02"], as: session)
            #expect(early.status == .conflict && early.text.contains("not recorded yet"))
            let missing = try await p.client.submit("/admissions/NP", ["step": "application", "date": "2026-09-02"], as: session)
            #expect(missing.status == .badRequest && missing.text.contains("letter of application"))
            #expect(try await p.client.submit("/admissions/NP", ["step": "application", "date": "2026-09-02", "document": symbol], as: session).status == .seeOther)
            #expect(try await p.client.submit("/admissions/NP", ["step": "eligibility", "date": "2026-09-10"], as: session).status == .seeOther)

            // The Committee recommends (an adopted decision), the Council admits (the admission effect), Nepal signs.
            func adopt(_ organ: String, _ effect: String) async throws -> String {
                let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                    {"title":"On Nepal","organ":"\(organ)","text":"Nepal.","effect":\(effect)}
                    """)
                let id = try #require(try JSON(drafted.body)["id"].string)
                #expect(try await p.client.api("/api/v1/decisions/\(id)/table", method: .post, token: token).status == .ok)
                #expect(try await p.client.api("/api/v1/decisions/\(id)/close", method: .post, token: token).status == .ok)
                return id
            }
            let recommendation = try await adopt("senior-officials-committee", #"{"kind":"none","parameters":{}}"#)
            let recorded = try await p.client.api("/api/v1/admissions/NP/steps", method: .post, token: token,
                                                  json: #"{"step":"recommendation","date":"2026-10-01","decision":"\#(recommendation)"}"#)
            let next = try JSON(recorded.body)["next"].string
            #expect(recorded.status == .created && next == "admission")
            let tooSoon = try await p.client.api("/api/v1/admissions/NP/steps", method: .post, token: token, json: #"{"step":"almatyActSigned","date":"2026-10-02"}"#)
            #expect(tooSoon.status == .conflict)
            let admission = try await adopt("ministerial-council", #"{"kind":"admitMemberState","parameters":{"state":"NP"}}"#)
            #expect(try await p.client.api("/api/v1/admissions/NP/steps", method: .post, token: token,
                                           json: #"{"step":"declarationSigned","date":"\#(CivilDate(p.clock.now))"}"#).status == .created)

            let record = try await p.client.json("/api/v1/admissions/NP")
            let steps = record["steps"].array
            #expect(steps.map { $0["step"].string ?? "" } == ["application", "eligibility", "recommendation", "admission", "declarationSigned"])
            #expect(steps[1]["verdict"].string == "eligible" && steps[3]["decision"].string == admission && steps[3]["source"].string == "decision")
            #expect(record["next"].string == "almatyActSigned")
            let page = try await p.client.get("/admissions/NP")
            for expected in ["is a Member State of CICA", symbol, "Letter of the Minister for Foreign Affairs of Nepal", "Recommended by the Senior Officials Committee",
                             "href=\"/decisions/\(admission)\"", "Almaty Act signed"] {
                #expect(page.text.contains(expected), "the page shows \(expected)")
            }
            #expect(try await p.client.get("/member-states/NP").text.contains("href=\"/admissions/NP\""))
            let russian = try await p.client.get("/admissions/NP?lang=ru")
            #expect(russian.text.contains("Получено письмо с заявкой"))

            // A recorded step is never changed; past admissions show what the record gives.
            let again = try await p.client.api("/api/v1/admissions/NP/steps", method: .post, token: token, json: #"{"step":"application","date":"2026-09-03","document":"\#(symbol)"}"#)
            #expect(again.status == .conflict)
            let kuwait = try await p.client.json("/api/v1/admissions/KW")
            #expect(kuwait["steps"].array.map { $0["step"].string ?? "" } == ["admission"])
            let kazakhstan = try await p.client.json("/api/v1/admissions/KZ")
            #expect(kazakhstan["steps"].array.first { $0["step"].string == "declarationSigned" }?["date"].string == "1999-09-14")
            #expect(try await p.client.get("/api/v1/admissions/XX").status == .notFound)
        }
    }
}

/// The chair passes by a decision of a competent organ.
@Suite("The chairmanship by decision over HTTP")
struct ChairmanshipHTTPTests {
    @Test("the Ministerial Council passes the chair to India: Azerbaijan's term ends that day; the Committee is not competent", arguments: TestEngine.all)
    func passes(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let token = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let refused = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"Chair","organ":"senior-officials-committee","text":"India chairs.","effect":{"kind":"assumeChairmanship","parameters":{"state":"IN"}}}
                """)
            #expect(refused.status == .badRequest)
            let notMember = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"Chair","organ":"ministerial-council","text":"Japan chairs.","effect":{"kind":"assumeChairmanship","parameters":{"state":"JP"}}}
                """)
            #expect(notMember.status == .badRequest && notMember.text.contains("Member State"))
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"On the chairmanship","organ":"ministerial-council","text":"India chairs CICA.","effect":{"kind":"assumeChairmanship","parameters":{"state":"IN"}}}
                """)
            let id = try #require(try JSON(drafted.body)["id"].string)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/table", method: .post, token: token).status == .ok)
            #expect(try await p.client.api("/api/v1/decisions/\(id)/close", method: .post, token: token).status == .ok)
            let today = CivilDate(p.clock.now).description
            let chairs = try await p.client.json("/api/v1/chairmanships")["items"].array
            let india = try #require(chairs.first { $0["state"]["code"].string == "IN" })
            #expect(india["start"].string == today && india["current"].bool == true)
            let azerbaijan = try #require(chairs.first { $0["state"]["code"].string == "AZ" })
            #expect(azerbaijan["end"].string == today && azerbaijan["current"].bool == false)
            let page = try await p.client.get("/chairmanship?date=\(today)")
            #expect(page.text.contains("India chaired CICA") && page.text.contains("href=\"/sources/decision-\(id)\""))
            #expect(try await p.client.get("/chairmanship?date=yesterday").status == .badRequest)
        }
    }
}

/// The Secretariat's personnel over HTTP: the public directory, contract details for the Secretariat only.
@Suite("The Secretariat's personnel over HTTP")
struct SecretariatHTTPTests {
    @Test("appointments recorded by the Secretariat; contracts seen only by it; one Secretary General at a time", arguments: TestEngine.all)
    func staff(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            let delegate = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let today = CivilDate(p.clock.now)
            let soon = CivilDate(p.clock.now.addingTimeInterval(30 * 86_400)).description
            #expect(try await p.client.submit("/secretariat/staff", ["category": "professional", "title": "Counsellor for the economic dimension",
                                                                     "name": "Rohan Mehta", "secondedBy": "IN", "start": "2026-01-10"], as: session).status == .seeOther)
            let support = try await p.client.api("/api/v1/secretariat/staff", method: .post, token: token, json: """
                {"category":"support","title":"Interpreter","name":"Aliya Nurlanova","contractEnd":"\(soon)","start":"2025-12-01"}
                """)
            #expect(support.status == .created)
            let missing = try await p.client.submit("/secretariat/staff", ["category": "professional", "title": "Counsellor", "name": "X", "start": "2026-01-10"], as: session)
            #expect(missing.status == .badRequest && missing.text.contains("seconds a professional"))
            // The Secretary General and the Deputy of the record serve: a second one is refused, naming who serves.
            let second = try await p.client.api("/api/v1/secretariat/staff", method: .post, token: token,
                                                json: #"{"category":"secretaryGeneral","title":"Secretary General","name":"Second","start":"2026-01-01"}"#)
            #expect(second.status == .conflict && second.problemDetail.contains("one Secretary General at a time") && second.problemDetail.contains("Kairat Sarybay"))
            let deputy = try await p.client.api("/api/v1/secretariat/staff", method: .post, token: token,
                                                json: #"{"category":"deputySecretaryGeneral","title":"Deputy Secretary General","name":"Other","start":"2026-01-01"}"#)
            #expect(deputy.status == .conflict && deputy.problemDetail.contains("Zhang Ling"))
            let overridden = try await p.client.api("/api/v1/secretariat/staff", method: .post, token: token,
                                                    json: #"{"category":"professional","title":"Counsellor","name":"Ali ‮veyeD","secondedBy":"KZ","start":"2026-01-10"}"#)
            #expect(overridden.status == .badRequest)
            // The public directory: names, posts, seconding state; no contract.
            let public_ = try await p.client.json("/api/v1/secretariat/staff")
            #expect(public_["items"].array.count == 2 && public_["contractsEnding"].array.isEmpty)
            #expect(!public_["items"].array.contains { $0["contractEnd"].string != nil })
            let page = try await p.client.get("/secretariat")
            #expect(page.text.contains("Rohan Mehta") && page.text.contains("India") && !page.text.contains(soon) && page.text.contains("Astana"))
            let asDelegate = try await p.client.api("/api/v1/secretariat/staff", token: delegate)
            #expect(!(try JSON(asDelegate.body))["items"].array.contains { $0["contractEnd"].string != nil })
            // The Secretariat sees the contract, and that it ends within 90 days.
            let own = try await p.client.api("/api/v1/secretariat/staff", token: token)
            let json = try JSON(own.body)
            #expect(json["contractsEnding"].array.map { $0["name"].string ?? "" } == ["Aliya Nurlanova"])
            let officerPage = try await p.client.get("/secretariat", headers: [.cookie: "cica_session=\(session.cookie)"])
            #expect(officerPage.text.contains("Contracts ending within 90 days") && officerPage.text.contains("Aliya Nurlanova"))
            // A term ends on its last day, once.
            let professional = try #require(json["items"].array.first { $0["name"].string == "Rohan Mehta" }?["id"].string)
            #expect(try await p.client.api("/api/v1/secretariat/staff/\(professional)/end", method: .post, token: token, json: #"{"end":"2026-06-30"}"#).status == .ok)
            #expect(try await p.client.api("/api/v1/secretariat/staff/\(professional)/end", method: .post, token: token, json: #"{"end":"2026-07-30"}"#).status == .conflict)
            _ = today
        }
    }
}

/// Partners and their memoranda over HTTP.
@Suite("External relations over HTTP")
struct PartnerHTTPTests {
    @Test("the Secretariat records a memorandum with a partner; its page shows it; a future date or an unknown document is refused", arguments: TestEngine.all)
    func memorandum(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            let page = try await p.client.get("/partners/eco")
            #expect(page.status == .ok && page.text.contains("Economic Cooperation Organization") && page.text.contains("2008-08-25 (inferred)"))
            #expect(try await p.client.get("/observers").text.contains("href=\"/partners/eco\""))
            let future = try await p.client.submit("/partners/eco/memoranda", ["instrument": "Protocol of cooperation", "signed": "2099-01-01"], as: session)
            #expect(future.status == .badRequest && future.text.contains("in the future"))
            let unknown = try await p.client.api("/api/v1/partners/eco/memoranda", method: .post, token: token,
                                                 json: #"{"instrument":"Protocol","signed":"2026-05-01","document":"CICA/NOPE/1"}"#)
            #expect(unknown.status == .badRequest)
            #expect(try await p.client.submit("/partners/eco/memoranda", ["instrument": "Protocol of cooperation for 2026–2028", "signed": "2026-05-01",
                                                                          "place": "Astana", "document": "almaty-act-2002", "status": "inForce"], as: session).status == .seeOther)
            let detail = try await p.client.json("/api/v1/partners/eco")
            #expect(detail["memoranda"].array.first?["status"].string == "inForce" && detail["memoranda"].array.first?["document"].string == "almaty-act-2002")
            let after = try await p.client.get("/partners/eco?lang=ru")
            #expect(after.text.contains("Protocol of cooperation for 2026–2028") && after.text.contains("действует"))
            #expect(try await p.client.get("/partners/nowhere").status == .notFound)
            // A memorandum held in a Secretariat-only document does not name it to those who may not read it.
            let secret = try await p.client.api("/api/v1/documents", method: .post, token: token,
                                                json: #"{"title":"Internal note on the protocol","kind":"memorandum","access":"secretariat"}"#)
            let secretId = try #require(try JSON(secret.body)["document"]["id"].string)
            #expect(try await p.client.api("/api/v1/partners/eco/memoranda", method: .post, token: token,
                                           json: #"{"instrument":"Annex","signed":"2026-06-01","document":"\#(secretId)"}"#).status == .created)
            let anonymous = try await p.client.get("/api/v1/partners/eco")
            #expect(!anonymous.text.contains(secretId))
            #expect(try await p.client.api("/api/v1/partners/eco", token: token).text.contains(secretId))
        }
    }
}
