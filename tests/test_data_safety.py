"""Issue 10, items 11–13: lost updates, double submits and unbounded texts, each attack performed.

- Two people (or two tabs) open the same form; both post. The second save is refused with a
  Swedish message, what they typed is shown again, and the first save is what is stored.
- The same form is posted twice, or several times at the same moment (threads, on the file
  database SQLite uses, or on PostgreSQL with DATABASE_URL): one row, one e-mail, one file.
- A million characters posted to a free text: the field's own message, nothing saved.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from stportal.fields import SEEN_VERSION, ChangedMeanwhile, fingerprint
from stportal.portfolio import services
from stportal.portfolio.models import (
    AnnualReview,
    Assessment,
    CourseRecord,
    GoalProgress,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionSession,
)
from stportal.training import services as training_services
from stportal.training.models import Absence, AbsenceKind, Training
from tests.conftest import DEMO_NOW, DEMO_TODAY, Demo, demo_world_seed

CHANGED_MEANWHILE = "Någon annan sparade en ändring här medan du redigerade"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LAST_MONDAY = DEMO_TODAY - timedelta(days=DEMO_TODAY.weekday() + 7)
MILLION = "x" * 1_000_000


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def seen(form) -> str:
    """The fingerprint a form carries as it is shown."""
    return form[SEEN_VERSION].value()


def key_of(form) -> str:
    """The submission key a form drew as it was shown."""
    return str(form["submission_key"].value())


def sick_leave(training):
    return training.absences.get(kind=AbsenceKind.SICK_LEAVE)


# --- Item 11: the second of two saves built on the same state is refused --------------------


def test_written_work_two_forms_on_the_same_state_the_second_is_refused_by_the_service(demo):
    training = demo.training_of("resident-g2")
    work = services.scholarly_work_save(training=training, kind="written_work", topic="Astma")
    version = fingerprint(work)
    services.scholarly_work_save(
        training=training, kind="written_work", topic="Astma i VC", seen_version=version
    )
    with pytest.raises(ChangedMeanwhile):
        services.scholarly_work_save(
            training=training, kind="written_work", topic="KOL", seen_version=version
        )
    work.refresh_from_db()
    assert work.topic == "Astma i VC"


def test_written_work_two_browsers_the_second_sees_why_and_keeps_what_they_typed(demo):
    training = demo.training_of("resident-g2")
    ScholarlyWork.objects.create(training=training, kind="written_work", topic="Astma")
    page = url("portfolio:scholarly", training, "written_work")
    resident, supervisor = demo.client_for("resident-g2"), demo.client_for("supervisor-g1")
    first = {"topic": "Astma i VC", SEEN_VERSION: seen(resident.get(page).context["form"])}
    second = {
        "topic": "KOL på vårdcentralen",
        "plan": "Min plan",
        SEEN_VERSION: seen(supervisor.get(page).context["form"]),
    }
    assert resident.post(page, first).status_code == 302
    refused = supervisor.post(page, second)
    content = refused.content.decode()
    assert refused.status_code == 200 and CHANGED_MEANWHILE in content
    assert "KOL på vårdcentralen" in content and "Min plan" in content  # kept as typed
    assert "Astma i VC" in content  # the work as it is stored now, beside the form
    assert ScholarlyWork.objects.get(training=training, kind="written_work").topic == "Astma i VC"
    # Told, the person may save again on purpose: the form now carries the current version.
    again = {**second, SEEN_VERSION: seen(refused.context["form"])}
    assert supervisor.post(page, again).status_code == 302
    work = ScholarlyWork.objects.get(training=training, kind="written_work")
    assert work.topic == "KOL på vårdcentralen"


def test_the_first_written_work_started_in_two_browsers_is_not_overwritten(demo):
    training = demo.training_of("resident-g2")
    page = url("portfolio:scholarly", training, "quality_work")
    resident, supervisor = demo.client_for("resident-g2"), demo.client_for("supervisor-g1")
    empty_a = seen(resident.get(page).context["form"])
    empty_b = seen(supervisor.get(page).context["form"])
    assert resident.post(page, {"topic": "Läkemedel", SEEN_VERSION: empty_a}).status_code == 302
    refused = supervisor.post(page, {"topic": "Journaler", SEEN_VERSION: empty_b})
    assert CHANGED_MEANWHILE in refused.content.decode()
    assert ScholarlyWork.objects.get(training=training, kind="quality_work").topic == "Läkemedel"


def test_the_same_edit_posted_twice_is_saved_once_not_refused(demo):
    training = demo.training_of("resident-g2")
    ScholarlyWork.objects.create(training=training, kind="written_work", topic="Astma")
    page = url("portfolio:scholarly", training, "written_work")
    client = demo.client_for("resident-g2")
    data = {"topic": "Astma i VC", SEEN_VERSION: seen(client.get(page).context["form"])}
    assert client.post(page, data).status_code == 302
    assert client.post(page, data).status_code == 302
    assert ScholarlyWork.objects.get(training=training, kind="written_work").history.count() == 2


def test_an_absences_decision_note_is_not_overwritten_by_a_stale_form(demo):
    """The resident's change form was open while the director decided the spell with a note."""
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    edit = reverse("training:row_edit", args=[training.pk, "absences", spell.pk])
    decide = reverse("training:absence_decision", args=[training.pk, spell.pk])
    resident, director = demo.client_for("resident-g2"), demo.client_for("director-g")
    stale = seen(resident.get(edit).context["form"])
    decision = {"decision": "does_not_count", "note": "Beslut: förlänger"}
    decision[SEEN_VERSION] = seen(director.get(decide).context["form"])
    assert director.post(decide, decision).status_code == 302
    typed = {
        "kind": "sick_leave",
        "from_date": spell.from_date,
        "to_date": spell.to_date,
        "percent": 100,
        "note": "Intyg inskickat",
        SEEN_VERSION: stale,
    }
    refused = resident.post(edit, typed)
    content = refused.content.decode()
    assert refused.status_code == 200 and CHANGED_MEANWHILE in content
    assert "Intyg inskickat" in content
    spell.refresh_from_db()
    assert (spell.note, spell.counts) == ("Beslut: förlänger", False)


