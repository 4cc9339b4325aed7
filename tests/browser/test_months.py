"""Issue 12 items 8, 10 and 13 in the browser: time in months as residents count it ("5,8 av 60
månader, klart …") with the days on demand, and rules cited by the region's routine and section
with the wording on demand (R1.1, R8.4 and the findings' rules), for a G resident and a V
director; axe (WCAG 2.1 AA) on each page."""

import re

import pytest
from playwright.sync_api import expect

from stportal.training.models import Training
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser

MONTHS = re.compile(r"^\d+,\d av (60|66) månader, klart \d{4}-\d\d-\d\d")


def test_a_resident_reads_their_time_in_months_and_the_days_on_demand(open_as):
    page = open_as("resident-g2")
    expect(page.locator("#own-months")).to_have_text(MONTHS)
    assert "dagar fullgjorda sedan starten" in (page.locator("#own-months").get_attribute("title"))
    assert serious_violations(page) == []

    page.get_by_role("link", name="Min ST-tid").first.click()
    expect(page.locator("#served-months")).to_have_text(MONTHS)
    days = page.locator("#served-days")
    expect(days.locator("p").first).not_to_be_visible()
    days.get_by_text("I dagar").click()
    expect(days.locator("p").first).to_contain_text(
        re.compile(r"^\d[\d\u00a0]* av \d\u00a0\d{3} dagar")
    )
    assert not re.search(r"\d+,\d\d av", page.locator("main").inner_text())  # no decimals on days
    assert serious_violations(page) == []
    screenshot(page, "months-time-page-resident-g")


def test_findings_cite_the_regions_routine_with_the_wording_on_demand(open_as):
    page = open_as("resident-g3")
    page.get_by_role("link", name="Min ST-tid").first.click()
    rule = page.locator("details.rule-ref").first
    expect(rule.locator("summary")).to_contain_text("Gävleborgs rutin")
    expect(rule.locator(".rule-wording")).not_to_be_visible()
    rule.locator("summary").click()
    expect(rule.locator(".rule-wording")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "rule-reference-resident-g")


def test_a_director_in_vastmanland_sees_months_in_the_table_and_the_routines_headings(open_as):
    page = open_as("director-v")
    table = page.locator("table").filter(has_text="Fullgjord tid").first
    expect(table.locator("td.months").first).to_have_text(re.compile(r"^\d+,\d av 6[06] månader$"))
    assert serious_violations(page) == []
    training = Training.objects.get(resident__username="resident-v3")
    page.goto(f"/trainings/{training.pk}/time/")
    expect(page.locator("#served-months")).to_have_text(MONTHS)
    expect(page.locator("details.rule-ref summary").first).to_contain_text("Västmanlands rutin")
    assert serious_violations(page) == []
    screenshot(page, "months-time-page-director-v")
