"""From the stored portfolio to the pure follow-up (followup.py) and the study-time ledger."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from stportal.adapters.timeline import done_milestones, signed_parts, with_timelines
from stportal.adapters.trainings import LATEST_TRAINING_PLANS, PLACEMENTS_WITH_CONTRACTS
from stportal.curricula.models import Goal
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, PlanVersion, RotationContract
from stportal.routines.schema import RoutineProfile
from stportal.rules import followup_input
from stportal.rules.development_share import DevelopmentShare, development_share
from stportal.rules.drafting import coverage
from stportal.rules.followup import Facts, goals_missing_documents
from stportal.rules.plan_content import PlanContent
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.scholarly_work import Work
from stportal.rules.study_time import Period, WeekFacts, due_in_week, week_at_work, weeks
from stportal.rules.supervisors import Appointment, Supervisor
from stportal.timeline.findings import Finding
from stportal.timeline.result import Timeline
from stportal.training.models import AbsenceKind, Placement, Training
from stportal.training.routine import profile_of

# R6.11 (V): "frånvaro pga. sjukdom, VAB eller dylikt" during a rotation is reported to both.
UNPLANNED_ABSENCES = (AbsenceKind.SICK_LEAVE, AbsenceKind.CARE_OF_CHILD)


def _placements(training: Training) -> list[Placement] | None:
    """The placements with their units and rotation contracts when the selector prefetched
    them (adapters.trainings.trainings_for_follow_up), else None."""
    return getattr(training, PLACEMENTS_WITH_CONTRACTS, None)


def _all_placements(training: Training) -> list[Placement]:
    """The placements, from the prefetch when there is one."""
    placements = _placements(training)
    return list(training.placements.all()) if placements is None else placements


def _latest_plan(training: Training) -> PlanVersion | None:
    """The newest training plan version, from the prefetch when there is one."""
    prefetched: list[PlanVersion] | None = getattr(training, LATEST_TRAINING_PLANS, None)
    if prefetched is None:
        return plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    return prefetched[0] if prefetched else None


def goals_by_regulation(regulations: Iterable[str]) -> dict[str, list[Goal]]:
    """The delmål of each regulation in one query, as plans.services.goal_specs orders them."""
    found: dict[str, list[Goal]] = {regulation: [] for regulation in regulations}
    for goal in (
        Goal.objects.filter(curriculum__regulation__in=list(found))
        .select_related("curriculum")
        .order_by("position")
    ):
        found[goal.curriculum.regulation].append(goal)
    return found


def week_facts(training: Training) -> WeekFacts:
    steps = sorted((s.from_date, s.percent) for s in training.employment_steps.all())
    placements = _placements(training)
    if placements is None:
        placements = list(training.placements.all())
    return WeekFacts(
        employment=steps,
        home_unit=[Period(p.from_date, p.to_date) for p in placements if p.kind == "home_unit"],
        education=[Period(c.from_date, c.to_date) for c in training.courses.all()],
        days_off=[Period(a.from_date, a.to_date, a.percent) for a in training.absences.all()],
    )


# A week is away for supervision (R8.4) when most of its working days (3 of 5) are whole days
# off; a partial absence (10 % parental leave) leaves every day worked (issue 11). Our reading:
# the routines ask for an hour "per vecka" of work and name no threshold.
AWAY_WHOLE_DAYS = 3


def weeks_away(facts: WeekFacts, start: date, as_of: date) -> set[date]:
    """The Mondays of the weeks the resident was mostly away (AWAY_WHOLE_DAYS)."""
    return {
        week
        for absence in facts.days_off
        for week in weeks(max(start, absence.first), min(as_of, absence.last))
        if week_at_work(facts, week)[0] >= AWAY_WHOLE_DAYS
    }


def development_share_of(training: Training, as_of: date) -> DevelopmentShare | None:
    """R3.1 (G): the share of working time recorded as professional development, for the time
    page (information, not a finding: rules.development_share)."""
    return development_share(
        profile_of(training),
        week_facts(training),
        start=training.start_date,
        as_of=as_of,
        study={e.week: e.minutes for e in training.study_time_entries.all()},
        supervision=[(s.held_on, s.minutes) for s in training.supervision_sessions.all()],
    )


def study_due(profile: RoutineProfile, facts: WeekFacts, start: date, as_of: date):
    return [(week, due_in_week(profile, facts, week)) for week in weeks(start, as_of)]


def evidence_by_goal(training: Training, *, today: date) -> dict[str, list[str]]:
    """What shows progress in each delmål: courses, assessments, certificates, works, and the
    service done by `today`."""
    return _evidence(training, today)[0]


def evidence_kinds_by_goal(training: Training, *, today: date) -> dict[str, set[str]]:
    """The kinds of evidence of each delmål (R9.5): "course", "assessment", "certificate",
    "written_work", "quality_work", "service"."""
    return _evidence(training, today)[1]


def _evidence(training: Training, today: date) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    found: dict[str, list[str]] = {}
    kinds: dict[str, set[str]] = {}

    def add(goals: list[str], what: str, kind: str) -> None:
        for code in goals:
            kinds.setdefault(code, set()).add(kind)
            items = found.setdefault(code, [])
            if what not in items:  # two placements at one unit are one piece of evidence
                items.append(what)

    for course in training.courses.all():
        add(course.goals, course.name, "course")
    for assessment in training.assessments.all():
        if assessment.completed_at is not None:
            add(assessment.goals, f"{assessment.method_name} {assessment.held_on}", "assessment")
    for contract, placement in _certified_contracts(training):
        place = contract.certified_place or placement.unit_name  # as certified
        add(contract.goals, f"{place} ({contract.certified_by_name})", "certificate")
    for work in training.scholarly_works.all():
        add(work.goals, work.topic, work.kind)
    _add_placements(training, add, today)
    return found, kinds


def _certified_contracts(training: Training) -> list[tuple[RotationContract, Placement]]:
    """The certified rotation contracts, each with its placement."""
    placements = _placements(training)
    if placements is None:
        contracts = RotationContract.objects.filter(
            placement__training=training, certified_at__isnull=False
        ).select_related("placement__unit")
        return [(contract, contract.placement) for contract in contracts]
    return [
        (contract, placement)
        for placement in placements
        if (contract := getattr(placement, "rotation_contract", None)) is not None
        and contract.certified_at is not None
    ]


def _add_placements(training: Training, add, today: date) -> None:
    """Service done counts for the delmål whose planned activities are service of that kind."""
    plan = _latest_plan(training)
    document = plan.document if plan is not None else None
    if not isinstance(document, PlanContent):
        return
    served = {
        "home_unit": "clinical_service",
        "rotation": "rotation",
        "auskultation": "auskultation",
    }
    placements = _placements(training)
    if placements is None:
        placements = list(training.placements.filter(from_date__lte=today).select_related("unit"))
    for placement in placements:
        if placement.from_date > today:
            continue
        kind = served[placement.kind]
        goals = [
            code
            for code, goal in document.goals.items()
            if any(a.kind == kind for a in goal.activities)
        ]
        add(goals, f"{placement.get_kind_display()} {placement.unit_name}", "service")


def scholarly_works_of(training: Training) -> list[Work]:
    """The written and quality works as the pure R4 rules take them (rules.scholarly_work)."""
    return [
        Work(
            kind=w.kind,
            planned_on=w.planned_on,
            supervisor=bool(w.research_supervisor_id or w.research_supervisor_name),
            presented_on=w.presented_on,
            completed_on=w.completed_on,
            working_days=w.working_days,
        )
        for w in training.scholarly_works.all()
    ]


def course_ends_of(training: Training) -> dict[str, date]:
    """The last day of each catalogue course taken, the earliest time it was taken (R4.5)."""
    ends: dict[str, date] = {}
    for course in training.courses.all():
        if course.course_code:
            known = ends.get(course.course_code)
            ends[course.course_code] = (
                course.to_date if known is None else min(known, course.to_date)
            )
    return ends


def facts_of(training: Training, result: Timeline, goals: list[Goal] | None = None) -> Facts:
    """The follow-up's facts as of the timeline's date, reusing its computed timeline; `goals`
    are the delmål of the training's regulation when the caller has read them already."""
    as_of = result.as_of
    profile = profile_of(training)
    if goals is None:
        goals = plan_services.goal_specs(training)
    plan = _latest_plan(training)
    document = plan.document if plan is not None else None
    unplanned: list[str] = []
    if isinstance(document, PlanContent):
        unplanned = [
            c.code for c in coverage(plan_services.specs(goals), document) if not c.planned
        ]
    evidence, evidence_kinds = _evidence(training, as_of)
    weeks_of = week_facts(training)
    return Facts(
        as_of=as_of,
        start=training.start_date,
        completion=result.projected_completion,
        regulation=training.regulation,
        supervision=[(s.held_on, s.minutes) for s in training.supervision_sessions.all()],
        weeks_away=weeks_away(weeks_of, training.start_date, as_of),
        study_due=study_due(profile, weeks_of, training.start_date, as_of),
        study_taken={e.week: e.minutes for e in training.study_time_entries.all()},
        assessments=[a.held_on for a in training.assessments.all() if a.held_on and a.completed_at],
        home_unit=[(p.first, p.last) for p in weeks_of.home_unit],
        assessment_methods=[
            (a.held_on, a.method)
            for a in training.assessments.all()
            if a.held_on and a.completed_at
        ],
        annual_reviews=[m for m in result.milestones if m.code == "annual_review"],
        signed_parts={r.year: signed_parts(r) for r in training.annual_reviews.all()},
        courses_taken={c.course_code for c in training.courses.all() if c.course_code},
        goals_unplanned=unplanned,
        goals_without_evidence=[g.code for g in goals if g.code not in evidence],
        goals_missing_documents=goals_missing_documents(
            {g.code: g.activities for g in goals}, evidence_kinds
        ),
        has_plan=plan is not None,
        scholarly_planned={w.kind: w.planned_on for w in training.scholarly_works.all()},
        works=scholarly_works_of(training),
        course_ends=course_ends_of(training),
        plans_exam=training.plans_exam,
        supervisors=[
            Supervisor(
                str(person),
                person.supervisor_training_on,
                person.supervisor_training_regulation,
                person.specialty,
                main=index == 0,
            )
            for index, person in enumerate(
                [training.main_supervisor, *training.co_supervisors.all()]
            )
        ],
        # R6.11/R6.12 (V): rotations, unplanned absences ("sjukdom, VAB eller dylikt"), cover.
        rotations=[
            (p.from_date, p.to_date)
            for p in _all_placements(training)
            if p.kind == Placement.Kind.ROTATION
        ],
        rotation_absences=[
            RotationAbsence(a.from_date, a.to_date, a.reported_to_clinic_and_unit_head)
            for a in training.absences.all()
            if a.kind in UNPLANNED_ABSENCES
        ],
        results_covered_by=training.results_covered_by,
        absence_spans=[(a.from_date, a.to_date) for a in training.absences.all()],
        # R8.2: Training.clean lets only a unit head of the home unit be the recorded appointer.
        main_supervisor_appointment=Appointment(
            training.main_supervisor_appointed_on,
            True if training.main_supervisor_appointed_by_id is not None else None,
        ),
    )


