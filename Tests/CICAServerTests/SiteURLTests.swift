import Testing
@testable import CICAServer

/// Every page address is written by `SiteURL`; what it writes must be a valid address that names what was asked for.
@Suite("Site addresses")
struct SiteURLTests {
    @Test("segments and query values are percent-encoded as RFC 3986 requires", arguments: [
        (SiteURL.memberState("KZ"), "/member-states/KZ"),
        (.memberState("a b/c?d#e"), "/member-states/a%20b%2Fc%3Fd%23e"),
        (.source("KAZINFORM_KUWAIT"), "/sources/KAZINFORM_KUWAIT"),
        (.source("Ёлка"), "/sources/%D0%81%D0%BB%D0%BA%D0%B0"),
        (.eligibility(code: "K&Z=1+2"), "/eligibility?code=K%26Z%3D1%2B2"),
        (.login(next: "/decisions/x?y=1"), "/login?next=/decisions/x%3Fy%3D1"),
        (.catalogue(anchor: "energy-security"), "/catalogue#energy-security"),
        (.memberStates(founding: true), "/member-states?founding=true"),
    ])
    func href(url: SiteURL, expected: String) {
        #expect(url.href == expected)
    }

    @Test("a route keeps its parameter's name")
    func route() {
        #expect("\(SiteURL.memberState(.parameter("code")).route)" == "/member-states/{code}")
    }
}
