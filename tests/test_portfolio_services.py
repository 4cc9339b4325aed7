"""The portfolio's writes, called directly (issue 9): each is atomic, validated, and refuses what
the domain forbids with a message for the person. Dates are relative to DEMO_TODAY, so the file
also passes at STPORTAL_TEST_TODAY=2028-02-29 and 2027-12-31."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stportal.portfolio import services
from stportal.portfolio.models import (
    AnnualReview,
    Assessment,
    CourseRecord,
    DistanceApproval,
    GoalProgress,
    MilestoneRecord,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionSession,
)
from stportal.routines.registry import get_profile
from stportal.rules.study_time import monday
from stportal.rules.supervision import distance_supervision_allowed
from stportal.timeline.dates import add_months
from tests.conftest import DEMO_TODAY

GAVLEBORG_APPROVERS = [
    ("director-g", "director"),
    ("unithead-g", "unit_head"),
    ("supervisor-g1", "main_supervisor"),
]


def _approve_distance(demo, training):
    for username, role in GAVLEBORG_APPROVERS:
        services.distance_approval_grant(training=training, role=role, person=demo.person(username))


def _log(demo, training, username, held_on, form="individual"):
    return services.supervision_session_log(
        training=training,
        person=demo.person(username),
        held_on=held_on,
        minutes=60,
        form=form,
        today=DEMO_TODAY,
    )


# --- Annual reviews --------------------------------------------------------------------------

YEARS = range(1, 6)  # the ST years with a review, as the timeline gives them


def test_a_signed_annual_review_part_is_refused(demo):
    training = demo.training_of("resident-g2")
    resident = demo.person("resident-g2")
    now = timezone.now()
    part = {
        "training": training,
        "year": 1,
        "part": "resident_report",
        "person": resident,
        "due_years": YEARS,
    }
    services.annual_review_part_save(**part, text="Utkast", sign=False, now=now)
    services.annual_review_part_save(**part, text="Året har gått bra.", sign=True, now=now)
    with pytest.raises(ValidationError, match="signerad och kan inte ändras"):
        services.annual_review_part_save(**part, text="Ändrat", sign=False, now=now)
    review = AnnualReview.objects.get(training=training, year=1)
    assert review.resident_report == "Året har gått bra."
    assert review.report_signed_by == resident and review.report_signed_at == now
    # The other parts are their authors' own, still open.
    services.annual_review_part_save(
        training=training,
        year=1,
        part="supervisor_statement",
        text="Ok",
        sign=False,
        person=demo.person("supervisor-g1"),
        now=now,
        due_years=YEARS,
    )
    assert AnnualReview.objects.filter(training=training).count() == 1


def test_an_annual_review_part_needs_text_and_a_part_the_routine_names(demo):
    training = demo.training_of("resident-g2")
    common = {
        "training": training,
        "year": 1,
        "sign": True,
        "now": timezone.now(),
        "due_years": YEARS,
    }
    resident = demo.person("resident-g2")
    with pytest.raises(ValidationError):
        services.annual_review_part_save(
            **common, part="resident_report", text="  ", person=resident
        )
    with pytest.raises(ValidationError):
        services.annual_review_part_save(**common, part="summary", text="x", person=resident)
    for year in (0, 77, 99999):  # issue 10: no review of a year the ST does not have
        with pytest.raises(ValidationError):
            services.annual_review_part_save(
                **{**common, "year": year}, part="resident_report", text="x", person=resident
            )
    assert not AnnualReview.objects.filter(training=training).exists()


# --- Supervision --------------------------------------------------------------------------------


def test_the_writer_cannot_confirm_their_own_session(demo):
    training = demo.training_of("resident-g2")
    session = _log(demo, training, "supervisor-g1", DEMO_TODAY - timedelta(days=3))
    with pytest.raises(ValidationError, match="Den andra parten bekräftar"):
        services.supervision_session_confirm(
            session=session, person=demo.person("supervisor-g1"), now=timezone.now()
        )
    session.refresh_from_db()
    assert session.confirmed_at is None
    now = timezone.now()
    resident = demo.person("resident-g2")
    assert services.supervision_session_confirm(session=session, person=resident, now=now)
    again = services.supervision_session_confirm(
        session=session, person=resident, now=now + timedelta(hours=1)
    )
    session.refresh_from_db()
    assert not again and (session.confirmed_by, session.confirmed_at) == (resident, now)


def test_a_session_needs_minutes_in_range(demo):
    training = demo.training_of("resident-g2")
    with pytest.raises(ValidationError) as refused:
        services.supervision_session_log(
            training=training,
            person=demo.person("resident-g2"),
            held_on=DEMO_TODAY,
            minutes=0,
            form="individual",
            today=DEMO_TODAY,
        )
    assert "minutes" in refused.value.message_dict
    assert not SupervisionSession.objects.filter(training=training).exists()


def test_an_approval_given_twice_is_one_row(demo):
    training = demo.training_of("resident-g2")
    first = services.distance_approval_grant(
        training=training, role="director", person=demo.person("director-g")
    )
    second = services.distance_approval_grant(
        training=training, role="director", person=demo.person("director-g")
    )
    assert first.pk == second.pk
    assert DistanceApproval.objects.filter(training=training, role="director").count() == 1


def test_an_approval_needs_a_role_the_routine_names(demo):
    training = demo.training_of("resident-g2")
    with pytest.raises(ValidationError, match="Regionens rutin anger ingen sådan godkännare"):
        services.distance_approval_grant(
            training=training, role="medical_adviser", person=demo.person("director-g")
        )
    assert not DistanceApproval.objects.filter(training=training).exists()


def test_distance_supervision_is_judged_by_the_sessions_date_not_the_day_it_is_logged(demo):
    """Gävleborg allows it from ST year 2 (R8.5). resident-g2 is in year 3 today: a session
    held in year 2 is allowed though logged later; one held in year 1 is refused though it is
    logged in a later year."""
    training = demo.training_of("resident-g2")
    _approve_distance(demo, training)
    year_2 = add_months(training.start_date, 12)
    assert year_2 <= DEMO_TODAY  # logged later than the session was held, in any case
    logged = _log(demo, training, "supervisor-g1", year_2, form="distance")
    assert logged.held_on == year_2 and logged.form == "distance"
    with pytest.raises(ValidationError) as refused:
        _log(demo, training, "supervisor-g1", year_2 - timedelta(days=1), form="distance")
    assert "på distans" in refused.value.message_dict["form"][0]
    assert SupervisionSession.objects.filter(training=training).count() == 1


def test_distance_supervision_needs_every_approval_the_region_names(demo):
    training = demo.training_of("resident-g2")
    year_2 = add_months(training.start_date, 12)
    for username, role in GAVLEBORG_APPROVERS[:-1]:
        services.distance_approval_grant(training=training, role=role, person=demo.person(username))
    with pytest.raises(ValidationError):
        _log(demo, training, "supervisor-g1", year_2 + timedelta(days=30), form="distance")


def test_distance_supervision_in_year_one_is_refused_today_and_allowed_once_in_year_two(demo):
    training = demo.training_of("resident-g1")  # in ST year 1
    _approve_distance(demo, training)
    assert not services.distance_supervision_allowed_for(training, DEMO_TODAY)
    assert services.distance_supervision_allowed_for(training, add_months(training.start_date, 12))
    with pytest.raises(ValidationError):
        _log(demo, training, "supervisor-g1", DEMO_TODAY, form="distance")


def test_a_session_dated_in_the_future_is_refused_so_year_two_cannot_be_borrowed(demo):
    """An attack on R8.5: a resident in year 1 with every approval dates a distance session on
    the first day of year 2, which has not come yet."""
    training = demo.training_of("resident-g1")
    _approve_distance(demo, training)
    year_2 = add_months(training.start_date, 12)
    assert year_2 > DEMO_TODAY
    for form in ("distance", "individual"):
        with pytest.raises(ValidationError) as refused:
            _log(demo, training, "supervisor-g1", year_2, form=form)
        assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _log(demo, training, "supervisor-g1", training.start_date - timedelta(days=1))
    assert not SupervisionSession.objects.filter(training=training).exists()


def test_the_distance_rule_itself_is_pure():
    entry = get_profile("gavleborg").distance_supervision
    start = DEMO_TODAY - timedelta(days=500)
    year_2 = add_months(start, 12)
    everyone = set(entry.approvers)
    allowed = distance_supervision_allowed
    assert allowed(entry, start_date=start, approved=everyone, held_on=year_2)
    assert not allowed(entry, start_date=start, approved=everyone, held_on=year_2 - timedelta(1))
    assert not allowed(entry, start_date=start, approved=everyone - {"director"}, held_on=year_2)
    free = get_profile("vastmanland").distance_supervision
    assert allowed(free, start_date=start, approved=(), held_on=start)


# --- Study time ----------------------------------------------------------------------------------


def test_a_study_time_week_posted_twice_is_corrected_not_duplicated(demo):
    training = demo.training_of("resident-g2")
    week = monday(DEMO_TODAY) - timedelta(days=7)
    services.study_time_record(training=training, week=week + timedelta(days=2), minutes=120)
    entry = services.study_time_record(
        training=training, week=week + timedelta(days=4), minutes=240, note="Läst"
    )
    [stored] = StudyTimeEntry.objects.filter(training=training, week=week)
    assert stored.pk == entry.pk and (stored.minutes, stored.note) == (240, "Läst")
    assert stored.history.count() == 2
    with pytest.raises(ValidationError):
        services.study_time_record(training=training, week=week, minutes=3001)


# --- Milestones, delmål, courses, written work ---------------------------------------------------


def test_a_milestone_recorded_twice_is_one_row(demo):
    training = demo.training_of("resident-g3")
    person = demo.person("resident-g3")
    first = services.milestone_record(
        training=training, code="mitt_i_st_registration", person=person, today=DEMO_TODAY
    )
    second = services.milestone_record(
        training=training,
        code="mitt_i_st_registration",
        person=demo.person("supervisor-g2"),
        today=DEMO_TODAY + timedelta(days=1),
    )
    assert first.pk == second.pk and second.done_on == DEMO_TODAY
    assert (
        MilestoneRecord.objects.filter(training=training, code="mitt_i_st_registration").count()
        == 1
    )
    with pytest.raises(ValidationError):
        services.milestone_record(
            training=training, code="training_plan", person=person, today=DEMO_TODAY
        )


def test_a_delmål_judgement_is_one_row_with_its_history(demo):
    training = demo.training_of("resident-g2")
    supervisor = demo.person("supervisor-g1")
    services.goal_progress_judge(
        training=training, goal="c1", status="in_progress", person=supervisor
    )
    services.goal_progress_judge(
        training=training, goal="c1", status="met", note="Klart", person=supervisor
    )
    [progress] = GoalProgress.objects.filter(training=training, goal="c1")
    assert (progress.status, progress.note) == ("met", "Klart")
    assert progress.history.count() == 2
    with pytest.raises(ValidationError):
        services.goal_progress_judge(training=training, goal="x99", status="met", person=supervisor)
    with pytest.raises(ValidationError):
        services.goal_progress_judge(training=training, goal="c2", status="done", person=supervisor)


def test_a_course_takes_its_catalogue_name_and_keeps_its_days_in_order(demo):
    training = demo.training_of("resident-g2")
    course = get_profile("gavleborg").courses.catalogue[0]
    first = DEMO_TODAY - timedelta(days=40)
    record = services.course_record(
        training=training,
        person=demo.person("resident-g2"),
        course_code=course.code,
        name="",
        from_date=first,
        to_date=first + timedelta(days=1),
    )
    assert record.name == course.name and not record.certificate
    with pytest.raises(ValidationError):
        services.course_record(
            training=training,
            person=demo.person("resident-g2"),
            name="Akutkurs",
            from_date=first,
            to_date=first - timedelta(days=1),
        )
    assert CourseRecord.objects.filter(training=training).count() == 1


def test_the_written_work_is_one_row_saved_again(demo):
    training = demo.training_of("resident-g2")
    services.scholarly_work_save(training=training, kind="written_work", topic="Astma")
    services.scholarly_work_save(
        training=training, kind="written_work", topic="Astma i VC", planned_on=DEMO_TODAY
    )
    [work] = ScholarlyWork.objects.filter(training=training, kind="written_work")
    assert (work.topic, work.planned_on) == ("Astma i VC", DEMO_TODAY)
    with pytest.raises(ValidationError):
        services.scholarly_work_save(training=training, kind="thesis", topic="x")


# --- Assessments ---------------------------------------------------------------------------------


def test_an_external_assessor_is_asked_by_link_and_the_assessment_is_completed_once(demo):
    training = demo.training_of("resident-g2")
    now = timezone.now()
    request = {
        "training": training,
        "person": demo.person("supervisor-g1"),  # the resident's request waits (issue 10)
        "method": "cbd",
        "goals": ["c1"],
        "base_url": "http://testserver",
        "now": now,
    }
    with pytest.raises(ValidationError):
        services.assessment_request(**request, assessor=None, assessor_name="Dr Ola Ås")
    item = services.assessment_request(
        **request, assessor=None, assessor_name="Dr Ola Ås", assessor_email="ola@example.invalid"
    )
    [message] = mail.outbox
    assert "/links/assessment/" in message.body and item.link_sent_at == now and item.link_nonce
    data = {"held_on": DEMO_TODAY, "goals": ["c1", "c2"], "feedback": "Bra", "judgement": "above"}
    with pytest.raises(ValidationError):
        services.assessment_complete(item=item, person=None, data={**data, "feedback": ""}, now=now)
    services.assessment_complete(item=item, person=None, data=data, now=now)
    item.refresh_from_db()
    assert item.completed_at == now and item.link_nonce == "" and item.assessor is None
    assert item.goals == ["c1", "c2"]
    with pytest.raises(ValidationError, match="redan ifylld"):
        services.assessment_complete(item=item, person=None, data=data, now=now)


def test_a_supervisor_completing_an_unnamed_assessment_becomes_its_assessor(demo):
    training = demo.training_of("resident-g2")
    item = Assessment.objects.create(
        training=training,
        method="mini_cex",
        requested_by=demo.person("resident-g2"),
        assessor_name="Dr Ola Ås",
        assessor_email="ola@example.invalid",
    )
    data = {"held_on": DEMO_TODAY, "goals": [], "feedback": "Ok", "judgement": "at"}
    supervisor = demo.person("supervisor-g1")
    services.assessment_complete(item=item, person=supervisor, data=data, now=timezone.now())
    item.refresh_from_db()
    assert item.assessor == supervisor and item.completed_at


def test_an_assessment_needs_a_method_of_the_routine(demo):
    training = demo.training_of("resident-g2")
    with pytest.raises(ValidationError) as refused:
        services.assessment_request(
            training=training,
            person=demo.person("resident-g2"),
            method="oral_exam",
            goals=[],
            assessor=demo.person("supervisor-g2"),
            base_url="http://testserver",
            now=timezone.now(),
        )
    assert "method" in refused.value.message_dict
    assert not Assessment.objects.filter(training=training).exists()


def test_the_course_service_itself_refuses_a_certificate_that_is_not_a_pdf_png_or_jpeg(demo):
    """Called without the form (an API, a script), the content check still holds."""
    training = demo.training_of("resident-g2")
    first = DEMO_TODAY - timedelta(days=40)
    script = SimpleUploadedFile("intyg.pdf", b"<script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.course_record(
            training=training,
            person=demo.person("resident-g2"),
            name="Akutkurs",
            from_date=first,
            to_date=first,
            certificate=script,
        )
    assert "certificate" in refused.value.message_dict
    assert not CourseRecord.objects.filter(training=training, name="Akutkurs").exists()
