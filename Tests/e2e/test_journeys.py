"""Journeys a person makes in a browser (Debian's chromium), each starting at / and following visible links only, in
English and Russian, at a phone's width (375 px) and at a desktop's. What the Secretariat prepares beforehand (a draft
circulated under the silence procedure) is set up through the API; the person's own steps are clicks and typing. The
Secretariat's own journey drafts and circulates a decision through the pages and waits for the platform to close it;
a visitor's, signed out, checks a state's eligibility, searches and subscribes to the calendar."""

import time
import uuid

import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import chromium, totp

WIDTHS = {"phone": 375, "desktop": 1280}
RUSSIAN_OBSERVER_REASON = "Наблюдатели следят за работой СВМДА, но не участвуют в консенсусе."
WORDS = {
    "en": {"sign_in": "Sign in", "awaiting": "Needs my action", "heading": "What needs my action", "joins": "joins", "kazakhstan": "Kazakhstan",
           "continue": "Continue to the platform", "decisions": "Decisions", "new_decision": "Draft a decision", "committee": "Senior Officials Committee",
           "open": "open", "adopted": "adopted", "not_adopted": "not adopted", "outcome": "Outcome",
           "adopted_note": "Adopted at the end of the silence procedure.", "not_adopted_note": "Not adopted: ",
           "not_notified": "could not be notified of the silence procedure",
           "eligibility": "Eligibility", "eligibility_title": "Who can become a Member State?", "eligible": "Answer: Eligible",
           "nepal_eligible": "Nepal is eligible: its territory lies in Asia", "search": "Search", "search_results": "result",
           "calendar": "Calendar"},
    "ru": {"sign_in": "Войти", "awaiting": "Ждёт моих действий", "heading": "Что ждёт моих действий", "joins": "присоединяется", "kazakhstan": "Казахстан",
           "continue": "Перейти к платформе", "decisions": "Решения", "new_decision": "Подготовить проект решения", "committee": "Комитет старших должностных лиц",
           "open": "открыто", "adopted": "принято", "not_adopted": "не принято", "outcome": "Итог",
           "adopted_note": "Принято по истечении срока процедуры умолчания.", "not_adopted_note": "Не принято: ",
           "not_notified": "не могли быть уведомлены о процедуре умолчания",
           "eligibility": "Условия членства", "eligibility_title": "Кто может стать государством-членом?", "eligible": "Итог проверки: отвечает условиям членства",
           "nepal_eligible": "Непал: государство может стать членом СВМДА — его территория расположена в Азии", "search": "Поиск", "search_results": "результат",
           "calendar": "Календарь"},
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


def secretariat_officer(base, officer):
    email = f"journey.sec.{uuid.uuid4().hex[:8]}@example.org"
    made = requests.post(base + "/api/v1/users", headers=officer, timeout=30, json={
        "email": email, "displayName": "Journey Officer", "password": "a long enough password", "roles": [{"kind": "secretariat"}]})
    assert made.status_code == 201, made.text
    return email, "a long enough password"


def sign_in_setting_up_the_authenticator(driver, words, email, password):
    """From the page the browser is on: the header's link, the password, then (an officer's first sign-in: a Secretariat
    officer cannot sign in without a second factor) the authenticator app set up from the secret under the QR code,
    the ten recovery codes, and on to the page the person came from."""
    click_link(driver, words["sign_in"])
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    no_horizontal_scroll(driver)
    driver.find_element(By.CSS_SELECTOR, "form.stacked button").click()
    secret = WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "totp-secret"))).text
    assert driver.find_element(By.CSS_SELECTOR, "figure.qr svg").is_displayed()
    no_horizontal_scroll(driver)
    driver.find_element(By.ID, "code").send_keys(totp(secret))
    driver.find_element(By.CSS_SELECTOR, "form.stacked button").click()
    codes = WebDriverWait(driver, 10).until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#recovery-codes li")))
    assert len(codes) == 10
    no_horizontal_scroll(driver)
    click_link(driver, words["continue"])


def status_of(driver):
    """The decision's status as its facts show it: the class (drafting, open, adopted, notAdopted) and the words."""
    status = driver.find_element(By.CSS_SELECTOR, "dl.facts span.status")
    return status.get_attribute("class").split()[-1], status.text


