"""Journeys a person makes in a browser (Debian's chromium), each starting at / and following visible links only, in
English and Russian, at a phone's width (375 px) and at a desktop's. What the Secretariat prepares beforehand (a draft
circulated under the silence procedure) is set up through the API; the person's own steps are clicks and typing."""

import time
import uuid

import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chromium

WIDTHS = {"phone": 375, "desktop": 1280}
RUSSIAN_OBSERVER_REASON = "Наблюдатели следят за работой СВМДА, но не участвуют в консенсусе."
WORDS = {
    "en": {"sign_in": "Sign in", "awaiting": "Needs my action", "heading": "What needs my action", "joins": "joins", "kazakhstan": "Kazakhstan"},
    "ru": {"sign_in": "Войти", "awaiting": "Ждёт моих действий", "heading": "Что ждёт моих действий", "joins": "присоединяется", "kazakhstan": "Казахстан"},
}


def browser_at(width):
    driver = chromium()
    driver.set_window_size(width, 900)
    return driver


def no_horizontal_scroll(driver):
    """The page fits the window: nothing sticks out to the right (a wide table scrolls inside its own box)."""
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{driver.current_url} is {overflow} px wider than the window"


def wait_for_text(driver, selector, text):
    """Waits until the element holds the text on the page that came after a click. The element is found again on each
    try: the page before may still be going away (chromium then says its node "does not belong to the document")."""
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        lambda b: text in b.find_element(By.CSS_SELECTOR, selector).text)


def click_link(driver, text):
    """Clicks the visible link with this text (the header's links are all visible at every width)."""
    link = WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.LINK_TEXT, text)))
    link.click()


def choose_language(driver, language):
    if language != "en":
        driver.find_element(By.CSS_SELECTOR, f"a[hreflang='{language}']").click()
        WebDriverWait(driver, 10).until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == language)


@pytest.fixture(scope="module")
def officer(token):
    return {"Authorization": f"Bearer {token}"}


def delegate_of_kazakhstan(base, officer):
    email = f"journey.{uuid.uuid4().hex[:8]}@example.org"
    made = requests.post(base + "/api/v1/users", headers=officer, timeout=30, json={
        "email": email, "displayName": "Journey Delegate", "password": "a long enough password", "roles": [{"kind": "delegate", "scope": "KZ"}]})
    assert made.status_code == 201, made.text
    return email, "a long enough password"


def circulated_draft(base, officer, title, hours=72):
    created = requests.post(base + "/api/v1/decisions", headers=officer, timeout=30, json={
        "title": title, "organ": "senior-officials-committee", "text": "The Committee takes note.", "translations": {"ru": "Комитет принимает к сведению."},
        "effect": {"kind": "none", "parameters": {}}})
    assert created.status_code == 201, created.text
    decision = created.json()["id"]
    deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + hours * 3600))
    circulated = requests.post(base + f"/api/v1/decisions/{decision}/circulate", headers=officer, timeout=30, json={"deadline": deadline})
    assert circulated.status_code == 200, circulated.text
    return decision


@pytest.mark.parametrize("width", WIDTHS.keys())
@pytest.mark.parametrize("language", WORDS.keys())
def test_a_delegate_finds_what_waits_takes_a_position_and_sees_the_matrix_change(base, officer, language, width):
    words = WORDS[language]
    title = f"Journey {language} {width} {uuid.uuid4().hex[:6]}"
    decision = circulated_draft(base, officer, title)
    email, password = delegate_of_kazakhstan(base, officer)
    driver = browser_at(WIDTHS[width])
    try:
        driver.get(base + "/")
        choose_language(driver, language)
        no_horizontal_scroll(driver)
        click_link(driver, words["sign_in"])
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(password)
        no_horizontal_scroll(driver)
        driver.find_element(By.CSS_SELECTOR, "form.stacked button").click()
        # Back on the home page, signed in: what waits is at the top, the new draft among it.
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "awaiting")))
        assert driver.find_element(By.ID, "awaiting").text == words["heading"]
        no_horizontal_scroll(driver)
        # The header leads to the whole list; the draft is there, unread, and leads to its page.
        click_link(driver, words["awaiting"])
        wait_for_text(driver, "h1", words["heading"])
        no_horizontal_scroll(driver)
        item = driver.find_element(By.XPATH, f"//li[contains(@class, 'awaited')][.//a[text()='{title}']]")
        assert "unread" in item.get_attribute("class")
        item.find_element(By.LINK_TEXT, title).click()
        WebDriverWait(driver, 10).until(EC.url_contains(f"/decisions/{decision}"))
        no_horizontal_scroll(driver)
        # Kazakhstan joins the consensus through the page's form.
        driver.find_element(By.CSS_SELECTOR, "input[name='position'][value='joins']").click()
        driver.find_element(By.CSS_SELECTOR, "form[action$='/positions'] button[type='submit']").click()
        # The page comes back with the matrix changed: Kazakhstan's row now says it joins (nobody had answered this draft).
        row = WebDriverWait(driver, 10).until(EC.presence_of_element_located(
            (By.XPATH, "//table[contains(@class, 'matrix')]//tr[.//span[contains(@class, 'position joins')]]")))
        assert row.find_element(By.CSS_SELECTOR, "span.position.joins").text.lower().startswith(words["joins"])
        assert row.find_element(By.CSS_SELECTOR, "th").text == words["kazakhstan"]
        no_horizontal_scroll(driver)
        # Done: the draft leaves what waits.
        click_link(driver, words["awaiting"])
        wait_for_text(driver, "h1", words["heading"])
        assert not driver.find_elements(By.LINK_TEXT, title)
    finally:
        driver.quit()


