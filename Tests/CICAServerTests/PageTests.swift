import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CICACore
@testable import CICAServer
import CICATestSupport

@Suite("Pages")
struct PageTests {
    /// Every page of the site with a phrase it must show.
    static let pages: [(String, [String])] = [
        ("/", ["28</strong> Member States", "Azerbaijan has chaired CICA since 17 December 2024.", "5 October 2027, in 310 days.", "Seventh Meeting of the CICA Ministerial Council", "Do the organs meet as their rules require?", "<circle class=\"meeting late\""]),
        ("/member-states", ["Afghanistan", "Kuwait", "13 October 2022", "28 shown"]),
        ("/member-states?founding=true", ["15 shown", "aria-current=\"page\">Founding members"]),
        ("/member-states?founding=false", ["13 shown", "Kuwait"]),
        ("/member-states/KZ", ["Kazakhstan", "Military-political dimension", "the lands west of the Ural River lie in Europe", "/eligibility?code=KZ"]),
        ("/member-states/TH", ["Thailand accession", "2004-10-22"]),
        ("/observers", ["Japan", "United Nations", "Shanghai Cooperation Organisation", "20 May 2014", "Observer status at the UN General Assembly"]),
        ("/organs", ["Council of Heads of State or Government", "A regular meeting every 4 years", "As often as necessary, but at least twice a year", "Azerbaijan"]),
        ("/organs/summit", ["Next regular meeting due by", "31 December 2026", "Sixth CICA Summit", "longer than the rule&#39;s interval"]),
        ("/organs/senior-officials-committee", ["at least once a year", "as required", "role=\"img\"", "Senior Officials Committee: meetings year by year",
                                                "<rect class=\"bar met\"", "none on record", "Regular and special"]),
        ("/meetings", ["Fourth CICA Summit", "Shanghai, China"]),
        ("/chairmanship?date=2016-05-01", ["A term of 4 years", "A term of 2 years", "On 1 May 2016, China chaired CICA", "longer than the rule", "Azerbaijan"]),
        ("/admissions/KW", ["Admission of Kuwait", "from the decision that admitted it", "not recorded"]),
        ("/meetings?organ=summit&kind=regular", ["7 shown"]),
        ("/meetings/summit-6", ["Kuwait admitted (28th)", "12–13 October 2022", "Astana Statement on CICA Transformation", "Kazakhstan"]),
        ("/catalogue", ["Human dimension", "Uzbekistan", "Combating terrorism", "not found in the sources", "Number of priority areas (18)"]),
        ("/documents", ["Almaty Act (charter of CICA)", "Basic document"]),
        ("/documents?kind=declaration", ["Dushanbe Declaration", "9 documents"]),
        ("/documents/almaty-act-2002", ["CICA/SUMMIT/BD/2002/1", "symbol assigned by the platform", "holds neither the text of this document"]),
        ("/calendar?year=2022", ["Sixth CICA Summit", "CICA Day", "/calendar.ics"]),
        ("/calendar?year=2022&month=10", ["October 2022", "Sixth CICA Summit", "Mon"]),
        ("/road-map", ["Road Map for CICA Transformation", "Budget reform", "21 September 2023"]),
        ("/secretariat", ["Kairat Sarybay", "Executive Director, then Secretary General", "Zhang Ling"]),
        ("/eligibility", ["at least part of its territory is in Asia", "<option value=\"EG\">Egypt (EG)</option>"]),
        ("/eligibility?code=eg", ["Already a Member State", "the Sinai Peninsula lies in Asia", "<option value=\"EG\" selected>"]),
        ("/eligibility?code=BR", ["Not eligible", "no part of its territory lies in Asia"]),
        ("/sources", ["China Daily 2014 CICA backgrounder", "Where sources disagree", "Dataset version 2026-11-30.3"]),
        ("/sources/KAZINFORM_KUWAIT", ["Kazinform 13 Oct 2022", "member-state/KW"]),
    ]

    @Test("every page answers with its content, its sources and the house rules of markup", arguments: TestEngine.all)
    func everyPage(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            for (uri, phrases) in Self.pages {
                let response = try await client.get(uri)
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                for phrase in phrases { #expect(html.contains(phrase), "\(uri) lacks \(phrase)") }
                #expect(html.contains("<main id=\"main\">") && html.contains("<nav aria-label=\"Main\">"), "\(uri)")
                #expect(!html.components(separatedBy: "<script").dropFirst().contains { !$0.hasPrefix(" src=\"/") }, "\(uri): inline script")
                #expect(!html.contains("style=") && !html.contains("<style"), "\(uri): inline style")
                #expect(!html.contains("{{"), "\(uri): unrendered template tag")
                // The calendar links each meeting to its page, which cites its sources.
                if uri != "/sources" && !uri.hasPrefix("/sources/") && uri != "/eligibility" && !uri.hasPrefix("/calendar") {
                    #expect(html.contains("href=\"/sources/"), "\(uri) links to no source")
                }
            }
        }
    }

