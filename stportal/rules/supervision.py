"""Supervision rules (R8.5), pure: plain data in, a yes or no out."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from stportal.routines.schema import DistanceSupervision
from stportal.timeline.dates import add_months


def distance_approvers(
    entry: DistanceSupervision, *, unit_head_is_doctor: bool = True
) -> list[str]:
    """R8.5, pure: who approves supervision at a distance, in the routine's order. G: "En formell
    handledning på distans ska godkännas av studierektor i samråd med närmaste chef (om chef inte
    är läkare i samråd med medicinsk rådgivare på hälsocentralen) samt med aktuell
    huvudhandledare": the profile's `unit_head_if_not_doctor` takes the unit head's place when
    the unit head is not a doctor. `unit_head_is_doctor` is True unless the unit head is known
    not to be a doctor (people.models.unit_head_is_doctor): an unknown one keeps approving. An
    approver named twice is named once."""
    alternative = entry.unit_head_if_not_doctor
    if unit_head_is_doctor or alternative is None:
        return list(dict.fromkeys(entry.approvers))
    swapped = [alternative if role == "unit_head" else role for role in entry.approvers]
    return list(dict.fromkeys(swapped))


def distance_supervision_allowed(
    entry: DistanceSupervision,
    *,
    start_date: date,
    approved: Collection[str],
    held_on: date,
    unit_head_is_doctor: bool = True,
) -> bool:
    """R8.5, pure: supervision at a distance on `held_on` is allowed when the region asks for
    no approval, or when every approver the routine names (distance_approvers) has approved and
    `held_on` lies in or after the ST year the routine names (G: "bör ej ske förrän in på år
    2 – 3 av läkarens ST"; counted in calendar years from the start). The day that counts is the
    session's, not the day it is logged nor today."""
    if not entry.requires_approval:
        return True
    first_day = add_months(start_date, 12 * ((entry.earliest_training_year or 1) - 1))
    needed = distance_approvers(entry, unit_head_is_doctor=unit_head_is_doctor)
    return held_on >= first_day and set(needed) <= set(approved)
