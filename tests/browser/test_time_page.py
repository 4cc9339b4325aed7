"""The time page in the browser (issue 3): a resident adds parental leave and sees the completion
date move by exactly its length; the director records a decision on a sick-leave spell."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser


def projected_completion(page: Page) -> date:
    return date.fromisoformat(page.locator("#projected-completion").get_attribute("data-date"))


def test_a_resident_adds_parental_leave_and_the_completion_moves_by_its_length(page):
    log_in(page, "resident-g1")
    page.get_by_role("link", name="Min ST-tid").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min ST-tid")
    assert serious_violations(page) == []
    before = projected_completion(page)

    form = page.locator("#absences form")
    form.get_by_label("Typ").select_option(label="Föräldraledighet")
    form.get_by_label("Från").fill("2027-03-01")
    form.get_by_label("Till och med").fill("2027-02-01")  # before the first day: refused
    form.get_by_role("button", name="Spara frånvaron").click()
    expect(page.locator("#absences .field-error")).to_have_text("Sista dagen är före första dagen.")
    assert projected_completion(page) == before
    assert serious_violations(page) == []

    form = page.locator("#absences form")
    form.get_by_label("Till och med").fill("2027-05-31")  # 92 days
    form.get_by_role("button", name="Spara frånvaron").click()
    expect(page.get_by_role("status")).to_contain_text("Frånvaron är sparad")
    assert projected_completion(page) == before + timedelta(days=92)
    expect(page.locator("#moved-by-leave")).to_have_text("92 dagar")
    expect(page.locator("#absences tbody")).to_contain_text("2027-05-31")
    screenshot(page, "time-page-resident")
    page.emulate_media(media="print")
    screenshot(page, "time-page-resident-print")


def test_the_director_records_a_decision_on_a_sick_leave_spell(page):
    log_in(page, "director-g")
    page.get_by_role("link", name="Jonas Strand").first.click()
    page.get_by_role("link", name="Visa ST-tiden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ST-tid för")
    expect(page.locator(".findings")).to_contain_text("saknar beslut")
    before = projected_completion(page)

    row = page.locator("#absences tbody tr", has_text="Sjukskrivning")
    row.get_by_role("link", name="Besluta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslut om frånvaro")
    assert serious_violations(page) == []
    page.get_by_label("Räknas inte: ST förlängs").check()
    page.get_by_label("Anteckning").fill("Lång sjukskrivning, förlänger ST enligt beslut.")
    page.get_by_role("button", name="Spara beslutet").click()

    expect(page.get_by_role("status")).to_contain_text("Beslutet är sparat")
    row = page.locator("#absences tbody tr", has_text="Sjukskrivning")
    expect(row).to_contain_text("Nej (beslut av Karin Wall")
    expect(page.locator("main")).not_to_contain_text("saknar beslut")
    assert projected_completion(page) > before
    assert serious_violations(page) == []
    screenshot(page, "time-page-director")


def test_the_time_page_fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "resident-g2")
    page.get_by_role("link", name="Min ST-tid").first.click()
    expect(page.locator("#projected-completion")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    screenshot(page, "time-page-resident-phone")
