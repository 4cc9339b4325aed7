"""The portfolio in the browser (issue 5): a supervisor logs a session and an assessment from a
phone-sized window; an external assessor the resident named is approved by the main supervisor
and completes the assessment through the link; a resident uploads a certificate and a file of the
wrong type is refused with a message."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from stportal.portfolio.models import Assessment, CourseRecord, SupervisionSession
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_supervisor_logs_a_session_and_an_assessment_on_a_phone(open_as):
    page = open_as("supervisor-g1")
    page.set_viewport_size({"width": 390, "height": 844})
    began = time.monotonic()
    page.get_by_role("link", name="Jonas Strand").first.click()
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Handledning", exact=True).first.click()
    page.get_by_label("Minuter").fill("45")
    page.get_by_label("Ämnen").fill("Astma, inhalationsteknik")
    page.get_by_label("Överenskomna åtgärder").fill("Läsa NAG-riktlinjen")
    page.get_by_role("button", name="Logga tillfället").click()
    expect(page.get_by_role("status")).to_contain_text("Handledningstillfället är loggat")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Bedömningar", exact=True).first.click()
    page.get_by_label("Metod").select_option(label="Mini-CEX (strukturerad observation)")
    page.locator("#id_goals").get_by_text("Specialitetsspecifika delmål (c)").click()  # issue 12
    page.get_by_role("checkbox", name=re.compile("^c1 ")).check()
    page.get_by_label("Bedömare", exact=True).select_option(label="Eva Lind")
    page.get_by_role("button", name="Begär bedömningen").click()
    page.get_by_role("link", name="Fyll i bedömningen").click()
    page.get_by_label("Återkoppling").fill("Strukturerad anamnes, bra status.")
    page.get_by_label("Bedömning").select_option("at")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_role("status")).to_contain_text("Bedömningen är sparad")
    print(f"\nphone journey: session and assessment in {time.monotonic() - began:.1f} s")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    strand = {"training__resident__username": "resident-g2"}
    assert SupervisionSession.objects.get(**strand).minutes == 45
    assert Assessment.objects.get(**strand).completed_at is not None
    screenshot(page, "portfolio-supervisor-phone")


def test_an_external_assessor_completes_an_assessment_through_the_link(open_as):
    resident = open_as("resident-g2")
    resident.get_by_role("link", name="Portfölj").first.click()
    resident.get_by_role("link", name="Bedömningar", exact=True).first.click()
    resident.get_by_label("Metod").select_option(label="Fallbaserad diskussion (CbD)")
    resident.get_by_label("Bedömarens namn").fill("Dr Ola Ås")
    resident.get_by_label("Bedömarens e-post").fill("ola@example.invalid")
    resident.get_by_role("button", name="Begär bedömningen").click()
    waits = "Väntar på att huvudhandledaren eller studierektorn godkänner bedömaren"
    expect(resident.locator("#list")).to_contain_text(waits)  # no link yet (issue 10)
    supervisor = open_as("supervisor-g1")
    supervisor.goto(resident.url)
    supervisor.get_by_role("button", name="Godkänn bedömaren och skicka länken").click()
    expect(supervisor.locator("#list")).to_contain_text("Länk skickad till ola@example.invalid")
    link = re.search(r"(/links/assessment/\S+/)", mail.outbox[-1].body).group(1)

    assessor = open_as(None)
    assessor.goto(link)
    assert serious_violations(assessor) == []
    assessor.get_by_label("Återkoppling").fill("God klinisk resonemang.")
    assessor.get_by_label("Bedömning").select_option("above")
    assessor.get_by_role("button", name="Spara bedömningen").click()
    expect(assessor.get_by_role("status")).to_contain_text("Bedömningen är sparad")
    resident.reload()
    expect(resident.locator("#list")).to_contain_text("Över förväntad nivå")


def test_a_resident_uploads_a_certificate_and_a_wrong_file_is_refused(open_as):
    page = open_as("resident-v1")
    page.get_by_role("link", name="Portfölj").first.click()
    page.get_by_role("link", name="Kurser").click()
    page.get_by_label("Kurs i kurskatalogen").select_option(index=1)
    page.get_by_label("Från").fill("2026-09-01")
    page.get_by_label("Till och med").fill("2026-09-02")
    page.get_by_label("Intyg", exact=True).set_input_files(
        files=[{"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a..."}]
    )
    page.get_by_role("button", name="Spara kursen").click()
    expect(page.locator(".field-error")).to_contain_text("måste vara en PDF-, PNG- eller JPEG-fil")
    assert serious_violations(page) == []
    page.get_by_label("Intyg", exact=True).set_input_files(
        files=[{"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Spara kursen").click()
    expect(page.get_by_role("status")).to_contain_text("Kursen är registrerad")
    record = CourseRecord.objects.get(training__resident__username="resident-v1")
    with page.expect_download() as download:
        page.locator("#list").get_by_role("link", name=re.compile("^Ladda ner")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    assert record.certificate_type == "application/pdf"
    screenshot(page, "portfolio-courses")


@pytest.mark.parametrize(
    "path",
    [
        "portfolio/",
        "portfolio/study-time/",
        "portfolio/goals/",
        "portfolio/annual/1/",
        "portfolio/works/written_work/",
        "portfolio/courses/",
        "plan/",
        "time-plan/",
        "agreement/",
    ],
)
def test_the_pages_of_a_documented_st_are_accessible(open_as, path):
    page = open_as("supervisor-g2")  # main supervisor of resident-g3, whose ST is documented
    page.get_by_role("link", name="Maria Falk").first.click()
    training_url = page.url
    page.goto(training_url + path)
    expect(page.locator("h1")).to_be_visible()
    assert serious_violations(page) == []
