"""Each demo role logs in through the browser and sees its own home page; axe finds no serious
or critical WCAG 2.1 AA violation on the login page or any home page (issue 2)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

HOME_PAGES = [
    # (username, what the page must show, what it must not show)
    (
        "resident-g2",
        ["Min ST", "SOSFS 2015:8", "Hälsocentralen Brynäs", "Föräldraledighet"],
        ["Maria Falk"],
    ),
    (
        "supervisor-g1",
        ["Mina ST-läkare", "Sara Holm", "Jonas Strand", "Maria Falk"],
        ["Amir Karimi"],
    ),
    (
        "director-g",
        # resident-g1 to -g3 and resident-g4, ready to apply (issue 13)
        ["Alla ST-läkare i Region Gävleborg", "4 ST-läkare", "Maria Falk"],
        ["Amir Karimi"],
    ),
    ("unithead-g", ["ST-läkare på min enhet", "Sara Holm", "Jonas Strand"], ["Maria Falk"]),
    ("admin-g", ["Regionadministration", "Personer", "Enheter"], ["Sara Holm"]),
    ("resident-v1", ["Min ST", "HSLF-FS 2021:8", "Vårdcentralen Skultuna"], ["Elin Vik"]),
    ("director-v", ["Alla ST-läkare i Region Västmanland", "Elin Vik"], ["Sara Holm"]),
]


def test_login_page_is_swedish_and_accessible(page):
    page.goto("/login/")
    expect(page).to_have_title("Logga in – ST-portalen")
    assert serious_violations(page) == []
    page.get_by_label("Användarnamn").fill("resident-g1")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("korrekt användarnamn och lösenord")
    assert serious_violations(page) == []


@pytest.mark.parametrize(("username", "shown", "hidden"), HOME_PAGES)
def test_each_role_sees_its_home_page(page, username, shown, hidden):
    log_in(page, username)
    main = page.locator("main")
    for text in shown:
        expect(main).to_contain_text(text)
    for text in hidden:
        expect(main).not_to_contain_text(text)
    screenshot(page, f"home-{username}")
    assert serious_violations(page) == []


def test_the_director_opens_a_resident_and_the_history(page):
    log_in(page, "director-g")
    page.get_by_role("searchbox", name="Namn").fill("strand")
    page.get_by_role("button", name="Sök").click()
    expect(page.locator("main")).to_contain_text("1 ST-läkare")
    page.get_by_role("link", name="Jonas Strand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ST för Jonas Strand")
    page.get_by_role("link", name="Visa ändringshistorik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändringshistorik: Jonas Strand")
    assert serious_violations(page) == []


def test_a_resident_on_a_phone_logs_out(browser, live_demo):
    context = browser.new_context(
        base_url=live_demo.url, viewport={"width": 375, "height": 740}, locale="sv-SE"
    )
    page = context.new_page()
    log_in(page, "resident-g1")
    expect(page.locator("main")).to_contain_text("Min ST")
    screenshot(page, "home-resident-g1-phone")
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(f"{live_demo.url}/login/")
    context.close()
