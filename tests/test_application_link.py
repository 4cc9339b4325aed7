"""Issue 13 item 3: a certifier without an account confirms a certificate of the application
through a signed link: "the course leader or the supervisor for a course (the form has both
boxes) [...] A person without an account confirms through a signed link as today; the forgery
rules of the security issue apply." (R5.5: the application needs every course certificate; R9.5
(V): "alla kurs- och tjänstgöringsintyg".)

Worked examples in both regions and under both regulations: Gävleborg's resident-g3 (SOSFS
2015:8 Bilaga 5, the box "Kursledare" named) and Västmanland's resident-v4 (HSLF-FS 2021:8
Bilaga 10). The attacks of issue 10 each have a test: a tampered, expired, used or replaced link,
one opened by someone logged in as another person, a forged place or period, a million
characters, a resident's address, a resident sending at all, another region's director."""

from __future__ import annotations

import io
import re
import threading

import pytest
from django.core import mail
from django.db import connections
from pypdf import PdfReader

from stportal.application import pdf_forms
from stportal.application.models import CertificateConfirmation, CertificateRequest

pytestmark = pytest.mark.django_db

LEADER = "kursledare@example.invalid"


def _course(training):
    course = training.courses.exclude(goals=[]).order_by("pk").first()
    assert course is not None
    return course


def _urls(training, key: str) -> tuple[str, str]:
    base = f"/trainings/{training.pk}/application/"
    return base, base + f"certificates/{key}/send/"


def _send(demo, username: str, training, key: str, *, leader: bool = True, email: str = LEADER):
    _package, send = _urls(training, key)
    data = {"to_name": "Karin Kursledare", "to_email": email}
    if leader:
        data["as_course_leader"] = "on"
    return demo.client_for(username).post(send, data)


def _link() -> str:
    return re.search(r"(/links/certificate/\S+/)", mail.outbox[-1].body).group(1)


def _confirm_data(goal: str, **extra: str) -> dict[str, object]:
    return {
        "goals": [goal],
        "description": "Föreläsningar och gruppövningar.",
        "name": "Karin Kursledare",
        "specialty": "Allmänmedicin",
        "workplace": "Region Gävleborg, FoU",
        "attest": "on",
        **extra,
    }


@pytest.mark.parametrize(
    ("resident", "regulation"), [("resident-g3", "SOSFS 2015:8"), ("resident-v4", "HSLF-FS 2021:8")]
)
def test_a_course_leader_confirms_through_the_link_and_the_form_ticks_kursledare(
    demo, resident, regulation
):
    """Issue 13 item 3 in both regions: the main supervisor sends the course certificate to the
    course leader; they confirm through the link logged out; the package page says who confirmed
    and how; the printed form (2015 Bilaga 5 / 2021 Bilaga 10) ticks "Kursledare", not
    "Handledare", and 2015 names the leader in its box "Kursledare"."""
    training = demo.training_of(resident)
    assert training.regulation == regulation
    course = _course(training)
    key = f"course:{course.pk}"
    supervisor = training.main_supervisor.username
    assert _send(demo, supervisor, training, key).status_code == 302
    assert mail.outbox[-1].to == [LEADER]
    link = _link()
    anonymous = demo.client_for(None)
    page = anonymous.get(link).content.decode()
    assert training.resident.get_full_name() in page and course.name in page
    response = anonymous.post(link, _confirm_data(course.goals[0]))
    assert response.status_code == 200
    assert "Intyget är bekräftat" in response.content.decode()
    row = CertificateConfirmation.objects.get(training=training, key=key)
    assert row.confirmed_by is None and row.confirmed_by_name == "Karin Kursledare"
    assert row.confirmed_via.to_email == LEADER
    assert row.content["signed_as"] == "course_leader"
    package = demo.client_for(resident).get(_urls(training, key)[0]).content.decode()
    assert "Bekräftat genom länk av Karin Kursledare" in package
    printed = demo.client_for(resident).post(_urls(training, key)[0] + "print/", {"only": key})
    fields = PdfReader(io.BytesIO(printed.content)).get_fields() or {}
    leader_box, supervisor_box = (
        ("Kryssruta1", "Kryssruta2")
        if regulation == "SOSFS 2015:8"
        else ("Kursledare", "Handledare")
    )
    assert fields[leader_box].get("/V") == pdf_forms.CHECKED
    assert fields[supervisor_box].get("/V") != pdf_forms.CHECKED
    assert str(fields["Namnförtydligande"].get("/V")) == "Karin Kursledare"
    if regulation == "SOSFS 2015:8":
        assert str(fields["Kursledare"].get("/V")) == "Karin Kursledare"


