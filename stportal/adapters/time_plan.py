"""The time plan's placements as the pure checks of stportal.rules.rotation_checks see them."""

from __future__ import annotations

from datetime import date

from stportal.adapters.timeline import timeline_of
from stportal.rules.rotation_checks import PlannedPlacement, check_time_plan
from stportal.timeline.findings import Finding
from stportal.training.models import Placement, Training
from stportal.training.routine import profile_of


def planned(placement: Placement) -> PlannedPlacement:
    contract = getattr(placement, "rotation_contract", None)
    return PlannedPlacement(
        kind=placement.kind,
        first=placement.from_date,
        last=placement.to_date,
        label=f"{placement.get_kind_display()} {placement.unit_name} "
        f"{placement.from_date}–{placement.to_date}",
        outside_region=placement.outside_region,
        rural=placement.rural,
        home_return_days=len(placement.home_return_days.all()),
        contacted=bool(contract and contract.sent_at),
        key=placement.pk,
    )


def placements_of(training: Training) -> list[Placement]:
    return list(
        training.placements.select_related("unit", "rotation_contract", "supervisor")
        .prefetch_related("home_return_days")
        .order_by("from_date")
    )


def time_plan_findings(
    training: Training, placements: list[Placement], today: date, completion: date | None = None
) -> list[Finding]:
    """The checks of the time plan on `today`; `completion` when the caller has computed it."""
    completion = completion or timeline_of(training, today).projected_completion
    return check_time_plan(
        profile_of(training),
        training.start_date,
        completion,
        [planned(p) for p in placements],
        today,
    )
