"""From the stored training to the pure timeline calculator (stportal.timeline), and back to
what the pages and the API show. The only place that maps models to the calculator's data: it
reads the training (steps, absences), the plans (established versions) and the portfolio (annual
reviews, milestones recorded as done)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from stportal.adapters.trainings import ESTABLISHED_VERSIONS
from stportal.portfolio.models import ANNUAL_REVIEW_PARTS, AnnualReview
from stportal.routines.schema import Regulation
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


def timeline_of(training: Training, as_of: date) -> Timeline:
    """The training's timeline on `as_of` (the pages pass today)."""
    return timeline(
        profile_of(training),
        history_of(training),
        as_of,
        exam=training.plans_exam,
        done=done_milestones(training),
    )


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
    except (OverflowError, ValueError):
        return None
