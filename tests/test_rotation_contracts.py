"""The time plan's placements, home-return days, rotation contracts and the links for people
without an account (issue 4; R6.2–R6.4, R6.9)."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from stportal.plans.models import ContactReminder, RotationContract
from stportal.training.models import Placement


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def a_rotation(demo, username="resident-g2"):
    training = demo.training_of(username)
    return training, training.placements.filter(kind="rotation").order_by("from_date").first()


def link_in(message):
    return re.search(r"http://testserver(/links/\S+/)", message.body).group(1)


def draft_and_send(demo, client_name="resident-g2"):
    training, placement = a_rotation(demo)
    client = demo.client_for(client_name)
    data = {"receiving_email": "klinik@example.invalid", "wishes": "Dagtid, två ST-dagar"}
    client.post(url("plans:rotation_contract", training, placement.pk), data)
    send_as_main_supervisor(demo, "plans:rotation_contract_send", training, placement)
    return training, placement, client


def send_as_main_supervisor(demo, name, training, placement):
    """The main supervisor vouches for the address and sends the link (issue 10)."""
    response = demo.client_for("supervisor-g1").post(url(name, training, placement.pk))
    assert response.status_code == 302


def test_the_receiving_unit_names_the_rotation_supervisor_through_a_link(demo, client):
    _training, placement, _ = draft_and_send(demo)
    [message] = mail.outbox
    assert message.to == ["klinik@example.invalid"]
    assert "utse handledare" in message.subject
    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200 and "Dagtid, två ST-dagar" in page.content.decode()
    data = {
        "supervisor_name": "Dr Eva Ek",
        "supervisor_title": "Specialist i internmedicin",
        "supervisor_email": "eva.ek@example.invalid",
    }
    assert "Eva Ek är utsedd" in client.post(link, data).content.decode()
    contract = RotationContract.objects.get(placement=placement)
    assert contract.named_at and contract.supervisor_name == "Dr Eva Ek"
    placement.refresh_from_db()
    assert placement.supervisor_display == "Dr Nils Åberg"  # an earlier name is kept
    again = client.get(link)
    assert again.status_code == 410 and "Länken är redan använd" in again.content.decode()


def test_the_rotation_supervisor_certifies_through_a_second_link(demo, client):
    training, placement, resident = draft_and_send(demo)
    data = {
        "supervisor_name": "Dr Eva Ek",
        "supervisor_title": "Internmedicin",
        "supervisor_email": "eva.ek@example.invalid",
    }
    client.post(link_in(mail.outbox[0]), data)
    send_as_main_supervisor(demo, "plans:rotation_certificate_request", training, placement)
    message = mail.outbox[-1]
    assert message.to == ["eva.ek@example.invalid"]
    link = link_in(message)
    missing = client.post(link, {"description": "", "certified_by_name": "Eva Ek"})
    assert "Detta fält måste fyllas i." in missing.content.decode()
    done = client.post(
        link,
        {
            "description": "Akutmottagning och vårdavdelning",
            "goals": ["c2", "c4"],
            "certified_by_name": "Eva Ek",
            "confirm": "on",
        },
    )
    assert "Intyget är utfärdat" in done.content.decode()
    pdf = resident.get(url("plans:rotation_pdf", training, placement.pk, "certificate"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "klinisk tjänstgöring under handledning" in text
    assert "Akutmottagning och vårdavdelning" in text
    assert "c2" in text and "Eva Ek" in text
    assert placement.from_date.isoformat() in text


def test_a_tampered_link_gets_a_clear_page(demo, client):
    draft_and_send(demo)
    link = link_in(mail.outbox[0])
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.get(tampered)
    assert response.status_code == 400
    assert "Länken är ogiltig" in response.content.decode()
    assert client.get("/links/not-a-token/").status_code == 400


def test_an_expired_link_gets_a_clear_page(demo, client, settings):
    draft_and_send(demo)
    link = link_in(mail.outbox[0])
    settings.STPORTAL_LINK_MAX_AGE_DAYS = -1
    response = client.get(link)
    assert response.status_code == 410
    assert "Länken har gått ut" in response.content.decode()


def test_a_new_link_replaces_the_old_one(demo, client):
    training, placement, _resident = draft_and_send(demo)
    send_as_main_supervisor(demo, "plans:rotation_contract_send", training, placement)
    old, new = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(
    ("username", "view", "edit", "send"),
    [
        ("resident-g2", 200, 302, 403),  # drafts, but the link goes out from someone accountable
        ("supervisor-g1", 200, 302, 302),
        ("unithead-g", 200, 403, 403),
        ("director-g", 200, 302, 302),
        ("supervisor-g2", 404, 404, 404),
        ("director-v", 404, 404, 404),
    ],
)
def test_rotation_contract_pages_for_each_role(demo, username, view, edit, send):
    training, placement = a_rotation(demo)
    client = demo.client_for(username)
    assert client.get(url("plans:rotation_contract", training, placement.pk)).status_code == view
    data = {"receiving_email": "k@example.invalid", "wishes": ""}
    response = client.post(url("plans:rotation_contract", training, placement.pk), data)
    assert response.status_code == (302 if edit == 302 else view if view == 404 else 200)
    response = client.post(url("plans:rotation_contract_send", training, placement.pk))
    assert response.status_code == send


def test_placements_are_planned_with_a_swedish_message_for_overlap(demo):
    training = demo.training_of("resident-v1")
    client = demo.client_for("resident-v1")
    home = training.placements.first()
    overlapping = {
        "kind": "rotation",
        "external_unit": "Klinik i Uppsala",
        "from_date": home.to_date.isoformat(),
        "to_date": home.to_date.isoformat(),
    }
    response = client.post(
        reverse("training:row_new", args=[training.pk, "placements"]), overlapping
    )
    assert "Placeringen överlappar" in response.content.decode()
    first = home.to_date + timedelta(days=1)
    ok = {
        "kind": "rotation",
        "external_unit": "Klinik i Uppsala",
        "from_date": first.isoformat(),
        "to_date": (first + timedelta(days=90)).isoformat(),
    }
    response = client.post(reverse("training:row_new", args=[training.pk, "placements"]), ok)
    assert response.status_code == 302
    added = training.placements.get(from_date=first)
    assert added.outside_region and added.unit is None
    both = {**ok, "unit": home.unit_id, "from_date": "2030-01-01", "to_date": "2030-01-31"}
    response = client.post(reverse("training:row_new", args=[training.pk, "placements"]), both)
    assert "Välj en enhet i regionen eller ange en utanför regionen." in response.content.decode()


def test_home_return_days_answer_the_v_check(demo):
    training = demo.training_of("resident-v2")
    rotation = training.placements.filter(kind="rotation").first()
    client = demo.client_for("resident-v2")
    page = client.get(url("plans:time_plan", training)).content.decode()
    assert "hemvändardagar planerade" in page
    day_url = url("plans:home_return_day_new", training, rotation.pk)
    outside = client.post(day_url, {"day": (rotation.to_date + timedelta(days=5)).isoformat()})
    assert "Dagen ligger inte inom sidotjänstgöringen." in outside.content.decode()
    for offset in (10, 40, 70):
        day = (rotation.from_date + timedelta(days=offset)).isoformat()
        assert client.post(day_url, {"day": day}).status_code == 302
    assert rotation.home_return_days.count() == 3


def test_contact_reminders_are_sent_once(demo):
    training = demo.training_of("resident-g1")
    home = training.placements.get()
    from django.utils import timezone

    first = timezone.localdate() + timedelta(days=70)  # contact by first − 2 months (G)
    home.to_date = first - timedelta(days=1)
    home.save()
    Placement.objects.create(
        training=training,
        kind="rotation",
        external_unit="Glesbygd AB",
        rural=True,
        from_date=first,
        to_date=first + timedelta(days=20),
    )
    page = demo.client_for("resident-g1").get(reverse("training:time", args=[training.pk]))
    assert "Kontakta Sidotjänstgöring Glesbygd AB" in page.content.decode()  # a dated task
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    reminders = [m for m in mail.outbox if m.to == [training.resident.email]]
    assert len(reminders) == 1
    assert "kontakta" in reminders[0].subject.lower()
    call_command("send_reminders", stdout=io.StringIO())
    assert ContactReminder.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == [training.resident.email]]) == 1


@pytest.mark.parametrize(
    ("username", "edit"),
    [
        ("resident-g2", 302),
        ("supervisor-g1", 302),
        ("director-g", 302),
        ("unithead-g", 403),
        ("supervisor-g2", 404),
        ("resident-g1", 404),
    ],
)
def test_time_plan_changes_for_each_role(demo, username, edit):
    training, rotation = a_rotation(demo)
    client = demo.client_for(username)
    day = (rotation.from_date + timedelta(days=3)).isoformat()
    response = client.post(url("plans:home_return_day_new", training, rotation.pk), {"day": day})
    assert response.status_code == edit
    assert rotation.home_return_days.exists() == (edit == 302)
    placement = {
        "kind": "auskultation",
        "external_unit": "Sårcentrum",
        "from_date": "2031-01-01",
        "to_date": "2031-01-03",
    }
    response = client.post(reverse("training:row_new", args=[training.pk, "placements"]), placement)
    assert response.status_code == edit
    response = client.post(url("plans:rotation_certificate_request", training, rotation.pk))
    may_ask = username in ("supervisor-g1", "director-g")  # the resident drafts, never asks
    assert response.status_code == (404 if may_ask else 403 if edit == 302 else edit)


def test_certificate_pdfs_exist_only_once_certified_and_only_for_those_who_see_the_training(demo):
    training, placement, resident = draft_and_send(demo)
    assert (
        resident.get(url("plans:rotation_pdf", training, placement.pk, "certificate")).status_code
        == 404
    )
    contract = resident.get(url("plans:rotation_pdf", training, placement.pk, "contract"))
    assert contract["Content-Type"] == "application/pdf"
    other = demo.client_for("resident-g1")
    assert (
        other.get(url("plans:rotation_pdf", training, placement.pk, "contract")).status_code == 404
    )
    assert (
        resident.get(url("plans:rotation_pdf", training, placement.pk, "secret")).status_code == 404
    )
