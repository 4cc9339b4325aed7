"""Study time due per week and per month from the region's routine (R3.2–R3.5). Pure Python.

A week is named by its Monday. Its due minutes are the routine's minutes a week, scaled by the
employment percent when the routine says pro rata; none in a week the routine pauses: outside a
home-unit placement where study time belongs to it (V), in a week with other education (G), or in
a week with more days off than the routine allows (G).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def overlaps(self, monday: date) -> bool:
        return self.first <= monday + timedelta(days=6) and monday <= self.last

    def workdays_in(self, monday: date) -> int:
        """The weekdays (Monday to Friday) of the week of `monday` inside the period."""
        first = max(self.first, monday)
        last = min(self.last, monday + timedelta(days=4))
        return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class WeekFacts:
    """What the routine needs to know about a resident's weeks."""

    employment: list[tuple[date, int]]  # (from, percent), in date order
    home_unit: list[Period]  # home-unit placements
    education: list[Period]  # courses and other theoretical education
    days_off: list[Period]  # absences


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(first: date, last: date) -> Iterable[date]:
    week = monday(first)
    while week <= last:
        yield week
        week += WEEK


def due_in_week(profile: RoutineProfile, facts: WeekFacts, week: date) -> int:
    entry = profile.study_time
    if entry.applies_during == "home_unit_placement" and not any(
        p.overlaps(week) for p in facts.home_unit
    ):
        return 0
    if entry.paused_in_weeks_with_other_education and any(
        p.overlaps(week) for p in facts.education
    ):
        return 0
    limit = entry.paused_when_off_more_than_days
    if limit is not None and sum(p.workdays_in(week) for p in facts.days_off) > limit:
        return 0
    percent = 100
    for first, value in facts.employment:
        if first <= week:
            percent = value
    return entry.minutes_per_week * percent // 100 if entry.pro_rata else entry.minutes_per_week


def ledger(
    profile: RoutineProfile,
    facts: WeekFacts,
    start: date,
    as_of: date,
    taken: dict[date, int],
) -> list[tuple[date, int, int]]:
    """(first day of month, minutes due, minutes taken) for each month from the start."""
    months: dict[date, list[int]] = {}
    for week in weeks(start, as_of):
        if week + timedelta(days=6) > as_of:
            break  # the running week is not due yet
        row = months.setdefault(week.replace(day=1), [0, 0])
        row[0] += due_in_week(profile, facts, week)
        row[1] += taken.get(week, 0)
    return [(month, due, got) for month, (due, got) in sorted(months.items())]
