"""Issue 12 item 7 in the browser: a co-supervisor documents on a phone an assessment just held,
without requesting it first (R9.1, G 5.1.4: "Handledaren ska dokumentera bedömningarna i
ST-läkarens portfölj"), and the resident finds it done; two requests to the same assessor are
told apart on the assessor's start page, in the list and on the form's heading. axe finds no
serious or critical WCAG 2.1 AA violation on the pages."""

import re

import pytest
from playwright.sync_api import expect

from stportal.portfolio.models import Assessment
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser


def test_a_co_supervisor_records_an_assessment_on_a_phone_and_the_resident_sees_it(open_as):
    """V: Olof Gran, co-supervisor of Amir Karimi, documents a sit-in (R9.1, R9.2)."""
    page = open_as("supervisor-v2")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Amir Karimi").first.click()
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Bedömningar", exact=True).first.click()
    record = page.locator("#record")
    expect(record.get_by_role("heading")).to_have_text("Dokumentera en bedömning du har gjort")
    record.get_by_text("Öppna formuläret").click()
    assert serious_violations(page) == []
    record.get_by_label("Typ av bedömning").select_option("sit_in")
    record.get_by_label("Återkoppling").fill("Strukturerad konsultation, tydlig sammanfattning.")
    record.get_by_label("Bedömning", exact=True).select_option("at")
    record.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_role("status")).to_contain_text("Bedömningen är sparad")
    row = page.locator("#list tbody tr").filter(has_text="dokumenterad av Olof Gran")
    expect(row).to_have_count(1)
    expect(row.locator(".status-done")).to_have_text("Klar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    screenshot(page, "assessment-recorded-phone")
    item = Assessment.objects.get(
        training__resident__username="resident-v1", assessor__username="supervisor-v2"
    )
    assert item.requested_by == item.assessor and item.completed_at is not None

    resident = open_as("resident-v1")
    resident.set_viewport_size({"width": 390, "height": 844})
    resident.get_by_role("link", name="Portfölj").first.click()
    resident.get_by_role("link", name="Bedömningar", exact=True).first.click()
    expect(resident.locator("#record")).to_have_count(0)  # the resident records none of their own
    mine = resident.locator("#list tbody tr").filter(has_text="dokumenterad av Olof Gran")
    expect(mine).to_contain_text("Strukturerad konsultation")
    expect(mine.locator(".status-done")).to_have_text("Klar")
    screenshot(resident, "assessment-recorded-resident-phone")


def test_two_requests_to_the_same_assessor_are_told_apart(open_as):
    """G: Jonas Strand asks Per Ek for a Mini-CEX and a CbD; Per Ek's start page lists both,
    each saying which it is, and the form he opens says which one he completes."""
    resident = open_as("resident-g2")
    resident.get_by_role("link", name="Portfölj").first.click()
    resident.get_by_role("link", name="Bedömningar", exact=True).first.click()
    for method in ("mini_cex", "cbd"):
        resident.get_by_label("Metod").select_option(method)
        resident.get_by_label("Bedömare", exact=True).select_option(label="Per Ek")
        resident.get_by_role("button", name="Begär bedömningen").click()
        expect(resident.get_by_role("status")).to_contain_text("Bedömningen är begärd")
    waiting = resident.locator("#list tbody tr").filter(has_text="begärd")
    expect(waiting).to_have_count(2)
    expect(waiting.locator(".status-open")).to_have_text(["Väntar på bedömaren"] * 2)
    assert serious_violations(resident) == []

    assessor = open_as("supervisor-g2")
    texts = assessor.locator("main").inner_text()
    mini = re.search(
        r"Fyll i bedömningen: (Mini-CEX[^,\n]*, begärd [0-9-]+ av Jonas Strand)\.", texts
    )
    cbd = re.search(
        r"Fyll i bedömningen: ([^,\n]*CbD[^,\n]*, begärd [0-9-]+ av Jonas Strand)\.", texts
    )
    assert mini and cbd, texts
    task = assessor.locator("#tasks li").filter(has_text=cbd.group(1))
    expect(task).to_have_count(1)
    task.get_by_role("link", name="Fyll i").click()
    expect(assessor.locator("[data-testid=assessment-label]")).to_have_text(
        f"Du fyller i: {cbd.group(1)}"
    )
    assert serious_violations(assessor) == []
    screenshot(assessor, "assessment-which-one")
