"""Issue 12 item 15: a date only the past can hold is refused when it lies after today, with a
Swedish message on its field (stportal.fields.after_today, called by the services with the day
the person writes on); and the study-time ledger never shows a month before the ST began.

Worked examples for both regions, on the suite's frozen DEMO_TODAY."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from stportal.fields import after_today, refuse_after_today
from stportal.portfolio import services
from stportal.portfolio.models import Assessment, MilestoneRecord, StudyTimeEntry
from stportal.routines.loader import load_profiles
from stportal.rules.study_time import WeekFacts, ledger, monday
from tests.conftest import DEMO_TODAY

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
TOMORROW = DEMO_TODAY + timedelta(days=1)
RESIDENTS = ["resident-g2", "resident-v2"]  # one of each region, both well into their ST
FUTURE = "efter i dag"


def _field_errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# --- The helper ------------------------------------------------------------------------------


@given(st.dates(), st.dates())
def test_after_today_names_exactly_the_later_dates(today, day):
    assert bool(after_today(today, {"on": day})) == (day > today)
    assert after_today(today, {"on": None}) == {}


def test_refuse_after_today_puts_the_message_on_each_field():
    with pytest.raises(ValidationError) as raised:
        refuse_after_today(date(2026, 1, 1), {"a": date(2026, 1, 2), "b": date(2025, 1, 1)})
    assert list(_field_errors(raised)) == ["a"]


# --- Study time (R3.2–R3.5) ------------------------------------------------------------------


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_study_time_of_a_week_not_begun_is_refused(demo, username):
    training = demo.training_of(username)
    next_week = monday(DEMO_TODAY) + timedelta(days=7)
    with pytest.raises(ValidationError) as raised:
        services.study_time_record(training=training, week=next_week, minutes=120, today=DEMO_TODAY)
    assert "inte börjat" in _field_errors(raised)["week"][0]
    # The running week may be recorded, whichever of its days is named.
    entry = services.study_time_record(
        training=training, week=DEMO_TODAY, minutes=120, today=DEMO_TODAY
    )
    assert entry.week == monday(DEMO_TODAY)


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_study_time_of_a_week_before_the_st_is_refused(demo, username):
    training = demo.training_of(username)
    before = training.start_date - timedelta(days=10)
    with pytest.raises(ValidationError) as raised:
        services.study_time_record(training=training, week=before, minutes=120, today=DEMO_TODAY)
    assert "före ST-starten" in _field_errors(raised)["week"][0]
    assert not StudyTimeEntry.objects.filter(training=training, week=monday(before)).exists()


# --- Supervision (R8.4) and the unit head's check-in (R9.4, V): refused already, now through
# the one helper, with their own words --------------------------------------------------------


@pytest.mark.parametrize("username", RESIDENTS)
def test_r8_4_a_session_not_yet_held_is_refused(demo, username):
    training = demo.training_of(username)
    with pytest.raises(ValidationError) as raised:
        services.supervision_session_log(
            training=training,
            person=demo.person(username),
            held_on=TOMORROW,
            minutes=60,
            form="in_person",
            today=DEMO_TODAY,
        )
    assert "held_on" in _field_errors(raised)


def test_r9_4_a_check_in_to_come_is_refused(demo):
    training = demo.training_of("resident-v2")
    with pytest.raises(ValidationError) as raised:
        services.unit_head_check_in_record(
            training=training,
            held_on=TOMORROW,
            person=demo.person("unithead-v"),
            today=DEMO_TODAY,
        )
    assert "held_on" in _field_errors(raised)


# --- A completed course (R7.4, R9.5) ---------------------------------------------------------


@pytest.mark.parametrize("username", RESIDENTS)
def test_r9_5_a_course_not_yet_taken_is_refused_on_its_days(demo, username):
    training = demo.training_of(username)
    course = {"training": training, "person": demo.person(username), "name": "Akutkurs"}
    with pytest.raises(ValidationError) as raised:
        services.course_record(
            **course,
            from_date=DEMO_TODAY - timedelta(days=1),
            to_date=TOMORROW,
            today=DEMO_TODAY,
        )
    errors = _field_errors(raised)
    assert list(errors) == ["to_date"] and "genomförd" in errors["to_date"][0]
    record = services.course_record(
        **course, from_date=DEMO_TODAY - timedelta(days=1), to_date=DEMO_TODAY, today=DEMO_TODAY
    )
    assert record.to_date == DEMO_TODAY


@pytest.mark.parametrize("username", RESIDENTS)
def test_r9_5_the_course_page_shows_the_refusal_on_the_field(demo, username):
    client = demo.client_for(username)
    url = reverse("portfolio:courses", args=[demo.training_of(username).pk])
    data = {
        "name": "Akutkurs",
        "from_date": TOMORROW.isoformat(),
        "to_date": (TOMORROW + timedelta(days=1)).isoformat(),
    }
    page = client.post(url, data).content.decode()
    assert "En kurs registreras när den är genomförd" in page
    assert 'id="id_to_date_error"' in page and 'id="id_from_date_error"' in page


# --- A completed assessment (R9.1) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "supervisor"),
    list(zip(RESIDENTS, ["supervisor-g1", "supervisor-v1"], strict=True)),
)
def test_r9_1_an_assessment_to_come_cannot_be_completed(demo, username, supervisor):
    item = Assessment.objects.create(
        training=demo.training_of(username),
        method="mini_cex",
        requested_by=demo.person(username),
        assessor=demo.person(supervisor),
    )
    data = {"held_on": TOMORROW, "goals": [], "feedback": "Bra", "judgement": "at"}
    now = timezone.now()
    with pytest.raises(ValidationError) as raised:
        services.assessment_complete(item=item, person=demo.person(supervisor), data=data, now=now)
    assert "genomförts" in _field_errors(raised)["held_on"][0]
    item.refresh_from_db()
    assert item.completed_at is None
    done = services.assessment_complete(
        item=item, person=demo.person(supervisor), data={**data, "held_on": DEMO_TODAY}, now=now
    )
    assert done.completed_at == now


# --- The written work and the quality work (R4) ----------------------------------------------


@pytest.mark.parametrize("username", RESIDENTS)
def test_r4_a_work_is_presented_and_finished_in_the_past_planned_for_any_day(demo, username):
    training = demo.training_of(username)
    work = {"training": training, "kind": "written_work", "topic": "Astma", "today": DEMO_TODAY}
    for field in ("presented_on", "completed_on"):
        with pytest.raises(ValidationError) as raised:
            services.scholarly_work_save(**work, **{field: TOMORROW})
        assert FUTURE in _field_errors(raised)[field][0]
    saved = services.scholarly_work_save(**work, planned_on=TOMORROW, presented_on=DEMO_TODAY)
    assert (saved.planned_on, saved.presented_on) == (TOMORROW, DEMO_TODAY)


# --- A milestone record (R5.2, R5.3, R5.6): dated by the service, never by the person -----------


@pytest.mark.parametrize("username", RESIDENTS)
def test_r5_a_milestone_is_recorded_on_the_day_it_is_written(demo, username):
    code = next(c for c in MilestoneRecord.RECORDABLE if c != "mitt_i_st")
    training = demo.training_of(username)
    MilestoneRecord.objects.filter(training=training, code=code).delete()
    record = services.milestone_record(
        training=training,
        code=code,
        person=demo.person(username),
        today=DEMO_TODAY,
    )
    assert record.done_on == DEMO_TODAY


# --- The study-time ledger (R3.2–R3.5) ---------------------------------------------------------

NO_FACTS = WeekFacts(employment=[], home_unit=[], education=[], days_off=[])


@pytest.mark.parametrize("region", ["gavleborg", "vastmanland"])
def test_r3_the_ledger_starts_in_the_month_the_st_began(region):
    """The reproduced case: an ST begun on Wednesday 1 October 2025 has its first week from
    Monday 29 September, which the ledger showed as a September row."""
    start = date(2025, 10, 1)
    rows = ledger(PROFILES[region], NO_FACTS, start, date(2025, 11, 30), {})
    assert rows[0][0] == date(2025, 10, 1)
    assert [month for month, _due, _got in rows] == [date(2025, 10, 1), date(2025, 11, 1)]


@given(
    st.sampled_from(["gavleborg", "vastmanland"]),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=200),
)
def test_r3_no_ledger_month_lies_before_the_st(region, start, days):
    rows = ledger(PROFILES[region], NO_FACTS, start, start + timedelta(days=days), {})
    assert all(month >= start.replace(day=1) for month, _due, _got in rows)


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_the_demo_ledger_has_no_month_before_the_st(demo, username):
    """The demo's case: an ST begun on Wednesday 1 May 2024 (G and V, at the suite's usual date)
    showed a row for April 2024, from the week of Monday 29 April. The demo's dates follow the
    suite's clock, so the months are the training's own (no test depends on today's date)."""
    training = demo.training_of(username)
    start = training.start_date
    before = start.replace(day=1) - timedelta(days=1)
    page = demo.client_for(username).get(reverse("portfolio:study_time", args=[training.pk]))
    text = page.content.decode()
    assert f'<th scope="row" class="date">{start:%Y-%m}</th>' in text
    assert f">{before:%Y-%m}</th>" not in text
