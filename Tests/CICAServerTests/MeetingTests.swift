import Foundation
import HTTPTypes
import Testing
import CICACore
import CICAStore
@testable import CICAServer
import CICATestSupport

/// A meeting as CICA holds it, over HTTP: planned by the Secretariat, its provisional agenda with a draft decision,
/// delegations and an observer registered, the agenda adopted at the opening, the decision taken in session, the
/// meeting closed and its report adopted, which later changes do not alter.
@Suite("Meetings at work over HTTP")
struct MeetingTests {
    @Test("the Senior Officials Committee meets: plan, agenda, registrations, decision in session, report frozen", arguments: TestEngine.all)
    func senior(engine: TestEngine) async throws {
        try await withPlatform(engine, workingLanguages: .default) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            // The meeting begins today, so that it can open; it lasts two days.
            let first = p.platform.today(), last = p.platform.today().next, thirdDay = p.platform.today().next.next
            let kazakhstan = try await p.token(for: try await p.user("kz@example.org", (.delegate, "KZ")))
            let india = try await p.token(for: try await p.user("in@example.org", (.delegate, "IN")))
            let japan = try #require(try await p.signIn(try await p.user("jp@example.org", (.observer, "JP")).email))

            // The Secretariat plans the meeting with the form; an end before the start is refused, naming the field.
            let refused = try await p.client.submit("/meetings/new", ["organ": "senior-officials-committee", "kind": "regular", "format": "inPerson",
                                                                      "title": "Meeting of the Senior Officials Committee", "start": "\(last)",
                                                                      "end": "\(first)", "city": "Astana", "country": "KZ", "chair": "KZ"], as: session)
            #expect(refused.status == .badRequest && refused.text.contains("before the first day"))
            #expect(refused.text.contains("value=\"Meeting of the Senior Officials Committee\""), "the form keeps what was typed")
            let notMember = try await p.client.submit("/meetings/new", ["organ": "senior-officials-committee", "kind": "regular", "format": "online",
                                                                        "title": "x", "start": "\(first)", "chair": "US"], as: session)
            #expect(notMember.status == .badRequest && notMember.text.contains("is not a Member State"))
            let planned = try await p.client.submit("/meetings/new", ["organ": "senior-officials-committee", "kind": "regular", "format": "inPerson",
                                                                      "title": "Meeting of the Senior Officials Committee", "start": "\(first)",
                                                                      "end": "\(last)", "city": "Astana", "country": "KZ", "chair": "KZ"], as: session)
            #expect(planned.status == .seeOther)
            let id = "senior-officials-committee-\(first)"
            #expect(planned.headers[.location] == "/meetings/\(id)")

            // A draft decision for the meeting, and the provisional agenda that takes it up.
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"On the calendar of meetings","organ":"senior-officials-committee","meeting":"\(id)","text":"The Committee approves the calendar.",
                 "translations":{"ru":"Комитет утверждает календарь."},"effect":{"kind":"none","parameters":{}}}
                """)
            #expect(drafted.status == .created, "\(drafted.text)")
            let decision = try #require(try JSON(drafted.body)["id"].string)
            let circulated = try await p.client.submit("/meetings/\(id)/agenda", ["items": "Opening of the meeting\nAdoption of the agenda",
                                                                                  "decision": decision], as: session)
            #expect(circulated.status == .seeOther)

            // Tabling before the opening is refused: the meeting is not in session.
            let early = try await p.client.api("/api/v1/decisions/\(decision)/table", method: .post, token: token)
            #expect(early.status == .conflict && early.problemDetail.contains("in session"))

            // Two delegations and an observer register; a delegate cannot register another state's delegation.
            #expect(try await p.client.api("/api/v1/meetings/\(id)/registrations/KZ", method: .put, token: kazakhstan,
                                           json: #"{"head":{"name":"Kairat Umarov","title":"Deputy Minister"},"members":[{"name":"Aigerim Sadykova","title":"Counsellor"}]}"#).status == .ok)
            #expect(try await p.client.api("/api/v1/meetings/\(id)/registrations/IN", method: .put, token: kazakhstan,
                                           json: #"{"head":{"name":"X"}}"#).status == .forbidden)
            // A delegate of India whose accreditation the Secretariat withdrew keeps the role but no longer speaks for India.
            let former = try await p.user("former-in@example.org", (.delegate, "IN"))
            let formerId = try #require(try await p.platform.delegations.delegation(state: "IN").record.speaker(userId: former.id, at: p.clock.now)).id
            _ = try await p.platform.delegations.withdraw(state: "IN", accreditation: formerId, actor: .commandLine(user: "t"), now: p.clock.now)
            let unaccredited = try await p.client.api("/api/v1/meetings/\(id)/registrations/IN", method: .put, token: try await p.token(for: former),
                                                      json: #"{"head":{"name":"Someone"}}"#)
            #expect(unaccredited.status == .conflict && unaccredited.problemDetail.contains("not accredited to the delegation of India"))
            #expect(try await p.client.api("/api/v1/meetings/\(id)/registrations/IN", method: .put, token: india,
                                           json: #"{"head":{"name":"Rohan Mehta","title":"Joint Secretary"}}"#).status == .ok)
            let observer = try await p.client.submit("/meetings/\(id)/registrations", ["delegation": "JP", "head": "Kenji Sato", "headTitle": "Ambassador",
                                                                                      "members": "Yui Tanaka, First Secretary"], as: japan)
            #expect(observer.status == .seeOther, "\(observer.text.prefix(300))")
            let notOwn = try await p.client.submit("/meetings/\(id)/registrations", ["delegation": "KZ", "head": "Kenji Sato"], as: japan)
            #expect(notOwn.status == .forbidden)

            // The opening adopts the agenda, amended at the meeting; the decision is taken in session.
            let opened = try await p.client.submit("/meetings/\(id)/open", ["agenda": "Opening of the meeting\nAdoption of the agenda\nOn the calendar of meetings\nAny other business"],
                                                   as: session)
            #expect(opened.status == .seeOther)
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/table", method: .post, token: token).status == .ok)
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/positions", method: .post, token: kazakhstan,
                                           json: #"{"state":"KZ","version":1,"position":"joins"}"#).status == .created)
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/positions", method: .post, token: india,
                                           json: #"{"state":"IN","version":1,"position":"noObjection","statementKind":"reservation","statement":"On the dates in March."}"#).status == .created)
            // The meeting cannot close while the decision is open.
            let tooEarly = try await p.client.api("/api/v1/meetings/\(id)/close", method: .post, token: token)
            #expect(tooEarly.status == .conflict && tooEarly.problemDetail.contains("CICA/SOC/DEC/"))
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/close", method: .post, token: token).status == .ok)
            #expect(try await p.client.submit("/meetings/\(id)/close", as: session).status == .seeOther)

            // No decision is drafted for a meeting that is over.
            let overDraft = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"Late","organ":"senior-officials-committee","meeting":"\(id)","text":"Too late.","translations":{"ru":"Поздно."},"effect":{"kind":"none","parameters":{}}}
                """)
            #expect(overDraft.status == .badRequest && overDraft.text.contains("a meeting to come"))
            // Registration is closed once the meeting is held.
            let late = try await p.client.api("/api/v1/meetings/\(id)/registrations/KZ", method: .put, token: kazakhstan, json: #"{"head":{"name":"Someone else"}}"#)
            #expect(late.status == .conflict && late.problemDetail.contains("Registration is closed"))

            // The report: drafted from the proceedings, adopted, kept as a document in English and Russian.
            let adopted = try await p.client.api("/api/v1/meetings/\(id)/report", method: .post, token: token)
            #expect(adopted.status == .created, "\(adopted.text.prefix(400))")
            let report = try JSON(adopted.body)
            let reportId = try #require(report["document"]["id"].string)
            #expect(report["document"]["kind"].string == "report" && report["document"]["meeting"].string == id)
            let english = try #require(report["revisions"].array.first { $0["language"].string == "en" }?["text"].string)
            for expected in ["Kazakhstan: Kairat Umarov, Deputy Minister (head of delegation); Aigerim Sadykova, Counsellor",
                             "India: Rohan Mehta, Joint Secretary (head of delegation)", "Japan: Kenji Sato, Ambassador (head of delegation); Yui Tanaka, First Secretary",
                             "3. On the calendar of meetings (CICA/SOC/DEC/", "4. Any other business", "On the calendar of meetings: adopted",
                             "- India: does not object; reservation: “On the dates in March.”", "- Kazakhstan: joins consensus", "In the chair: Kazakhstan.",
                             // The provisional agenda and the list of participants are documents of the meeting, registered as it went.
                             "Provisional agenda of the Meeting of the Senior Officials Committee", "List of participants of the Meeting of the Senior Officials Committee"] {
                #expect(english.contains(expected), "the report says \(expected): \(english)")
            }
            let russian = try #require(report["revisions"].array.first { $0["language"].string == "ru" }?["text"].string)
            #expect(russian.contains("глава делегации") && russian.contains("Казахстан"))
            let again = try await p.client.api("/api/v1/meetings/\(id)/report", method: .post, token: token)
            #expect(again.status == .conflict)

            // A correction of the held meeting's facts needs its reason, is recorded, and leaves the adopted report as it was.
            let unexplained = try await p.client.api("/api/v1/meetings/\(id)/facts", method: .post, token: token, json: """
                {"kind":"regular","format":"inPerson","title":"Meeting of the Senior Officials Committee","start":"\(first)","end":"\(thirdDay)","city":"Astana","country":"KZ","chair":"KZ"}
                """)
            #expect(unexplained.status == .badRequest && unexplained.text.contains("correction"))
            let corrected = try await p.client.api("/api/v1/meetings/\(id)/facts", method: .post, token: token, json: """
                {"kind":"regular","format":"inPerson","title":"Meeting of the Senior Officials Committee","start":"\(first)","end":"\(thirdDay)","city":"Astana","country":"KZ","chair":"KZ","correction":"The closing day was recorded wrongly."}
                """)
            #expect(corrected.status == .ok)
            let detail = try await p.client.json("/api/v1/meetings/\(id)")
            #expect(detail["meeting"]["status"].string == "held" && detail["meeting"]["report"].string == reportId)
            #expect(detail["corrections"].array.first?["note"].string == "The closing day was recorded wrongly.")
            // Only the dates changed, and the record says so as data.
            #expect(detail["corrections"].array.first?["changes"].array.map { $0["field"].string } == ["dates"])
            #expect(detail["corrections"].array.first?["changes"].array.first?["after"].string == "\(first)/\(thirdDay)")
            #expect(detail["registrations"].array.count == 3 && detail["adoptedAgenda"].array.count == 4)
            let reportNow = try await p.client.json("/api/v1/documents/\(reportId)")
            #expect(reportNow["revisions"].array.first { $0["language"].string == "en" }?["text"].string == english)
            #expect(reportNow["revisions"].array.count == 2, "one revision in English and one in Russian, never redrafted")

            // The page shows it all, in Russian too.
            let page = try await p.client.get("/meetings/\(id)")
            #expect(page.status == .ok)
            for expected in ["Kairat Umarov, Deputy Minister", "Kenji Sato, Ambassador", "Any other business", "The closing day was recorded wrongly.",
                             "<th scope=\"row\">Dates</th>",
                             "href=\"/documents/\(reportId)\"", "class=\"participants\""] {
                #expect(page.text.contains(expected), "the page shows \(expected)")
            }
            let russianPage = try await p.client.get("/meetings/\(id)?lang=ru")
            #expect(russianPage.text.contains("Список участников") && russianPage.text.contains("Исправления"))
            #expect(russianPage.text.contains("<th scope=\"row\">Даты</th>") && !russianPage.text.contains("regular;"), "a correction worded in Russian")
        }
    }

    @Test("a cancelled meeting keeps its reason, takes no registration, and stays in the calendar as cancelled", arguments: TestEngine.all)
    func cancelled(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let token = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            let planned = try await p.client.api("/api/v1/meetings", method: .post, token: token, json: """
                {"organ":"special-working-group","kind":"informal","format":"online","title":"Informal meeting of the Special Working Group","start":"2027-04-20"}
                """)
            #expect(planned.status == .created)
            let id = try #require(try JSON(planned.body)["meeting"]["id"].string)
            let before = try await p.client.get("/calendar.ics")
            #expect(before.text.contains("UID:meeting-\(id)@cica-platform") && before.text.contains("SEQUENCE:0"))
            #expect(try await p.client.api("/api/v1/meetings/\(id)/cancel", method: .post, token: token, json: #"{"reason":" "}"#).status == .badRequest)
            let cancelled = try await p.client.api("/api/v1/meetings/\(id)/cancel", method: .post, token: token, json: #"{"reason":"The host asked to postpone."}"#)
            #expect(cancelled.status == .ok)
            let detail = try JSON(cancelled.body)
            #expect(detail["meeting"]["status"].string == "cancelled" && detail["meeting"]["cancellation"].string == "The host asked to postpone.")
            #expect(try await p.client.api("/api/v1/meetings/\(id)/registrations/KZ", method: .put, token: token, json: #"{"head":{"name":"X"}}"#).status == .conflict)
            #expect(try await p.client.api("/api/v1/meetings/\(id)/open", method: .post, token: token, json: "{}").status == .conflict)
            let after = try await p.client.get("/calendar.ics")
            let event = after.text.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("UID:meeting-\(id)@cica-platform") } ?? ""
            #expect(event.contains("STATUS:CANCELLED") && event.contains("SEQUENCE:1"))
            #expect(before.headers[.eTag] != after.headers[.eTag])
            let page = try await p.client.get("/meetings/\(id)")
            #expect(page.text.contains("The host asked to postpone.") && page.text.contains("Cancelled"))
        }
    }

    @Test("the organ's cadence over the API: the real history, the window the next meeting is due in, and the record kept from the first meeting planned on the platform", arguments: TestEngine.all)
    func cadence(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let before = try await p.client.json("/api/v1/organs/senior-officials-committee")["cadenceReport"]
            let years = Dictionary(uniqueKeysWithValues: before["years"].array.compactMap { y in y["year"].int.map { ($0, y) } })
            #expect(years[2016]?["status"].string == "fewerThanRequired" && years[2019]?["status"].string == "noneRecorded")
            #expect(years[2023]?["count"].int == 3 && years[2023]?["meetings"].array.count == 3)
            #expect(before["due"]["to"].string == "2026-12-31" && before["completeFrom"].string == nil)
            let token = try await p.token(for: try await p.user("officer@example.org", (.secretariat, nil)))
            #expect(try await p.client.api("/api/v1/meetings", method: .post, token: token, json: """
                {"organ":"senior-officials-committee","kind":"regular","format":"online","title":"Meeting of the SOC","start":"2027-02-10"}
                """).status == .created)
            let after = try await p.client.json("/api/v1/organs/senior-officials-committee")["cadenceReport"]
            let year = CivilDate(p.clock.now).year
            #expect(after["completeFrom"].string == "\(year)-01-01")
            #expect(after["plannedMeeting"].string == "senior-officials-committee-2027-02-10")
            // Years before the platform kept the record stay "none on record"; none is called missed.
            #expect(!after["years"].array.contains { $0["status"].string == "missed" })
            let page = try await p.client.get("/organs/senior-officials-committee")
            #expect(page.text.contains("keeps this organ") && page.text.contains("Next due between"))
        }
    }
}

/// Mandates of the Special Working Group and the follow-up of the Committee's decisions over HTTP.
@Suite("Mandates and follow-up over HTTP")
struct MandateHTTPTests {
    @Test("the Committee gives the Group a mandate, the Group reports; the Committee follows up its decision; both organs' pages show it", arguments: TestEngine.all)
    func mandates(engine: TestEngine) async throws {
        try await withPlatform(engine) { p in
            let officer = try await p.user("officer@example.org", (.secretariat, nil))
            let session = try #require(try await p.signIn(officer.email))
            let token = try await p.token(for: officer)
            let drafted = try await p.client.api("/api/v1/decisions", method: .post, token: token, json: """
                {"title":"On the implementation plan","organ":"senior-officials-committee","text":"The Committee asks the Group for a plan.","effect":{"kind":"none","parameters":{}}}
                """)
            let decision = try #require(try JSON(drafted.body)["id"].string)
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/table", method: .post, token: token).status == .ok)
            #expect(try await p.client.api("/api/v1/decisions/\(decision)/close", method: .post, token: token).status == .ok)
            let deadline = CivilDate(p.clock.now.addingTimeInterval(60 * 86_400)).description
            let past = try await p.client.submit("/mandates", ["task": "Draft the plan", "deadline": "2020-01-01"], as: session)
            #expect(past.status == .badRequest && past.text.contains("in the past") && past.text.contains("Draft the plan"))
            #expect(try await p.client.submit("/mandates", ["task": "Draft the implementation plan of the Road Map", "deadline": deadline, "decision": decision],
                                              as: session).status == .seeOther)
            let listed = try await p.client.json("/api/v1/mandates")["items"].array
            let mandate = try #require(listed.first?["id"].string)
            #expect(listed.first?["status"].string == "open" && listed.first?["decision"].string == decision)

            let report = try await p.client.api("/api/v1/documents", method: .post, token: token,
                                                json: #"{"title":"Report of the Special Working Group on the implementation plan","kind":"report","access":"public","organ":"special-working-group"}"#)
            let symbol = try #require(try JSON(report.body)["document"]["symbol"].string)
            #expect(try await p.client.api("/api/v1/mandates/\(mandate)/report", method: .post, token: token, json: #"{"document":"\#(symbol)"}"#).status == .ok)
            #expect(try await p.client.api("/api/v1/mandates/\(mandate)/report", method: .post, token: token, json: #"{"document":"\#(symbol)"}"#).status == .conflict)
            #expect(try await p.client.json("/api/v1/mandates")["items"].array.first?["status"].string == "reported")

            #expect(try await p.client.submit("/follow-ups", ["decision": decision, "status": "inProgress", "note": "Consultations under way"], as: session).status == .seeOther)
            let followUps = try await p.client.json("/api/v1/follow-ups")["items"].array
            #expect(followUps.first { $0["decision"].string == decision }?["status"].string == "inProgress")
            let notCommittee = try await p.client.api("/api/v1/follow-ups/history-admission-kw", method: .put, token: token, json: #"{"status":"done"}"#)
            #expect(notCommittee.status == .badRequest)

            for slug in ["senior-officials-committee", "special-working-group"] {
                let page = try await p.client.get("/organs/\(slug)")
                #expect(page.text.contains("Draft the implementation plan of the Road Map") && page.text.contains("reported to the Committee"), "\(slug)")
            }
            let committee = try await p.client.get("/organs/senior-officials-committee?lang=ru")
            #expect(committee.text.contains("Выполнение решений Комитета") && committee.text.contains("Consultations under way"))
        }
    }
}