def test_two_decisions_on_the_same_spell_the_second_is_refused(demo):
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    decide = reverse("training:absence_decision", args=[training.pk, spell.pk])
    director, unit_head = demo.client_for("director-g"), demo.client_for("unithead-g")
    first = {"decision": "counts", "note": "Räknas", SEEN_VERSION: ""}
    second = {"decision": "does_not_count", "note": "Förlänger", SEEN_VERSION: ""}
    first[SEEN_VERSION] = seen(director.get(decide).context["form"])
    second[SEEN_VERSION] = seen(unit_head.get(decide).context["form"])
    assert director.post(decide, first).status_code == 302
    refused = unit_head.post(decide, second)
    content = refused.content.decode()
    assert refused.status_code == 200 and CHANGED_MEANWHILE in content and "Förlänger" in content
    spell.refresh_from_db()
    director = demo.person("director-g")
    assert (spell.counts, spell.note, spell.decided_by) == (True, "Räknas", director)


def test_the_same_decision_posted_twice_is_recorded_once(demo):
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    version, director = fingerprint(spell), demo.person("director-g")
    decision = {"counts": False, "note": "Lång", "person": director, "now": DEMO_NOW}
    training_services.absence_decide(absence=spell, seen_version=version, **decision)
    training_services.absence_decide(absence=spell, seen_version=version, **decision)
    assert sick_leave(training).history.count() == 2  # created by the seed, then decided once
    with pytest.raises(ChangedMeanwhile):
        training_services.absence_decide(
            absence=spell, seen_version=version, **{**decision, "counts": True}
        )


@pytest.mark.parametrize(
    ("kind", "username", "field", "value"),
    [("absences", "resident-g2", "percent", 50), ("employment", "director-g", "percent", 80)],
)
def test_a_row_of_the_time_page_changed_in_two_browsers(demo, kind, username, field, value):
    training = demo.training_of("resident-g2")
    row = (
        training.absences.get(kind=AbsenceKind.PARENTAL_LEAVE)
        if kind == "absences"
        else training.employment_steps.last()
    )
    edit = reverse("training:row_edit", args=[training.pk, kind, row.pk])
    one, two = demo.client_for(username), demo.client_for(username)
    form_one, form_two = one.get(edit).context["form"], two.get(edit).context["form"]
    data = {name: form_one[name].value() for name in form_one.fields if name != SEEN_VERSION}
    data = {name: ("" if v is None else v) for name, v in data.items()}
    assert one.post(edit, {**data, field: value, SEEN_VERSION: seen(form_one)}).status_code == 302
    refused = two.post(edit, {**data, field: value + 1, SEEN_VERSION: seen(form_two)})
    assert refused.status_code == 200 and CHANGED_MEANWHILE in refused.content.decode()
    assert refused.context["form"][field].value() == str(value + 1)
    row.refresh_from_db()
    assert getattr(row, field) == value


