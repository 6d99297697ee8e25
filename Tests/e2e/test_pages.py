"""The pages in a real browser (headless Chromium): navigation, filters, forms and provenance."""
import hashlib
import time

import pytest
import requests
from conftest import chromium, sign_in, wait_for_text
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def test_home_shows_counts_chair_and_cica_day(browser, base):
    browser.get(base + "/")
    assert "CICA Platform" in browser.title
    counts = browser.find_element(By.CSS_SELECTOR, ".counts").text
    assert "28" in counts and "Member States" in counts
    assert "Azerbaijan has chaired CICA since" in browser.page_source
    assert "5 October" in browser.find_element(By.ID, "cica-day").find_element(By.XPATH, "..").text


def test_member_states_filter_and_profile(browser, base):
    browser.get(base + "/member-states")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 28
    browser.find_element(By.LINK_TEXT, "Founding members").click()
    wait_for_text(browser, "main", "15 shown")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 15
    browser.find_element(By.LINK_TEXT, "Kazakhstan").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/member-states/KZ"))
    assert "Military-political dimension" in browser.page_source


def test_provenance_opens_and_links_to_its_source(browser, base):
    browser.get(base + "/member-states/KW")
    details = browser.find_element(By.CSS_SELECTOR, "details.provenance")
    assert not details.get_attribute("open")
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    details.find_element(By.PARTIAL_LINK_TEXT, "Kazinform").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/sources/KAZINFORM_KUWAIT"))
    assert "member-state/KW" in browser.page_source


def test_eligibility_form_answers_with_a_reason(browser, base):
    browser.get(base + "/eligibility")
    Select(browser.find_element(By.ID, "code")).select_by_value("EG")
    browser.find_element(By.CSS_SELECTOR, "form.eligibility button").click()
    answer = wait_for_text(browser, "section.answer", "Sinai")
    assert "Already a Member State" in answer
    Select(browser.find_element(By.ID, "code")).select_by_value("BR")
    browser.find_element(By.CSS_SELECTOR, "form.eligibility button").click()
    wait_for_text(browser, "section.answer", "no part of its territory lies in Asia")


def test_meetings_filter_form(browser, base):
    browser.get(base + "/meetings")
    Select(browser.find_element(By.ID, "organ")).select_by_value("summit")
    browser.find_element(By.ID, "year").send_keys("2022")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    wait_for_text(browser, "tbody", "Sixth CICA Summit")
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1 and "Sixth CICA Summit" in rows[0].text


def test_keyboard_reaches_content_first(browser, base):
    browser.get(base + "/catalogue")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip"
    assert focused.get_attribute("href").endswith("#main")


def test_errors_explain_what_to_change(browser, base):
    browser.get(base + "/meetings?year=nineteen")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Year" in text and "whole number" in text
    browser.get(base + "/member-states/XX")
    assert "There is no Member State “XX”" in browser.find_element(By.TAG_NAME, "main").text


def test_the_language_switch_is_remembered_and_countdowns_speak_russian(browser, base, token):
    """A reader picks Russian once; every page after is in Russian, and the script keeps "time left" in Russian words."""
    auth = {"Authorization": f"Bearer {token}"}
    created = requests.post(base + "/api/v1/decisions", headers=auth, json={
        "title": "Countdown", "organ": "senior-officials-committee", "text": "A text.", "translations": {"ru": "Текст."},
        "effect": {"kind": "none", "parameters": {}}})
    assert created.status_code == 201, created.text
    decision = created.json()["id"]
    deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2 * 86400 + 5 * 3600 + 600))
    circulated = requests.post(base + f"/api/v1/decisions/{decision}/circulate", headers=auth, json={"deadline": deadline})
    assert circulated.status_code == 200, circulated.text
    browser.get(base + "/catalogue")
    browser.find_element(By.CSS_SELECTOR, "a[hreflang='ru']").click()
    wait_for_text(browser, "h1", "Каталог мер доверия СВМДА")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    browser.get(base + f"/decisions/{decision}")  # no ?lang=: the cookie remembers
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    assert "2 дня 5 часов" in browser.find_element(By.CSS_SELECTOR, "time[data-countdown]").text  # as the server wrote it
    # Blank the countdown and run the script again: it writes the time left with the page's words and the browser's
    # plural rules for ru (2 → "дня", 5 → "часов").
    browser.execute_script("""
        const old = document.querySelector('script[data-words]');
        document.querySelector('time[data-countdown]').textContent = '';
        const again = document.createElement('script');
        again.src = old.src;
        again.setAttribute('data-words', old.getAttribute('data-words'));
        document.body.appendChild(again);
    """)
    WebDriverWait(browser, 10).until(lambda b: "2 дня 5 часов" in b.find_element(By.CSS_SELECTOR, "time[data-countdown]").text)
    browser.find_element(By.CSS_SELECTOR, "a[hreflang='en']").click()
    wait_for_text(browser, "main", "2 days 5 hours")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_a_visitor_searches_from_the_navigation(browser, base):
    browser.delete_all_cookies()
    browser.get(base + "/")
    browser.find_element(By.CSS_SELECTOR, "nav a[href='/search']").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/search"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("almaty act")
    box.send_keys(Keys.RETURN)
    wait_for_text(browser, "main", "result")
    link = browser.find_element(By.CSS_SELECTOR, "ol.search-results a[href='/documents/almaty-act-2002']")
    assert [m.text for m in link.find_elements(By.TAG_NAME, "mark")] == ["Almaty", "Act"]
    # A query that cannot be read says why, next to the form to try again.
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys('"almaty')
    box.send_keys(Keys.RETURN)
    wait_for_text(browser, "#form-feedback", "quotation mark")


