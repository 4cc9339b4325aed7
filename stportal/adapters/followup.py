"""From the stored portfolio to the pure follow-up (followup.py) and the study-time ledger."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from stportal.adapters.timeline import timeline_of
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, RotationContract
from stportal.portfolio.models import ANNUAL_REVIEW_PARTS, AnnualReview, Assessment
from stportal.routines.schema import RoutineProfile
from stportal.rules.drafting import coverage
from stportal.rules.followup import Facts, follow_up
from stportal.rules.plan_content import PlanContent
from stportal.rules.study_time import Period, WeekFacts, due_in_week, weeks
from stportal.timeline.findings import Finding
from stportal.timeline.result import Timeline
from stportal.timeline.served import NON_COUNTING_KINDS
from stportal.training.models import Training
from stportal.training.routine import profile_of


def signed_parts(review: AnnualReview) -> set[str]:
    return {part for part, field in ANNUAL_REVIEW_PARTS.items() if getattr(review, field)}


def week_facts(training: Training) -> WeekFacts:
    steps = sorted((s.from_date, s.percent) for s in training.employment_steps.all())
    placements = training.placements.all()
    return WeekFacts(
        employment=steps,
        home_unit=[Period(p.from_date, p.to_date) for p in placements if p.kind == "home_unit"],
        education=[Period(c.from_date, c.to_date) for c in training.courses.all()],
        days_off=[Period(a.from_date, a.to_date) for a in training.absences.all()],
    )


def study_due(profile: RoutineProfile, facts: WeekFacts, start: date, as_of: date):
    return [(week, due_in_week(profile, facts, week)) for week in weeks(start, as_of)]


def evidence_by_goal(training: Training) -> dict[str, list[str]]:
    """What shows progress in each delmål: courses, assessments, certificates, works."""
    found: dict[str, list[str]] = {}

    def add(goals: list[str], what: str) -> None:
        for code in goals:
            items = found.setdefault(code, [])
            if what not in items:  # two placements at one unit are one piece of evidence
                items.append(what)

    for course in training.courses.all():
        add(course.goals, course.name)
    for assessment in training.assessments.filter(completed_at__isnull=False):
        add(assessment.goals, f"{assessment.method_name} {assessment.held_on}")
    for contract in RotationContract.objects.filter(
        placement__training=training, certified_at__isnull=False
    ).select_related("placement__unit"):
        add(contract.goals, f"{contract.placement.unit_name} ({contract.certified_by_name})")
    for work in training.scholarly_works.all():
        add(work.goals, work.topic)
    _add_placements(training, add)
    return found


def _add_placements(training: Training, add) -> None:
    """Service done counts for the delmål whose planned activities are service of that kind."""
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    if plan is None or not isinstance(plan.document, PlanContent):
        return
    today = timezone.localdate()
    served = {
        "home_unit": "clinical_service",
        "rotation": "rotation",
        "auskultation": "auskultation",
    }
    for placement in training.placements.filter(from_date__lte=today).select_related("unit"):
        kind = served[placement.kind]
        goals = [
            code
            for code, goal in plan.document.goals.items()
            if any(a.kind == kind for a in goal.activities)
        ]
        add(goals, f"{placement.get_kind_display()} {placement.unit_name}")


def facts_of(training: Training, result: Timeline) -> Facts:
    """The follow-up's facts as of the timeline's date, reusing its computed timeline."""
    as_of = result.as_of
    profile = profile_of(training)
    goals = plan_services.goal_specs(training)
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    unplanned: list[str] = []
    if plan is not None and isinstance(plan.document, PlanContent):
        unplanned = [
            c.code for c in coverage(plan_services.specs(goals), plan.document) if not c.planned
        ]
    evidence = evidence_by_goal(training)
    away = {
        week
        for absence in training.absences.all()
        if absence.kind in NON_COUNTING_KINDS or (absence.to_date - absence.from_date).days >= 6
        for week in weeks(absence.from_date, absence.to_date)
    }
    return Facts(
        as_of=as_of,
        start=training.start_date,
        completion=result.projected_completion,
        regulation=training.regulation,
        supervision=[(s.held_on, s.minutes) for s in training.supervision_sessions.all()],
        weeks_away=away,
        study_due=study_due(profile, week_facts(training), training.start_date, as_of),
        study_taken={e.week: e.minutes for e in training.study_time_entries.all()},
        assessments=[
            a.held_on
            for a in Assessment.objects.filter(
                training=training, held_on__isnull=False, completed_at__isnull=False
            )
            if a.held_on
        ],
        annual_reviews=[m for m in result.milestones if m.code == "annual_review"],
        signed_parts={r.year: signed_parts(r) for r in training.annual_reviews.all()},
        courses_taken={c.course_code for c in training.courses.all() if c.course_code},
        goals_unplanned=unplanned,
        goals_without_evidence=[g.code for g in goals if g.code not in evidence],
        has_plan=plan is not None,
        scholarly_planned={w.kind: w.planned_on for w in training.scholarly_works.all()},
        supervisors=[
            (str(person), person.supervisor_training_on)
            for person in [training.main_supervisor, *training.co_supervisors.all()]
        ],
    )


def findings_of(training: Training, result: Timeline | None = None) -> list[Finding]:
    """Everything open for the training: the timeline's findings and the follow-up's. `result`
    is the training's timeline when the caller has computed it already."""
    result = result or timeline_of(training)
    facts = facts_of(training, result)
    # The follow-up says which parts of an annual review are missing; the timeline's own
    # finding about the same review would say it twice.
    timeline_findings = [
        f for f in result.findings if f.subject.get("milestone") != "annual_review"
    ]
    found = [*timeline_findings, *follow_up(profile_of(training), facts)]
    return sorted(found, key=lambda finding: finding.due)
