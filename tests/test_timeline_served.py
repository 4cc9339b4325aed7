"""Served time and projected completion (docs/timeline.md; R1.1–R1.6).

The interval implementation is compared with a plain day-by-day one kept here as a reference.
"""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.timeline.dates import add_months
from stportal.timeline.served import (
    ABSENCE_KINDS,
    History,
    Leave,
    Step,
    projected_completion,
    served_percent_days,
)

ONE_DAY = timedelta(days=1)


# --- the reference: one day at a time -------------------------------------------------------


def reference_rate(history: History, day: date) -> int:
    employed = 100
    for step in sorted(history.employment, key=lambda s: s.start):
        if step.start <= day:
            employed = step.percent
    leave = sum(
        a.percent for a in history.absences if a.extends_training and a.start <= day <= a.end
    )
    return max(0, employed - leave)


def reference_served(history: History, as_of: date) -> int:
    total, day = 0, history.start
    while day <= as_of:
        total += reference_rate(history, day)
        day += ONE_DAY
    return total


def reference_completion(history: History) -> date:
    total, day = 0, history.start
    while True:
        total += reference_rate(history, day)
        if total >= 100 * history.required_days:
            return day
        day += ONE_DAY


# --- worked examples --------------------------------------------------------------------------


def test_month_addition_clamps_to_the_months_last_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 15), -3) == date(2023, 12, 15)


def test_full_time_ends_the_day_before_start_plus_the_required_months():
    history = History(start=date(2024, 9, 1), required_months=60)
    assert history.required_days == (date(2029, 9, 1) - date(2024, 9, 1)).days
    assert projected_completion(history) == date(2029, 8, 31)
    bt = History(start=date(2024, 9, 1), required_months=66, credited_months=6)
    assert projected_completion(bt) == date(2029, 8, 31)  # R1.6: credit moves it earlier


def test_parental_leave_extends_by_its_length_and_vacation_does_not():
    base = History(start=date(2024, 1, 1), required_months=60)
    leave = Leave("parental_leave", date(2025, 3, 1), date(2025, 5, 31))
    vacation = Leave("vacation", date(2025, 7, 1), date(2025, 7, 28))
    extended = History(start=base.start, required_months=60, absences=(leave, vacation))
    assert projected_completion(extended) == projected_completion(base) + timedelta(days=92)


def test_half_time_for_a_year_adds_half_a_year_of_days():
    steps = (Step(date(2024, 1, 1), 100), Step(date(2025, 1, 1), 50), Step(date(2026, 1, 1), 100))
    history = History(start=date(2024, 1, 1), required_months=60, employment=steps)
    assert projected_completion(history) - date(2028, 12, 31) == timedelta(days=183)  # 365 / 2


def test_sick_leave_counts_unless_decided_otherwise():
    sick = Leave("sick_leave", date(2025, 2, 1), date(2025, 2, 20))
    decided = Leave("sick_leave", date(2025, 2, 1), date(2025, 2, 20), counts=False)
    start = date(2024, 1, 1)
    assert projected_completion(History(start, 60, absences=(sick,))) == date(2028, 12, 31)
    assert projected_completion(History(start, 60, absences=(decided,))) == date(2029, 1, 20)


def test_overlapping_leave_is_capped_by_the_employment_of_the_day():
    a = Leave("parental_leave", date(2025, 1, 1), date(2025, 1, 10), percent=50)
    b = Leave("leave_of_absence", date(2025, 1, 1), date(2025, 1, 10), percent=75)
    history = History(
        date(2024, 1, 1), 60, employment=(Step(date(2024, 1, 1), 100),), absences=(a, b)
    )
    assert served_percent_days(history, date(2025, 1, 10)) == 100 * 366
    assert projected_completion(history) == date(2028, 12, 31) + timedelta(days=10)


def test_served_days_as_of_a_date():
    history = History(date(2024, 1, 1), 60, employment=(Step(date(2024, 1, 1), 75),))
    assert served_percent_days(history, date(2024, 1, 10)) == 750
    assert served_percent_days(history, date(2023, 12, 31)) == 0


# --- properties -------------------------------------------------------------------------------