def observer_of_the_un(base, officer):
    email = f"journey.un.{uuid.uuid4().hex[:8]}@example.org"
    made = requests.post(base + "/api/v1/users", headers=officer, timeout=30, json={
        "email": email, "displayName": "Journey Observer", "password": "a long enough password", "roles": [{"kind": "observer", "scope": "un"}]})
    assert made.status_code == 201, made.text
    return email, "a long enough password"


def planned_meeting(base, officer, title):
    start = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 20 * 86400))
    planned = requests.post(base + "/api/v1/meetings", headers=officer, timeout=30, json={
        "organ": "senior-officials-committee", "kind": "regular", "format": "inPerson", "title": title, "start": start, "end": start,
        "city": "Astana", "country": "KZ"})
    assert planned.status_code == 201, planned.text
    return planned.json()["meeting"]["id"]


@pytest.mark.parametrize("width", WIDTHS.keys())
@pytest.mark.parametrize("language", WORDS.keys())
def test_an_observer_registers_its_delegation_and_is_told_why_it_takes_no_position(base, officer, language, width):
    words = WORDS[language]
    suffix = f"{language} {width} {uuid.uuid4().hex[:6]}"
    meeting_title, draft_title = f"Journey meeting {suffix}", f"Journey draft {suffix}"
    meeting = planned_meeting(base, officer, meeting_title)
    # Its deadline is the soonest of all, so that the home page's first few open drafts include it.
    circulated_draft(base, officer, draft_title, hours=1)
    email, password = observer_of_the_un(base, officer)
    driver = browser_at(WIDTHS[width])
    try:
        driver.get(base + "/")
        choose_language(driver, language)
        click_link(driver, words["sign_in"])
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form.stacked button").click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "awaiting")))
        # The meeting waits for the United Nations' registration; its link leads to the meeting's page and form.
        click_link(driver, words["awaiting"])
        wait_for_text(driver, "h1", words["heading"])
        driver.find_element(By.LINK_TEXT, meeting_title).click()
        WebDriverWait(driver, 10).until(EC.url_contains(f"/meetings/{meeting}"))
        no_horizontal_scroll(driver)
        driver.find_element(By.ID, "head").send_keys("Journey Head of Delegation")
        driver.find_element(By.ID, "members").send_keys("Second Member, Adviser")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/registrations'] button[type='submit']").click()
        wait_for_text(driver, "section.participants", "Journey Head of Delegation")
        no_horizontal_scroll(driver)
        # Registered: the meeting no longer waits. The open draft is on the home page; its page says why an observer takes no position.
        click_link(driver, words["awaiting"])
        wait_for_text(driver, "h1", words["heading"])
        assert not driver.find_elements(By.LINK_TEXT, meeting_title)
        driver.find_element(By.CSS_SELECTOR, "p.brand a").click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "open-decisions")))
        driver.find_element(By.LINK_TEXT, draft_title).click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "answer")))
        assert not driver.find_elements(By.CSS_SELECTOR, "form[action$='/positions']")
        reason = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='answer'] p.hint").text
        assert reason == {"en": "Observers follow CICA's work but never take part in consensus.",
                          "ru": RUSSIAN_OBSERVER_REASON}[language]
        no_horizontal_scroll(driver)
    finally:
        driver.quit()
