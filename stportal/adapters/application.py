"""The application to Socialstyrelsen of one training, assembled from the records (issue 13):
the timeline, readiness (R5.5, R1.1), the certificates with their states, the service list.
The pages, the printing and the demo read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stportal.adapters.timeline import timeline_of
from stportal.application import drafts as drafting
from stportal.plans import services as plan_services
from stportal.portfolio.models import GoalStatus
from stportal.rules import application as rules
from stportal.rules.application import Package
from stportal.rules.readiness import Readiness, readiness
from stportal.timeline.result import Timeline
from stportal.timeline.service_list import Place, ServiceRow, service_rows
from stportal.training.models import Placement, Training
from stportal.training.routine import profile_of


@dataclass(frozen=True)
class Assembled:
    """Everything the package page and the printing need, computed once."""

    training: Training
    timeline: Timeline
    readiness: Readiness
    package: Package
    rows: list[ServiceRow]
    curriculum: list[str]
    goals_without: list[str]
    goals_unconfirmed: list[str]


def _curriculum(training: Training) -> list[str]:
    return [goal.code for goal in plan_services.goal_specs(training)]


def readiness_of(training: Training, result: Timeline, goals: list[str]) -> Readiness:
    """R5.5: time served (the timeline) and each of `goals` judged met by whom the routine
    names (rules/readiness.py), from the stored judgements. The application asks for its own
    delmål (the BT delmål go with the BT application); the follow-up page for all of them."""
    progress = list(training.goal_progress.all())
    return readiness(
        served_percent_days=result.served_percent_days,
        required_days=result.required_days,
        goals=goals,
        met={p.goal for p in progress if p.status == GoalStatus.MET},
        unit_head_agreed={p.goal for p in progress if p.unit_head_agreed_at is not None},
        judged_by=list(profile_of(training).final_evaluation.goals_judged_by),
    )


def _gaps(ready: Readiness) -> tuple[tuple[str, ...], tuple[str, ...]]:
    time: list[str] = []
    if not ready.time_served:
        time.append(
            ngettext(
                "%(days)d day of service at full time remains.",
                "%(days)d days of service at full time remain.",
                ready.days_left,
            )
            % {"days": ready.days_left}
        )
    goals: list[str] = []
    if ready.goals_not_met:
        goals.append(
            _("Delmål not yet judged met by the main supervisor: %(codes)s.")
            % {"codes": ", ".join(ready.goals_not_met)}
        )
    if ready.goals_not_agreed:
        goals.append(
            _("Delmål judged met that the unit head has not agreed to: %(codes)s.")
            % {"codes": ", ".join(ready.goals_not_agreed)}
        )
    return tuple(time), tuple(goals)


def _rows(training: Training, result: Timeline, today: date) -> list[ServiceRow]:
    """The service list up to today: its sum is the time served the page shows (issue 13 item
    4), service after the projected end included."""
    away = [
        Place(placement.unit_name, placement.from_date, placement.to_date)
        for placement in training.placements.exclude(kind=Placement.Kind.HOME_UNIT).select_related(
            "unit"
        )
    ]
    return service_rows(result.history, training.home_unit.name, away, today, _("Credited service"))


def assembled(training: Training, today: date) -> Assembled:
    result = timeline_of(training, today)
    curriculum = _curriculum(training)
    wanted = rules.application_goals(training.regulation, curriculum)
    ready = readiness_of(training, result, wanted)
    time_gaps, goal_gaps = _gaps(ready)
    application, drafts = drafting.drafts_of(
        training, end=result.projected_completion, time_gaps=time_gaps, goal_gaps=goal_gaps
    )
    package = rules.package(
        training.regulation, application, drafts, drafting.confirmations_of(training)
    )
    without, unconfirmed = rules.goals_without_certificate(
        training.regulation, curriculum, package.documents
    )
    return Assembled(
        training,
        result,
        ready,
        package,
        _rows(training, result, today),
        curriculum,
        without,
        unconfirmed,
    )