def test_a_row_removed_meanwhile_is_not_brought_back_by_a_stale_form(demo):
    training = demo.training_of("resident-g2")
    leave = training.absences.get(kind=AbsenceKind.PARENTAL_LEAVE)
    row = Absence.objects.get(pk=leave.pk)
    Absence.objects.filter(pk=leave.pk).delete()
    row.note = "Ändrad"
    with pytest.raises(ValidationError, match="tog bort raden"):
        training_services.row_save(
            row=row, changed_fields=["note"], seen_version=fingerprint(leave)
        )
    assert not Absence.objects.filter(pk=leave.pk).exists()


def test_delmal_judgements_the_second_of_two_is_refused_and_kept_as_typed(demo):
    """The main supervisor in two browsers (a co-supervisor's judgement meets the same)."""
    training = demo.training_of("resident-g2")
    page, judge = url("portfolio:goals", training), url("portfolio:goal_judge", training, "c1")
    main, other_tab = demo.client_for("supervisor-g1"), demo.client_for("supervisor-g1")

    def form_on(client):
        return next(r["form"] for r in client.get(page).context["rows"] if r["goal"].code == "c1")

    first = {"c1-status": "in_progress", "c1-note": "Halvvägs"}
    first["c1-" + SEEN_VERSION] = seen(form_on(main))
    second = {"c1-status": "met", "c1-note": "Uppnått enligt mig"}
    second["c1-" + SEEN_VERSION] = seen(form_on(other_tab))
    assert main.post(judge, first).status_code == 302
    refused = other_tab.post(judge, second)
    content = refused.content.decode()
    assert refused.status_code == 200 and CHANGED_MEANWHILE in content
    assert "Uppnått enligt mig" in content
    progress = GoalProgress.objects.get(training=training, goal="c1")
    assert (progress.status, progress.note) == ("in_progress", "Halvvägs")


def test_delmal_judgement_by_the_service(demo):
    training, supervisor = demo.training_of("resident-g2"), demo.person("supervisor-g1")
    judge = {"training": training, "goal": "c2", "person": supervisor}
    first = services.goal_progress_judge(**judge, status="in_progress")
    version = fingerprint(first)
    services.goal_progress_judge(**judge, status="met", seen_version=version)
    with pytest.raises(ChangedMeanwhile):
        services.goal_progress_judge(**judge, status="not_started", seen_version=version)
    assert GoalProgress.objects.get(training=training, goal="c2").status == "met"


def test_an_annual_review_part_open_in_two_tabs(demo):
    """The other parts are their authors' own: the supervisor's statement saved meanwhile does
    not refuse the resident's report; the resident's own other tab does."""
    training = demo.training_of("resident-g2")
    page = url("portfolio:annual_review", training, 1)
    report = url("portfolio:annual_review_part", training, 1, "resident_report")
    statement = url("portfolio:annual_review_part", training, 1, "supervisor_statement")
    tab_one, tab_two = demo.client_for("resident-g2"), demo.client_for("resident-g2")
    supervisor = demo.client_for("supervisor-g1")

    def version(client, part):
        parts = client.get(page).context["parts"]
        return seen(next(p["form"] for p in parts if p["part"] == part))

    one, two = version(tab_one, "resident_report"), version(tab_two, "resident_report")
    data = {"supervisor_statement-text": "Bra år"}
    data["supervisor_statement-" + SEEN_VERSION] = version(supervisor, "supervisor_statement")
    assert supervisor.post(statement, data).status_code == 302
    first = {"resident_report-text": "Första fliken", "resident_report-" + SEEN_VERSION: one}
    assert tab_one.post(report, first).status_code == 302
    second = {"resident_report-text": "Andra fliken", "resident_report-" + SEEN_VERSION: two}
    refused = tab_two.post(report, second)
    content = refused.content.decode()
    assert refused.status_code == 200 and CHANGED_MEANWHILE in content and "Andra fliken" in content
    review = AnnualReview.objects.get(training=training, year=1)
    assert (review.resident_report, review.supervisor_statement) == ("Första fliken", "Bra år")


# --- Item 12: the same form posted twice makes one row ---------------------------------------


