"""Issue 10, the review's findings 4, 5 and 6 on the portfolio, each attack performed again.

4. A training whose stored dates cannot be computed no longer stops `send_reminders` for the
   other residents and the assessors: it is skipped with one warning naming it.
5. A resident cannot assess themself through an address of their own: an assessor without an
   account whom the resident names gets no link until the main supervisor or the director
   approves the name and address, which is recorded and shown.
6. A form's submission key posted again with other content (the browser's Back restored a sent
   form) is refused with a Swedish message and the input kept, never reported as saved.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stportal.plans.models import ContactReminder
from stportal.portfolio import services
from stportal.portfolio.models import Assessment, CourseRecord, SupervisionSession
from stportal.training.models import Absence, Placement
from tests.conftest import DEMO_TODAY

PRIVATE = "min.privata@gmail.invalid"
WAITS = "Väntar på att huvudhandledaren eller studierektorn godkänner bedömaren."
SENT_ALREADY = "Formuläret är redan skickat"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def link_in(message) -> str:
    return re.search(r"http://testserver(/links/assessment/\S+/)", message.body).group(1)


def mail_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


# --- 4. One training with a bad date does not stop the reminders ------------------------------


def _contact_due_rotation(demo):
    """resident-g1's rotation whose receiving unit is to be contacted now (R6.2)."""
    training = demo.training_of("resident-g1")
    home = training.placements.get()
    first = DEMO_TODAY + timedelta(days=70)  # contact by first − 2 months (G)
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
    return training


def test_a_training_with_a_date_in_year_9999_is_skipped_and_the_others_are_reminded(
    demo, settings, caplog
):
    broken = demo.training_of("resident-g2")
    assert broken.placements.filter(kind="rotation").exists()  # the command reaches it
    absence = broken.absences.order_by("pk").first()
    Absence.objects.filter(pk=absence.pk).update(to_date=date(9999, 12, 31))  # as if put in the DB
    other = _contact_due_rotation(demo)
    item = services.assessment_request(
        training=broken,
        person=demo.person("supervisor-g1"),
        method="cbd",
        goals=[],
        assessor=None,
        assessor_name="Dr Ola Ås",
        assessor_email="ola@example.invalid",
        base_url="http://testserver",
        now=timezone.now(),
    )
    days = settings.STPORTAL_LINK_MAX_AGE_DAYS - 2
    Assessment.objects.filter(pk=item.pk).update(link_sent_at=timezone.now() - timedelta(days=days))
    mail.outbox.clear()
    with caplog.at_level(logging.WARNING):
        call_command("send_reminders", stdout=io.StringIO())
    assert len(mail_to(other.resident.email)) == 1  # the other resident's contact reminder
    assert ContactReminder.objects.count() == 1
    assert len(mail_to("ola@example.invalid")) == 1  # and the assessor's, after the loop
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert f"training {broken.pk} (resident-g2) skipped" in warning.getMessage()


# --- 5. A resident cannot assess themself through an address of their own ----------------------


def _resident_asks_own_address(demo, username="resident-g2"):
    training = demo.training_of(username)
    mail.outbox.clear()
    page = demo.client_for(username).post(
        url("portfolio:assessments", training),
        {
            "method": "mini_cex",
            "assessor_name": "Dr Påhittad",
            "assessor_email": PRIVATE,
        },
        follow=True,
    )
    return training, page, Assessment.objects.filter(training=training).latest("pk")


def test_the_residents_request_to_an_address_without_an_account_sends_no_e_mail(demo):
    _training, page, item = _resident_asks_own_address(demo)
    assert mail.outbox == []
    assert item.assessor_approved_at is None and item.link_nonce == "" and not item.link_sent_at
    content = page.content.decode()
    assert "Länken skickas när huvudhandledaren eller studierektorn har godkänt" in content
    assert WAITS in content
    assert "Godkänn bedömaren och skicka länken" not in content
    with pytest.raises(ValidationError, match="inte godkänd"):  # nor can it be sent around it
        services.assessment_link_send(item=item, base_url="http://testserver", now=timezone.now())
    assert mail.outbox == []


@pytest.mark.parametrize("username", ["resident-g2", "unithead-g"])
def test_the_resident_and_others_cannot_approve_the_assessor(demo, username):
    training, _page, item = _resident_asks_own_address(demo)
    approve = url("portfolio:assessment_approve", training, item.pk)
    assert demo.client_for(username).post(approve).status_code == 403
    item.refresh_from_db()
    assert item.assessor_approved_at is None and mail.outbox == []