    @Test("bad filters and unknown things get an HTML page that says what to change", arguments: TestEngine.all)
    func errorPages(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/member-states?founding=maybe", .badRequest, "founding"),
                ("/meetings?year=nineteen", .badRequest, "year"),
                ("/meetings?organ=parliament", .badRequest, "there is no organ &#39;parliament&#39;"),
                ("/documents?kind=memo", .badRequest, "must be one of basicDocument"),
                ("/member-states/XX", .notFound, "There is no Member State “XX”"),
                ("/organs/parliament", .notFound, "There is no organ “parliament”"),
                ("/meetings/nope", .notFound, "There is no meeting “nope”"),
                ("/sources/NOPE", .notFound, "There is no source “NOPE”"),
                ("/no/such/page", .notFound, "There is no page at /no/such/page"),
            ]
            for (uri, status, phrase) in cases {
                let response = try await client.get(uri)
                let html = String(buffer: response.body)
                #expect(response.status == status, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(html.contains(phrase), "\(uri): \(html)")
                #expect(html.contains(response.headers[HTTPField.Name("X-Request-Id")!] ?? "missing"), "\(uri) shows no request id")
            }
        }
    }

    @Test("the eligibility form keeps the typed value and explains a bad one", arguments: TestEngine.all)
    func eligibilityForm(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let unknown = try await client.get("/eligibility?code=XX")
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("No country has the ISO 3166-1 code “XX”"))
            let malformed = try await client.get("/eligibility?code=Kazakhstan")
            #expect(malformed.status == .badRequest)
            #expect(String(buffer: malformed.body).contains("aria-invalid=\"true\""))
        }
    }

    @Test("a lower-case code redirects to the canonical page", arguments: TestEngine.all)
    func canonicalCode(engine: TestEngine) async throws {
        try await withApplication(engine) { client in
            let response = try await client.get("/member-states/kz")
            #expect(response.status == .movedPermanently)
            #expect(response.headers[.location] == "/member-states/KZ")
        }
    }

    @Test("the stylesheet is served and cached")
    func stylesheet() async throws {
        try await withApplication(.sqlite) { client in
            let response = try await client.get("/app.css")
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl]?.contains("max-age=3600") == true)
            #expect(String(buffer: response.body).contains(":root"))
        }
    }

    @Test("on CICA Day the home page says so")
    func cicaDay() async throws {
        try await withApplication(.sqlite, today: CivilDate(year: 2027, month: 10, day: 5)) { client in
            let home = try await client.get("/")
            #expect(String(buffer: home.body).contains("Today is CICA Day."))
        }
    }
}

@Suite("View models")
struct ViewModelTests {
    static let l = Localizer(.en)
    static let confirmed = CICACore.ResolvedProvenance(confidence: .confirmed, sources: [Source(id: "S", url: "https://example.org", title: "A source")], note: nil)

    @Test("the Member States filter marks the current choice")
    func memberStatesFilter() {
        let view = MemberStatesView.make(states: [], founding: true, notes: [], localizer: Self.l)
        #expect(view.filters.map(\.current) == [false, true, false])
        #expect(MemberStatesView.make(states: [], founding: nil, notes: [], localizer: Self.l).filters.map(\.current) == [true, false, false])
    }

    @Test("cited sources are listed once each, by title")
    func citedOnce() {
        let other = CICACore.ResolvedProvenance(confidence: .uncertain, sources: [Source(id: "B", url: nil, title: "b"), Source(id: "S", url: nil, title: "A source")], note: nil)
        #expect(citedSources([Self.confirmed, other, Self.confirmed]).map(\.id) == ["S", "B"])
    }

    @Test("a provenance is doubtful unless confirmed", arguments: [(Confidence.confirmed, false), (.inferred, true), (.uncertain, true), (.notFound, true)])
    func doubtful(confidence: Confidence, expected: Bool) {
        let view = ProvenanceView(CICACore.ResolvedProvenance(confidence: confidence, sources: [], note: nil), localizer: Self.l)
        #expect(view.doubtful == expected)
        #expect(view.confidenceLabel == Self.l("confidence.\(confidence.rawValue)"))
    }

    @Test("next-page links keep the filters and escape the cursor")
    func nextLink() {
        #expect(nextPageLink(.meetings, query: [("organ", "summit"), ("kind", nil)], cursor: "a+b=") == "/meetings?organ=summit&cursor=a%2Bb%3D")
        #expect(nextPageLink(.meetings, query: [], cursor: nil) == nil)
    }

    @Test("facts link to where the site shows them", arguments: [
        ("member-state/KZ", "/member-states/KZ"), ("organ/summit#cadence", "/organs/summit"), ("meeting/summit-6", "/meetings/summit-6"),
        ("priority-area/finance", "/catalogue#finance"), ("road-map", "/road-map"), ("document/almaty-act-2002", "/documents/almaty-act-2002"),
    ])
    func subjectLinks(subject: String, href: String) {
        #expect(SubjectLink.url(Subject(subject)).href == href)
    }
}
