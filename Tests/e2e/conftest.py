"""Black-box tests against a running CICA Platform.

Start the server first (`.ci/run` does), then: CICA_E2E_BASE_URL=http://127.0.0.1:8080 pytest Tests/e2e
"""
import os
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


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