def test_no_console_errors_from_content_security_policy(browser, base):
    browser.get_log("browser")  # drop what earlier tests left (their error pages are meant to fail)
    for path in ("/", "/catalogue", "/organs/summit"):
        browser.get(base + path)
        for entry in browser.get_log("browser"):
            assert entry["level"] != "SEVERE", entry


def test_administrator_signs_in_adds_a_delegate_who_gets_a_token(browser, base, admin):
    email, password = admin
    browser.delete_all_cookies()
    sign_in(browser, base, email, password)
    wait_for_text(browser, ".who", "Signed in as")
    browser.find_element(By.LINK_TEXT, "Users").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/admin/users"))
    browser.find_element(By.ID, "email").send_keys("kz.delegate@example.org")
    browser.find_element(By.ID, "name").send_keys("Delegate of Kazakhstan")
    browser.find_element(By.ID, "password").send_keys("a long enough password")
    Select(browser.find_element(By.ID, "role")).select_by_value("delegate")
    browser.find_element(By.ID, "scope").send_keys("KZ")
    browser.find_element(By.CSS_SELECTOR, "form.stacked button").click()
    wait_for_text(browser, "main", "delegate of Kazakhstan")
    browser.find_element(By.CSS_SELECTOR, ".who button.link").click()  # sign out
    wait_for_text(browser, ".who", "Sign in")

    sign_in(browser, base, "kz.delegate@example.org", "a long enough password")
    wait_for_text(browser, ".who", "delegate of Kazakhstan")
    assert "Users" not in browser.find_element(By.CSS_SELECTOR, ".who").text
    browser.get(base + "/account")
    browser.find_element(By.ID, "token-name").send_keys("e2e script")
    browser.find_element(By.CSS_SELECTOR, "form[action='/account/tokens'] button").click()
    token = wait_for_text(browser, "#new-token", "cica_")
    assert token.startswith("cica_")
    browser.get(base + "/admin/users")
    assert "Not allowed" in browser.find_element(By.TAG_NAME, "main").text


def test_an_officer_registers_the_almaty_acts_russian_version_and_a_visitor_downloads_it_checked(browser, base, token, tmp_path):
    # A Secretariat officer, made by the administrator through the API, signs in for the first time (setting up the app).
    officer = {"email": "registry.officer@example.org", "displayName": "Registry Officer", "password": "a long enough password",
               "roles": [{"kind": "secretariat"}]}
    made = requests.post(base + "/api/v1/users", json=officer, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert made.status_code == 201, made.text
    browser.delete_all_cookies()
    sign_in(browser, base, officer["email"], officer["password"])
    wait_for_text(browser, ".who", "Registry Officer")

    pdf = tmp_path / "Алматинский акт.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    browser.get(base + "/documents/almaty-act-2002")
    Select(browser.find_element(By.ID, "version-language")).select_by_value("ru")
    browser.find_element(By.ID, "version-title").send_keys("Алматинский акт")
    browser.find_element(By.ID, "version-file").send_keys(str(pdf))
    browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data'] button").click()
    wait_for_text(browser, "#versions + article, main", "Алматинский акт.pdf")

    # A visitor: no session. The page names the file and its checksum; the download is that file, with that checksum.
    browser.delete_all_cookies()
    browser.get(base + "/documents/almaty-act-2002")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Алматинский акт.pdf")
    checksum = browser.find_element(By.CSS_SELECTOR, "article[lang='ru'] code.checksum").text
    download = requests.get(link.get_attribute("href"), timeout=30)
    assert download.status_code == 200 and download.content == pdf.read_bytes()
    assert hashlib.sha256(download.content).hexdigest() == checksum == download.headers["X-Checksum-SHA256"]
    assert "checks the file against this checksum" in browser.find_element(By.TAG_NAME, "main").text