def drafted_and_circulated(driver, base, officer, language, width):
    """An officer signs in from / and, by the header and the pages' links and forms, drafts a decision of the Senior
    Officials Committee and circulates it under the silence procedure, its deadline (UTC) a minute or two ahead (the
    workflow wants at least a minute's notice). Returns the draft's title and its deadline."""
    words = WORDS[language]
    email, password = secretariat_officer(base, officer)
    title = f"Secretariat journey {language} {width} {uuid.uuid4().hex[:6]}"
    driver.get(base + "/")
    choose_language(driver, language)
    no_horizontal_scroll(driver)
    sign_in_setting_up_the_authenticator(driver, words, email, password)
    wait_for_text(driver, ".who", "Journey Officer")
    no_horizontal_scroll(driver)
    click_link(driver, words["decisions"])
    wait_for_text(driver, "h1", words["decisions"])
    no_horizontal_scroll(driver)
    click_link(driver, words["new_decision"])
    wait_for_text(driver, "h1", words["new_decision"])
    no_horizontal_scroll(driver)
    driver.find_element(By.ID, "title").send_keys(title)
    organ = Select(driver.find_element(By.ID, "organ"))
    organ.select_by_value("senior-officials-committee")
    assert organ.first_selected_option.text == words["committee"]
    driver.find_element(By.ID, "text").send_keys("The Committee takes note of the report of the Secretariat.")
    # Each other working language (Russian by default) has its own field: the draft is circulated in all of them.
    for translation in driver.find_elements(By.CSS_SELECTOR, "textarea[name^='text.']"):
        assert translation.get_attribute("name") == "text.ru"
        translation.send_keys("Комитет принимает к сведению доклад Секретариата.")
    driver.find_element(By.CSS_SELECTOR, "main form.stacked button[type='submit']").click()
    wait_for_text(driver, "h1", title)
    no_horizontal_scroll(driver)
    assert status_of(driver)[0] == "drafting"
    # The deadline field is a datetime-local in UTC, suggesting three days; a whole minute 75 to 135 seconds ahead
    # is the soonest the workflow accepts with room to spare.
    deadline = (int(time.time() + 75) // 60 + 1) * 60
    value = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(deadline))
    field = driver.find_element(By.ID, "deadline")
    assert field.get_attribute("type") == "datetime-local"
    assert not field.get_attribute("min") or field.get_attribute("min") <= value
    driver.execute_script("arguments[0].value = arguments[1]", field, value)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/circulate'] button[type='submit']").click()
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        lambda b: status_of(b)[0] == "open")
    assert status_of(driver)[1] == words["open"]
    assert driver.find_elements(By.CSS_SELECTOR, "dl.facts time[data-countdown]")
    assert not driver.find_elements(By.CSS_SELECTOR, "form[action$='/circulate']")
    no_horizontal_scroll(driver)
    return title, deadline


def test_the_secretariat_drafts_and_circulates_a_decision_and_sees_the_silence_close(base, officer):
    """In both languages and at both widths, in one test: the four drafts are circulated first and the platform's closer
    (every second in CI, every 30 seconds by default) is then awaited for all of them at once, the decision pages reloaded until each shows its
    outcome. No delegate is accredited in this deployment, so silence may not be presumed: not adopted, saying which
    states could not be notified; adopted (with every state notified) is as good, with its own explanation."""
    journeys = []
    try:
        for language in WORDS:
            for width in WIDTHS:
                driver = browser_at(WIDTHS[width])
                journeys.append({"driver": driver, "language": language, "width": width})
                journeys[-1]["title"], journeys[-1]["deadline"] = drafted_and_circulated(driver, base, officer, language, width)
        waiting = list(journeys)
        give_up = max(j["deadline"] for j in journeys) + 150
        while waiting and time.time() < give_up:
            time.sleep(5)
            for journey in list(waiting):
                if time.time() < journey["deadline"]:
                    continue
                journey["driver"].refresh()
                if status_of(journey["driver"])[0] not in ("drafting", "open"):
                    waiting.remove(journey)
        assert not waiting, [f"{j['title']} still {status_of(j['driver'])[1]} at {j['driver'].current_url}" for j in waiting]
        for journey in journeys:
            driver, words = journey["driver"], WORDS[journey["language"]]
            wait_for_text(driver, "h1", journey["title"])
            status, label = status_of(driver)
            assert status in ("adopted", "notAdopted"), (driver.current_url, status)
            outcome = driver.find_element(By.XPATH, f"//dl[contains(@class, 'facts')]/dt[.='{words['outcome']}']/following-sibling::dd[1]").text
            if status == "adopted":
                assert (label, outcome) == (words["adopted"], words["adopted_note"])
            else:
                assert label == words["not_adopted"]
                assert outcome.startswith(words["not_adopted_note"]) and words["not_notified"] in outcome, outcome
            # Closed: the countdown and the Secretariat's circulation form are gone.
            assert not driver.find_elements(By.CSS_SELECTOR, "dl.facts time[data-countdown]")
            no_horizontal_scroll(driver)
    finally:
        for journey in journeys:
            journey["driver"].quit()


