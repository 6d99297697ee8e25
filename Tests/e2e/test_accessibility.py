"""axe-core (axe-selenium-python, from PyPI) on the pages of the institutions, in English and Russian: no serious or
critical violation. A planned meeting with its agenda and a registered delegation is made first, so that its page
shows every part a visitor reads."""

import pytest
import requests
from conftest import chromium
from axe_selenium_python import Axe


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def meeting(base, token):
    auth = {"Authorization": f"Bearer {token}"}
    planned = requests.post(base + "/api/v1/meetings", headers=auth, timeout=30, json={
        "organ": "senior-officials-committee", "kind": "regular", "format": "hybrid", "title": "Meeting of the Senior Officials Committee",
        "start": "2027-06-10", "end": "2027-06-11", "city": "Astana", "country": "KZ", "chair": "AZ"})
    assert planned.status_code == 201, planned.text
    meeting = planned.json()["meeting"]["id"]
    assert requests.put(base + f"/api/v1/meetings/{meeting}/agenda", headers=auth, timeout=30,
                        json={"items": [{"title": "Opening"}, {"title": "Adoption of the agenda"}]}).status_code == 200
    assert requests.put(base + f"/api/v1/meetings/{meeting}/registrations/KZ", headers=auth, timeout=30,
                        json={"head": {"name": "Kairat Umarov", "title": "Deputy Minister"}, "members": [{"name": "Aigerim Sadykova", "title": "Counsellor"}]}).status_code == 200
    return meeting


PAGES = ["/", "/meetings", "/meetings/summit-6", "/organs/senior-officials-committee", "/organs/summit", "/organs/special-working-group",
         "/chairmanship?date=2016-05-01", "/admissions/KW", "/admissions/NP", "/secretariat", "/partners/eco", "/observers", "/calendar"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_institutions_pages_have_no_serious_violation(browser, base, meeting, language):
    found = {}
    for path in PAGES + [f"/meetings/{meeting}"]:
        browser.get(base + path + ("&" if "?" in path else "?") + f"lang={language}")
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        if serious:
            found[path] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert found == {}, found