def test_a_supervisor_sent_the_link_ticks_handledare(demo):
    """Issue 13 item 3 (V, 2021 Bilaga 10): not the course leader: the box "Handledare"."""
    training = demo.training_of("resident-v4")
    course = _course(training)
    key = f"course:{course.pk}"
    _send(demo, "director-v", training, key, leader=False)
    demo.client_for(None).post(_link(), _confirm_data(course.goals[0]))
    row = CertificateConfirmation.objects.get(training=training, key=key)
    assert row.content["signed_as"] == "supervisor" and row.content["course_leader"] == ""
    assert row.confirmed_via.sent_by.username == "director-v"


def test_an_auskultation_is_confirmed_by_the_supervisor_there(demo):
    """Issue 13 item 3 (G, 2015 Bilaga 3): the supervisor where the resident auskulterade."""
    training = demo.training_of("resident-g4")
    auskultation = training.placements.get(kind="auskultation")
    key = f"placement:{auskultation.pk}"
    page = demo.client_for("supervisor-g1").get(_urls(training, key)[1]).content.decode()
    assert "kursledare" not in page.lower()
    _send(demo, "supervisor-g1", training, key, leader=True)
    assert not CertificateRequest.objects.get(training=training, key=key).as_course_leader
    demo.client_for(None).post(_link(), _confirm_data("c1"))
    row = CertificateConfirmation.objects.get(training=training, key=key)
    assert row.content["signed_as"] == "" and row.content["place"] == auskultation.unit_name


def test_the_row_says_to_whom_the_link_is_out(demo):
    training = demo.training_of("resident-g3")
    key = f"course:{_course(training).pk}"
    _send(demo, "supervisor-g2", training, key)
    page = demo.client_for("resident-g3").get(_urls(training, key)[0]).content.decode()
    assert f"En länk är skickad till Karin Kursledare ({LEADER})" in page


def test_the_row_says_who_confirmed_in_the_portal(demo):
    """Issue 13 item 3: confirmed in the product, the row names the account that confirmed."""
    training = demo.training_of("resident-g3")
    course = _course(training)
    client = demo.client_for("supervisor-g2")
    base = _urls(training, "home")[0]
    client.post(
        base + f"certificates/course:{course.pk}/confirm/",
        {
            "goals": list(course.goals),
            "description": "Kurs.",
            "attest": "on",
            "signed_as": "supervisor",
        },
    )
    name = demo.person("supervisor-g2").get_full_name()
    assert f"Bekräftat i portalen av {name}" in client.get(base).content.decode()


def test_the_email_names_the_resident_the_course_and_the_sender(demo):
    training = demo.training_of("resident-v4")
    course = _course(training)
    _send(demo, "supervisor-v1", training, f"course:{course.pk}")
    body = mail.outbox[-1].body
    assert training.resident.get_full_name() in mail.outbox[-1].subject
    assert course.name in body and demo.person("supervisor-v1").get_full_name() in body
    assert "http://testserver/links/certificate/" in body


# --- The attacks (issue 10's forgery rules) -----------------------------------------------


def test_a_tampered_link_gets_a_clear_page(demo):
    training = demo.training_of("resident-g3")
    _send(demo, "supervisor-g2", training, f"course:{_course(training).pk}")
    link = _link()
    tampered = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]
    response = demo.client_for(None).get(tampered)
    assert response.status_code == 400
    assert "Länken är ogiltig" in response.content.decode()