def test_a_co_supervisor_cannot_approve_either(demo):
    training, _page, item = _resident_asks_own_address(demo, "resident-g1")
    assert training.co_supervisors.filter(username="supervisor-g2").exists()
    page = demo.client_for("supervisor-g2").get(url("portfolio:assessments", training))
    assert WAITS in page.content.decode()
    approve = url("portfolio:assessment_approve", training, item.pk)
    assert demo.client_for("supervisor-g2").post(approve).status_code == 403
    assert mail.outbox == []


def test_the_service_refuses_the_resident_as_approver(demo):
    _training, _page, item = _resident_asks_own_address(demo)
    with pytest.raises(ValidationError, match="sin egen bedömare"):
        services.assessment_assessor_approve(
            item=item,
            person=demo.person("resident-g2"),
            base_url="http://testserver",
            now=timezone.now(),
        )
    assert mail.outbox == []


@pytest.mark.parametrize("approver", ["supervisor-g1", "director-g"])
def test_the_main_supervisor_or_the_director_approves_and_the_e_mail_goes(demo, client, approver):
    training, _page, item = _resident_asks_own_address(demo)
    person = demo.person(approver)
    list_page = demo.client_for(approver).get(url("portfolio:assessments", training))
    content = list_page.content.decode()
    assert "Godkänn bedömaren och skicka länken" in content
    assert f"intygar du att Dr Påhittad ({PRIVATE}) kan bedöma" in content
    approve = url("portfolio:assessment_approve", training, item.pk)
    done = demo.client_for(approver).post(approve, follow=True)
    assert f"Bedömaren är godkänd och länken är skickad till {PRIVATE}." in done.content.decode()
    item.refresh_from_db()
    assert item.assessor_approved_by == person and item.assessor_approved_at and item.link_sent_at
    [message] = mail.outbox
    assert message.to == [PRIVATE]
    # Approved twice (a double click, or the other approver a moment later): one e-mail.
    demo.client_for("director-g").post(approve)
    assert len(mail.outbox) == 1
    # The list and the assessment say who approved the assessor.
    approved_line = f"Bedömaren godkänd av {person.get_full_name()}"
    shown = demo.client_for("resident-g2").get(url("portfolio:assessments", training))
    assert approved_line in shown.content.decode() and WAITS not in shown.content.decode()
    assessment_page = client.get(link_in(message))
    assert assessment_page.status_code == 200
    assert approved_line in assessment_page.content.decode()


def test_a_supervisors_own_request_goes_at_once_approved_by_that_act(demo):
    training = demo.training_of("resident-g2")
    mail.outbox.clear()
    page = demo.client_for("supervisor-g1").post(
        url("portfolio:assessments", training),
        {"method": "cbd", "assessor_name": "Dr Ola Ås", "assessor_email": "ola@example.invalid"},
        follow=True,
    )
    assert "Bedömningen är begärd." in page.content.decode()
    [message] = mail.outbox
    assert message.to == ["ola@example.invalid"]
    item = Assessment.objects.get(training=training)
    assert item.assessor_approved_by.username == "supervisor-g1" and item.link_nonce


def test_the_attack_of_the_review_no_longer_holds(demo, client):
    """The resident asks their own address, then waits: no link exists to complete it with, and a
    reminder run sends none either."""
    _training, _page, item = _resident_asks_own_address(demo)
    Assessment.objects.filter(pk=item.pk).update(link_sent_at=timezone.now() - timedelta(days=13))
    call_command("send_reminders", stdout=io.StringIO())
    assert mail_to(PRIVATE) == []
    done = {"held_on": DEMO_TODAY, "feedback": "Utmärkt", "judgement": "above", "goals": ["c1"]}
    with pytest.raises(ValidationError, match="inte godkänd"):
        services.assessment_complete(item=item, person=None, data=done, now=timezone.now())
    item.refresh_from_db()
    assert item.completed_at is None


