"""Served time and projected completion, computed over intervals rather than days.

Every day d from the start contributes rate(d) = max(0, employment(d) − leave(d)) percent, where
leave(d) sums the non-counting absences covering d (R1.2–R1.5). Between two consecutive change
dates (an employment step, or an absence beginning or ending) the rate is constant, so a history
is a short list of segments and both sums take time in proportion to that list, not to days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from stportal.routines.vocabulary import ABSENCE_KINDS as ABSENCE_KIND_CODES
from stportal.routines.vocabulary import COUNTING_KINDS, NON_COUNTING_KINDS, REVIEWABLE_KINDS
from stportal.timeline.dates import add_months

__all__ = ["ABSENCE_KINDS", "COUNTING_KINDS", "NON_COUNTING_KINDS", "REVIEWABLE_KINDS"]

ABSENCE_KINDS = frozenset(ABSENCE_KIND_CODES)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Step:
    """From this day on, the resident works `percent` of full time."""

    start: date
    percent: int


@dataclass(frozen=True)
class Leave:
    """An absence, both days included; `counts` is the R1.3 decision (None: none taken)."""

    kind: str
    start: date
    end: date
    percent: int = 100
    counts: bool | None = None

    @property
    def extends_training(self) -> bool:
        if self.kind in NON_COUNTING_KINDS:
            return True
        return self.kind in REVIEWABLE_KINDS and self.counts is False


@dataclass(frozen=True)
class History:
    start: date
    required_months: int
    credited_months: int = 0
    employment: tuple[Step, ...] = ()
    absences: tuple[Leave, ...] = field(default=())

    @property
    def months_to_serve(self) -> int:
        return self.required_months - self.credited_months

    @property
    def full_time_completion(self) -> date:
        """start + M months − 1 day: the end at full time without non-counting absence."""
        return add_months(self.start, self.months_to_serve) - ONE_DAY

    @property
    def required_days(self) -> int:
        """Calendar days from the start (inclusive) to start + M months (exclusive)."""
        return (self.full_time_completion - self.start).days + 1


@dataclass(frozen=True)
class Segment:
    """From `start` until the next segment (or for ever, if last), `rate` percent a day."""

    start: date
    rate: int


def segments(history: History) -> list[Segment]:
    """The constant-rate segments from the start on; the last one lasts for ever."""
    employment_changes = {step.start: step.percent for step in history.employment}
    leave_changes: dict[date, int] = defaultdict(int)
    for leave in history.absences:
        if leave.extends_training:
            leave_changes[leave.start] += leave.percent
            leave_changes[leave.end + ONE_DAY] -= leave.percent
    change_days = sorted({history.start, *employment_changes, *leave_changes})
    employed, on_leave = 100, 0
    result: list[Segment] = []
    for day in change_days:
        employed = employment_changes.get(day, employed)
        on_leave += leave_changes.get(day, 0)
        if day < history.start:
            continue
        rate = max(0, employed - on_leave)
        if not result or result[-1].rate != rate:
            result.append(Segment(day, rate))
    return result


Span = tuple[date, date | None, int]


def spans(history: History) -> list[Span]:
    """(first day, last day or None for ever, rate) for each segment."""
    parts = segments(history)
    return [
        (
            part.start,
            parts[index + 1].start - ONE_DAY if index + 1 < len(parts) else None,
            part.rate,
        )
        for index, part in enumerate(parts)
    ]


def served_percent_days(history: History, as_of: date, parts: list[Span] | None = None) -> int:
    """The sum of rate(d) for start ≤ d ≤ as_of; divide by 100 for days served.

    `parts` are the history's spans when the caller has them already."""
    total = 0
    for first, last, rate in parts if parts is not None else spans(history):
        if first > as_of:
            break
        end = as_of if last is None or last > as_of else last
        total += rate * ((end - first).days + 1)
    return total


def projected_completion(history: History, parts: list[Span] | None = None) -> date:
    """The first day on which the served days reach the required days."""
    remaining = 100 * history.required_days
    for first, last, rate in parts if parts is not None else spans(history):
        if rate == 0:
            continue
        length = None if last is None else (last - first).days + 1
        if length is not None and rate * length < remaining:
            remaining -= rate * length
            continue
        days_needed = -(-remaining // rate)  # ceiling division
        return first + timedelta(days=days_needed - 1)
    raise AssertionError("the last segment always has a positive rate")  # pragma: no cover
