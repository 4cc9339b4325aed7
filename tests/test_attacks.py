"""Issue 10: the attacks that did not hold, each performed again and refused."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stportal.portfolio.models import Assessment, CourseRecord, ScholarlyWork, SupervisionSession
from stportal.training.models import Absence
from tests.conftest import DEMO_TODAY

# --- A resident assesses themself (R9.1) -------------------------------------------------------


def _request(demo, training, **assessor):
    data = {"method": "mini_cex", "goals": ["c1"], **assessor}
    page = demo.client_for("resident-g2").post(
        reverse("portfolio:assessments", args=[training.pk]), data
    )
    return page


@pytest.mark.parametrize("who", ["resident-g2", "resident-g1", "admin-g"])
def test_a_resident_cannot_ask_themself_another_resident_or_an_admin_by_account(demo, who):
    training = demo.training_of("resident-g2")
    before = Assessment.objects.filter(training=training).count()
    page = _request(demo, training, assessor=demo.person(who).pk)
    assert page.status_code == 200  # the form again, with the error by the field
    assert Assessment.objects.filter(training=training).count() == before


@pytest.mark.parametrize("email", ["resident-g2@example.invalid", "RESIDENT-G1@example.invalid"])
def test_nor_by_the_e_mail_address_of_such_an_account(demo, email):
    training = demo.training_of("resident-g2")
    before = Assessment.objects.filter(training=training).count()
    page = _request(demo, training, assessor_name="Jag Själv", assessor_email=email)
    assert "E-postadressen tillhör någon som inte kan bedöma ST-läkaren." in page.content.decode()
    assert Assessment.objects.filter(training=training).count() == before


def test_a_clinician_of_the_region_can_still_be_asked(demo):
    training = demo.training_of("resident-g2")
    page = _request(demo, training, assessor=demo.person("supervisor-g2").pk)
    assert page.status_code == 302
    assert Assessment.objects.filter(training=training, assessor__username="supervisor-g2").exists()


def test_the_resident_never_completes_their_own_assessment(demo):
    """Even when the row names them as assessor (as an older version let them choose)."""
    training = demo.training_of("resident-g2")
    resident = demo.person("resident-g2")
    item = Assessment.objects.create(
        training=training, method="mini_cex", assessor=resident, requested_by=resident
    )
    form = reverse("portfolio:assessment_complete", args=[item.pk])
    client = demo.client_for("resident-g2")
    assert client.get(form).status_code == 403
    data = {"held_on": DEMO_TODAY, "feedback": "Utmärkt", "judgement": "above"}
    assert client.post(form, data).status_code == 403
    item.refresh_from_db()
    assert item.completed_at is None


# --- A research supervisor reaches only the work they supervise (R4) ------------------------


def test_a_research_supervisor_neither_reads_nor_rewrites_the_other_work(demo):
    training = demo.training_of("resident-g2")
    researcher = demo.person("supervisor-v2")
    ScholarlyWork.objects.create(
        training=training, kind="written_work", topic="Astma i VC", research_supervisor=researcher
    )
    ScholarlyWork.objects.create(
        training=training, kind="quality_work", topic="Läkemedelsgenomgång"
    )
    client = demo.client_for("supervisor-v2")
    mine = reverse("portfolio:scholarly", args=[training.pk, "written_work"])
    other = reverse("portfolio:scholarly", args=[training.pk, "quality_work"])
    assert client.get(mine).status_code == 200
    assert client.get(other).status_code == 404
    assert client.post(other, {"topic": "Omskriven"}).status_code == 404
    assert ScholarlyWork.objects.get(training=training, kind="quality_work").topic == (
        "Läkemedelsgenomgång"
    )
    # The training's own people still reach both.
    assert demo.client_for("supervisor-g1").get(other).status_code == 200


# --- Odd input in URLs and query strings (Low) --------------------------------------------


@pytest.mark.parametrize("query", ["?unit=²", "?unit=99999999999999999999", "?q=x&unit=٣"])
def test_odd_numbers_in_the_directors_query_string_are_ignored(demo, query):
    assert demo.client_for("director-g").get("/" + query).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/trainings/99999999999999999999/",
        "/trainings/1/portfolio/annual/99999999999/",
        "/trainings/1/documents/training_plan/versions/?from=²&to=99999999999999",
    ],
)
def test_huge_ids_are_not_found_not_errors(demo, path):
    assert demo.client_for("director-g").get(path).status_code in (200, 404)


@pytest.mark.parametrize("year", [0, 77, 99999])
def test_an_annual_review_of_a_year_the_st_does_not_have_is_not_found(demo, year):
    training = demo.training_of("resident-g2")
    url = reverse("portfolio:annual_review_part", args=[training.pk, year, "resident_report"])
    response = demo.client_for("resident-g2").post(url, {"resident_report-text": "x", "sign": "1"})
    assert response.status_code == 404
    assert not training.annual_reviews.filter(year=year).exists()


# --- Supervision confirmed by the other side (R8.6) -----------------------------------------


def test_a_co_supervisor_does_not_confirm_the_main_supervisors_entry_the_resident_does(demo):
    training = demo.training_of("resident-g1")  # main supervisor-g1, co-supervisor supervisor-g2
    session = SupervisionSession.objects.create(
        training=training,
        held_on=DEMO_TODAY - timedelta(days=2),
        minutes=60,
        form="individual",
        written_by=demo.person("supervisor-g1"),
    )
    confirm = reverse("portfolio:supervision_confirm", args=[training.pk, session.pk])
    demo.client_for("supervisor-g2").post(confirm)
    session.refresh_from_db()
    assert session.confirmed_at is None
    demo.client_for("resident-g1").post(confirm)
    session.refresh_from_db()
    assert session.confirmed_by.username == "resident-g1"


# --- E-mail in plain text, files named by their content (Low) --------------------------------


def test_plain_text_e_mail_shows_apostrophes_and_ampersands_as_written(demo):
    training = demo.training_of("resident-g2")
    name = "Dr O'Neill & Ås"
    data = {"method": "cbd", "assessor_name": name, "assessor_email": "oneill@example.invalid"}
    page = reverse("portfolio:assessments", args=[training.pk])
    demo.client_for("supervisor-g1").post(page, data)  # sent at once (issue 10)
    [message] = mail.outbox
    resident = training.resident.get_full_name()
    assert resident in message.subject and "&#x27;" not in message.body
    assert "&amp;" not in message.body


def test_an_uploaded_certificate_is_stored_with_the_ending_of_its_content(demo):
    training = demo.training_of("resident-g2")
    pdf = SimpleUploadedFile("intyg.html", b"%PDF-1.4\n%%EOF\n", "text/html")
    first = DEMO_TODAY - timedelta(days=30)
    data = {"name": "Akutkurs", "from_date": first, "to_date": first, "certificate": pdf}
    demo.client_for("resident-g2").post(reverse("portfolio:courses", args=[training.pk]), data)
    record = CourseRecord.objects.get(training=training, name="Akutkurs")
    assert record.certificate.name.endswith(".pdf")
    assert record.certificate_type == "application/pdf"


def test_a_certificate_of_an_everyday_size_is_stored(demo, settings):
    """The bound on a file's name is not a bound on its content (a 2 MB scan is normal)."""
    training = demo.training_of("resident-g2")
    scan = SimpleUploadedFile("intyg.pdf", b"%PDF-1.4\n" + b"0" * 2_000_000, "application/pdf")
    first = DEMO_TODAY - timedelta(days=30)
    data = {"name": "Skannat", "from_date": first, "to_date": first, "certificate": scan}
    page = demo.client_for("resident-g2").post(
        reverse("portfolio:courses", args=[training.pk]), data
    )
    assert page.status_code == 302
    record = CourseRecord.objects.get(training=training, name="Skannat")
    assert record.certificate.size > 2_000_000


