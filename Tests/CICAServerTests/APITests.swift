import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICATestSupport

@Suite("API")
struct APITests {
    @Test("health names the engine and the dataset; the contract is served", arguments: TestEngine.all)
    func health(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let health = try await client.json("/health")
            #expect(health["status"].string == "ok")
            #expect(health["database"].string == engine.rawValue)
            #expect(health["datasetVersion"].string == "2026-11-30.3")
            let spec = try await client.get("/openapi.yaml")
            #expect(spec.status == .ok)
            #expect(spec.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(String(buffer: spec.body).contains("operationId: listMemberStates"))
        }
    }

    @Test("Member States: 28, by name, with provenance; pages follow the cursor", arguments: TestEngine.all)
    func memberStates(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let all = try await client.json("/api/v1/member-states")
            #expect(all["items"].array.count == 28)
            #expect(all["nextCursor"].isNull)
            let first = all["items"][0]
            #expect(first["code"].string == "AF" && first["founding"].bool == true && first["accession"].string == "1999-09-14")
            #expect(first["provenance"]["confidence"].string == "confirmed")
            #expect(first["provenance"]["sources"][0]["url"].string?.hasPrefix("http") == true)

            var codes: [String] = []
            var uri = "/api/v1/member-states?limit=10"
            while true {
                let page = try await client.json(uri)
                codes += page["items"].array.compactMap { $0["code"].string }
                guard let cursor = page["nextCursor"].string else { break }
                uri = "/api/v1/member-states?limit=10&cursor=\(cursor)"
            }
            #expect(codes == all["items"].array.compactMap { $0["code"].string })

            #expect(try await client.json("/api/v1/member-states?founding=true")["items"].array.count == 15)
            #expect(try await client.json("/api/v1/member-states?founding=false")["items"].array.count == 13)
        }
    }

    @Test("one Member State, by code in any case", arguments: TestEngine.all)
    func memberState(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let kazakhstan = try await client.json("/api/v1/member-states/kz")
            #expect(kazakhstan["code"].string == "KZ")
            #expect(kazakhstan["geography"]["asia"].string == "part")
            #expect(kazakhstan["coordinations"].array.contains { $0["priorityArea"].string == "military-political-dimension" && $0["role"].string == "coordinator" })
            #expect(kazakhstan["chairmanships"].array.count == 2)
            #expect(kazakhstan["chairmanships"].array.allSatisfy { $0["current"].bool == false })
            let thailand = try await client.json("/api/v1/member-states/TH")
            #expect(thailand["notes"][0]["topic"].string == "Thailand accession")
        }
    }

    @Test("unknown codes and bad parameters get problem+json that names them", arguments: TestEngine.all)
    func errors(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/api/v1/member-states/XX", .notFound, "XX"),
                ("/api/v1/member-states/BR", .notFound, "BR"),
                ("/api/v1/organs/parliament", .notFound, "parliament"),
                ("/api/v1/meetings/summit-99", .notFound, "summit-99"),
                ("/api/v1/eligibility/XX", .notFound, "XX"),
                ("/api/v1/eligibility/kaz", .badRequest, "code"),
                ("/api/v1/member-states?limit=abc", .badRequest, "limit"),
                ("/api/v1/member-states?limit=0", .badRequest, "limit"),
                ("/api/v1/member-states?limit=201", .badRequest, "limit"),
                ("/api/v1/member-states?founding=maybe", .badRequest, "founding"),
                ("/api/v1/member-states?cursor=not-ours", .badRequest, "cursor"),
                ("/api/v1/observers?kind=bogus", .badRequest, "kind"),
                ("/api/v1/meetings?organ=parliament", .badRequest, "organ"),
                ("/api/v1/meetings?year=1800", .badRequest, "year"),
                ("/api/v1/meetings?kind=secret", .badRequest, "kind"),
                ("/api/v1/documents?kind=memo", .badRequest, "kind"),
                ("/api/v1/priority-areas?dimension=cultural", .badRequest, "dimension"),
                ("/api/v1/priority-areas?state=1", .badRequest, "state"),
                ("/api/v1/no-such-thing", .notFound, "/api/v1/no-such-thing"),
            ]
            for (uri, status, named) in cases {
                let response = try await client.get(uri)
                #expect(response.status == status, "\(uri)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                let problem = try JSON(response.body)
                #expect(problem["status"].int == Int(status.code), "\(uri)")
                #expect(problem["detail"].string?.contains(named) == true, "\(uri): \(problem["detail"].string ?? "")")
                #expect(problem["requestId"].string == response.headers[HTTPField.Name("X-Request-Id")!], "\(uri)")
                if status == .badRequest {
                    #expect(problem["errors"].array.contains { $0["field"].string == named }, "\(uri)")
                }
            }
        }
    }

    @Test("observers, partners, organs, chairmanships", arguments: TestEngine.all)
    func registry(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let organizations = try await client.json("/api/v1/observers?kind=organization")["items"].array
            #expect(organizations.count == 5 && organizations.contains { $0["acronym"].string == "UN" })
            #expect(try await client.json("/api/v1/observers?kind=state")["items"].array.count == 10)
            let partners = try await client.json("/api/v1/partners")["items"].array
            #expect(partners.count == 9 && partners.contains { $0["acronym"].string == "SCO" && $0["signed"].string == "2014-05-20" })
            let organs = try await client.json("/api/v1/organs")["items"].array
            #expect(organs.map { $0["slug"].string } == ["summit", "ministerial-council", "senior-officials-committee", "special-working-group", "secretariat"])
            #expect(organs[2]["cadence"]["description"].string == "As often as necessary, but at least twice a year")
            let chairs = try await client.json("/api/v1/chairmanships")["items"].array
            #expect(chairs.filter { $0["current"].bool == true }.map { $0["state"]["code"].string } == ["AZ"])
        }
    }

    @Test("an organ with its cadence report", arguments: TestEngine.all)
    func organ(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let summit = try await client.json("/api/v1/organs/summit")
            #expect(summit["organ"]["cadence"]["years"].int == 4)
            #expect(summit["cadenceReport"]["lastMeeting"].string == "summit-6")
            #expect(summit["cadenceReport"]["nextDue"].string == "2026-12-31")
            #expect(summit["cadenceReport"]["overdue"].bool == false)
            #expect(summit["cadenceReport"]["intervals"].array.compactMap { $0["exceeded"].bool } == [false, false, false, true, false])
            let council = try await client.json("/api/v1/organs/ministerial-council")
            #expect(council["cadenceReport"]["intervals"].array.allSatisfy { $0["exceeded"].bool == true })
            #expect(summit["cadenceReport"]["plannedMeeting"].string == "summit-7")
            #expect(summit["cadenceReport"]["intervals"].array.count == 5)
            let soc = try await client.json("/api/v1/organs/senior-officials-committee")
            let years = soc["cadenceReport"]["years"].array
            #expect(years.first { $0["year"].int == 2023 }?["status"].string == "met")
            #expect(soc["notes"][0]["id"].string == "soc-frequency")
        }
    }

    @Test("meetings newest first, filtered, with their chair; one meeting with its documents", arguments: TestEngine.all)
    func meetings(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let summits = try await client.json("/api/v1/meetings?organ=summit")["items"].array
            #expect(summits.map { $0["id"].string } == ["summit-7", "summit-6", "summit-5", "summit-4", "summit-3", "summit-2", "summit-1"])
            #expect(summits[1]["chair"]["code"].string == "KZ")
            #expect(summits[0]["status"].string == "planned")
            let informal = try await client.json("/api/v1/meetings?organ=ministerial-council&kind=informal")["items"].array
            #expect(informal.count == 3)
            let in2023 = try await client.json("/api/v1/meetings?year=2023")["items"].array
            #expect(!in2023.isEmpty && in2023.allSatisfy { $0["start"].string?.hasPrefix("2023") == true })
            let summit = try await client.json("/api/v1/meetings/summit-1")
            #expect(summit["documents"].array.contains { $0["id"].string == "almaty-act-2002" })
        }
    }

    @Test("the Catalogue: 5 dimensions, 18 priority areas, coordinators", arguments: TestEngine.all)
    func catalogue(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let dimensions = try await client.json("/api/v1/dimensions")["items"].array
            #expect(dimensions.count == 5)
            #expect(dimensions.reduce(0) { $0 + $1["priorityAreas"].array.count } == 18)
            let areas = try await client.json("/api/v1/priority-areas")["items"].array
            #expect(areas.count == 18)
            let human = try #require(areas.first { $0["slug"].string == "human-dimension" })
            #expect(human["coordinator"]["code"].string == "UZ" && human["coordinator"]["name"].string == "Uzbekistan")
            #expect(human["coCoordinators"].array.compactMap { $0["code"].string } == ["CN", "IN", "KZ", "KG"])
            #expect(try await client.json("/api/v1/priority-areas?dimension=economic")["items"].array.count == 8)
            let kazakhstan = try await client.json("/api/v1/priority-areas?state=kz")["items"].array
            #expect(kazakhstan.compactMap { $0["slug"].string } == ["human-dimension", "military-political-dimension"])
            let roadMap = try await client.json("/api/v1/road-map")
            #expect(roadMap["areas"].array.count == 8 && roadMap["endorsed"].string == "2023-09-21")
        }
    }

    @Test("documents by kind and year, newest first", arguments: TestEngine.all)
    func documents(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let all = try await client.json("/api/v1/documents?limit=200")["items"].array
            #expect(all.count == 36)
            let basic = try await client.json("/api/v1/documents?kind=basicDocument")["items"].array
            #expect(basic.allSatisfy { $0["kind"].string == "basicDocument" })
            #expect(basic.contains { $0["id"].string == "declaration-on-principles-1999" && $0["meeting"].string == "ministerial-council-1" })
            let in2022 = try await client.json("/api/v1/documents?year=2022")["items"].array
            #expect(in2022.count == 5 && in2022.allSatisfy { $0["date"].string?.hasPrefix("2022") == true })
        }
    }

    @Test("eligibility: a verdict and the reason in words", arguments: TestEngine.all)
    func eligibility(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let egypt = try await client.json("/api/v1/eligibility/EG")
            #expect(egypt["verdict"].string == "alreadyMember" && egypt["meetsCriterion"].bool == true)
            #expect(egypt["reason"].string?.contains("the Sinai Peninsula lies in Asia") == true)
            #expect(egypt["memberState"]["provenance"]["confidence"].string == "inferred")
            let brazil = try await client.json("/api/v1/eligibility/br")
            #expect(brazil["verdict"].string == "notEligible")
            #expect(brazil["reason"].string == "Brazil is not eligible: no part of its territory lies in Asia.")
            let japan = try await client.json("/api/v1/eligibility/JP")
            #expect(japan["verdict"].string == "eligible" && japan["observer"]["id"].string == "JP")
            #expect(japan["rule"]["provenance"]["sources"].array.count > 0)
            let kazakhstan = try await client.json("/api/v1/eligibility/KZ")
            #expect(kazakhstan["reason"].string?.hasPrefix("Kazakhstan is already a Member State: a founding member since 14 September 1999.") == true)
        }
    }

    @Test("GETs carry an ETag; the same ETag back gives 304", arguments: TestEngine.all)
    func etags(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            for uri in ["/api/v1/member-states", "/api/v1/organs/summit", "/member-states", "/"] {
                let first = try await client.get(uri)
                let tag = try #require(first.headers[.eTag], "\(uri)")
                let second = try await client.get(uri, headers: [.ifNoneMatch: tag])
                #expect(second.status == .notModified, "\(uri)")
                #expect(second.body.readableBytes == 0)
                let other = try await client.get(uri, headers: [.ifNoneMatch: "\"something-else\""])
                #expect(other.status == .ok && other.headers[.eTag] == tag)
            }
        }
    }
}
