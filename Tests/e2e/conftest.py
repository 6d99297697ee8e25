"""Black-box tests against a running CICA Platform.

Start the server first (`.ci/run` does), then: CICA_E2E_BASE_URL=http://127.0.0.1:8080 pytest Tests/e2e
"""
import base64
import hashlib
import hmac
import os
import shutil
import struct
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def base_url() -> str:
    url = os.environ.get("CICA_E2E_BASE_URL")
    if not url:
        raise RuntimeError("Set CICA_E2E_BASE_URL to the running server, e.g. http://127.0.0.1:8080")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def base() -> str:
    return base_url()


@pytest.fixture(scope="session")
def admin() -> tuple[str, str]:
    """The administrator `.ci/run` creates with `cica user add` before the tests."""
    email, password = os.environ.get("CICA_E2E_ADMIN_EMAIL"), os.environ.get("CICA_E2E_ADMIN_PASSWORD")
    if not email or not password:
        raise RuntimeError("Set CICA_E2E_ADMIN_EMAIL and CICA_E2E_ADMIN_PASSWORD to an administrator of the running server")
    return email, password


@pytest.fixture(scope="session")
def token() -> str:
    """An API token of that administrator, who `.ci/run` also makes a Secretariat officer."""
    value = os.environ.get("CICA_E2E_TOKEN")
    if not value:
        raise RuntimeError("Set CICA_E2E_TOKEN to an API token of the administrator (cica user token EMAIL)")
    return value


def chromium():
    """Debian's chromium and chromedriver, headless, at desktop width."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    if shutil.which("chromium"):
        options.binary_location = shutil.which("chromium")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def wait_for_text(browser, selector, text, timeout=10):
    """Waits until the element holds the text (a submitted form's page may still be loading)."""
    WebDriverWait(browser, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text))
    return browser.find_element(By.CSS_SELECTOR, selector).text


def totp(secret, at=None):
    """The RFC 6238 code an authenticator app shows for this base32 secret (SHA-1, 30-second steps, six digits)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    mac = hmac.new(key, counter, hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def sign_in(browser, base, email, password):
    """Signs in; an administrator's first sign-in sets up the authenticator app from the QR code's secret."""
    browser.get(base + "/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form.stacked button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url or "second-factor" in b.current_url)
    if "second-factor" in browser.current_url:
        assert browser.find_element(By.CSS_SELECTOR, "figure.qr svg").is_displayed()
        secret = browser.find_element(By.ID, "totp-secret").text
        browser.find_element(By.ID, "code").send_keys(totp(secret))
        browser.find_element(By.CSS_SELECTOR, "form.stacked button").click()
        codes = WebDriverWait(browser, 10).until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#recovery-codes li")))
        assert len(codes) == 10
        browser.find_element(By.PARTIAL_LINK_TEXT, "Continue").click()
