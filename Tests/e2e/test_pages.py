"""The pages in a real browser (headless Chromium): navigation, filters, forms and provenance."""
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    if shutil.which("chromium"):
        options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
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
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr")) == 15
    browser.find_element(By.LINK_TEXT, "Kazakhstan").click()
    assert browser.current_url.endswith("/member-states/KZ")
    assert "Military-political dimension" in browser.page_source


def test_provenance_opens_and_links_to_its_source(browser, base):
    browser.get(base + "/member-states/KW")
    details = browser.find_element(By.CSS_SELECTOR, "details.provenance")
    assert not details.get_attribute("open")
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    details.find_element(By.PARTIAL_LINK_TEXT, "Kazinform").click()
    assert "/sources/KAZINFORM_KUWAIT" in browser.current_url
    assert "member-state/KW" in browser.page_source


def test_eligibility_form_answers_with_a_reason(browser, base):
    browser.get(base + "/eligibility")
    Select(browser.find_element(By.ID, "code")).select_by_value("EG")
    browser.find_element(By.CSS_SELECTOR, "form.eligibility button").click()
    answer = browser.find_element(By.CSS_SELECTOR, "section.answer").text
    assert "Already a Member State" in answer and "Sinai" in answer
    Select(browser.find_element(By.ID, "code")).select_by_value("BR")
    browser.find_element(By.CSS_SELECTOR, "form.eligibility button").click()
    assert "no part of its territory lies in Asia" in browser.find_element(By.CSS_SELECTOR, "section.answer").text


def test_meetings_filter_form(browser, base):
    browser.get(base + "/meetings")
    Select(browser.find_element(By.ID, "organ")).select_by_value("summit")
    browser.find_element(By.ID, "year").send_keys("2022")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
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
    assert "year" in text and "whole number" in text
    browser.get(base + "/member-states/XX")
    assert "There is no Member State “XX”" in browser.find_element(By.TAG_NAME, "main").text


def test_no_console_errors_from_content_security_policy(browser, base):
    browser.get_log("browser")  # drop what earlier tests left (their error pages are meant to fail)
    for path in ("/", "/catalogue", "/organs/summit"):
        browser.get(base + path)
        for entry in browser.get_log("browser"):
            assert entry["level"] != "SEVERE", entry
