"""Served time in months, as residents count it (issue 12 item 8: "5,8 av 66 månader").

A **served month** is a full-time-equivalent month laid on the calendar from the start with the
timeline's own month arithmetic (`dates.add_months`, timeline.md "Required time"): month k of
the ST is the calendar days from `start + (k−1) months` to the day before `start + k months`.
Served days S (percent-days / 100, timeline.md "Served time") are poured into those months in
order; the whole months filled plus the filled share of the next one is the number of months
served. So a resident at full time without leave has served exactly k months on the day before
`start + k months`, and exactly M (months to serve) on the full-time completion date; part time
and leave fill the months more slowly. Credited months (tillgodoräknad tid) are added in whole.

Pure Python (no Django); exact arithmetic with `Fraction`, never floating point.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from stportal.timeline.dates import add_months


def _days_to(start: date, months: int) -> int:
    """Calendar days from `start` (inclusive) to `start + months` (exclusive)."""
    return (add_months(start, months) - start).days


def months_served(start: date, served_percent_days: int) -> Fraction:
    """Full-time-equivalent months served from `start`, given the served percent-days.

    0 at the start, monotone (non-decreasing) in the served time, and exactly k when the served
    days equal the calendar days of the first k months."""
    if served_percent_days <= 0:
        return Fraction(0)
    # Never more than 31 days a month: start the search a little below the answer.
    whole = max(0, served_percent_days // (100 * 31) - 1)
    while 100 * _days_to(start, whole + 1) <= served_percent_days:
        whole += 1
    filled = served_percent_days - 100 * _days_to(start, whole)
    month_length = _days_to(start, whole + 1) - _days_to(start, whole)
    return whole + Fraction(filled, 100 * month_length)


def tenths_down(months: Fraction) -> Fraction:
    """Rounded down to one decimal: 65.97 months shows as 65,9, never as the 66 not yet served."""
    return Fraction(int(months * 10), 10)


def format_months(months: Fraction, decimal_separator: str = ",") -> str:
    """One decimal, rounded down, with the Swedish decimal comma: Fraction(29, 5) -> "5,8"."""
    tenths = int(months * 10)
    return f"{tenths // 10}{decimal_separator}{tenths % 10}"