START = date(2020, 1, 1)
days_after_start = st.integers(min_value=0, max_value=2500).map(lambda n: START + timedelta(n))
percents = st.integers(min_value=1, max_value=100)


@st.composite
def leaves(
    draw,
    kinds=("parental_leave", "leave_of_absence", "vacation", "sick_leave", "care_of_child", "flex"),
):
    first = draw(days_after_start)
    length = draw(st.integers(min_value=0, max_value=400))
    counts = draw(st.sampled_from([None, True, False]))
    kind = draw(st.sampled_from(kinds))
    return Leave(
        kind,
        first,
        first + timedelta(length),
        draw(percents),
        counts if kind in ("sick_leave", "care_of_child") else None,
    )


@st.composite
def histories(draw):
    step_days = sorted(set(draw(st.lists(days_after_start, max_size=5))) | {START})
    steps = tuple(Step(day, draw(percents)) for day in step_days)
    regulation_months = draw(st.sampled_from([60, 66]))
    return History(
        start=START,
        required_months=regulation_months,
        credited_months=draw(st.integers(min_value=0, max_value=12)),
        employment=steps,
        absences=tuple(draw(st.lists(leaves(), max_size=6))),
    )


@settings(max_examples=60, deadline=None)
@given(histories(), days_after_start)
def test_intervals_equal_the_day_by_day_reference(history, as_of):
    assert served_percent_days(history, as_of) == reference_served(history, as_of)
    assert projected_completion(history) == reference_completion(history)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.sampled_from([60, 66]),
    st.integers(min_value=0, max_value=59),
)
def test_full_time_without_leave_ends_at_start_plus_m_months_minus_a_day(start, months, credit):
    history = History(start, months, credited_months=min(credit, months - 1))
    assert projected_completion(history) == add_months(start, history.months_to_serve) - ONE_DAY


@given(histories(), leaves(kinds=("parental_leave", "leave_of_absence")))
def test_a_non_counting_absence_never_makes_completion_earlier(history, leave):
    before = projected_completion(history)
    after = projected_completion(replace(history, absences=(*history.absences, leave)))
    assert after >= before


@given(histories(), leaves(kinds=("parental_leave", "leave_of_absence")))
def test_a_non_counting_absence_delays_by_at_most_its_length(history, leave):
    """Holds when the lost time is made up at no lower rate than it was lost: constant
    employment and no other extending absence. (With a lower percent after the absence, one
    lost day takes more than one day to make up; hypothesis found 2 % then 1 %.)"""
    history = replace(
        history,
        employment=history.employment[:1],
        absences=tuple(a for a in history.absences if not a.extends_training),
    )
    before = projected_completion(history)
    after = projected_completion(replace(history, absences=(*history.absences, leave)))
    assert before <= after <= before + (leave.end - leave.start + ONE_DAY)


@given(histories(), st.integers(min_value=0, max_value=5), st.integers(min_value=1, max_value=99))
def test_lowering_a_percent_never_makes_completion_earlier(history, index, cut):
    steps = list(history.employment)
    chosen = steps[index % len(steps)]
    steps[index % len(steps)] = Step(chosen.start, max(1, chosen.percent - cut))
    lowered = replace(history, employment=tuple(steps))
    assert projected_completion(lowered) >= projected_completion(history)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=1, max_value=30),
)
def test_credit_at_full_time_moves_completion_by_its_calendar_span(start, credit):
    without = History(start, 66)
    credited = History(start, 66, credited_months=credit)
    span = add_months(start, 66) - add_months(start, 66 - credit)
    assert projected_completion(without) - projected_completion(credited) == span


def test_the_calculator_knows_the_same_absence_kinds_as_the_database():
    from stportal.timeline.served import NON_COUNTING_KINDS, REVIEWABLE_KINDS
    from stportal.training.models import REVIEWABLE_KINDS as STORED_REVIEWABLE
    from stportal.training.models import AbsenceKind

    assert set(AbsenceKind.values) == ABSENCE_KINDS
    assert {str(kind) for kind in STORED_REVIEWABLE} == REVIEWABLE_KINDS
    assert NON_COUNTING_KINDS <= ABSENCE_KINDS
