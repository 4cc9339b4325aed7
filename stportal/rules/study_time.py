"""Study time due per week and per month from the region's routine (R3.2–R3.5). Pure Python.

A week is named by its Monday. Its due minutes are the routine's minutes a week, scaled by the
percent the resident works that week when the routine says pro rata; none in a week the routine
pauses: outside a home-unit placement where study time belongs to it (V), in a week with other
education (G), in a week with more days off than the routine allows (G), or in a week in which the
resident works no day at all (both; issue 11).

What a day off is (issue 11, R3.3/R3.5). As in the timeline (docs/timeline.md), an absence's
percent is of full time, and a weekday's working percent is `employment − the absences covering
it`. A weekday with nothing left is a whole day off; an absence that leaves part of the day (a
25 % parental leave of a full-timer) is reduced working time, like part time, and scales the
week's due pro rata instead of counting as days off:

- G R3.3: "Studietiden utgår under veckor med annan typ av teoretisk utbildning (t ex
  tisdagsföreläsning, kurser mm) men även de veckor där ST-läkaren är ledig mer än en dag (vid
  heltidstjänst). Veckor med endast ST-dag/träff kvarligger studietiden." The limit of whole days
  off is pro rata to the employment percent (at 50 % more than half a day, i.e. any whole day).
- V R3.5: "Studietid minst 2 timmar/vecka under vårdcentralsplaceringen även under sommaren." The
  routine sets no limit of days off; a week of vacation or full parental leave, in which no day is
  worked, owes nothing.

`education` holds the courses and the other theoretical education recorded (lectures and
seminars, such as the Tuesday lectures: rules.followup_records.PAUSES_STUDY_TIME). A week with
only an ST-day keeps its study time (G), so ST-days do not belong in `education`.
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
    percent: int = 100  # of full time, for absences (as the timeline's); 100 for the others

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
    days_off: list[Period]  # absences, each with its percent of full time


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(first: date, last: date) -> Iterable[date]:
    week = monday(first)
    while week <= last:
        yield week
        week += WEEK


def st_weeks(start: date, as_of: date) -> Iterable[date]:
    """The weeks from the ST's start to `as_of` that hold a weekday of the ST (issue 12 item 15):
    an ST begun on a Saturday or Sunday owes no study time for the week before it."""
    return (week for week in weeks(start, as_of) if week + timedelta(days=4) >= start)


def employment_on(facts: WeekFacts, day: date) -> int:
    """The percent of full time in force on `day` (100 before the first step)."""
    percent = 100
    for first, value in facts.employment:
        if first <= day:
            percent = value
    return percent


def week_at_work(facts: WeekFacts, week: date) -> tuple[int, int, int]:
    """(whole days off, the percent worked on the other weekdays, the employment percent) in the
    week of `week`: a weekday is a whole day off when the absences covering it leave nothing of
    the day's employment; the percent worked is the mean over the days that are not."""
    days_off = 0
    worked: list[int] = []
    employed = employment_on(facts, week)
    for offset in range(5):
        day = week + timedelta(days=offset)
        employment = employment_on(facts, day)
        leave = sum(p.percent for p in facts.days_off if p.first <= day <= p.last)
        left = max(0, employment - leave)
        if left == 0:
            days_off += 1
        else:
            worked.append(left)
    percent = sum(worked) // len(worked) if worked else 0
    return days_off, percent, employed


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
    days_off, percent, employed = week_at_work(facts, week)
    if days_off == 5:
        return 0  # no day worked: vacation, full parental leave (R3.5, R3.3)
    limit = entry.paused_when_off_more_than_days
    # "ledig mer än en dag (vid heltidstjänst)": the limit pro rata to the employment percent.
    if limit is not None and days_off * 100 > limit * employed:
        return 0
    return entry.minutes_per_week * percent // 100 if entry.pro_rata else entry.minutes_per_week


def ledger(
    profile: RoutineProfile,
    facts: WeekFacts,
    start: date,
    as_of: date,
    taken: dict[date, int],
) -> list[tuple[date, int, int]]:
    """(first day of month, minutes due, minutes taken) for each month from the start. `taken`
    holds the weeks recorded as differing from the schedule; every other week is taken as due
    (issue 12: nobody logs 52 weeks a year)."""
    months: dict[date, list[int]] = {}
    for week in st_weeks(start, as_of):
        if week + timedelta(days=6) > as_of:
            break  # the running week is not due yet
        # The week the ST began in counts to the ST's first month, never to the month before
        # (an ST begun on Wednesday 1 October has its first week from Monday 29 September;
        # issue 12 item 15: the demo's ST begun on Wednesday 1 May 2024 showed an April row).
        row = months.setdefault(max(week, start).replace(day=1), [0, 0])
        due = due_in_week(profile, facts, week)
        row[0] += due
        row[1] += taken.get(week, due)
    return [(month, due, got) for month, (due, got) in sorted(months.items())]


# A week is away for supervision (R8.4) when most of its working days (3 of 5) are whole days
# off; a partial absence (10 % parental leave) leaves every day worked (issue 11). Our reading:
# the routines ask for an hour "per vecka" of work and name no threshold.
AWAY_WHOLE_DAYS = 3


def weeks_away(facts: WeekFacts, start: date, as_of: date) -> set[date]:
    """The Mondays of the weeks the resident was mostly away (AWAY_WHOLE_DAYS)."""
    return {
        week
        for absence in facts.days_off
        for week in weeks(max(start, absence.first), min(as_of, absence.last))
        if week_at_work(facts, week)[0] >= AWAY_WHOLE_DAYS
    }


def study_due(
    profile: RoutineProfile, facts: WeekFacts, start: date, as_of: date
) -> list[tuple[date, int]]:
    """(Monday, minutes due) for every week from the start to `as_of` (R3.2–R3.5)."""
    return [(week, due_in_week(profile, facts, week)) for week in st_weeks(start, as_of)]
