"""Issue 12 items 10 and 13 in the browser, the last words:

- resident-g2 (G) opens the assessments, finds only Swedish method names (R9.1, G 5.1.4; the
  abbreviation kept in parentheses), requests a "Fallbaserad diskussion (CbD)" and sees it listed
  by that name; axe;
- every role's start page, in both regions, cites rules by the region's routine ("Gävleborgs
  rutin …"), the R-code only as a small label: no bare "(R8.5)" in the text; axe on each.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser

BARE_CODE = re.compile(r"\(R\d{1,2}\.\d{1,2}[,)]")
ENGLISH = re.compile(r"\b(case|based|discussion|review|assessment)\b", re.I)


def test_a_resident_requests_an_assessment_by_its_swedish_name(open_as):
    """G: Jonas Strand asks for a case-based discussion, which he reads as "Fallbaserad diskussion
    (CbD)"; no method in the list is in English (item 13)."""
    page = open_as("resident-g2")
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Bedömningar", exact=True).first.click()
    options = page.get_by_label("Metod").locator("option").all_inner_texts()
    methods = [o.strip() for o in options if o.strip() and not o.strip().startswith("-")]
    assert "Fallbaserad diskussion (CbD)" in methods, methods
    assert "Mini-CEX (strukturerad observation)" in methods, methods
    assert [m for m in methods if ENGLISH.search(m)] == []
    page.get_by_label("Metod").select_option(label="Fallbaserad diskussion (CbD)")
    page.get_by_label("Bedömare", exact=True).select_option(label="Per Ek")
    page.get_by_role("button", name="Begär bedömningen").click()
    expect(page.get_by_role("status")).to_contain_text("Bedömningen är begärd")
    expect(page.locator("#list")).to_contain_text("Fallbaserad diskussion (CbD)")
    assert "Case-based" not in page.locator("main").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "words-assessment-methods")


@pytest.mark.parametrize(
    "username",
    [
        "resident-g2",
        "supervisor-g1",
        "unithead-g",
        "director-g",
        "medadviser-g",
        "resident-v1",
        "supervisor-v1",
        "unithead-v",
        "director-v",
    ],
)
def test_start_pages_cite_the_routine_not_a_bare_code(open_as, username):
    """Item 10: what waits on the start page names the region's routine and section; the R-code
    stays a small label beside it (its wording opens on demand)."""
    page = open_as(username)
    text = page.locator("main").inner_text()
    assert not BARE_CODE.search(text), BARE_CODE.search(text)
    labels = page.locator("main .rule-ref:visible")
    if labels.count():
        region = "Gävleborgs" if username.endswith(("-g", "-g1", "-g2")) else "Västmanlands"
        first = labels.first
        expect(first).to_contain_text(re.compile(rf"{region} rutin|Socialstyrelsens|ST-portalens"))
        summary = first.locator("summary")
        if summary.count():
            summary.click()
            expect(first.locator(".rule-wording")).to_be_visible()
    assert serious_violations(page) == []