def test_a_supervision_entry_posted_twice_is_one_entry_but_two_forms_are_two(demo):
    training = demo.training_of("resident-g2")
    page = url("portfolio:supervision", training)
    client = demo.client_for("supervisor-g1")
    session = {"held_on": LAST_MONDAY, "minutes": 60, "form": "individual", "topics": "Astma"}
    posted = {**session, "submission_key": key_of(client.get(page).context["form"])}
    assert client.post(page, posted).status_code == 302
    assert client.post(page, posted).status_code == 302
    assert SupervisionSession.objects.filter(training=training).count() == 1
    # A second session the same day, from a form shown anew, is a session of its own.
    other = {**session, "submission_key": key_of(client.get(page).context["form"])}
    assert client.post(page, other).status_code == 302
    assert SupervisionSession.objects.filter(training=training).count() == 2


def test_an_assessment_request_posted_twice_is_one_request_and_one_e_mail(demo):
    training = demo.training_of("resident-g2")
    page = url("portfolio:assessments", training)
    client = demo.client_for("supervisor-g1")  # sent at once, not waiting for approval
    data = {
        "method": "sit_in",
        "assessor_name": "Dr Ås",
        "assessor_email": "as@example.invalid",
        "submission_key": key_of(client.get(page).context["form"]),
    }
    mail.outbox.clear()
    assert client.post(page, data).status_code == 302
    assert client.post(page, data).status_code == 302
    assert Assessment.objects.filter(training=training).count() == 1
    assert len(mail.outbox) == 1


def test_a_course_posted_twice_is_one_record_with_one_stored_file(demo):
    training = demo.training_of("resident-g2")
    page = url("portfolio:courses", training)
    client = demo.client_for("resident-g2")
    key = key_of(client.get(page).context["form"])
    folder = settings.STPORTAL_PRIVATE_FILES / "certificates" / str(training.pk)
    before = set(folder.glob("*")) if folder.exists() else set()
    for _ in range(2):
        data = {
            "name": "Akutkurs",
            "from_date": DEMO_TODAY - timedelta(days=52),
            "to_date": DEMO_TODAY - timedelta(days=51),
            "certificate": SimpleUploadedFile("intyg.pdf", PDF, "application/pdf"),
            "submission_key": key,
        }
        assert client.post(page, data).status_code == 302
    assert CourseRecord.objects.filter(training=training).count() == 1
    assert len(set(folder.glob("*")) - before) == 1


def test_absences_that_would_add_up_to_more_than_a_whole_day_are_refused(demo):
    training = demo.training_of("resident-g1")
    new = reverse("training:row_new", args=[training.pk, "absences"])
    client = demo.client_for("resident-g1")
    day = DEMO_TODAY + timedelta(days=20)
    first = {"kind": "vacation", "from_date": day, "to_date": day + timedelta(days=4)}
    assert client.post(new, {**first, "percent": 100}).status_code == 302
    later = {"kind": "vacation", "from_date": day + timedelta(days=2), "to_date": day}
    later["to_date"] = day + timedelta(days=9)
    refused = client.post(new, {**later, "percent": 100})
    assert "skulle frånvaron bli 200 % av dagen" in refused.content.decode()
    # Part-time leave of another kind on the same days still fits in the day.
    part = {"kind": "parental_leave", "from_date": day, "to_date": day, "percent": 0}
    Absence.objects.filter(training=training, kind="vacation").update(percent=50)
    assert client.post(new, {**part, "percent": 50}).status_code == 302
    assert training.absences.filter(from_date__gte=day).count() == 2


def test_an_absence_of_the_same_kind_from_the_same_day_is_refused_by_the_database_too(demo):
    training = demo.training_of("resident-g1")
    day = DEMO_TODAY + timedelta(days=30)
    Absence.objects.create(training=training, kind="flex", from_date=day, to_date=day, percent=20)
    twin = Absence(training=training, kind="flex", from_date=day, to_date=day, percent=20)
    with pytest.raises(ValidationError, match="börjar samma dag finns redan"):
        twin.validate_constraints()
    other = Absence(training=training, kind="flex", from_date=day, to_date=day, percent=30)
    with pytest.raises(ValidationError, match="börjar samma dag finns redan"):
        training_services.absence_save(absence=other, changed_fields=[], may_decide=False)
    posted_again = training_services.absence_save(absence=twin, changed_fields=[], may_decide=False)
    assert posted_again is False and twin.pk is None
    assert training.absences.filter(from_date=day).count() == 1


# --- Item 12: posts at the same moment (threads on a real database) ----------------------------


