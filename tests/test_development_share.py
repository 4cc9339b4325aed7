"""R3.1 (G 4.1.2): the share of working time recorded as professional development, shown against
"cirka 20 %" as information (never a finding), with frozen dates (issue 11)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.rules.development_share import DAY_MINUTES, development_share
from stportal.rules.study_time import Period, WeekFacts

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
START = date(2026, 1, 5)  # a Monday
AS_OF = date(2026, 1, 30)  # the Friday four weeks later: 20 working days


def facts(employment=100, education=(), days_off=()):
    return WeekFacts(
        employment=[(START, employment)],
        home_unit=[],
        education=list(education),
        days_off=list(days_off),
    )


def share(week_facts, study=None, supervision=(), profile=G, as_of=AS_OF):
    return development_share(
        profile,
        week_facts,
        start=START,
        as_of=as_of,
        study=study or {},
        supervision=list(supervision),
    )


def test_r3_1_g_four_hours_a_week_and_an_hour_of_supervision_is_12_5_percent():
    """R3.1 (G): 4 h study time and 1 h supervision a week of 40 h is 12.5 %, against 20 %."""
    mondays = [START + timedelta(weeks=n) for n in range(4)]
    result = share(facts(), study={m: 240 for m in mondays}, supervision=[(m, 60) for m in mondays])
    assert result is not None
    assert result.target_percent == 20
    assert result.working_minutes == 20 * DAY_MINUTES
    assert result.development_minutes == 4 * 300
    assert result.percent == pytest.approx(12.5)


def test_r3_1_g_a_course_week_counts_its_working_days():
    course = Period(date(2026, 1, 12), date(2026, 1, 16))
    result = share(facts(education=[course]))
    assert result is not None
    assert result.education_minutes == 5 * DAY_MINUTES
    assert result.percent == pytest.approx(25.0)


def test_r3_1_g_part_time_and_leave_shrink_the_working_time():
    """At 50 %, with a week of full vacation: 15 days at half a day each."""
    vacation = Period(date(2026, 1, 19), date(2026, 1, 23), 100)
    result = share(facts(employment=50, days_off=[vacation]), study={START: 120})
    assert result is not None
    assert result.working_minutes == 15 * DAY_MINUTES // 2
    assert result.percent == pytest.approx(100 * 120 / (15 * 240))


def test_r3_1_v_routine_states_no_share():
    assert share(facts(), profile=V) is None


def test_r3_1_before_any_working_day_there_is_no_share():
    result = share(facts(), as_of=START - timedelta(days=1))
    assert result is not None and result.percent is None


@given(
    employment=st.integers(10, 100),
    days=st.integers(0, 120),
    minutes=st.integers(0, 600),
)
def test_r3_1_share_is_development_over_working_time(employment, days, minutes):
    as_of = START + timedelta(days=days)
    result = share(facts(employment=employment), supervision=[(START, minutes)], as_of=as_of)
    assert result is not None
    weekdays = sum(1 for n in range(days + 1) if (START + timedelta(days=n)).weekday() < 5)
    assert result.working_minutes == weekdays * (DAY_MINUTES * employment // 100)
    assert result.percent == pytest.approx(100 * minutes / result.working_minutes)


def test_r3_1_the_g_time_page_shows_the_share_and_the_v_page_does_not(demo):
    from django.urls import reverse

    for username, shown in (("resident-g2", True), ("resident-v2", False)):
        training = demo.training_of(username)
        page = demo.client_for(username).get(reverse("training:time", args=[training.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert ('id="development-share"' in text) is shown
        if shown:
            assert "Kompetensutveckling" in text and "cirka 20 %" in text


def test_st_days_lectures_and_fq_groups_count_by_their_minutes():
    """G 4.1.2: "seminarier, andra utbildningsaktiviteter, som FQ-grupper, 'tisdags-utbildningar'"
    are part of the about 20 %; recorded ST-days count their minutes, inside the period only."""
    events = [(START + timedelta(days=1), 120), (START + timedelta(days=3), 420)]
    outside = [(AS_OF + timedelta(days=1), 480)]
    found = development_share(
        G, facts(), start=START, as_of=AS_OF, study={}, supervision=[], events=events + outside
    )
    assert found is not None
    assert found.event_minutes == 540
    assert found.development_minutes == 540
    assert found.percent == pytest.approx(100 * 540 / (20 * DAY_MINUTES))
