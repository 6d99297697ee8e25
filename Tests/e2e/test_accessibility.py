"""axe-core 4.4 (axe-core-python, from PyPI) on the pages of the institutions, in English and Russian: no serious or
critical violation. A planned meeting with its agenda and a registered delegation is made first, so that its page
shows every part a visitor reads; then a Secretariat officer, signed in, reads the same pages with their forms; a
delegate, an observer and an administrator read the pages each sees signed in."""

import time

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


@pytest.fixture(scope="module")
def open_draft(base, token):
    """A draft circulated under the silence procedure, open for days: its page tells an observer why it takes no position."""
    auth = {"Authorization": f"Bearer {token}"}
    created = requests.post(base + "/api/v1/decisions", headers=auth, timeout=30, json={
        "title": "Draft on the exchange of experience", "organ": "senior-officials-committee", "text": "The Committee takes note.",
        "translations": {"ru": "Комитет принимает к сведению."}, "effect": {"kind": "none", "parameters": {}}})
    assert created.status_code == 201, created.text
    decision = created.json()["id"]
    deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 72 * 3600))
    circulated = requests.post(base + f"/api/v1/decisions/{decision}/circulate", headers=auth, timeout=30, json={"deadline": deadline})
    assert circulated.status_code == 200, circulated.text
    return decision


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_observers_pages_have_no_serious_violation(base, token, meeting, open_draft, language):
    """The United Nations' observer, signed in: the home page and what needs their action (the meeting's registration),
    the meeting's page with the registration form, an open draft's page saying why an observer takes no position."""
    observer = {"email": f"axe.observer.{language}@example.org", "displayName": "Axe Observer", "password": "a long enough password",
                "roles": [{"kind": "observer", "scope": "un"}]}
    made = requests.post(base + "/api/v1/users", json=observer, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert made.status_code == 201, made.text
    driver = chromium()
    try:
        sign_in(driver, base, observer["email"], observer["password"])
        wait_for_text(driver, ".who", "Axe Observer")
        pages = ["/", "/notifications", f"/meetings/{meeting}", f"/decisions/{open_draft}", "/account"]
        driver.get(base + f"/meetings/{meeting}?lang={language}")
        assert driver.find_elements("css selector", "form[action$='/registrations']")
        driver.get(base + f"/decisions/{open_draft}?lang={language}")
        assert driver.find_elements("css selector", "section[aria-labelledby='answer'] p.hint")
        assert violations(driver, base, pages, language) == {}
        assert too_wide(driver, base, pages, language) == {}
    finally:
        driver.quit()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_administrators_pages_have_no_serious_violation(base, token, language):
    """An administrator, made through the API and signed in (setting up the authenticator app at the first sign-in):
    the home page, what needs their action, user administration (the list with its form to add a person, a person's
    page with the forms to grant and revoke roles and to disable the account), the audit log and the account."""
    auth = {"Authorization": f"Bearer {token}"}
    administrator = {"email": f"axe.admin.{language}@example.org", "displayName": "Axe Administrator", "password": "a long enough password",
                     "roles": [{"kind": "administrator"}]}
    made = requests.post(base + "/api/v1/users", json=administrator, headers=auth, timeout=30)
    assert made.status_code == 201, made.text
    delegate = requests.post(base + "/api/v1/users", headers=auth, timeout=30, json={
        "email": f"axe.admin.delegate.{language}@example.org", "displayName": "Axe Delegate of Kazakhstan", "password": "a long enough password",
        "roles": [{"kind": "delegate", "scope": "KZ"}]})
    assert delegate.status_code == 201, delegate.text
    driver = chromium()
    try:
        sign_in(driver, base, administrator["email"], administrator["password"])
        wait_for_text(driver, ".who", "Axe Administrator")
        pages = ["/", "/notifications", "/admin/users", f"/admin/users/{made.json()['id']}", f"/admin/users/{delegate.json()['id']}",
                 "/audit", "/account"]
        driver.get(base + f"/admin/users?lang={language}")
        assert driver.find_elements("css selector", "main form.stacked select#role")
        assert violations(driver, base, pages, language) == {}
        assert too_wide(driver, base, pages, language) == {}
    finally:
        driver.quit()
