"""The application's pages (issue 13): the package, a certifier's confirmation, the printing;
each role allowed, refused or shown nothing."""

from __future__ import annotations

import io
import logging

import pytest
from django.utils import timezone
from pypdf import PdfReader

from stportal.application.models import CertificateConfirmation

pytestmark = pytest.mark.django_db

VALID_NUMBER = "19811218-9876"  # a test personnummer with a valid check digit


def package_url(training) -> str:
    return f"/trainings/{training.pk}/application/"


@pytest.mark.parametrize("username", ["resident-g1", "supervisor-g1", "director-g", "unithead-g"])
def test_the_package_page_opens_for_everyone_of_the_training(demo, username):
    training = demo.training_of("resident-g1")
    response = demo.client_for(username).get(package_url(training))
    assert response.status_code == 200
    assert "Ansökan om specialistkompetens" in response.content.decode()


def test_the_package_page_of_another_regions_resident_does_not_exist(demo):
    training = demo.training_of("resident-v1")
    assert demo.client_for("director-g").get(package_url(training)).status_code == 404


def test_the_package_lists_the_forms_of_the_residents_regulation(demo):
    training = demo.training_of("resident-g1")
    page = demo.client_for("resident-g1").get(package_url(training)).content.decode()
    bilaga = "Bilaga 1" if training.regulation == "SOSFS 2015:8" else "Bilaga 5"
    assert f"{training.regulation} {bilaga}" in page
    assert "Klinisk tjänstgöring" in page or "klinisk tjänstgöring" in page


@pytest.mark.parametrize("username", ["supervisor-g1", "director-g", "unithead-g"])
def test_only_the_resident_prints_the_application(demo, username):
    training = demo.training_of("resident-g1")
    response = demo.client_for(username).post(package_url(training) + "print/", {})
    assert response.status_code == 403


def test_the_printed_package_carries_the_typed_personnummer_and_nothing_keeps_it(demo):
    training = demo.training_of("resident-g1")
    response = demo.client_for("resident-g1").post(
        package_url(training) + "print/",
        {"personal_number": VALID_NUMBER, "street": "Storgatan 1", "postcode": "80320"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    values = {name: str(f.get("/V")) for name, f in (reader.get_fields() or {}).items()}
    assert values["01 Personnummer"] == VALID_NUMBER
    assert values["01 Utdelningsadress"] == "Storgatan 1"
    stored = [str(row.content) for row in CertificateConfirmation.history.all()] + [
        str(row.content) for row in CertificateConfirmation.objects.all()
    ]
    assert not any(VALID_NUMBER in text or "Storgatan" in text for text in stored)


def test_a_wrong_personnummer_is_refused_with_a_swedish_message(demo):
    training = demo.training_of("resident-g1")
    response = demo.client_for("resident-g1").post(
        package_url(training) + "print/", {"personal_number": "19811218-9875"}
    )
    assert response.status_code == 400
    assert "Personnumret är inte giltigt" in response.content.decode()


def test_the_main_supervisor_confirms_the_home_service_and_the_state_follows(demo):
    training = demo.training_of("resident-g1")
    client = demo.client_for("supervisor-g1")
    url = package_url(training) + "certificates/home/confirm/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Egen lista.", "attest": "on"})
    assert response.status_code == 302
    row = CertificateConfirmation.objects.get(training=training, key="home")
    assert row.content["description"] == "Egen lista."
    assert row.content["place"] == training.home_unit.name  # from the records, not the post