def test_an_expired_link_gets_a_clear_page(demo, settings):
    training = demo.training_of("resident-g3")
    _send(demo, "supervisor-g2", training, f"course:{_course(training).pk}")
    settings.STPORTAL_LINK_MAX_AGE_DAYS = -1
    response = demo.client_for(None).get(_link())
    assert response.status_code == 410
    assert "Länken har gått ut" in response.content.decode()


def test_a_used_link_works_once(demo):
    training = demo.training_of("resident-g3")
    course = _course(training)
    _send(demo, "supervisor-g2", training, f"course:{course.pk}")
    link, client = _link(), demo.client_for(None)
    assert client.post(link, _confirm_data(course.goals[0])).status_code == 200
    again = client.post(link, _confirm_data(course.goals[0], name="Någon Annan"))
    assert again.status_code == 410
    row = CertificateConfirmation.objects.get(training=training, key=f"course:{course.pk}")
    assert row.confirmed_by_name == "Karin Kursledare"


def test_sending_again_replaces_the_earlier_link(demo):
    training = demo.training_of("resident-g3")
    course = _course(training)
    key = f"course:{course.pk}"
    _send(demo, "supervisor-g2", training, key)
    first = _link()
    _send(demo, "director-g", training, key, email="annan.kursledare@example.invalid")
    response = demo.client_for(None).post(first, _confirm_data(course.goals[0]))
    assert response.status_code == 410
    assert not CertificateConfirmation.objects.filter(training=training, key=key).exists()
    assert CertificateRequest.objects.filter(training=training, key=key).count() == 1
    assert demo.client_for(None).get(_link()).status_code == 200


def test_a_link_opened_by_someone_logged_in_as_another_person_shows_nothing(demo):
    training = demo.training_of("resident-g3")
    _send(demo, "supervisor-g2", training, f"course:{_course(training).pk}")
    response = demo.client_for("resident-g1").get(_link())
    assert response.status_code == 403
    assert training.resident.get_full_name() not in response.content.decode()


def test_a_forged_place_or_period_is_ignored(demo):
    training = demo.training_of("resident-g3")
    course = _course(training)
    _send(demo, "supervisor-g2", training, f"course:{course.pk}")
    forged = _confirm_data(
        course.goals[0], place="Karolinska", first="2000-01-01", last="2030-12-31"
    )
    demo.client_for(None).post(_link(), forged)
    row = CertificateConfirmation.objects.get(training=training, key=f"course:{course.pk}")
    assert row.content["place"] == course.name
    assert row.content["first"] == course.from_date.isoformat()
    assert row.content["last"] == course.to_date.isoformat()


def test_a_delmal_outside_the_application_is_refused(demo):
    training = demo.training_of("resident-g3")
    course = _course(training)
    _send(demo, "supervisor-g2", training, f"course:{course.pk}")
    response = demo.client_for(None).post(_link(), _confirm_data("STx99"))
    assert response.status_code == 200
    assert not CertificateConfirmation.objects.filter(training=training).exists()


