"""A living plan in the browser (issue 12 item 12, R2.6; G 4.1.1: "revideras kontinuerligt, av
handledare och ST-läkare"): the resident revises the established IUP, the main supervisor signs
and the revision is in force with the earlier version in the history; a change of the overall
plan asks for every signer again. resident-v2's demo IUP is established by three (V)."""

import re

import pytest
from playwright.sync_api import expect

from stportal.training.models import Training
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser


def test_r2_6_a_revision_is_signed_by_two_and_a_larger_change_asks_for_all(open_as):
    training = Training.objects.select_related("main_supervisor").get(
        resident__username="resident-v2"
    )
    resident = open_as("resident-v2")
    resident.goto(f"/trainings/{training.pk}/plan/")
    plan_url = resident.url
    in_force = resident.get_by_test_id("in-force")
    expect(in_force).to_contain_text("Gäller: version 1")
    expect(in_force).to_contain_text("Ingen revidering väntar")

    # The resident revises one delmål's notes: a revision of the plan in force.
    resident.locator("article.goal").first.get_by_role("link", name="Ändra").click()
    expect(resident.locator("main")).to_contain_text("Version 1 är den plan som gäller")
    resident.get_by_label("Anteckningar").fill("Mer hemsjukvård under år 3.")
    resident.get_by_role("button", name="Spara").click()
    expect(resident.get_by_role("status")).to_contain_text("Sparat som version 2")
    expect(in_force).to_contain_text("Gäller: version 1")
    expect(resident.get_by_test_id("pending")).to_have_text("Väntar: version 2")
    expect(in_force).to_contain_text("En revidering")
    expect(in_force).to_contain_text("Återstår att skriva under: ST-läkare, huvudhandledare")
    expect(in_force).to_contain_text("Mer hemsjukvård under år 3.")
    assert serious_violations(resident) == []
    resident.get_by_role("button", name="Signera som ST-läkare").click()
    expect(resident.get_by_role("status")).to_contain_text("Version 2 är signerad")

    unit_head = open_as("unithead-v")
    unit_head.goto(plan_url)
    expect(unit_head.get_by_test_id("in-force")).to_contain_text("Återstår att skriva under")
    expect(unit_head.get_by_role("button", name=re.compile("^Signera som"))).to_have_count(0)

    supervisor = open_as(training.main_supervisor.username)
    supervisor.goto(plan_url)
    supervisor.get_by_role("button", name="Signera som Huvudhandledare").click()
    expect(supervisor.get_by_role("status")).to_contain_text("Revideringen är fastställd")
    expect(supervisor.get_by_test_id("in-force")).to_contain_text("Gäller: version 2")
    expect(supervisor.get_by_test_id("in-force")).to_contain_text("revidering av versionen före")
    expect(supervisor.get_by_test_id("in-force")).to_contain_text("Ingen revidering väntar")
    screenshot(supervisor, "plan-revision-in-force")

    supervisor.get_by_role("link", name="Alla versioner och vad som ändrats").first.click()
    rows = supervisor.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("(hela planen)")
    expect(rows.nth(1)).to_contain_text("(revidering)")
    expect(rows.nth(1).get_by_test_id("in-force-mark")).to_have_text("Gäller")
    assert serious_violations(supervisor) == []

    # A change of the overall goals is a change of the overall plan: all three sign again.
    resident.goto(plan_url)
    resident.locator("#general-heading").get_by_role("link", name="Ändra").click()
    resident.get_by_label("Övergripande mål").fill("Bli specialist med inriktning på äldre.")
    resident.get_by_role("button", name="Spara").click()
    expect(resident.get_by_test_id("pending")).to_have_text("Väntar: version 3")
    expect(resident.get_by_test_id("in-force")).to_contain_text(
        "alla som skriver under planen skriver under igen"
    )
    expect(resident.get_by_test_id("in-force")).to_contain_text(
        "Återstår att skriva under: ST-läkare, huvudhandledare, verksamhetschef"
    )
    unit_head.goto(plan_url)
    expect(unit_head.get_by_role("button", name="Signera som Verksamhetschef")).to_be_visible()
    assert serious_violations(unit_head) == []
    screenshot(unit_head, "plan-change-for-all")
