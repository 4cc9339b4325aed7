"""From the stored training to the pure timeline calculator (stportal.timeline), and back to
what the pages and the API show. The only place that maps models to the calculator's data: it
reads the training (steps, absences), the plans (established versions) and the portfolio (annual
reviews, milestones recorded as done)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from stportal.adapters.trainings import ESTABLISHED_VERSIONS
from stportal.portfolio.models import ANNUAL_REVIEW_PARTS, AnnualReview
from stportal.routines.schema import Regulation
from stportal.timeline.dates import is_plausible
from stportal.timeline.result import Timeline, timeline
from stportal.timeline.served import History, Leave, Step
from stportal.training.models import Training
from stportal.training.routine import profile_of


def history_of(training: Training) -> History:
    """Uses the prefetched steps and absences when there are any (adapters.trainings)."""
    profile = profile_of(training)
    steps = sorted(training.employment_steps.all(), key=lambda step: step.from_date)
    absences = training.absences.all()
    return History(
        start=training.start_date,
        required_months=profile.required_months.by_regulation[
            cast(Regulation, training.regulation)
        ],
        credited_months=training.credited_months,
        employment=tuple(Step(step.from_date, step.percent) for step in steps),
        absences=tuple(
            Leave(a.kind, a.from_date, a.to_date, a.percent, a.counts) for a in absences
        ),
    )


@dataclass(frozen=True)
class ImplausibleRow:
    """A stored row of a training with a date outside the plausible range: `kind` is its kind
    of row on the time page or the time plan (training.views.rows), None for the training's own
    start."""

    kind: str | None
    row_id: int
    label: str


class UncomputableTraining(Exception):
    """The training's stored dates cannot be computed: a date outside the plausible range, kept
    from before the bounds or put straight into the database (issue 10). The pages answer with
    the rows to correct (web.middleware), the API with 409."""

    def __init__(self, training: Training, rows: list[ImplausibleRow]) -> None:
        super().__init__(f"training {training.pk}: {len(rows)} implausible dates")
        self.training = training
        self.rows = rows


def timeline_of(training: Training, as_of: date) -> Timeline:
    """The training's timeline on `as_of` (the pages pass today); UncomputableTraining when a
    stored date is outside the plausible range and the calculator cannot count with it."""
    try:
        return timeline(
            profile_of(training),
            history_of(training),
            as_of,
            exam=training.plans_exam,
            done=done_milestones(training),
        )
    except (OverflowError, ValueError) as error:
        rows = implausible_rows(training)
        if not rows:
            raise
        raise UncomputableTraining(training, rows) from error


def implausible_rows(training: Training) -> list[ImplausibleRow]:
    """The training's rows whose dates lie outside the plausible range, by kind of row."""
    found = []
    if not is_plausible(training.start_date):
        found.append(ImplausibleRow(None, training.pk, str(training.start_date)))
    dated: list[tuple[str, Any, list[date]]] = [
        *(("absences", a, [a.from_date, a.to_date]) for a in training.absences.all()),
        *(("employment", e, [e.from_date]) for e in training.employment_steps.all()),
        *(("placements", p, [p.from_date, p.to_date]) for p in training.placements.all()),
    ]
    for kind, row, days in dated:
        if not all(is_plausible(day) for day in days):
            found.append(ImplausibleRow(kind, row.pk, str(row)))
    return found


def done_milestones(training: Training) -> set[tuple[str, int | None]]:
    """The training plan and the agreement are done once a version is established (issue 4;
    the kinds of plan versions are the milestone codes); a year's annual review once every part
    the region's routine asks for is signed (issue 5)."""
    established = getattr(training, ESTABLISHED_VERSIONS, None)
    if established is None:
        established = training.plan_versions.filter(established_at__isnull=False)
    done: set[tuple[str, int | None]] = {(version.kind, None) for version in established}
    parts = set(profile_of(training).annual_review.parts)
    for review in training.annual_reviews.all():
        if parts <= signed_parts(review):
            done.add(("annual_review", review.year))
    done |= {(record.code, None) for record in training.milestone_records.all()}
    return done


def signed_parts(review: AnnualReview) -> set[str]:
    """The parts of the annual review that their authors have signed."""
    return {part for part, field in ANNUAL_REVIEW_PARTS.items() if getattr(review, field)}


def with_timelines(trainings: Iterable[Training], as_of: date) -> list[Training]:
    """The trainings, each with its `timeline` computed (for tables of residents). One training
    whose stored dates cannot be computed (older data outside the plausible range) gets None
    and the list goes on (issue 10: one training never breaks a list of many)."""
    found = list(trainings)
    for training in found:
        training.timeline = timeline_or_none(training, as_of)
        training.open_count = len(training.timeline.findings) if training.timeline else 0
    return found


def timeline_or_none(training: Training, as_of: date) -> Timeline | None:
    try:
        return timeline_of(training, as_of)
    except (UncomputableTraining, OverflowError, ValueError):
        return None
