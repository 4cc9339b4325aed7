"""The plan in the browser (issue 4): the IUP drafted from the prefilled template, an assessment
plan added by the supervisor, every signer signs, the agreement PDF holds names, dates and
version; the rotation supervisor names themselves and certifies through links; expired and
tampered links get a clear page."""

import io
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from stportal.people.models import Person
from tests.browser.conftest import screenshot, serious_violations

pytestmark = pytest.mark.browser

V_SIGNERS = [
    ("resident-v1", "ST-läkare"),
    ("supervisor-v1", "Huvudhandledare"),
    ("unithead-v", "Verksamhetschef"),
]


def resident_plan_url(page: Page) -> str:
    page.get_by_role("link", name="Utbildningsplan (IUP)").first.click()
    return page.url


def test_the_iup_is_drafted_planned_signed_and_the_agreement_downloaded(open_as):
    resident = open_as("resident-v1")
    plan_url = resident_plan_url(resident)
    resident.get_by_role("button", name="Upprätta utbildningsplanen").click()
    expect(resident.get_by_role("heading", name=re.compile("Version 1"))).to_be_visible()
    expect(resident.locator("#goal-STc1")).to_contain_text("Sidotjänstgöring")
    assert serious_violations(resident) == []

    supervisor = open_as("supervisor-v1")
    supervisor.goto(plan_url)
    supervisor.locator("#goal-STc1").get_by_role("link", name="Ändra").click()
    supervisor.get_by_label("Medsittning/sit-in").check()
    supervisor.get_by_label("Journalgenomgång").check()
    supervisor.get_by_label("Anteckningar").fill("Bedöms vid medsittning varje månad.")
    assert serious_violations(supervisor) == []
    supervisor.get_by_role("button", name="Spara").click()
    expect(supervisor.get_by_role("status")).to_contain_text("Sparat som version 1")
    expect(supervisor.locator("#goal-STc1")).to_contain_text("Medsittning/sit-in, Journalgenomgång")

    pages = {
        "resident-v1": resident,
        "supervisor-v1": supervisor,
        "unithead-v": open_as("unithead-v"),
    }
    for username, role in V_SIGNERS:
        page = pages[username]
        page.goto(plan_url)
        page.get_by_role("button", name=f"Signera som {role}").click()
        expect(page.get_by_role("status")).to_contain_text("Version 1 är signerad")
    expect(pages["unithead-v"].get_by_role("status")).to_contain_text("versionen är fastställd")
    screenshot(pages["unithead-v"], "plan-established")

    resident.goto(plan_url)
    resident.get_by_role("link", name="Avtal").first.click()
    resident.get_by_role("button", name="Upprätta avtalet").click()
    for username, role in V_SIGNERS:
        page = pages[username]
        page.goto(resident.url)
        page.get_by_role("button", name=f"Signera som {role}").click()
    resident.reload()
    expect(resident.locator("#signing")).to_contain_text("Fastställd")
    assert serious_violations(resident) == []
    with resident.expect_download() as download_info:
        resident.get_by_role("link", name="Ladda ner som PDF").click()
    pdf = download_info.value.path().read_bytes()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "ST-överenskommelse" in text
    assert "Version 1, fastställd" in text
    for username, _role in V_SIGNERS:
        assert Person.objects.get(username=username).get_full_name() in text
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)  # signing times


def test_the_rotation_supervisor_is_named_and_certifies_through_links(open_as):
    resident = open_as("resident-g2")
    resident.get_by_role("link", name="Tjänstgöringsplan").first.click()
    assert serious_violations(resident) == []
    resident.get_by_role("link", name=re.compile("^Kontrakt Sidotjänstgöring")).first.click()
    resident.get_by_label("Mottagande enhetens e-post").fill("klinik@example.invalid")
    resident.get_by_label("Önskemål").fill("Dagtid; hemvändardag första måndagen i månaden.")
    resident.get_by_role("button", name="Spara").click()
    expect(resident.locator("main")).to_contain_text(
        "Huvudhandledaren eller studierektorn granskar"
    )
    expect(resident.get_by_role("button", name="Skicka till mottagande enhet")).to_have_count(0)
    contract_page = resident.url
    supervisor = open_as("supervisor-g1")  # vouches for the address and sends (issue 10)
    supervisor.goto(contract_page)
    expect(supervisor.locator("main")).to_contain_text("klinik@example.invalid är den mottagande")
    supervisor.get_by_role("button", name="Skicka till mottagande enhet").click()
    expect(supervisor.get_by_role("status")).to_contain_text("klinik@example.invalid")
    link = re.search(r"(/links/\S+/)", mail.outbox[-1].body).group(1)

    stranger = open_as(None)
    changed = "y" if link[-4] == "x" else "x"
    stranger.goto(link[:-4] + changed + link[-3:])  # tampered
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Länken är ogiltig")
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Utse handledare")
    assert serious_violations(stranger) == []
    stranger.get_by_label("Handledare under sidotjänstgöringen").fill("Dr Eva Ek")
    stranger.get_by_label("Specialitet och titel").fill("Specialist i internmedicin")
    stranger.get_by_label("Handledarens e-post").fill("eva.ek@example.invalid")
    stranger.get_by_role("button", name="Utse handledare").click()
    expect(stranger.get_by_role("status")).to_contain_text("Dr Eva Ek är utsedd")
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Länken är redan använd")

    supervisor.reload()
    supervisor.get_by_role("button", name="Be handledaren om intyget").click()
    expect(supervisor.get_by_role("status")).to_contain_text("eva.ek@example.invalid")
    certify = re.search(r"(/links/\S+/)", mail.outbox[-1].body).group(1)
    stranger.goto(certify)
    stranger.get_by_label("Beskrivning av den kliniska tjänstgöringen").fill("Akutmottagning.")
    stranger.get_by_text("Specialitetsspecifika delmål (c)").click()  # the picker (issue 12)
    stranger.get_by_role("checkbox", name=re.compile("c2 Medicinsk")).check()
    stranger.get_by_label("Intygas av").fill("Eva Ek")
    stranger.get_by_role("checkbox", name=re.compile("Jag intygar")).check()
    assert serious_violations(stranger) == []
    stranger.get_by_role("button", name="Utfärda intyget").click()
    expect(stranger.get_by_role("status")).to_contain_text("Intyget är utfärdat")
    resident.reload()
    expect(resident.locator("main")).to_contain_text("Intyg utfärdat av Eva Ek")
    screenshot(resident, "rotation-contract")


def test_an_expired_link_gets_a_clear_page(open_as, settings):
    resident = open_as("resident-g2")
    resident.get_by_role("link", name="Tjänstgöringsplan").first.click()
    resident.get_by_role("link", name=re.compile("^Kontrakt Sidotjänstgöring")).first.click()
    resident.get_by_label("Mottagande enhetens e-post").fill("klinik@example.invalid")
    resident.get_by_role("button", name="Spara").click()
    director = open_as("director-g")
    director.goto(resident.url)
    director.get_by_role("button", name="Skicka till mottagande enhet").click()
    expect(director.get_by_role("status")).to_contain_text("klinik@example.invalid")
    link = re.search(r"(/links/\S+/)", mail.outbox[-1].body).group(1)
    settings.STPORTAL_LINK_MAX_AGE_DAYS = -1
    stranger = open_as(None)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Länken har gått ut")
    expect(stranger.locator("main")).to_contain_text("Be ST-läkaren skicka en ny")
    assert serious_violations(stranger) == []