def switch_language(driver, language):
    """The header's link to the same page in another language: the page comes back in it."""
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != language
    driver.find_element(By.CSS_SELECTOR, f"nav.languages a[hreflang='{language}']").click()
    WebDriverWait(driver, 10).until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == language)


@pytest.mark.parametrize("width", WIDTHS.keys())
@pytest.mark.parametrize("language", WORDS.keys())
def test_a_visitor_checks_a_states_eligibility_searches_and_subscribes_to_the_calendar(base, language, width):
    words = WORDS[language]
    driver = browser_at(WIDTHS[width])
    try:
        driver.get(base + "/")
        no_horizontal_scroll(driver)
        # Whichever language the home page comes in, the header switches it; then (if need be) to the journey's.
        first = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        other = next(code for code in WORDS if code != first)
        switch_language(driver, other)
        if other != language:
            switch_language(driver, language)
        no_horizontal_scroll(driver)
        # Eligibility: Nepal, picked from the list, is eligible (its territory lies in Asia), with a link to its admission.
        click_link(driver, words["eligibility"])
        wait_for_text(driver, "h1", words["eligibility_title"])
        no_horizontal_scroll(driver)
        Select(driver.find_element(By.ID, "code")).select_by_value("NP")
        driver.find_element(By.CSS_SELECTOR, "form.eligibility button[type='submit']").click()
        answer = WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.answer")))
        assert "eligible" in answer.get_attribute("class").split()
        assert answer.find_element(By.TAG_NAME, "h2").text == words["eligible"]
        assert answer.find_element(By.TAG_NAME, "p").text.startswith(words["nepal_eligible"])
        assert answer.find_elements(By.CSS_SELECTOR, "a[href*='/admissions/NP']")
        no_horizontal_scroll(driver)
        # Search: Almaty is found (the Almaty Act, meetings held there), the word marked in what was found.
        click_link(driver, words["search"])
        wait_for_text(driver, "h1", words["search"])
        driver.find_element(By.ID, "q").send_keys("Almaty")
        driver.find_element(By.CSS_SELECTOR, "form[role='search'] button[type='submit']").click()
        hits = WebDriverWait(driver, 10).until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "ol.search-results > li")))
        assert hits and words["search_results"] in driver.find_element(By.CSS_SELECTOR, "main p[role='status']").text
        assert any(mark.text.lower() == "almaty" for mark in driver.find_elements(By.CSS_SELECTOR, "ol.search-results mark"))
        no_horizontal_scroll(driver)
        # The calendar's page offers its feed: a calendar application fetches it.
        click_link(driver, words["calendar"])
        wait_for_text(driver, "h1", words["calendar"])
        no_horizontal_scroll(driver)
        feed = driver.find_element(By.CSS_SELECTOR, "main a[href$='calendar.ics']")
        assert feed.is_displayed()
        fetched = requests.get(feed.get_attribute("href"), timeout=30)
        assert fetched.status_code == 200
        assert fetched.headers["Content-Type"].startswith("text/calendar")
        assert fetched.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in fetched.text
    finally:
        driver.quit()
