"""Issue 10, item 5: a resident issues themself Socialstyrelsen's certificate of clinical service.

The attack: the resident enters their own address as the receiving unit's, gets the link, names
an invented rotation supervisor (with their own address again), gets the certificate link and
certifies any delmål. It no longer holds: the links go out only from the main supervisor or the
director, who vouch for each address; residents' addresses are refused wherever a certifier's is
asked for; a link opened by someone logged in as another person shows nothing; and the page and
the PDF say who sent which link to which address. Also: a link used twice at the same moment
(Low).
"""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from stportal import links
from stportal.links import LinkError, LinkProblem, Purpose
from stportal.plans import services
from stportal.plans.models import RotationContract
from stportal.portfolio.models import Assessment
from tests.conftest import DEMO_NOW

SUPERVISOR = {
    "supervisor_name": "Dr Eva Ek",
    "supervisor_title": "Specialist i internmedicin",
    "supervisor_email": "eva.ek@example.invalid",
}


def contract_url(name, training, placement):
    return reverse(name, args=[training.pk, placement.pk])


def rotation_of(demo, username="resident-g2"):
    training = demo.training_of(username)
    return training, training.placements.filter(kind="rotation").order_by("from_date").first()


def main_of(page):
    """The page's main content, without the header (which names whoever is logged in)."""
    return page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def link_in(message):
    return re.search(r"http://testserver(/links/\S+/)", message.body).group(1)


def draft(demo, address="klinik@example.invalid"):
    training, placement = rotation_of(demo)
    page = demo.client_for("resident-g2").post(
        contract_url("plans:rotation_contract", training, placement),
        {"receiving_email": address, "wishes": ""},
    )
    return training, placement, page


def send(demo, name, training, placement, username="supervisor-g1"):
    return demo.client_for(username).post(contract_url(name, training, placement))


def test_the_resident_drafts_but_cannot_send_the_link_that_leads_to_a_certificate(demo):
    training, placement, _page = draft(demo)
    refused = send(demo, "plans:rotation_contract_send", training, placement, "resident-g2")
    assert refused.status_code == 403 and mail.outbox == []
    page = demo.client_for("resident-g2").get(
        contract_url("plans:rotation_contract", training, placement)
    )
    assert "Huvudhandledaren eller studierektorn granskar adressen" in page.content.decode()
    assert send(demo, "plans:rotation_contract_send", training, placement).status_code == 302
    assert mail.outbox[-1].to == ["klinik@example.invalid"]


@pytest.mark.parametrize("address", ["resident-g2@example.invalid", "Resident-G1@Example.invalid"])
def test_a_residents_address_is_refused_as_the_receiving_units(demo, address):
    _training, placement, page = draft(demo, address)
    assert page.status_code == 200
    assert "Det här är en ST-läkares e-postadress." in page.content.decode()
    assert not RotationContract.objects.filter(placement=placement).exists()


@pytest.mark.parametrize("address", ["resident-g2@example.invalid", "RESIDENT-V1@example.invalid"])
def test_the_receiving_unit_cannot_name_a_resident_as_the_rotation_supervisor(
    demo, client, address
):
    training, placement, _page = draft(demo)
    send(demo, "plans:rotation_contract_send", training, placement)
    link = link_in(mail.outbox[-1])
    page = client.post(link, {**SUPERVISOR, "supervisor_email": address})
    assert "Det här är en ST-läkares e-postadress." in page.content.decode()
    contract = RotationContract.objects.get(placement=placement)
    assert contract.named_at is None and contract.link_nonce  # the link still works


def test_only_the_main_supervisor_or_the_director_asks_for_the_certificate(demo, client):
    training, placement, _page = draft(demo)
    send(demo, "plans:rotation_contract_send", training, placement)
    client.post(link_in(mail.outbox[-1]), SUPERVISOR)
    sent = len(mail.outbox)
    resident = send(demo, "plans:rotation_certificate_request", training, placement, "resident-g2")
    assert resident.status_code == 403 and len(mail.outbox) == sent
    page = demo.client_for("resident-g2").get(
        contract_url("plans:rotation_contract", training, placement)
    )
    assert "granskar den utsedda handledaren" in page.content.decode()
    director = send(demo, "plans:rotation_certificate_request", training, placement, "director-g")
    assert director.status_code == 302 and mail.outbox[-1].to == ["eva.ek@example.invalid"]
    contract = RotationContract.objects.get(placement=placement)
    assert contract.certificate_requested_by.username == "director-g"
    assert contract.certificate_requested_to == "eva.ek@example.invalid"


