"""The portfolio pages: who may see and write what, uploads, links, signatures (issue 5)."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.portfolio.models import (
    AnnualReview,
    Assessment,
    CourseRecord,
    GoalProgress,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionSession,
)
from tests.conftest import DEMO_TODAY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Days of the demo's last full week and of a course some weeks ago, relative to the fixed date.
LAST_MONDAY = DEMO_TODAY - timedelta(days=DEMO_TODAY.weekday() + 7)
LAST_WEDNESDAY, LAST_FRIDAY = LAST_MONDAY + timedelta(days=2), LAST_MONDAY + timedelta(days=4)
COURSE_FIRST = DEMO_TODAY - timedelta(days=52)
COURSE_LAST = COURSE_FIRST + timedelta(days=1)
PAGES = [
    f"portfolio:{name}"
    for name in ("portfolio", "supervision", "study_time", "assessments", "courses", "goals")
]


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("resident-g2", 200),
        ("supervisor-g1", 200),
        ("unithead-g", 200),
        ("director-g", 200),
        ("resident-g1", 404),
        ("supervisor-g2", 404),
        ("director-v", 404),
        ("admin-g", 404),
    ],
)
def test_portfolio_pages_for_each_role(demo, username, status):
    training = demo.training_of("resident-g2")
    client = demo.client_for(username)
    for name in PAGES:
        assert client.get(url(name, training)).status_code == status, name
    assert client.get(url("portfolio:annual_review", training, 1)).status_code == status
    assert client.get(url("portfolio:scholarly", training, "written_work")).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(demo):
    training = demo.training_of("resident-g2")
    for name in PAGES:
        response = demo.client_for(None).get(url(name, training))
        assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize(
    ("username", "supervision", "study", "course"),
    [
        ("resident-g2", 302, 302, 302),
        ("supervisor-g1", 302, 403, 302),
        ("unithead-g", 403, 403, 403),
        ("director-g", 403, 403, 403),
        ("resident-g1", 404, 404, 404),
    ],
)
def test_who_writes_what(demo, username, supervision, study, course):
    """Supervision is logged by the resident or a supervisor, study time by the resident,
    courses by the resident or the main supervisor; assessments are requested like supervision."""
    training = demo.training_of("resident-g2")
    client = demo.client_for(username)
    session = {"held_on": LAST_MONDAY, "minutes": 60, "form": "individual", "topics": "Astma"}
    assert client.post(url("portfolio:supervision", training), session).status_code == supervision
    entry = {"week": LAST_WEDNESDAY, "hours": "4"}
    assert client.post(url("portfolio:study_time", training), entry).status_code == study
    record = {"name": "Akutkurs", "from_date": COURSE_FIRST, "to_date": COURSE_LAST}
    assert client.post(url("portfolio:courses", training), record).status_code == course
    request = {"method": "sit_in", "assessor_name": "Dr Ås", "assessor_email": "a@example.invalid"}
    assert client.post(url("portfolio:assessments", training), request).status_code == supervision


def test_the_other_side_confirms_a_supervision_entry(demo):
    training = demo.training_of("resident-g2")
    demo.client_for("supervisor-g1").post(
        url("portfolio:supervision", training),
        {"held_on": LAST_MONDAY, "minutes": 45, "form": "group", "topics": "Multisjuka"},
    )
    session = SupervisionSession.objects.get(training=training)
    own = demo.client_for("supervisor-g1").post(
        url("portfolio:supervision_confirm", training, session.pk), follow=True
    )
    assert "Den andra parten bekräftar" in own.content.decode()
    demo.client_for("resident-g2").post(url("portfolio:supervision_confirm", training, session.pk))
    session.refresh_from_db()
    assert session.confirmed_by == demo.person("resident-g2") and session.confirmed_at


def test_distance_supervision_needs_gavleborgs_three_approvals(demo):
    training = demo.training_of("resident-g2")
    data = {"held_on": LAST_MONDAY, "minutes": 60, "form": "distance"}
    refused = demo.client_for("supervisor-g1").post(url("portfolio:supervision", training), data)
    assert "kräver de godkännanden" in refused.content.decode()
    for username, role in [
        ("director-g", "director"),
        ("unithead-g", "unit_head"),
        ("supervisor-g1", "main_supervisor"),
    ]:
        demo.client_for(username).post(url("portfolio:distance_approve", training, role))
    assert (
        demo.client_for("resident-g2")
        .post(url("portfolio:distance_approve", training, "director"))
        .status_code
        == 403
    )
    allowed = demo.client_for("supervisor-g1").post(url("portfolio:supervision", training), data)
    assert allowed.status_code == 302


def test_vastmanland_needs_no_approval_for_distance(demo):
    training = demo.training_of("resident-v2")
    data = {"held_on": LAST_MONDAY, "minutes": 60, "form": "distance"}
    assert (
        demo.client_for("supervisor-v1")
        .post(url("portfolio:supervision", training), data)
        .status_code
        == 302
    )


def test_study_time_is_one_row_a_week_and_the_ledger_shows_it(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("resident-g2")
    client.post(url("portfolio:study_time", training), {"week": LAST_WEDNESDAY, "hours": "2"})
    client.post(url("portfolio:study_time", training), {"week": LAST_FRIDAY, "hours": "4"})
    [entry] = StudyTimeEntry.objects.filter(training=training)
    assert (entry.week, entry.minutes) == (LAST_MONDAY, 240)
    page = client.get(url("portfolio:study_time", training)).content.decode()
    assert LAST_MONDAY.strftime("%Y-%m") in page


def test_a_certificate_is_checked_stored_and_served_only_to_those_who_may(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("resident-g2")
    fake = SimpleUploadedFile("intyg.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    data = {
        "name": "Akutkurs",
        "from_date": COURSE_FIRST,
        "to_date": COURSE_LAST,
        "certificate": fake,
    }
    refused = client.post(url("portfolio:courses", training), data)
    assert "måste vara en PDF-, PNG- eller JPEG-fil" in refused.content.decode()
    assert not CourseRecord.objects.filter(training=training).exists()
    good = SimpleUploadedFile("../../etc/intyg.PDF", PDF, "application/pdf")
    data = {**data, "certificate": good, "goals": ["c2"]}
    assert client.post(url("portfolio:courses", training), data).status_code == 302
    record = CourseRecord.objects.get(training=training)
    assert "etc" not in record.certificate.name and record.certificate.name.endswith(".pdf")
    assert record.certificate_type == "application/pdf"
    download = url("portfolio:course_certificate", training, record.pk)
    for username, status in [
        ("resident-g2", 200),
        ("supervisor-g1", 200),
        ("director-g", 200),
        ("resident-g1", 404),
        ("director-v", 404),
    ]:
        response = demo.client_for(username).get(download)
        assert response.status_code == status, username
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert demo.client_for(None).get(download).status_code == 302


def test_an_assessor_with_an_account_completes_a_requested_assessment(demo):
    training = demo.training_of("resident-g2")
    assessor = demo.person("supervisor-g2")  # a supervisor of the region, not this resident's
    demo.client_for("resident-g2").post(
        url("portfolio:assessments", training),
        {"method": "mini_cex", "goals": ["c1"], "assessor": assessor.pk},
    )
    item = Assessment.objects.get(training=training)
    assert mail.outbox == []  # an account holder finds it in the portal
    form = reverse("portfolio:assessment_complete", args=[item.pk])
    assert "Mini-CEX" in demo.client_for("supervisor-g2").get("/").content.decode()
    assert demo.client_for("supervisor-g2").get(form).status_code == 200  # asked: enough
    assert demo.client_for("resident-v1").get(form).status_code == 404
    done = demo.client_for("supervisor-g2").post(
        form,
        {
            "held_on": LAST_FRIDAY,
            "goals": ["c1", "c2"],
            "feedback": "Strukturerad anamnes.",
            "judgement": "at",
        },
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.completed_at and item.goals == ["c1", "c2"]
    assert demo.client_for("resident-g2").get(form).status_code == 403


def test_an_external_assessor_completes_through_a_link(demo, client):
    training = demo.training_of("resident-g2")
    demo.client_for("supervisor-g1").post(  # approved by asking (issue 10)
        url("portfolio:assessments", training),
        {"method": "cbd", "assessor_name": "Dr Ola Ås", "assessor_email": "ola@example.invalid"},
    )
    [message] = mail.outbox
    link = re.search(r"http://testserver(/links/assessment/\S+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    missing = client.post(link, {"held_on": "", "feedback": "", "judgement": ""})
    assert "Detta fält måste fyllas i." in missing.content.decode()
    done = client.post(link, {"held_on": LAST_FRIDAY, "feedback": "Bra", "judgement": "above"})
    assert "Bedömningen är sparad" in done.content.decode()
    assert client.get(link).status_code == 410


def test_an_external_assessor_is_reminded_before_the_link_expires(demo, settings):
    training = demo.training_of("resident-g2")
    demo.client_for("supervisor-g1").post(  # approved by asking (issue 10)
        url("portfolio:assessments", training),
        {"method": "cbd", "assessor_name": "Dr Ola Ås", "assessor_email": "ola@example.invalid"},
    )
    item = Assessment.objects.get(training=training)
    first = re.search(r"(/links/assessment/\S+/)", mail.outbox[0].body).group(1)
    Assessment.objects.filter(pk=item.pk).update(
        link_sent_at=timezone.now()
        - timezone.timedelta(days=settings.STPORTAL_LINK_MAX_AGE_DAYS - 2)
    )
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    reminders = [m for m in mail.outbox if m.subject.startswith("Påminnelse")]
    assert len(reminders) == 1
    assert demo.client_for(None).get(first).status_code == 410  # replaced by the new link


def test_annual_review_parts_are_written_signed_and_frozen_by_their_authors(demo):
    training = demo.training_of("resident-g2")
    part = url("portfolio:annual_review_part", training, 1, "resident_report")
    text = {"resident_report-text": "Året har gått bra.", "sign": ""}
    assert demo.client_for("supervisor-g1").post(part, text).status_code == 403
    demo.client_for("resident-g2").post(part, text)
    again = demo.client_for("resident-g2").post(
        part, {"resident_report-text": "Ändrat"}, follow=True
    )
    assert "är signerad och kan inte ändras" in again.content.decode()
    statement = url("portfolio:annual_review_part", training, 1, "supervisor_statement")
    demo.client_for("supervisor-g1").post(
        statement, {"supervisor_statement-text": "Ok", "sign": ""}
    )
    review_part = url("portfolio:annual_review_part", training, 1, "director_review")
    demo.client_for("director-g").post(review_part, {"director_review-text": "Ok", "sign": ""})
    review = AnnualReview.objects.get(training=training, year=1)
    assert review.resident_report == "Året har gått bra."
    done = {
        f.subject.get("year")
        for f in timeline_of(training, DEMO_TODAY).findings
        if f.subject.get("milestone") == "annual_review"
    }
    assert 1 not in done
    pdf = demo.client_for("director-g").get(url("portfolio:annual_review_pdf", training, 1))
    assert pdf["Content-Type"] == "application/pdf"


def test_supervisors_judge_delmål_and_the_history_keeps_each_judgement(demo):
    training = demo.training_of("resident-g2")
    judge = url("portfolio:goal_judge", training, "c1")
    assert demo.client_for("resident-g2").post(judge, {"c1-status": "met"}).status_code == 403
    demo.client_for("supervisor-g1").post(judge, {"c1-status": "in_progress"})
    demo.client_for("supervisor-g1").post(judge, {"c1-status": "met", "c1-note": "Klart"})
    progress = GoalProgress.objects.get(training=training, goal="c1")
    assert progress.status == "met" and progress.judged_by == demo.person("supervisor-g1")
    assert progress.history.count() == 2
    page = demo.client_for("resident-g2").get(url("portfolio:goals", training)).content.decode()
    assert "Uppnått" in page


def test_a_research_supervisor_sees_the_work_and_nothing_else(demo):
    training = demo.training_of("resident-g2")
    researcher = demo.person("supervisor-v2")
    ScholarlyWork.objects.create(
        training=training, kind="written_work", topic="Astma i VC", research_supervisor=researcher
    )
    client = demo.client_for("supervisor-v2")
    assert client.get(url("portfolio:scholarly", training, "written_work")).status_code == 200
    assert client.get(url("training:time", training)).status_code == 403
    assert client.get(url("portfolio:portfolio", training)).status_code == 403
    assert training.pk not in [t["id"] for t in client.get("/api/v1/trainings/").json()]


def test_findings_of_a_demo_resident_name_their_rules(demo):
    found = findings_of(
        demo.training_of("resident-v1"), timeline_of(demo.training_of("resident-v1"), DEMO_TODAY)
    )
    rules = {f.rule for f in found}
    assert "R8.4" in rules  # no supervision logged in the demo
    assert all(f.message and f.due for f in found)


def test_a_supervisors_residents_come_with_the_most_open_findings_first(demo):
    page = demo.client_for("supervisor-g1").get("/").content.decode()
    table = page[page.index("supervised-heading") :]
    names = re.findall(r'<th scope="row"><a href="/trainings/\d+/">([^<]+)</a>', table)
    counts = {
        name: len(findings_of(demo.training_of(u), timeline_of(demo.training_of(u), DEMO_TODAY)))
        for name, u in [
            ("Sara Holm", "resident-g1"),
            ("Jonas Strand", "resident-g2"),
            ("Maria Falk", "resident-g3"),
        ]
    }
    assert names[:3] == sorted(counts, key=lambda n: -counts[n])


def test_distance_supervision_not_before_gavleborgs_second_year(demo):
    training = demo.training_of("resident-g1")  # in ST year 1
    for username, role in [
        ("director-g", "director"),
        ("unithead-g", "unit_head"),
        ("supervisor-g1", "main_supervisor"),
    ]:
        demo.client_for(username).post(url("portfolio:distance_approve", training, role))
    data = {"held_on": LAST_MONDAY, "minutes": 60, "form": "distance"}
    refused = demo.client_for("supervisor-g1").post(url("portfolio:supervision", training), data)
    assert (
        refused.status_code == 200
        and not SupervisionSession.objects.filter(training=training).exists()
    )


def test_placements_count_as_evidence_for_the_delmål_they_serve(demo):
    training = demo.training_of("resident-g2")
    demo.client_for("resident-g2").post(url("plans:plan_start", training, "training_plan"))
    page = demo.client_for("resident-g2").get(url("portfolio:goals", training)).content.decode()
    assert "Sidotjänstgöring Medicinkliniken Gävle" in page


@pytest.mark.parametrize(
    ("username", "scholarly", "judge", "statement", "pdf"),
    [
        ("resident-g2", 302, 403, 403, 200),
        ("supervisor-g1", 302, 302, 302, 200),
        ("unithead-g", 403, 403, 403, 200),
        ("director-g", 302, 403, 403, 200),
        ("resident-g1", 404, 404, 404, 404),
        ("director-v", 404, 404, 404, 404),
    ],
)
def test_writing_endpoints_for_each_role(demo, username, scholarly, judge, statement, pdf):
    training = demo.training_of("resident-g2")
    AnnualReview.objects.create(training=training, year=2)
    client = demo.client_for(username)
    work = {"topic": "Astma i primärvården"}
    assert (
        client.post(url("portfolio:scholarly", training, "quality_work"), work).status_code
        == scholarly
    )
    assert (
        client.post(url("portfolio:goal_judge", training, "c1"), {"c1-status": "met"}).status_code
        == judge
    )
    part = url("portfolio:annual_review_part", training, 2, "supervisor_statement")
    assert client.post(part, {"supervisor_statement-text": "Ok"}).status_code == statement
    assert client.get(url("portfolio:annual_review_pdf", training, 2)).status_code == pdf


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("resident-g3", 302),
        ("supervisor-g2", 302),
        ("director-g", 302),
        ("unithead-v", 404),
        ("resident-g2", 404),
    ],
)
def test_mitt_i_st_registration_is_marked_done_once(demo, username, status):
    training = demo.training_of("resident-g3")
    done = url("portfolio:milestone_done", training, "mitt_i_st_registration")
    client = demo.client_for(username)
    assert client.post(done).status_code == status
    codes = {f.subject.get("milestone") for f in timeline_of(training, DEMO_TODAY).findings}
    assert ("mitt_i_st_registration" in codes) == (status != 302)
    if status == 302:
        assert client.post(done).status_code == 302
        assert training.milestone_records.count() == 1
        page = client.get(url("training:time", training)).content.decode()
        row = re.search(r"Anmälan till Mitt i ST</th>(.*?)</tr>", page, re.S).group(1)
        assert "status-done" in row and "Markera som klar" not in row
    assert client.post(url("portfolio:milestone_done", training, "training_plan")).status_code in (
        404,
    )


def test_courses_taken_are_drawn_on_the_timeline(demo):
    training = demo.training_of("resident-g2")
    CourseRecord.objects.create(
        training=training,
        name="Akutkurs",
        from_date=COURSE_FIRST,
        to_date=COURSE_LAST,
        uploaded_by=demo.person("resident-g2"),
    )
    page = demo.client_for("resident-g2").get(url("training:time", training)).content.decode()
    assert re.search(r'class="bar bar-course"[^>]*><title>Akutkurs</title>', page)


def test_a_session_dated_tomorrow_is_refused_by_the_field_in_swedish(demo):
    training = demo.training_of("resident-g2")
    tomorrow = DEMO_TODAY + timedelta(days=1)
    data = {"held_on": tomorrow, "minutes": 60, "form": "individual"}
    page = demo.client_for("resident-g2").post(url("portfolio:supervision", training), data)
    assert page.status_code == 200
    assert "Handledningen kan inte loggas innan den har hållits." in page.content.decode()
    assert not SupervisionSession.objects.filter(training=training, held_on=tomorrow).exists()
