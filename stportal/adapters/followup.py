"""From the stored portfolio to the pure follow-up (followup.py) and the study-time ledger."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from stportal.adapters.timeline import done_milestones, history_of, signed_parts, with_timelines
from stportal.adapters.trainings import LATEST_TRAINING_PLANS, PLACEMENTS_WITH_CONTRACTS
from stportal.curricula.models import Goal
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, PlanVersion, RotationContract
from stportal.portfolio.models import GoalStatus
from stportal.rules import followup_input, followup_records
from stportal.rules.clinical_work import ListCount, OnCall
from stportal.rules.development_share import DevelopmentShare, development_share
from stportal.rules.followup import Facts
from stportal.rules.followup_records import (
    AssessmentDone,
    CourseTaken,
    EducationEvent,
    GoalJudgement,
    PlacementRecord,
    Records,
)
from stportal.rules.plan_content import PlanContent
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.scholarly_work import Work
from stportal.rules.study_time import Period, WeekFacts, study_due
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
    if placements is None:
        return list(
            training.placements.select_related("unit", "rotation_contract").prefetch_related(
                "home_return_days"
            )
        )
    return placements


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


def _week_records(training: Training) -> Records:
    """What the study-time rules read of the training's records: placements, courses and the
    ST-days, lectures and FQ-groups."""
    return Records(
        placements=_placement_records(training),
        courses=_course_records(training),
        education=_education_records(training),
    )


def week_facts(training: Training, records: Records | None = None) -> WeekFacts:
    """The training's weeks as the study-time rules read them (the study-time page's ledger),
    from the same records as the follow-up."""
    minimum = profile_of(training).study_time.other_education_min_minutes
    return followup_records.week_facts(
        history_of(training), records or _week_records(training), min_lecture_minutes=minimum
    )


def development_share_of(training: Training, as_of: date) -> DevelopmentShare | None:
    """R3.1 (G): the share of working time recorded as professional development, for the time
    page (information, not a finding: rules.development_share). The course days count whole;
    the ST-days, lectures and FQ-groups by their minutes."""
    profile = profile_of(training)
    records = _week_records(training)
    # Study time is taken as scheduled unless a week is recorded as differing (issue 12).
    exceptions = {e.week: e.minutes for e in training.study_time_entries.all()}
    weeks = week_facts(training, records)
    scheduled = study_due(profile, weeks, training.start_date, as_of)
    # The course days count whole here; the lecture days count by their minutes (`events`).
    courses_only = replace(weeks, education=[Period(c.first, c.last) for c in records.courses])
    return development_share(
        profile,
        courses_only,
        start=training.start_date,
        as_of=as_of,
        study={week: exceptions.get(week, due) for week, due in scheduled},
        supervision=[(s.held_on, s.minutes) for s in training.supervision_sessions.all()],
        events=[(e.on, e.minutes) for e in records.education],
    )


def evidence_by_goal(training: Training, *, today: date) -> dict[str, list[str]]:
    """What shows progress in each delmål (the delmål page): courses, assessments, certificates,
    works, and the service done by `today`, each named as the resident knows it. The kinds of
    evidence the rules judge (R9.5) come from the same records: followup_records.evidence_kinds."""
    found: dict[str, list[str]] = {}

    def add(goals: list[str], what: str) -> None:
        for code in goals:
            items = found.setdefault(code, [])
            if what not in items:  # two placements at one unit are one piece of evidence
                items.append(what)

    for course in training.courses.all():
        add(course.goals, course.name)
    for assessment in training.assessments.all():
        if assessment.completed_at is not None:
            add(assessment.goals, f"{assessment.method_name} {assessment.held_on}")
    for contract, placement in _certified_contracts(training):
        place = contract.certified_place or placement.unit_name  # as certified
        add(contract.goals, f"{place} ({contract.certified_by_name})")
    for work in training.scholarly_works.all():
        add(work.goals, work.topic)
    _add_placements(training, add, today)
    return found


def evidence_kinds_by_goal(training: Training, *, today: date) -> dict[str, set[str]]:
    """The kinds of evidence of each delmål (R9.5), as the follow-up judges them."""
    return followup_records.evidence_kinds(records_of(training), today)


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
    served = followup_records.SERVICE_OF_PLACEMENT
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
        add(goals, f"{placement.get_kind_display()} {placement.unit_name}")


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
            goals=tuple(w.goals),
        )
        for w in training.scholarly_works.all()
    ]


def _placement_records(training: Training) -> list[PlacementRecord]:
    """The placements, each with the delmål of its certificate once certified and its
    home-return days."""
    found = []
    for placement in _all_placements(training):
        contract = getattr(placement, "rotation_contract", None)
        certified: tuple[str, ...] = ()
        if contract is not None and contract.certified_at is not None:
            certified = tuple(contract.goals)
        found.append(
            PlacementRecord(
                kind=placement.kind,
                first=placement.from_date,
                last=placement.to_date,
                certified_goals=certified,
                home_return_days=tuple(d.day for d in placement.home_return_days.all()),
            )
        )
    return found


def _course_records(training: Training) -> list[CourseTaken]:
    return [
        CourseTaken(c.from_date, c.to_date, c.course_code or "", tuple(c.goals))
        for c in training.courses.all()
    ]


def _education_records(training: Training) -> list[EducationEvent]:
    return [EducationEvent(e.kind, e.held_on, e.minutes) for e in training.education_events.all()]


def _planned_kinds(training: Training) -> dict[str, list[str]] | None:
    """The latest training plan as delmål -> kinds of planned activity; None without a plan (an
    empty dict when its content cannot be read as a plan)."""
    plan = _latest_plan(training)
    if plan is None:
        return None
    document = plan.document
    if not isinstance(document, PlanContent):
        return {}
    return {code: [a.kind for a in goal.activities] for code, goal in document.goals.items()}


def records_of(training: Training) -> Records:
    """Everything stored about the training that the follow-up reads, as plain records
    (rules.followup_records); with adapters.trainings.trainings_for_follow_up, no query."""
    return Records(
        supervision=[(s.held_on, s.minutes) for s in training.supervision_sessions.all()],
        study_exceptions={e.week: e.minutes for e in training.study_time_entries.all()},
        assessments=[
            AssessmentDone(a.held_on, a.method, tuple(a.goals))
            for a in training.assessments.all()
            if a.held_on and a.completed_at
        ],
        placements=_placement_records(training),
        courses=_course_records(training),
        education=_education_records(training),
        works=scholarly_works_of(training),
        plan=_planned_kinds(training),
        signed_parts={r.year: signed_parts(r) for r in training.annual_reviews.all()},
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
        # R8.2: Training.clean lets only a unit head of the home unit be the recorded appointer.
        main_supervisor_appointment=Appointment(
            training.main_supervisor_appointed_on,
            True if training.main_supervisor_appointed_by_id is not None else None,
        ),
        # R6.11/R6.12 (V): unplanned absences ("sjukdom, VAB eller dylikt") and who covers.
        rotation_absences=[
            RotationAbsence(a.from_date, a.to_date, a.reported_to_clinic_and_unit_head)
            for a in training.absences.all()
            if a.kind in UNPLANNED_ABSENCES
        ],
        results_covered_by=training.results_covered_by,
        judgements=[
            GoalJudgement(p.goal, p.status == GoalStatus.MET, p.unit_head_agreed_at is not None)
            for p in training.goal_progress.all()
        ],
        patient_list=[ListCount(c.on, c.patients) for c in training.patient_list_counts.all()],
        on_call=[OnCall(e.kind, e.on) for e in training.on_call_events.all()],
    )


def facts_of(training: Training, result: Timeline, goals: list[Goal] | None = None) -> Facts:
    """The follow-up's facts as of the timeline's date, reusing its computed timeline; `goals`
    are the delmål of the training's regulation when the caller has read them already."""
    if goals is None:
        goals = plan_services.goal_specs(training)
    return followup_records.facts_of(
        profile_of(training),
        result,
        training.regulation,
        plan_services.specs(goals),
        records_of(training),
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
    return followup_input.document_of(timeline_document, records_of(training))


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