def test_the_page_and_the_certificate_say_who_sent_each_link_to_which_address(demo, client):
    training, placement, _page = draft(demo)
    send(demo, "plans:rotation_contract_send", training, placement)
    client.post(link_in(mail.outbox[-1]), SUPERVISOR)
    send(demo, "plans:rotation_certificate_request", training, placement, "director-g")
    client.post(
        link_in(mail.outbox[-1]),
        {
            "description": "Akutmottagning",
            "goals": ["c2"],
            "certified_by_name": "Eva Ek",
            "confirm": "on",
        },
    )
    supervisor = demo.person("supervisor-g1").get_full_name()
    director = demo.person("director-g").get_full_name()
    resident = demo.client_for("resident-g2")
    page = resident.get(contract_url("plans:rotation_contract", training, placement))
    text = page.content.decode()
    assert f"Länken skickades av {supervisor} till klinik@example.invalid" in text
    assert f"Länken skickades av {director} till eva.ek@example.invalid" in text
    pdf = resident.get(
        reverse("plans:rotation_pdf", args=[training.pk, placement.pk, "certificate"])
    )
    printed = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    )
    assert "klinik@example.invalid" in printed and supervisor in printed
    assert "eva.ek@example.invalid" in printed and director in printed


def test_a_new_receiving_address_stops_the_link_sent_to_the_old_one(demo, client):
    training, placement, _page = draft(demo)
    send(demo, "plans:rotation_contract_send", training, placement)
    old = link_in(mail.outbox[-1])
    draft(demo, "annan-klinik@example.invalid")
    assert client.get(old).status_code == 410
    assert RotationContract.objects.get(placement=placement).sent_to == "klinik@example.invalid"


# --- A link is a bearer token (item 8) ----------------------------------------------------------


def test_a_link_opened_by_someone_logged_in_as_another_person_shows_nothing(demo, client):
    training, placement, _page = draft(demo)
    send(demo, "plans:rotation_contract_send", training, placement)
    link = link_in(mail.outbox[-1])
    resident_name = training.resident.get_full_name()
    for username in ("resident-g2", "director-v", "supervisor-g1"):
        page = demo.client_for(username).get(link)
        assert page.status_code == 403, username
        assert "Länken är skickad till någon annan" in page.content.decode()
        assert resident_name not in main_of(page)
        assert demo.client_for(username).post(link, SUPERVISOR).status_code == 403
    assert RotationContract.objects.get(placement=placement).named_at is None
    assert resident_name in client.get(link).content.decode()  # the addressee, not logged in


def test_an_assessment_link_opened_by_someone_of_the_other_region_shows_nothing(demo, client):
    training = demo.training_of("resident-g2")
    demo.client_for("supervisor-g1").post(  # sent at once, not waiting for approval
        reverse("portfolio:assessments", args=[training.pk]),
        {
            "method": "mini_cex",
            "goals": ["c1"],
            "assessor_name": "Dr Extern",
            "assessor_email": "extern@example.invalid",
        },
    )
    link = link_in(mail.outbox[-1])
    item = Assessment.objects.filter(training=training).latest("pk")
    outsider = demo.client_for("director-v")
    page = outsider.get(link)
    assert page.status_code == 403
    assert training.resident.get_full_name() not in main_of(page)
    completed = {"held_on": DEMO_NOW.date().isoformat(), "feedback": "Bra", "judgement": "met"}
    assert outsider.post(link, completed).status_code == 403
    assert Assessment.objects.get(pk=item.pk).completed_at is None
    assert training.resident.get_full_name() in client.get(link).content.decode()


# --- A single-use link used twice at the same moment (Low) ------------------------------------


def test_of_two_uses_of_one_link_at_the_same_moment_only_one_gets_through(demo, monkeypatch):
    _training, placement, _page = draft(demo)
    contract = RotationContract.objects.get(placement=placement)
    token = services.rotation_contract_send(
        contract=contract,
        person=demo.person("supervisor-g1"),
        base_url="http://testserver",
        now=DEMO_NOW,
    )
    # Both requests read the link before either wrote: the second read is the stale one.
    stale = links.read(token, RotationContract.objects.all(), {Purpose.NAME_SUPERVISOR})
    services.rotation_supervisor_name(token=token, **SUPERVISOR, now=DEMO_NOW)
    monkeypatch.setattr(links, "read", lambda *args: stale)
    with pytest.raises(LinkError) as second:
        services.rotation_supervisor_name(
            token=token, **{**SUPERVISOR, "supervisor_name": "Dr Annan"}, now=DEMO_NOW
        )
    assert second.value.problem == LinkProblem.USED
    assert RotationContract.objects.get(pk=contract.pk).supervisor_name == "Dr Eva Ek"


def test_a_refused_use_leaves_the_link_working(demo):
    _training, placement, _page = draft(demo)
    contract = RotationContract.objects.get(placement=placement)
    token = services.rotation_contract_send(
        contract=contract,
        person=demo.person("supervisor-g1"),
        base_url="http://testserver",
        now=DEMO_NOW,
    )
    with pytest.raises(ValidationError):
        services.rotation_supervisor_name(
            token=token,
            **{**SUPERVISOR, "supervisor_email": "resident-g2@example.invalid"},
            now=DEMO_NOW,
        )
    assert services.rotation_supervisor_name(token=token, **SUPERVISOR, now=DEMO_NOW).named_at
