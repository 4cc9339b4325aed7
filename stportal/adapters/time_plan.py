"""The time plan's placements as the pure checks of stportal.rules.rotation_checks see them.

R6.4: a rotation supervisor is named when the receiving unit named one through the rotation
contract (`RotationContract.named_at`) or one is entered on the placement (`supervisor`, or
`supervisor_name` for one without an account); the rotation is certified when its contract says
so (`certified_at`). A certificate obtained outside the portal is not known to it.
R6.8/R6.9: which placements are BT is inferred from the training (`rotation_checks.bt_until`).
"""

from __future__ import annotations

from datetime import date

from stportal.adapters.timeline import timeline_of
from stportal.rules.rotation_checks import PlannedPlacement, bt_until, check_time_plan
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
        supervisor_named=bool(
            (contract and contract.named_at)
            or placement.supervisor_id
            or placement.supervisor_name.strip()
        ),
        certified=bool(contract and contract.certified_at),
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
        bt_until=bt_until(training.regulation, training.start_date, training.credited_months),
    )
