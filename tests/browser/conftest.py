"""Playwright driving Debian's Chromium (never a downloaded browser) against a live server."""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, sync_playwright

from stportal.people.models import Person
from tests.conftest import demo_world_seed

# Playwright's sync API keeps an event loop in the test thread, where the ORM is used too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    path = os.environ.get("STPORTAL_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium is missing: install Debian's package (scripts/ensure-system-packages)."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_demo(transactional_db, live_server):
    demo_world_seed()  # the tables were emptied after the previous transactional test
    return live_server


@pytest.fixture
def page(browser, live_demo):
    context = browser.new_context(base_url=live_demo.url, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def signed_in_context(browser, base_url: str, username: str) -> BrowserContext:
    """A browser context with the person's session cookie, as Django's test client's
    force_login makes it: for journeys that are not about the login form (test_home_pages.py
    drives that form)."""
    client = Client()
    client.force_login(Person.objects.get(username=username))
    context = browser.new_context(base_url=base_url, locale="sv-SE")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )
    return context


def log_in(page: Page, username: str, password: str = "st-demo-2026") -> None:
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def serious_violations(page: Page) -> list[str]:
    """axe's WCAG 2.1 AA violations of serious or critical impact, described."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


@pytest.fixture
def open_as(browser, live_demo):
    """Opens a page for a person (logged in, or anonymous with None); all closed at the end,
    before the live server stops."""
    contexts = []

    def opener(username: str | None) -> Page:
        if username:
            context = signed_in_context(browser, live_demo.url, username)
        else:
            context = browser.new_context(base_url=live_demo.url, locale="sv-SE")
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/")  # where logging in leads
        return page

    yield opener
    for context in contexts:
        context.close()
