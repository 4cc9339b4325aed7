"""The delmål picker on a phone (issue 12 item 11): a resident (Gävleborg, HSLF-FS 2021:8) records a
course with two delmål from two groups. The groups (STa, STb, STc, BT) are folded until opened,
their summary says how many are chosen, and the page passes axe; the course is listed with both
delmål."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, serious_violations
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser
FIRST = DEMO_TODAY - timedelta(days=30)


def test_a_resident_chooses_two_delmal_from_two_groups_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "resident-g1")
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Kurser").first.click()
    picker = page.get_by_role("group", name="Delmål")
    groups = picker.locator("details.goal-group")
    expect(groups).to_have_count(4)
    common_a = picker.locator("details.goal-group-a")
    specialty = picker.locator("details.goal-group-c")
    bt = picker.locator("details.goal-group-bt")
    # Nothing chosen and nothing planned yet: every group folded, its checkboxes hidden.
    for group in (common_a, specialty, bt):
        expect(group).not_to_have_attribute("open", "")
    expect(picker.get_by_label("STa4", exact=False)).to_be_hidden()
    assert serious_violations(page) == []

    common_a.locator("summary").click()
    expect(common_a).to_have_attribute("open", "")
    common_a.get_by_label("STa4 Etik").check()
    specialty.locator("summary").focus()
    page.keyboard.press("Enter")  # a summary opens from the keyboard too
    expect(specialty).to_have_attribute("open", "")
    specialty.get_by_label("STc8", exact=False).check()
    bt.locator("summary").click()
    expect(bt.get_by_label("BT1 Akuta", exact=False)).to_be_visible()
    bt.locator("summary").click()
    expect(bt.get_by_label("BT1 Akuta", exact=False)).to_be_hidden()
    assert serious_violations(page) == []
    screenshot(page, "goal-picker-phone")

    page.get_by_label("Kurs", exact=True).fill("Etik och äldre")
    page.get_by_label("Från", exact=True).fill(FIRST.isoformat())
    page.get_by_label("Till och med", exact=True).fill((FIRST + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Spara kursen").click()
    listed = page.locator("main table").first
    expect(listed).to_contain_text("Etik och äldre")
    expect(listed).to_contain_text("STa4")
    expect(listed).to_contain_text("STc8")
    # Shown again, the groups holding a choice are not what opens them: nothing is chosen anew.
    expect(page.get_by_role("group", name="Delmål").locator("details[open]")).to_have_count(0)
