"""Study time in hours a week, taken as scheduled with exceptions recorded (issue 12 item 9, R3.2,
R3.5): a resident opens the study-time page on a phone-sized window, sees the routine's hours,
records one week that differed and finds it in the list and the ledger."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


def test_a_resident_records_a_week_that_differed_in_hours(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "resident-g1")
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Studietid").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Studietid")
    expect(page.locator("main")).to_contain_text("4 timmar i veckan vid heltid")
    expect(page.locator("main")).to_contain_text("räknas som uttagen enligt schemat")
    expect(page.locator("#exceptions")).to_contain_text("Inga: varje vecka togs ut enligt schemat.")
    assert serious_violations(page) == []

    form = page.locator("form", has=page.get_by_label("Timmar uttagna den veckan"))
    form.get_by_label("Timmar uttagna den veckan").fill("1.5")  # a number input sends a point
    form.get_by_label("Varför den avvek").fill("Jourkomp")
    form.get_by_role("button").first.click()
    expect(page.locator("#exceptions tbody")).to_contain_text("1,5")
    expect(page.locator("#exceptions tbody")).to_contain_text("Jourkomp")
    assert serious_violations(page) == []
    screenshot(page, "study-time-hours-phone")