# --- Date bombs (High, item 6) ----------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2100-01-01", "1969-12-31"])
def test_an_absence_in_an_implausible_year_is_refused_by_the_field(demo, day):
    training = demo.training_of("resident-g2")
    count = training.absences.count()
    first = DEMO_TODAY.isoformat()
    data = {"kind": "vacation", "from_date": first, "to_date": day, "percent": 100}
    if day < first:
        data.update(from_date=day, to_date=first)
    page = demo.client_for("resident-g2").post(
        reverse("training:row_new", args=[training.pk, "absences"]), data
    )
    assert page.status_code == 200
    assert "Ange ett datum mellan 1970-01-01 och 2099-12-31." in page.content.decode()
    assert training.absences.count() == count


def test_implausible_dates_are_refused_everywhere_a_date_is_typed(demo):
    training = demo.training_of("resident-g2")
    resident = demo.client_for("resident-g2")
    bomb = "9999-12-31"
    posts = [
        (
            "portfolio:supervision",
            {"held_on": DEMO_TODAY, "minutes": 60, "form": "individual", "next_session": bomb},
        ),
        ("portfolio:study_time", {"week": bomb, "hours": 1}),
        ("portfolio:courses", {"name": "Akutkurs", "from_date": DEMO_TODAY, "to_date": bomb}),
    ]
    for name, data in posts:
        page = resident.post(reverse(name, args=[training.pk]), data)
        assert page.status_code == 200, name
        assert "Ange ett datum mellan" in page.content.decode(), name
    assert not training.courses.filter(name="Akutkurs").exists()
    assert not training.study_time_entries.filter(week__year=9999).exists()