def _post_at_once(username: str, path: str, data_for, times: int = 8) -> list[int]:
    """`times` logged-in clients post to `path` at the same moment; their status codes."""
    clients = []
    for _ in range(times):
        client = Client()
        client.force_login(Demo().person(username))
        clients.append(client)
    start = threading.Barrier(times)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post(index: int) -> None:
        try:
            data = data_for(index)
            start.wait()
            statuses.append(clients[index].post(path, data).status_code)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


def test_eight_identical_absences_at_the_same_moment_are_one_row(transactional_db):
    demo_world_seed()
    training = Training.objects.get(resident__username="resident-g1")
    day = DEMO_TODAY + timedelta(days=40)
    data = {"kind": "flex", "from_date": day, "to_date": day, "percent": 100, "note": ""}
    path = reverse("training:row_new", args=[training.pk, "absences"])
    statuses = _post_at_once("resident-g1", path, lambda _i: data)
    assert set(statuses) <= {200, 302} and 302 in statuses
    assert Absence.objects.filter(training=training, from_date=day).count() == 1


def test_overlapping_absences_at_the_same_moment_one_is_kept(transactional_db):
    """Eight whole-day absences of other kinds and first days, all sharing one day."""
    demo_world_seed()
    training = Training.objects.get(resident__username="resident-g1")
    day = DEMO_TODAY + timedelta(days=60)
    kinds = ["vacation", "flex", "on_call_comp", "leave_of_absence"]

    def data_for(index: int) -> dict:
        first = day - timedelta(days=index // len(kinds))
        return {"kind": kinds[index % len(kinds)], "from_date": first, "to_date": day}

    path = reverse("training:row_new", args=[training.pk, "absences"])
    statuses = _post_at_once("resident-g1", path, lambda i: {**data_for(i), "percent": 100})
    assert statuses.count(302) == 1 and statuses.count(200) == 7
    assert Absence.objects.filter(training=training, to_date=day).count() == 1


def test_the_same_supervision_course_and_assessment_forms_at_the_same_moment(transactional_db):
    demo_world_seed()
    training = Training.objects.get(resident__username="resident-g2")
    demo = Demo()
    client = demo.client_for("resident-g2")
    session_page = url("portfolio:supervision", training)
    session = {"held_on": LAST_MONDAY, "minutes": 60, "form": "individual", "topics": "Astma"}
    session["submission_key"] = key_of(client.get(session_page).context["form"])
    assert set(_post_at_once("resident-g2", session_page, lambda _i: session)) == {302}
    assert SupervisionSession.objects.filter(training=training).count() == 1
    assessment_page = url("portfolio:assessments", training)
    request = {"method": "sit_in", "assessor_name": "Dr Ås", "assessor_email": "as@example.invalid"}
    request["submission_key"] = key_of(client.get(assessment_page).context["form"])
    mail.outbox.clear()
    assert set(_post_at_once("supervisor-g1", assessment_page, lambda _i: request)) == {302}
    assert Assessment.objects.filter(training=training).count() == 1
    assert len(mail.outbox) == 1
    course_page = url("portfolio:courses", training)
    key = key_of(client.get(course_page).context["form"])
    folder = settings.STPORTAL_PRIVATE_FILES / "certificates" / str(training.pk)
    before = set(folder.glob("*")) if folder.exists() else set()

    def course(_index: int) -> dict:
        certificate = SimpleUploadedFile("intyg.pdf", PDF, "application/pdf")
        first = DEMO_TODAY - timedelta(days=52)
        dates = {"from_date": first, "to_date": first + timedelta(days=1)}
        return {"name": "Akutkurs", **dates, "certificate": certificate, "submission_key": key}

    assert set(_post_at_once("resident-g2", course_page, course)) == {302}
    assert CourseRecord.objects.filter(training=training).count() == 1
    assert len(set(folder.glob("*")) - before) == 1


# --- Item 13: every free text is bounded by its field ------------------------------------------


def _million_posts(training):
    absence = training.absences.get(kind=AbsenceKind.SICK_LEAVE)
    return [
        (
            "resident-g2",
            url("portfolio:supervision", training),
            {"held_on": LAST_MONDAY, "minutes": 60, "form": "individual", "topics": MILLION},
            "Ämnen får innehålla högst 4000 tecken (texten har nu 1000000)",
            lambda: SupervisionSession.objects.filter(training=training).exists(),
        ),
        (
            "resident-g2",
            url("portfolio:supervision", training),
            {"held_on": LAST_MONDAY, "minutes": 60, "form": "group", "agreed_actions": MILLION},
            "Överenskomna åtgärder får innehålla högst 4000 tecken",
            lambda: SupervisionSession.objects.filter(training=training).exists(),
        ),
        (
            "resident-g2",
            url("portfolio:scholarly", training, "written_work"),
            {"topic": "Astma", "plan": MILLION},
            "Plan får innehålla högst 20000 tecken",
            lambda: ScholarlyWork.objects.filter(training=training).exists(),
        ),
        (
            "resident-g2",
            url("portfolio:annual_review_part", training, 1, "resident_report"),
            {"resident_report-text": MILLION},
            "Årsrapport (ST-läkaren) får innehålla högst 20000 tecken",
            lambda: AnnualReview.objects.filter(training=training).exists(),
        ),
        (
            "supervisor-g1",
            url("portfolio:goal_judge", training, "c1"),
            {"c1-status": "met", "c1-note": MILLION},
            "Anteckning får innehålla högst 500 tecken",
            lambda: GoalProgress.objects.filter(training=training).exists(),
        ),
        (
            "resident-g2",
            url("portfolio:study_time", training),
            {"week": LAST_MONDAY, "hours": "1", "note": MILLION},
            "Varför den avvek får innehålla högst 300 tecken",
            lambda: StudyTimeEntry.objects.filter(training=training).exists(),
        ),
        (
            "resident-g2",
            url("portfolio:courses", training),
            {"name": MILLION, "from_date": LAST_MONDAY, "to_date": LAST_MONDAY},
            "Kurs får innehålla högst 200 tecken",
            lambda: CourseRecord.objects.filter(training=training).exists(),
        ),
        (
            "director-g",
            reverse("training:absence_decision", args=[training.pk, absence.pk]),
            {"decision": "counts", "note": MILLION},
            "Anteckning får innehålla högst 300 tecken",
            lambda: Absence.objects.filter(pk=absence.pk, counts__isnull=False).exists(),
        ),
        (
            "resident-g2",
            reverse("training:row_new", args=[training.pk, "absences"]),
            {
                "kind": "flex",
                "from_date": DEMO_TODAY + timedelta(days=3),
                "to_date": DEMO_TODAY + timedelta(days=3),
                "percent": 100,
                "note": MILLION,
            },
            "Anteckning får innehålla högst 300 tecken",
            lambda: training.absences.filter(kind="flex").exists(),
        ),
    ]


@pytest.mark.parametrize("case", range(9))
def test_a_million_characters_get_the_fields_message_and_nothing_is_saved(demo, case):
    training = demo.training_of("resident-g2")
    username, path, data, message, saved = _million_posts(training)[case]
    page = demo.client_for(username).post(path, data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not saved()


def test_an_assessors_feedback_of_a_million_characters_is_refused(demo):
    training = demo.training_of("resident-g2")
    resident = demo.person("resident-g2")
    item = Assessment.objects.create(
        training=training,
        method="mini_cex",
        assessor=demo.person("supervisor-g1"),
        requested_by=resident,
    )
    form = reverse("portfolio:assessment_complete", args=[item.pk])
    data = {"held_on": DEMO_TODAY, "feedback": MILLION, "judgement": "at"}
    page = demo.client_for("supervisor-g1").post(form, data)
    assert "Återkoppling får innehålla högst 4000 tecken" in page.content.decode()
    item.refresh_from_db()
    assert item.completed_at is None and item.feedback == ""


def test_the_services_and_the_model_refuse_too_without_a_form(demo):
    """What the admin (full_clean) and a write without a form meet."""
    training = demo.training_of("resident-g2")
    with pytest.raises(ValidationError) as refused:
        services.supervision_session_log(
            training=training,
            person=demo.person("supervisor-g1"),
            held_on=LAST_MONDAY,
            minutes=60,
            form="individual",
            topics=MILLION,
            today=DEMO_TODAY,
        )
    assert "topics" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Plan får innehålla högst 20000 tecken"):
        services.scholarly_work_save(
            training=training, kind="quality_work", topic="x", plan="y" * 20_001
        )
    assert not SupervisionSession.objects.filter(training=training).exists()
    training.credit_reason = MILLION
    with pytest.raises(ValidationError) as admin:
        training.full_clean()
    assert admin.value.message_dict["credit_reason"] == [
        "Grund för tillgodoräknande får innehålla högst 4000 tecken (texten har nu 1000000)."
    ]
