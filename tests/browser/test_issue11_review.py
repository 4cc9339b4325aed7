"""The review of issue 11 in the browser: the medical adviser approves supervision at a distance
from their home page, seeing the approvals and not the log (R8.5, G 5.1.2: "om chef inte är
läkare i samråd med medicinsk rådgivare på hälsocentralen"); the director records the local
ST-day they arranged and removes it (R12.1, G 5.1.5: "lokala ST-dagar som arrangeras av
studierektor"); the resident corrects Mitt i ST's result (R5.2). Each page passes axe."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stportal.portfolio.models import (
    DistanceApproval,
    EducationEvent,
    MilestoneRecord,
    SupervisionSession,
)
from stportal.training.models import Training
from tests.browser.conftest import serious_violations
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser


def test_r8_5_the_medical_adviser_approves_from_the_home_page_without_reading_the_log(open_as):
    training = Training.objects.get(resident__username="resident-g3")
    SupervisionSession.objects.create(
        training=training,
        held_on=DEMO_TODAY - timedelta(days=3),
        minutes=60,
        form="individual",
        topics="PRIVATE-TOPIC",
        written_by=training.resident,
    )
    # Asked for: the main supervisor approved first (the portal has no separate ask step).
    supervisor = open_as("supervisor-g2")
    supervisor.goto(reverse("portfolio:supervision", args=[training.pk]))
    supervisor.get_by_role("button", name="Godkänn som Huvudhandledare").click()
    expect(supervisor.get_by_role("status")).to_contain_text("godkänd")
    adviser = open_as("medadviser-g")
    section = adviser.locator("section", has_text="Att godkänna: handledning på distans")
    section.get_by_role("link", name="Maria Falk").click()
    expect(adviser.locator("#distance")).to_be_visible()
    expect(adviser.locator("#sessions")).to_have_count(0)
    assert "PRIVATE-TOPIC" not in adviser.content()
    assert serious_violations(adviser) == []
    adviser.get_by_role("button", name="Godkänn som Medicinsk rådgivare").click()
    expect(adviser.get_by_role("status")).to_contain_text("godkänd")
    assert DistanceApproval.objects.filter(training=training, role="medical_adviser").exists()


def test_r12_1_the_director_records_the_st_day_they_arranged_and_removes_it(open_as):
    training = Training.objects.get(resident__username="resident-g2")
    director = open_as("director-g")
    director.goto(reverse("portfolio:study_time", args=[training.pk]))
    section = director.locator("#education")
    section.get_by_label("Typ").select_option("st_day")
    section.get_by_label("Rubrik").fill("Lokal ST-dag: multisjuka")
    section.get_by_role("button", name="Registrera").click()
    expect(director.get_by_role("status")).to_contain_text("registrerad")
    assert EducationEvent.objects.get(training=training).recorded_by.username == "director-g"
    assert serious_violations(director) == []
    director.locator("#education").get_by_role("button", name="Ta bort").click()
    expect(director.get_by_role("status")).to_contain_text("borttagen")
    assert not EducationEvent.objects.filter(training=training).exists()


def test_r5_2_the_resident_corrects_mitt_i_st_after_it_was_held(open_as):
    training = Training.objects.get(resident__username="resident-v2")
    resident = open_as("resident-v2")
    resident.goto(reverse("training:time", args=[training.pk]))
    resident.get_by_label("Extern värderare").fill("Dr Eva Extern")
    resident.locator("#mitt-i-st-form").get_by_role("button", name="Markera som klar").click()
    expect(resident.get_by_role("status")).to_contain_text("klar")
    resident.get_by_text("Rätta värderaren eller resultatet").click()
    resident.get_by_label("Resultat").fill("Arbeta vidare med vetenskapligt arbete.")
    resident.get_by_role("button", name="Spara rättelsen").click()
    expect(resident.get_by_role("status")).to_contain_text("Mitt i ST är rättat.")
    expect(resident.get_by_text("Arbeta vidare med vetenskapligt arbete.").first).to_be_visible()
    record = MilestoneRecord.objects.get(training=training, code="mitt_i_st")
    assert (record.assessor_name, record.result) == (
        "Dr Eva Extern",
        "Arbeta vidare med vetenskapligt arbete.",
    )
    assert record.history.count() == 2
    assert serious_violations(resident) == []