def test_the_resident_cannot_confirm_their_own_certificate(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/home/confirm/"
    response = demo.client_for("resident-g1").post(url, {"description": "x", "attest": "on"})
    assert response.status_code == 403
    assert not CertificateConfirmation.objects.filter(training=training).exists()


def test_a_forged_place_in_the_confirmation_is_ignored(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/home/confirm/"
    demo.client_for("supervisor-g1").post(
        url, {"description": "x", "attest": "on", "place": "Karolinska", "first": "2000-01-01"}
    )
    row = CertificateConfirmation.objects.get(training=training, key="home")
    assert row.content["place"] == training.home_unit.name
    assert row.content["first"] == training.start_date.isoformat()


def test_an_unknown_certificate_is_not_found(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/course:999999/confirm/"
    assert demo.client_for("supervisor-g1").get(url).status_code == 404


def test_a_server_error_while_printing_never_mails_or_logs_the_personnummer(
    demo, settings, caplog, monkeypatch
):
    """Issue 13 item 6: the error report of a failed print shows the personal fields starred."""
    from django.core import mail
    from django.test import Client

    from stportal.application import printing
    from stportal.settings.base import admin_addresses

    settings.ADMINS = admin_addresses("drift@region.example")

    def broken(*_args, **_kwargs):
        raise RuntimeError("pypdf föll")

    monkeypatch.setattr(printing, "package_pdf", broken)
    training = demo.training_of("resident-g1")
    client = Client(raise_request_exception=False)
    client.force_login(demo.person("resident-g1"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(
            package_url(training) + "print/",
            {
                "personal_number": VALID_NUMBER,
                "street": "Storgatan 1",
                "phone_mobile": "0701234567",
            },
        )
    assert response.status_code == 500
    [alert] = mail.outbox
    text = alert.body + "".join(str(a[0]) for a in alert.alternatives)
    assert "pypdf föll" in text
    for secret in (VALID_NUMBER, "Storgatan 1", "0701234567"):
        assert secret not in text
        assert all(secret not in record.getMessage() for record in caplog.records)


def test_a_confirmation_posted_twice_is_one_row_and_the_history_keeps_both(demo):
    training = demo.training_of("resident-g1")
    client = demo.client_for("supervisor-g1")
    url = package_url(training) + "certificates/home/confirm/"
    client.post(url, {"description": "Första.", "attest": "on"})
    client.post(url, {"description": "Andra.", "attest": "on"})
    rows = CertificateConfirmation.objects.filter(training=training, key="home")
    assert [row.content["description"] for row in rows] == ["Andra."]
    history = CertificateConfirmation.history.filter(training_id=training.pk, key="home")
    assert {h.content["description"] for h in history} == {"Första.", "Andra."}


def test_a_million_characters_are_refused_with_a_message_and_nothing_is_saved(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/home/confirm/"
    response = demo.client_for("supervisor-g1").post(
        url, {"description": "x" * 1_000_000, "attest": "on"}
    )
    assert response.status_code == 200
    assert "Beskrivning" in response.content.decode()
    assert not CertificateConfirmation.objects.filter(training=training).exists()


def test_without_the_attestation_nothing_is_confirmed(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/home/confirm/"
    demo.client_for("supervisor-g1").post(url, {"description": "x"})
    assert not CertificateConfirmation.objects.filter(training=training).exists()


def test_the_second_signer_of_achieved_competence_is_the_unit_head_only(demo):
    training = demo.training_of("resident-g1")
    url = package_url(training) + "certificates/achieved:second/confirm/"
    assert demo.client_for("supervisor-g1").get(url).status_code == 403
    assert demo.client_for("unithead-g").get(url).status_code == 200


def test_a_course_confirmed_then_moved_waits_for_a_new_confirmation(demo):
    from datetime import timedelta

    from stportal.portfolio.models import CourseRecord

    training = demo.training_of("resident-g3")
    course = training.courses.exclude(goals=[]).first()
    assert course is not None
    client = demo.client_for(training.main_supervisor.username)
    url = package_url(training) + f"certificates/course:{course.pk}/confirm/"
    assert (
        client.post(
            url, {"description": "Kurs.", "attest": "on", "signed_as": "supervisor"}
        ).status_code
        == 302
    )
    page = client.get(package_url(training)).content.decode()
    assert "Bekräftat" in page
    CourseRecord.objects.filter(pk=course.pk).update(to_date=course.to_date + timedelta(days=1))
    page = client.get(package_url(training)).content.decode()
    assert "Ändrat sedan bekräftelsen" in page


def test_printing_marks_the_confirmed_certificates_printed(demo):
    training = demo.training_of("resident-g1")
    demo.client_for("supervisor-g1").post(
        package_url(training) + "certificates/home/confirm/", {"description": "x", "attest": "on"}
    )
    demo.client_for("resident-g1").post(package_url(training) + "print/", {"only": "home"})
    row = CertificateConfirmation.objects.get(training=training, key="home")
    assert row.printed_at is not None


def test_near_the_end_the_signers_must_confirm_the_certificates_and_the_resident_sees_it(demo):
    """Issue 13 with issue 12 item 5: from the months before the end at which the routine has
    the delmål judged (R5.5), the main supervisor and the unit head each get "Att göra" for the
    application's certificates; the resident sees it waiting for them."""
    from stportal.adapters.tasks import tasks_for
    from tests.conftest import DEMO_TODAY

    training = demo.training_of("resident-g3")
    supervisor = training.main_supervisor
    text = "Bekräfta intygen till ansökan om specialistkompetens."
    mine = tasks_for(supervisor, DEMO_TODAY).mine
    [task] = [t for t in mine if t.text == text and t.training.pk == training.pk]
    assert task.url == package_url(training) + "#documents"
    others = tasks_for(demo.person("resident-g3"), DEMO_TODAY).others
    assert any(t.text == text for t in others)
    CertificateConfirmation.objects.create(
        training=training,
        key="achieved",
        kind="achieved",
        content={"place": "x"},
        confirmed_by=supervisor,
        confirmed_as="main_supervisor",
        confirmed_at=timezone.now(),
    )
    assert not [t for t in tasks_for(supervisor, DEMO_TODAY).mine if t.text == text]


def test_early_in_st_nobody_is_asked_to_confirm_certificates(demo):
    from stportal.adapters.tasks import tasks_for
    from tests.conftest import DEMO_TODAY

    supervisor = demo.training_of("resident-g1").main_supervisor
    texts = [
        t.text
        for t in tasks_for(supervisor, DEMO_TODAY).mine
        if t.training.resident.username == "resident-g1"
    ]
    assert "Bekräfta intygen till ansökan om specialistkompetens." not in texts