def test_one_training_with_an_old_impossible_date_never_breaks_a_list(demo):
    """Data stored before the bounds (or straight in the database) stays visible in lists."""
    training = demo.training_of("resident-g2")
    Absence.objects.create(
        training=training, kind="parental_leave", from_date=date(2027, 1, 1), to_date=date.max
    )
    for username in ("supervisor-g1", "unithead-g", "director-g"):
        page = demo.client_for(username).get("/")
        assert page.status_code == 200 and "Jonas Strand" in page.content.decode(), username
    listed = demo.client_for("director-g").get("/api/v1/trainings/").json()
    assert {t["resident"]: t["projected_completion"] for t in listed if t["id"] == training.pk} == {
        "Jonas Strand": None
    }


@pytest.mark.parametrize(
    "document",
    [
        {"start": "9999-01-01"},
        {"start": "0001-01-01"},
        {
            "start": "2024-09-01",
            "absences": [{"kind": "parental_leave", "from": "2025-01-01", "to": "9999-12-31"}],
        },
    ],
)
def test_the_timeline_api_answers_an_implausible_date_with_422_naming_the_field(demo, document):
    body = {"regulation": "SOSFS 2015:8", "profile": "gavleborg", **document}
    response = demo.client_for("resident-g2").post(
        "/api/v1/timeline", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert "1970-01-01" in response.json()["errors"][0]["message"]


def test_an_annual_review_text_too_long_is_shown_again_with_the_fields_message(demo):
    training = demo.training_of("resident-g2")
    url = reverse("portfolio:annual_review_part", args=[training.pk, 1, "resident_report"])
    text = "Å" * 20_001
    page = demo.client_for("resident-g2").post(url, {"resident_report-text": text})
    content = page.content.decode()
    assert page.status_code == 200
    assert "högst 20000 tecken" in content and text in content  # nothing written is lost
    assert '<label for="id_resident_report-text">Årsrapport (ST-läkaren)</label>' in content
    assert not training.annual_reviews.filter(year=1, resident_report=text).exists()


@pytest.mark.parametrize("hours", [51, -5])
def test_study_time_out_of_bounds_gets_the_fields_message_not_a_constraint_name(demo, hours):
    training = demo.training_of("resident-g2")
    data = {"week": DEMO_TODAY, "hours": hours}
    page = demo.client_for("resident-g2").post(
        reverse("portfolio:study_time", args=[training.pk]), data
    )
    content = page.content.decode()
    assert page.status_code == 200 and "study_time_minutes" not in content
    assert "Kontrollera att detta värde är" in content


@pytest.mark.parametrize(
    "page",
    [
        "training:time",
        "plans:plan",
        "plans:time_plan",
        "portfolio:portfolio",
        "portfolio:annual_review",
    ],
)
def test_a_training_whose_stored_dates_cannot_be_computed_says_what_to_correct(demo, page):
    """Its own pages answer with the rows to correct, never 500; the resident follows the link,
    corrects the date, and the page is back."""
    training = demo.training_of("resident-g2")
    first = DEMO_TODAY + timedelta(days=400)  # after the demo's own absences, inside the ST
    bomb = Absence.objects.create(
        training=training, kind="parental_leave", from_date=first, to_date=date.max
    )
    args = [training.pk, 1] if page == "portfolio:annual_review" else [training.pk]
    resident, director = demo.client_for("resident-g2"), demo.client_for("director-g")
    answer = resident.get(reverse(page, args=args))
    assert answer.status_code == 409
    assert "ST-tiden kan inte räknas ut" in answer.content.decode()
    edit = reverse("training:row_edit", args=[training.pk, "absences", bomb.pk])
    assert f'href="{edit}"' in answer.content.decode()
    seen_by_director = director.get(reverse(page, args=args))
    assert seen_by_director.status_code == 409 and edit not in seen_by_director.content.decode()
    form = resident.get(edit)
    assert form.status_code == 200
    data = {field.name: field.value() for field in form.context["form"].hidden_fields()}
    last = first + timedelta(days=180)
    data.update(kind="parental_leave", from_date=first, to_date=last, percent=100)
    assert resident.post(edit, data).status_code == 302
    assert resident.get(reverse(page, args=args)).status_code == 200