def test_a_million_characters_are_refused_with_a_message(demo):
    training = demo.training_of("resident-g3")
    course = _course(training)
    _send(demo, "supervisor-g2", training, f"course:{course.pk}")
    link = _link()
    response = demo.client_for(None).post(
        link, _confirm_data(course.goals[0], description="x" * 1_000_000)
    )
    assert response.status_code == 200
    assert "Beskrivning" in response.content.decode()
    assert not CertificateConfirmation.objects.filter(training=training).exists()
    assert demo.client_for(None).get(link).status_code == 200  # the link still works
    _package, send = _urls(training, f"course:{course.pk}")
    response = demo.client_for("supervisor-g2").post(
        send, {"to_name": "x" * 1_000_000, "to_email": "a@example.invalid"}
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("whose", ["resident-g3", "resident-g1"])
def test_a_residents_address_is_refused(demo, whose):
    """The resident's own address, or any resident account's (issue 10)."""
    training = demo.training_of("resident-g3")
    address = demo.person(whose).email.upper()
    response = _send(
        demo, "supervisor-g2", training, f"course:{_course(training).pk}", email=address
    )
    assert response.status_code == 200
    assert "ST-läkares e-postadress" in response.content.decode()
    assert mail.outbox == []
    assert not CertificateRequest.objects.exists()


def test_the_resident_cannot_send_the_link_at_all(demo):
    training = demo.training_of("resident-g3")
    key = f"course:{_course(training).pk}"
    assert demo.client_for("resident-g3").get(_urls(training, key)[1]).status_code == 403
    response = _send(demo, "resident-g3", training, key, email="min.egen@example.invalid")
    assert response.status_code == 403
    assert mail.outbox == []


def test_another_regions_director_finds_nothing(demo):
    training = demo.training_of("resident-g3")
    response = _send(demo, "director-v", training, f"course:{_course(training).pk}")
    assert response.status_code == 404
    assert mail.outbox == []


def test_the_unit_head_and_a_co_supervisor_may_not_vouch(demo):
    training = demo.training_of("resident-g3")
    response = _send(demo, "unithead-g", training, f"course:{_course(training).pk}")
    assert response.status_code in (403, 404)
    assert mail.outbox == []


def test_only_courses_and_auskultations_go_by_link(demo):
    training = demo.training_of("resident-g3")
    assert _send(demo, "supervisor-g2", training, "home").status_code == 404
    assert mail.outbox == []


def test_two_posts_at_once_give_one_confirmation(transactional_db):
    """links.use inside the transaction: of two posts of the same link at the same moment, one
    confirms and the other is told the link is used (real threads, as test_plan_concurrency)."""
    from django.test import Client
    from django.utils import timezone

    from stportal.adapters.application import assembled
    from stportal.application import certifier_links
    from stportal.links import LinkError
    from stportal.training.models import Training
    from tests.conftest import DEMO_TODAY, demo_world_seed

    demo_world_seed()
    training = Training.objects.get(resident__username="resident-g3")
    course = _course(training)
    key = f"course:{course.pk}"
    client = Client()
    client.force_login(training.main_supervisor)
    client.post(_urls(training, key)[1], {"to_name": "Karin Kursledare", "to_email": LEADER})
    token = _link().rstrip("/").rsplit("/", 1)[1]
    item = CertificateRequest.objects.get(training=training, key=key)
    document = next(d for d in assembled(training, DEMO_TODAY).package.documents if d.key == key)
    content = certifier_links.linked_content(
        document,
        item,
        goals=list(course.goals),
        description="Kurs.",
        name="Karin Kursledare",
        specialty="",
        workplace="FoU",
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        try:
            start.wait()
            certifier_links.confirm_by_link(
                token=token, document=document, content=content, now=timezone.now()
            )
            outcomes.append("confirmed")
        except LinkError as error:
            outcomes.append(str(error.problem))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "used"]
    assert CertificateConfirmation.objects.filter(training=training, key=key).count() == 1


def test_a_confirmation_in_the_portal_ends_the_link_still_out(demo):
    """The main supervisor confirms in the portal while a link is out: the link no longer
    works, so what the signer confirmed is not replaced by a later use of it."""
    training = demo.training_of("resident-g3")
    course = _course(training)
    key = f"course:{course.pk}"
    _send(demo, "supervisor-g2", training, key)
    link = _link()
    confirm = f"/trainings/{training.pk}/application/certificates/{key}/confirm/"
    data = {"description": "I portalen.", "attest": "on", "signed_as": "supervisor"}
    assert demo.client_for("supervisor-g2").post(confirm, data).status_code == 302
    assert demo.client_for(None).post(link, _confirm_data(course.goals[0])).status_code == 410
    row = CertificateConfirmation.objects.get(training=training, key=key)
    assert row.content["description"] == "I portalen."
    assert row.confirmed_via is None and row.confirmed_by_name == ""