def findings_of(
    training: Training, result: Timeline, *, goals: list[Goal] | None = None
) -> list[Finding]:
    """Everything open for the training on the day of its timeline `result`: the timeline's
    findings and the follow-up's. `goals`: its regulation's delmål when the caller has them."""
    facts = facts_of(training, result, goals)
    # The same function as the command line and the API (issue 11, "Testable from outside").
    return followup_input.findings(profile_of(training), result, facts)


def followup_document(
    training: Training, result: Timeline, *, goals: list[Goal] | None = None
) -> dict[str, object]:
    """The follow-up's input document (docs/followup.md) the pages use for the training on the
    day of its timeline `result`, as JSON: `stportal followup` on it gives `findings_of`."""
    timeline_document: dict[str, object] = {
        "regulation": training.regulation,
        "profile": training.home_unit.region.routine_profile,
        "start": training.start_date.isoformat(),
        "credited_months": training.credited_months,
        "employment": [
            {"from": s.from_date.isoformat(), "percent": s.percent}
            for s in sorted(training.employment_steps.all(), key=lambda step: step.from_date)
        ],
        "absences": [
            {
                "kind": a.kind,
                "from": a.from_date.isoformat(),
                "to": a.to_date.isoformat(),
                "percent": a.percent,
                "counts": a.counts,
            }
            for a in training.absences.all()
        ],
        "exam": training.plans_exam,
        "as_of": result.as_of.isoformat(),
        "done": [
            {"code": code} if year is None else {"code": code, "year": year}
            for code, year in sorted(done_milestones(training), key=lambda d: (d[0], d[1] or 0))
        ],
    }
    return followup_input.document_of(timeline_document, facts_of(training, result, goals))


def with_findings(trainings: Iterable[Training], as_of: date) -> list[Training]:
    """The trainings, each with its `timeline`, its `findings` and their number (`open_count`),
    for tables of residents; without a query per row when they come from
    adapters.trainings.trainings_for_follow_up."""
    found = with_timelines(trainings, as_of)
    goals = goals_by_regulation({training.regulation for training in found})
    for training in found:
        result = training.timeline
        if result is None:
            training.findings = []
            continue
        findings = findings_of(training, result, goals=goals[training.regulation])
        training.findings = findings
        training.open_count = len(findings)
    return found
