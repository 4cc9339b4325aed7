"""The application's service list (issue 13 item 4, R1.1, R1.2): one row per place and extent,
months at full time from the timeline, adding up exactly to the timeline's served time."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.timeline.months import months_served
from stportal.timeline.served import History, Leave, Step, served_percent_days
from stportal.timeline.service_list import (
    Place,
    period_text,
    printed_tenths,
    service_rows,
    tenths_text,
    total_months,
)
from tests.test_timeline_served import START, days_after_start, histories

CREDITED = "Tillgodoräknad tjänstgöring"


def rows_of(history: History, away: list[Place], until: date):
    return service_rows(history, "VC Hemma", away, until, CREDITED)


def test_full_time_at_home_with_one_rotation_gives_three_rows_of_whole_months():
    history = History(date(2024, 1, 1), 60)
    away = [Place("Medicinkliniken", date(2024, 7, 1), date(2024, 9, 30))]
    rows = rows_of(history, away, date(2024, 12, 31))
    assert [(r.place, r.first, r.last, r.percent, r.months) for r in rows] == [
        ("VC Hemma", date(2024, 1, 1), date(2024, 6, 30), 100, 6),
        ("Medicinkliniken", date(2024, 7, 1), date(2024, 9, 30), 100, 3),
        ("VC Hemma", date(2024, 10, 1), date(2024, 12, 31), 100, 3),
    ]
    assert period_text(rows[1].first, rows[1].last) == "240701 – 240930"


def test_part_time_and_a_whole_parental_leave_split_rows_and_leave_is_in_no_row_R1_2():
    history = History(
        date(2024, 1, 1),
        60,
        employment=(Step(date(2024, 1, 1), 100), Step(date(2024, 4, 1), 75)),
        absences=(Leave("parental_leave", date(2024, 5, 1), date(2024, 5, 31)),),
    )
    rows = rows_of(history, [], date(2024, 6, 30))
    assert [(r.first, r.last, r.percent) for r in rows] == [
        (date(2024, 1, 1), date(2024, 3, 31), 100),
        (date(2024, 4, 1), date(2024, 4, 30), 75),
        (date(2024, 6, 1), date(2024, 6, 30), 75),
    ]
    assert rows[0].months == 3


def test_half_parental_leave_lowers_the_row_percent():
    history = History(
        date(2024, 1, 1),
        60,
        absences=(Leave("parental_leave", date(2024, 2, 1), date(2024, 2, 29), 50),),
    )
    rows = rows_of(history, [], date(2024, 2, 29))
    assert [(r.percent, r.months) for r in rows] == [(100, 1), (50, Fraction(1, 2))]


def test_credited_time_is_its_own_row_and_counts_in_the_sum():
    history = History(date(2024, 1, 1), 66, credited_months=6)
    rows = rows_of(history, [], date(2024, 12, 31))
    assert rows[0].place == CREDITED and rows[0].first is None and rows[0].months == 6
    assert total_months(rows) == 18


def test_printed_tenths_add_up_to_the_printed_sum():
    history = History(date(2024, 1, 1), 60, employment=(Step(date(2024, 1, 1), 33),))
    away = [
        Place("A", date(2024, 2, 3), date(2024, 3, 17)),
        Place("B", date(2024, 5, 9), date(2024, 6, 2)),
    ]
    rows = rows_of(history, away, date(2024, 12, 31))
    tenths, total = printed_tenths(rows)
    assert sum(tenths) == total == int(total_months(rows) * 10)
    assert tenths_text(37) == "3,7"


@st.composite
def placements(draw):
    result: list[Place] = []
    day = START + timedelta(draw(st.integers(0, 200)))
    for index in range(draw(st.integers(0, 6))):
        first = day + timedelta(draw(st.integers(0, 300)))
        last = first + timedelta(draw(st.integers(0, 200)))
        result.append(Place(f"Plats {index}", first, last))
        day = last + timedelta(1)
    return result


@settings(max_examples=80, deadline=None)
@given(histories(), placements(), days_after_start)
def test_the_rows_sum_to_the_timelines_served_time_exactly(history, away, until):
    """Issue 13 item 4: the sum of the rows equals the timeline's served time (credited months
    added in whole), and the printed tenths add up to the printed sum."""
    rows = rows_of(history, away, until)
    served = months_served(history.start, served_percent_days(history, until))
    assert total_months(rows) == served + history.credited_months
    tenths, total = printed_tenths(rows)
    assert sum(tenths) == total
    dated = [row for row in rows if row.first is not None]
    for before, after in itertools.pairwise(dated):
        assert before.last < after.first  # in order, never overlapping
    assert all(row.percent is None or 1 <= row.percent <= 100 for row in rows)
    assert all(row.months > 0 or row.first is None for row in rows)
