"""Supervision rules (R8.5), pure: plain data in, a yes or no out."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from stportal.routines.schema import DistanceSupervision
from stportal.timeline.dates import add_months


def distance_supervision_allowed(
    entry: DistanceSupervision, *, start_date: date, approved: Collection[str], held_on: date
) -> bool:
    """R8.5, pure: supervision at a distance on `held_on` is allowed when the region asks for
    no approval, or when every approver the routine names has approved and `held_on` lies in
    or after the ST year the routine names (counted in calendar years from the start). The day
    that counts is the session's, not the day it is logged."""
    if not entry.requires_approval:
        return True
    first_day = add_months(start_date, 12 * ((entry.earliest_training_year or 1) - 1))
    return held_on >= first_day and set(entry.approvers) <= set(approved)
