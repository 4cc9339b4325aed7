"""Issue 12, items 1 and 5, in the browser: each role logs in, its home page starts with "Att
göra" holding at least one item, and the item's link leads to the page where it is done (its
heading). axe finds no serious or critical WCAG 2.1 AA violation on the home page.

Journeys (both regions where the role exists in both):
- resident-g2: "Årlig uppföljning, år 1" (R9.3) → the annual review of year 1;
- resident-v1: the IUP due (R2.2) → the training plan;
- supervisor-g1: supervision below the minimum (R8.4) → the supervision log;
- unithead-g, director-g: the sick leave without a decision (R1.3) → the ST time page;
- unithead-v: the feedback on a completed assessment (R9.4, V) → the assessments;
- medadviser-g: supervision at a distance to approve (R8.5) → the supervision page.
"""

import pytest
from playwright.sync_api import expect

from stportal.people.models import Person
from stportal.portfolio.models import DistanceApproval
from stportal.training.models import Training
from tests.browser.conftest import log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

JOURNEYS = [
    # (username, the link's text in "Att göra", the heading of the page it leads to)
    ("resident-g2", "Öppna den årliga uppföljningen", "Årlig uppföljning, år 1"),
    ("resident-v1", "Öppna utbildningsplanen", "Utbildningsplan (IUP)"),
    ("supervisor-g1", "Öppna handledningsloggen", "Handledningslogg"),
    ("unithead-g", "Besluta om frånvaron", "ST-tid för Jonas Strand"),
    ("unithead-v", "Öppna bedömningarna", "Bedömningar"),
    ("director-g", "Besluta om frånvaron", "ST-tid för Jonas Strand"),
    ("medadviser-g", "Öppna handledningsloggen", "Handledningslogg"),
]


def _distance_asked() -> None:
    """R8.5: the director has approved supervision at a distance for Maria Falk (Hudiksvall,
    whose unit head is not a doctor); the medical adviser's approval is awaited."""
    training = Training.objects.get(resident__username="resident-g3")
    DistanceApproval.objects.get_or_create(
        training=training,
        role="director",
        defaults={"person": Person.objects.get(username="director-g")},
    )


@pytest.mark.parametrize(("username", "link", "heading"), JOURNEYS)
def test_each_role_starts_with_what_it_must_do_and_reaches_where_it_is_done(
    page, username, link, heading
):
    if username == "medadviser-g":
        _distance_asked()
    log_in(page, username)
    tasks = page.locator("#tasks")
    expect(tasks.get_by_role("heading", name="Att göra", exact=True)).to_be_visible()
    mine = tasks.locator("ul.tasks > li")
    expect(mine.first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, f"what-waits-{username}")
    tasks.locator("ul.tasks").get_by_role("link", name=link).first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text(heading)


def test_the_resident_sees_the_unit_heads_decision_as_information(page):
    """R1.3 (G 5.1.6): the decision on a long sick leave is the unit head's or the director's;
    the resident sees it under "Väntar på andra", folded, not as their own task."""
    log_in(page, "resident-g2")
    others = page.locator("#tasks details.others")
    expect(others).to_be_visible()
    expect(others.locator("ul")).to_be_hidden()
    others.locator("summary").click()
    expect(others).to_contain_text("saknar beslut")
    expect(others).to_contain_text("Väntar på: verksamhetschef, studierektor.")
    expect(page.locator("#tasks ul.tasks")).not_to_contain_text("saknar beslut")
    assert serious_violations(page) == []
