"""axe-core 4.4 (axe-core-python, from PyPI) on the pages of the institutions, in English and Russian: no serious or
critical violation. A planned meeting with its agenda and a registered delegation is made first, so that its page
shows every part a visitor reads; then a Secretariat officer, signed in, reads the same pages with their forms."""

import pytest
import requests
from conftest import chromium, sign_in, wait_for_text
from axe_core_python.selenium import Axe


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
         "/chairmanship?date=2016-05-01", "/admissions/KW", "/admissions/NP", "/secretariat", "/partners/eco", "/observers", "/calendar", "/login",
         "/catalogue", "/catalogue/areas/human-dimension", "/road-map", "/catalogue/reports", "/member-states/KZ/reports/2025", "/catalogue/overview",
         "/catalogue/editions", "/catalogue/editions/catalogue-of-cbms-2021", "/catalogue/comparison", "/search", "/search?q=almaty",
         "/search?q=%22open", "/open-data", "/member-states", "/member-states/KZ", "/decisions", "/documents", "/documents/almaty-act-2002",
         "/sources", "/eligibility?code=EG"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_institutions_pages_have_no_serious_violation(browser, base, meeting, language):
    found = violations(browser, base, PAGES + [f"/meetings/{meeting}"], language)
    assert found == {}, found


def too_wide(browser, base, paths, language):
    """The pages that are wider than a 375 px phone's screen (a wide table may scroll inside its own box)."""
    browser.set_window_size(375, 900)
    found = {}
    for path in paths:
        browser.get(base + path + ("&" if "?" in path else "?") + f"lang={language}")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            found[path] = overflow
    browser.set_window_size(1280, 1000)
    return found


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_fits_a_phone(browser, base, meeting, language):
    assert too_wide(browser, base, PAGES + [f"/meetings/{meeting}"], language) == {}


def violations(browser, base, paths, language):
    found = {}
    for path in paths:
        browser.get(base + path + ("&" if "?" in path else "?") + f"lang={language}")
        results = Axe().run(browser)
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        if serious:
            found[path] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    return found


# The pages whose forms only the Secretariat sees: planning, the steps of a meeting (facts and hours, agenda,
# registration, opening, cancelling), mandates, admission steps, staff, memoranda, delegations, coordination offers,
# the Road Map's milestones.
FORMS = ["/meetings/new", "/organs/senior-officials-committee", "/organs/special-working-group", "/admissions/NP", "/secretariat",
         "/partners/eco", "/member-states/KZ/delegation", "/documents/new", "/decisions/new", "/account",
         "/catalogue/areas/trade-and-investment", "/road-map", "/catalogue/reports", "/catalogue/areas/human-dimension",
         "/catalogue/editions/catalogue-of-cbms-2021", "/catalogue/comparison", "/", "/notifications"]


@pytest.fixture(scope="module")
def officer_browser(base, token):
    officer = {"email": "axe.officer@example.org", "displayName": "Axe Officer", "password": "a long enough password",
               "roles": [{"kind": "secretariat"}]}
    made = requests.post(base + "/api/v1/users", json=officer, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert made.status_code == 201, made.text
    driver = chromium()
    sign_in(driver, base, officer["email"], officer["password"])
    wait_for_text(driver, ".who", "Axe Officer")
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def milestone(base, token):
    made = requests.post(base + "/api/v1/road-map/milestones", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                         json={"area": 1, "title": "Consultations on the Charter", "due": "2027-06-30", "status": "inProgress"})
    assert made.status_code == 201, made.text
    return made.json()["id"]


@pytest.fixture(scope="module")
def catalogue_work(base, token):
    """A measure in each edition (so that the comparison and the measure's form show), a draft concept paper and a
    proposed activity of the human dimension (so that the endorsement and outcome forms show)."""
    auth = {"Authorization": f"Bearer {token}"}
    for edition, title in (("catalogue-of-cbms-2004", "Exchange of information"), ("catalogue-of-cbms-2021", "Exchange of information and experience")):
        made = requests.post(base + f"/api/v1/catalogue/editions/{edition}/measures", headers=auth, timeout=30,
                             json={"number": "1.1", "dimension": "human", "priorityArea": "human-dimension", "title": title,
                                   "description": "Exchange of information on national practice.", "procedure": "Through the Secretariat."})
        assert made.status_code in (201, 400), made.text
    paper = requests.post(base + "/api/v1/priority-areas/human-dimension/papers", headers=auth, timeout=30,
                          json={"kind": "conceptPaper", "title": "Draft concept paper 2027-2029", "period": "2027-2029"})
    assert paper.status_code == 201, paper.text
    activity = requests.post(base + "/api/v1/priority-areas/human-dimension/activities", headers=auth, timeout=30,
                             json={"kind": "seminar", "title": "Seminar on youth exchanges", "start": "2027-05-10", "end": "2027-05-11",
                                   "host": "KZ", "participants": ["UZ", "CN"]})
    assert activity.status_code == 201, activity.text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_secretariats_forms_have_no_serious_violation(officer_browser, base, meeting, milestone, catalogue_work, language):
    officer_browser.get(base + f"/meetings/{meeting}?lang={language}")
    # Signed in, the meeting's page carries the Secretariat's forms.
    assert officer_browser.find_elements("css selector", "form[action$='/facts']") and officer_browser.find_elements("css selector", "#timeZone, [name='timeZone']")
    assert violations(officer_browser, base, FORMS + [f"/meetings/{meeting}"], language) == {}
    # And the same pages, forms and all, fit a phone.
    assert too_wide(officer_browser, base, FORMS + [f"/meetings/{meeting}"], language) == {}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_delegates_report_form_has_no_serious_violation(base, token, language):
    """Kazakhstan's delegate, signed in, on the form that files the state's yearly report (18 priority areas) and on a
    priority area's page with the offer to coordinate."""
    delegate = {"email": f"axe.delegate.{language}@example.org", "displayName": "Axe Delegate", "password": "a long enough password",
                "roles": [{"kind": "delegate", "scope": "KZ"}]}
    made = requests.post(base + "/api/v1/users", json=delegate, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert made.status_code == 201, made.text
    driver = chromium()
    try:
        sign_in(driver, base, delegate["email"], delegate["password"])
        wait_for_text(driver, ".who", "Axe Delegate")
        driver.get(base + f"/member-states/KZ/reports/2025?lang={language}")
        assert driver.find_elements("css selector", "form.report-form fieldset")
        assert violations(driver, base, ["/member-states/KZ/reports/2025", "/catalogue/areas/tourism", "/catalogue/areas/human-dimension",
                                         "/", "/notifications"], language) == {}
        # Kazakhstan co-coordinates the human dimension: its delegate has the form to propose an activity.
        driver.get(base + f"/catalogue/areas/human-dimension?lang={language}")
        assert driver.find_elements("css selector", "form[action$='/activities'] select[name='state']")
    finally:
        driver.quit()
