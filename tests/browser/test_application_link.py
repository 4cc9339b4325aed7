"""Issue 13 item 3 in the browser: a course leader without an account confirms a course
certificate through a link. resident-g3's main supervisor (Gävleborg, SOSFS 2015:8 Bilaga 5)
sends the certificate from the package page to the course leader, who opens the link from the
e-mail logged out, reads the certificate, writes their name, workplace and specialty, attests and
confirms; the resident's package page then says the certificate is confirmed, through a link, by
whom. axe finds no serious or critical WCAG 2.1 AA violation on the send page and the link page.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from stportal.training.models import Training
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser


def test_a_course_leader_confirms_a_course_certificate_through_a_link(open_as):
    training = Training.objects.select_related("main_supervisor").get(
        resident__username="resident-g3"
    )
    course = training.courses.exclude(goals=[]).order_by("pk").first()
    assert course is not None and training.main_supervisor is not None
    row_id = f"#doc-course{course.pk}"

    supervisor = open_as(training.main_supervisor.username)
    supervisor.goto(f"/trainings/{training.pk}/application/")
    supervisor.locator(row_id).get_by_role("link", name="Skicka till den som intygar").click()
    expect(supervisor.get_by_role("heading", level=1)).to_contain_text("Skicka för bekräftelse")
    assert serious_violations(supervisor) == []
    supervisor.get_by_label("Intygsutfärdarens namn").fill("Karin Kursledare")
    supervisor.get_by_label("Intygsutfärdarens e-post").fill("karin@example.invalid")
    supervisor.get_by_label("Hen är kursledare", exact=False).check()
    supervisor.get_by_role("button", name="Skicka länken").click()
    expect(supervisor.get_by_role("status")).to_contain_text("karin@example.invalid")
    expect(supervisor.locator(row_id)).to_contain_text("En länk är skickad till Karin Kursledare")
    link = re.search(r"(/links/certificate/\S+/)", mail.outbox[-1].body).group(1)

    leader = open_as(None)
    leader.goto(link)
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Bekräfta")
    expect(leader.locator("main")).to_contain_text(course.name)
    expect(leader.locator("main")).to_contain_text(training.resident.get_full_name())
    assert serious_violations(leader) == []
    expect(leader.get_by_label("Ditt namn", exact=False)).to_have_value("Karin Kursledare")
    leader.get_by_label("Din specialitet", exact=False).fill("Allmänmedicin")
    leader.get_by_label("Ditt tjänstgöringsställe").fill("FoU Region Gävleborg")
    leader.get_by_label("Jag har läst intyget", exact=False).check()
    leader.get_by_role("button", name="Bekräfta intyget").click()
    expect(leader.get_by_role("status")).to_contain_text("Intyget är bekräftat")
    screenshot(leader, "application-link-done")
    leader.goto(link)
    expect(leader.get_by_role("heading", level=1)).to_have_text("Länken är redan använd")

    resident = open_as("resident-g3")
    resident.goto(f"/trainings/{training.pk}/application/")
    expect(resident.locator(f"{row_id} .status")).to_have_text("Bekräftat")
    expect(resident.locator(row_id)).to_contain_text("Bekräftat genom länk av Karin Kursledare")
    screenshot(resident, "application-link-confirmed")
