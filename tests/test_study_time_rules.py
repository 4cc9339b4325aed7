"""The study-time ledger's day counting (R3.2–R3.5), pure, against its day-by-day definition."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stportal.rules.study_time import Period, monday

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(9999, 12, 20))


@given(DAYS, st.integers(min_value=0, max_value=40), DAYS)
def test_weekdays_in_a_week_are_counted_as_day_by_day(first, length, any_day):
    period = Period(first, first + timedelta(days=length))
    week = monday(any_day)
    by_day = sum(
        1 for offset in range(5) if period.first <= week + timedelta(offset) <= period.last
    )
    assert period.workdays_in(week) == by_day
