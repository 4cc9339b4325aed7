"""The service list of the application (issue 13 item 4): Socialstyrelsen's "tjänstgöringsrader".

SOSFS 2015:8 Bilaga 1 (page 2) and HSLF-FS 2021:8 Bilaga 6 list the service one row per place of
service and extent: the place, the period (`ååmmdd – ååmmdd`), the extent in percent of full time
and the months at full time, with their sum.

A row here is a stretch of days at one place with one rate, where the rate is the timeline's own
(timeline.md "Served time"): the employment percent less the non-counting absences (R1.2), so a
row's percent is the service actually done. Days at rate 0 (whole parental leave, leave of
absence) are in no row. The places are the placements (rotations, auskultations); every other
day is at the home unit.

The months of a row are the served months at its last day less those before its first day
(`months.months_served`), so the rows add up exactly, by construction, to the months the
timeline counts, and nothing is rounded per row to half months. For printing, the tenths are
apportioned (largest remainder) so that the printed rows add up to the printed sum. Credited
time (tillgodoräknad tid) is one row of its own with no period (an assumption: the forms have no
separate box for it).

Pure Python (no Django): plain data in, plain data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from stportal.timeline.months import months_served
from stportal.timeline.served import History, served_percent_days, spans

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Place:
    """A placement away from the home unit: its name and its days (both included)."""

    name: str
    first: date
    last: date


@dataclass(frozen=True)
class ServiceRow:
    """One row of the service list; `first`/`last`/`percent` are None for credited time."""

    place: str
    first: date | None
    last: date | None
    percent: int | None
    months: Fraction


def _places(home: str, away: list[Place], first: date, last: date) -> list[Place]:
    """The days from `first` to `last` split by place, in order, the home unit filling gaps."""
    result: list[Place] = []
    day = first
    for place in sorted(away, key=lambda item: item.first):
        if place.last < day or place.first > last:
            continue
        if place.first > day:
            result.append(Place(home, day, place.first - ONE_DAY))
        result.append(Place(place.name, max(place.first, day), min(place.last, last)))
        day = min(place.last, last) + ONE_DAY
    if day <= last:
        result.append(Place(home, day, last))
    return result


def _pieces(history: History, places: list[Place], last: date) -> list[tuple[str, date, date, int]]:
    """(place, first, last, rate) for every stretch at one place and one positive rate."""
    pieces: list[tuple[str, date, date, int]] = []
    for first, span_last, rate in spans(history):
        if first > last:
            break
        end = last if span_last is None else min(span_last, last)
        if rate == 0:
            continue
        for place in places:
            start, stop = max(first, place.first), min(end, place.last)
            if start > stop:
                continue
            previous = pieces[-1] if pieces else None
            if previous and previous[0::3] == (place.name, rate) and previous[2] + ONE_DAY == start:
                pieces[-1] = (place.name, previous[1], stop, rate)  # one stretch, split by a change
                continue
            pieces.append((place.name, start, stop, rate))
    return pieces


def service_rows(
    history: History, home: str, away: list[Place], until: date, credited_label: str
) -> list[ServiceRow]:
    """The service list up to and including `until` (the day the application is made, or the
    end of the ST): the credited time first, if any, then every stretch in date order."""
    rows: list[ServiceRow] = []
    if history.credited_months:
        rows.append(ServiceRow(credited_label, None, None, None, Fraction(history.credited_months)))
    if until < history.start:
        return rows
    places = _places(home, away, history.start, until)
    parts = spans(history)
    for place, first, last, rate in _pieces(history, places, until):
        before = served_percent_days(history, first - ONE_DAY, parts)
        through = served_percent_days(history, last, parts)
        months = months_served(history.start, through) - months_served(history.start, before)
        rows.append(ServiceRow(place, first, last, rate, months))
    return rows


def total_months(rows: list[ServiceRow]) -> Fraction:
    return sum((row.months for row in rows), Fraction(0))


def printed_tenths(rows: list[ServiceRow]) -> tuple[list[int], int]:
    """Each row's months in tenths, and the sum in tenths (rounded down: never more than is
    served), apportioned by largest remainder so that the printed rows add up to the sum."""
    exact = [row.months * 10 for row in rows]
    floors = [int(value) for value in exact]
    total = int(sum(exact, Fraction(0)))
    short = total - sum(floors)
    by_remainder = sorted(range(len(rows)), key=lambda index: exact[index] - floors[index])
    for index in reversed(by_remainder[len(by_remainder) - short :] if short else []):
        floors[index] += 1
    return floors, total


def printed_months(rows: list[ServiceRow]) -> tuple[list[str], str]:
    """Each row's months and their sum as the page and the forms print them ("3,7"): the tenths
    apportioned so that the rows add up to the sum (printed_tenths)."""
    tenths, total = printed_tenths(rows)
    return [tenths_text(row_tenths) for row_tenths in tenths], tenths_text(total)


def tenths_text(tenths: int, decimal_separator: str = ",") -> str:
    """37 -> "3,7"."""
    return f"{tenths // 10}{decimal_separator}{tenths % 10}"


def short_date(day: date) -> str:
    """The forms' `ååmmdd`: 2026-03-01 -> "260301"."""
    return day.strftime("%y%m%d")


def period_text(first: date, last: date) -> str:
    """The forms' period `ååmmdd – ååmmdd`."""
    return f"{short_date(first)} – {short_date(last)}"