def test_the_migration_approves_supervisors_requests_and_revokes_the_residents_open_links(demo):
    training = demo.training_of("resident-g2")
    resident, supervisor = demo.person("resident-g2"), demo.person("supervisor-g1")
    external = {"training": training, "method": "cbd", "assessor_email": "x@example.invalid"}
    by_resident = Assessment.objects.create(**external, requested_by=resident, link_nonce="a" * 32)
    by_supervisor = Assessment.objects.create(
        **external, requested_by=supervisor, link_nonce="b" * 32
    )
    migration = import_module("stportal.portfolio.migrations.0005_assessor_approval")
    migration.approve_or_revoke(apps, None)
    by_resident.refresh_from_db()
    by_supervisor.refresh_from_db()
    assert by_resident.link_nonce == "" and by_resident.assessor_approved_at is None
    assert by_supervisor.assessor_approved_by == supervisor and by_supervisor.link_nonce


# --- 6. A submission key posted again with other content ---------------------------------------


def test_a_reused_supervision_key_with_other_content_is_refused_with_the_input_kept(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("supervisor-g1")
    page = url("portfolio:supervision", training)
    key = str(uuid.uuid4())
    first = {
        "held_on": DEMO_TODAY - timedelta(days=1),
        "minutes": 60,
        "form": "individual",
        "topics": "Astma",
        "submission_key": key,
    }
    for _ in range(2):  # the double click: one entry, reported as logged (messages read)
        logged = client.post(page, first, follow=True)
        assert "Handledningstillfället är loggat." in logged.content.decode()
    second = {**first, "held_on": DEMO_TODAY, "topics": "Diabetes"}
    refused = client.post(page, second)
    content = refused.content.decode()
    assert refused.status_code == 200
    assert SENT_ALREADY in content and "Handledningstillfället är loggat." not in content
    assert "Diabetes" in content  # what was typed is kept
    topics = SupervisionSession.objects.filter(training=training).values_list("topics", flat=True)
    assert list(topics) == ["Astma"]
    # The form shown again carries a new key: saving it again adds the entry, knowingly.
    new_key = str(refused.context["form"]["submission_key"].value())
    assert new_key != key
    assert client.post(page, {**second, "submission_key": new_key}).status_code == 302
    assert sorted(
        SupervisionSession.objects.filter(training=training).values_list("topics", flat=True)
    ) == ["Astma", "Diabetes"]


def test_a_reused_assessment_request_key_with_another_assessor_is_refused(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("supervisor-g1")
    page = url("portfolio:assessments", training)
    first = {
        "method": "cbd",
        "assessor_name": "Dr Ola Ås",
        "assessor_email": "ola@example.invalid",
        "submission_key": str(uuid.uuid4()),
    }
    mail.outbox.clear()
    assert client.post(page, first).status_code == 302
    assert client.post(page, first).status_code == 302
    second = {**first, "assessor_name": "Dr Eva Ek", "assessor_email": "eva@example.invalid"}
    refused = client.post(page, second)
    assert refused.status_code == 200 and SENT_ALREADY in refused.content.decode()
    assert "eva@example.invalid" in refused.content.decode()
    assert Assessment.objects.filter(training=training).count() == 1
    assert [m.to for m in mail.outbox] == [["ola@example.invalid"]]


def test_a_reused_course_key_with_another_course_or_file_is_refused(demo, settings):
    training = demo.training_of("resident-g2")
    client = demo.client_for("resident-g2")
    page = url("portfolio:courses", training)
    folder = settings.STPORTAL_PRIVATE_FILES / "certificates" / str(training.pk)
    before = set(folder.glob("*")) if folder.exists() else set()
    start = DEMO_TODAY - timedelta(days=52)
    key = str(uuid.uuid4())

    def course(name: str, content: bytes) -> dict:
        certificate = SimpleUploadedFile("intyg.pdf", content, "application/pdf")
        dates = {"from_date": start, "to_date": start + timedelta(days=1)}
        return {"name": name, **dates, "certificate": certificate, "submission_key": key}

    assert client.post(page, course("Akutkurs", PDF)).status_code == 302
    assert client.post(page, course("Akutkurs", PDF)).status_code == 302  # the double click
    for name, content in [("Palliativ vård", PDF), ("Akutkurs", PDF + b"%another scan\n")]:
        refused = client.post(page, course(name, content))
        assert refused.status_code == 200 and SENT_ALREADY in refused.content.decode()
    assert list(CourseRecord.objects.filter(training=training).values_list("name", flat=True)) == [
        "Akutkurs"
    ]
    assert len(set(folder.glob("*")) - before) == 1  # no file of a refused post is stored
