"""What is recorded about one resident's ST, raw, and the follow-up's facts derived from it
(issue 11, "Testable from outside"). Pure Python.

The pages (stportal.adapters.followup) and the follow-up document (rules.followup_input, the
command line and the API) both describe a resident by these records: the sessions, study time,
assessments, placements, courses, ST-days, works, the training plan's activities, the annual
reviews signed, the supervisors. `facts_of` derives from them, with the timeline's result and the
curriculum's delmål, everything the rules read (rules.followup.Facts): the weeks away, the study
time due each week, the delmål with nothing planned or no evidence. So an outside caller sends
only what it has stored, and cannot get a different answer from the pages by sending a derived
value of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.rules.clinical_work import ListCount, OnCall
from stportal.rules.drafting import GoalSpec, kinds_coverage, planned_with
from stportal.rules.followup import Facts, goals_missing_documents
from stportal.rules.readiness import readiness
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.scholarly_work import Work
from stportal.rules.study_time import Period, WeekFacts, employment_on, study_due, weeks_away
from stportal.rules.supervisors import Appointment, Supervisor
from stportal.timeline.dates import LATEST_DATE
from stportal.timeline.result import Timeline
from stportal.timeline.served import History

# The planned activity each kind of placement is service for (R9.5: service done is evidence
# for the delmål whose planned activities are that service).
SERVICE_OF_PLACEMENT = {
    "home_unit": "clinical_service",
    "rotation": "rotation",
    "auskultation": "auskultation",
}
PLACEMENT_KINDS = tuple(SERVICE_OF_PLACEMENT)
ONE_DAY = timedelta(days=1)
# Kinds of education event (R3.1, R3.3, R12.1). A lecture or seminar is "annan typ av teoretisk
# utbildning (t ex tisdagsföreläsning, kurser mm)" and pauses G's study time for its week; a week
# with "endast ST-dag/träff" keeps it; an FQ-group is professional development (R3.1) only.
EDUCATION_KINDS = ("st_day", "lecture", "fq_group")
PAUSES_STUDY_TIME = frozenset({"lecture"})
# The minutes of one education event, shared by the page's form and the document (one a day).
EDUCATION_MINUTES = (1, 720)


@dataclass(frozen=True)
class PlacementRecord:
    """A placement: at the home unit, a rotation or an auskultation, both days included, with
    the delmål its certificate covers once certified and its home-return days (R6.9, R8.4)."""

    kind: str
    first: date
    last: date
    certified_goals: tuple[str, ...] = ()
    home_return_days: tuple[date, ...] = ()


@dataclass(frozen=True)
class CourseTaken:
    """A course taken: its catalogue code ("" when not in the region's catalogue), its days, the
    delmål it is evidence for."""

    first: date
    last: date
    code: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class EducationEvent:
    """An ST-day, lecture or seminar, or FQ-group meeting on one day (EDUCATION_KINDS)."""

    kind: str
    on: date
    minutes: int = 0


@dataclass(frozen=True)
class AssessmentDone:
    """A completed assessment: its day, its method's code, the delmål it is evidence for."""

    on: date
    method: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoalJudgement:
    """A delmål judged by the supervisor: met or not; and whether the unit head agreed (R5.5)."""

    goal: str
    met: bool
    unit_head_agreed: bool = False


@dataclass(frozen=True)
class Records:
    """Everything stored about one resident's ST that the follow-up reads besides the timeline's
    own input (employment, absences, credited months, milestones done)."""

    supervision: list[tuple[date, int]] = field(default_factory=list)  # (day, minutes)
    # the weeks recorded as differing from the schedule: Monday -> minutes taken (R3, issue 12)
    study_exceptions: dict[date, int] = field(default_factory=dict)
    assessments: list[AssessmentDone] = field(default_factory=list)
    # None: not known, then every week counts as at the home unit and there are no rotations
    placements: list[PlacementRecord] | None = None
    courses: list[CourseTaken] = field(default_factory=list)
    education: list[EducationEvent] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    # The latest training plan: delmål -> the kinds of its planned activities; None: no plan
    plan: dict[str, list[str]] | None = None
    signed_parts: dict[int, set[str]] = field(default_factory=dict)  # year -> parts signed
    plans_exam: bool = False
    supervisors: list[Supervisor] = field(default_factory=list)  # the main supervisor first
    main_supervisor_appointment: Appointment | None = None
    rotation_absences: list[RotationAbsence] = field(default_factory=list)
    results_covered_by: str = ""
    judgements: list[GoalJudgement] = field(default_factory=list)  # R5.5
    patient_list: list[ListCount] = field(default_factory=list)  # R10.1
    on_call: list[OnCall] = field(default_factory=list)  # R10.2


def week_facts(history: History, records: Records, *, min_lecture_minutes: int = 0) -> WeekFacts:
    """The weeks as the study-time rules read them (rules.study_time): employment and absences
    from the timeline's history, the weeks at the home unit, and the theoretical education (a
    lecture or seminar of at least `min_lecture_minutes`: the profile's
    `other_education_min_minutes`, so a token entry does not pause a week).

    The home unit is where the resident serves unless a placement elsewhere says otherwise: every
    day from the start outside a rotation or auskultation (so no placements recorded and
    placements not known mean the same: always at the home unit)."""
    elsewhere = sorted((p.first, p.last) for p in records.placements or [] if p.kind != "home_unit")
    education = [Period(c.first, c.last) for c in records.courses] + [
        Period(e.on, e.on)
        for e in records.education
        if e.kind in PAUSES_STUDY_TIME and e.minutes >= min_lecture_minutes
    ]
    return WeekFacts(
        employment=[(step.start, step.percent) for step in history.employment],
        home_unit=_outside(history.start, elsewhere),
        education=education,
        days_off=[Period(a.start, a.end, a.percent) for a in history.absences],
    )


def _outside(start: date, elsewhere: list[tuple[date, date]]) -> list[Period]:
    """The periods from `start` to the end of time not covered by `elsewhere` (sorted)."""
    free: list[Period] = []
    day = start
    for first, last in elsewhere:
        if last < day:
            continue
        if first > day:
            free.append(Period(day, first - ONE_DAY))
        day = max(day, last + ONE_DAY)
    free.append(Period(day, LATEST_DATE))
    return free


def evidence_kinds(records: Records, as_of: date) -> dict[str, set[str]]:
    """R9.5: the kinds of evidence each delmål has by `as_of`: "course", "assessment",
    "certificate", "written_work", "quality_work", and "service" (a placement begun, for the
    delmål whose planned activities are that service)."""
    kinds: dict[str, set[str]] = {}

    def add(goals: Iterable[str], kind: str) -> None:
        for code in goals:
            kinds.setdefault(code, set()).add(kind)

    for course in records.courses:
        add(course.goals, "course")
    for assessment in records.assessments:
        add(assessment.goals, "assessment")
    for work in records.works:
        add(work.goals, work.kind)
    for placement in records.placements or []:
        add(placement.certified_goals, "certificate")
        if placement.first <= as_of and records.plan is not None:
            served = SERVICE_OF_PLACEMENT.get(placement.kind)
            add((code for code, planned in records.plan.items() if served in planned), "service")
    return kinds


def unplanned_goals(goals: Sequence[GoalSpec], plan: dict[str, list[str]]) -> list[str]:
    """R2.2: the delmål for which the plan holds no activity (rules.drafting.coverage; BT
    delmål are planned with the BT)."""
    return [c.code for c in kinds_coverage(goals, plan) if not c.planned]


def course_ends(records: Records) -> dict[str, date]:
    """The last day of each catalogue course, the earliest time it was taken (R4.5)."""
    ends: dict[str, date] = {}
    for course in records.courses:
        if course.code:
            known = ends.get(course.code)
            ends[course.code] = course.last if known is None else min(known, course.last)
    return ends


def facts_of(
    profile: RoutineProfile,
    result: Timeline,
    regulation: str,
    goals: Sequence[GoalSpec],
    records: Records,
) -> Facts:
    """The follow-up's facts on the timeline's day, from the records and the delmål `goals` of
    the resident's regulation (the pages read them from the database, the command line from
    rules.curriculum: the same data)."""
    as_of = result.as_of
    start = result.history.start
    weeks = week_facts(
        result.history,
        records,
        min_lecture_minutes=profile.study_time.other_education_min_minutes,
    )
    kinds = evidence_kinds(records, as_of)
    placements = records.placements or []
    done = sorted(records.assessments, key=lambda a: a.on)
    ready = readiness(
        served_percent_days=result.served_percent_days,
        required_days=result.required_days,
        goals=[g.code for g in goals if planned_with(g.code) is None],  # BT: judged in the BT
        met={j.goal for j in records.judgements if j.met},
        unit_head_agreed={j.goal for j in records.judgements if j.met and j.unit_head_agreed},
        judged_by=list(profile.final_evaluation.goals_judged_by),
    )
    return Facts(
        as_of=as_of,
        start=start,
        completion=result.projected_completion,
        regulation=regulation,
        annual_reviews=[m for m in result.milestones if m.code == "annual_review"],
        supervision=list(records.supervision),
        weeks_away=weeks_away(weeks, start, as_of),
        study_due=study_due(profile, weeks, start, as_of),
        study_exceptions=dict(records.study_exceptions),
        assessments=[a.on for a in done],
        assessment_methods=[(a.on, a.method) for a in done],
        home_unit=[(p.first, p.last) for p in weeks.home_unit],
        signed_parts=records.signed_parts,
        courses_taken={c.code for c in records.courses if c.code},
        goals_unplanned=[] if records.plan is None else unplanned_goals(goals, records.plan),
        goals_without_evidence=[g.code for g in goals if g.code not in kinds],
        goals_missing_documents=goals_missing_documents(
            {g.code: [list(group) for group in g.activities] for g in goals}, kinds
        ),
        has_plan=records.plan is not None,
        works=list(records.works),
        course_ends=course_ends(records),
        plans_exam=records.plans_exam,
        supervisors=list(records.supervisors),
        main_supervisor_appointment=records.main_supervisor_appointment,
        rotations=[(p.first, p.last) for p in placements if p.kind == "rotation"],
        rotation_absences=list(records.rotation_absences),
        results_covered_by=records.results_covered_by,
        absence_spans=[(a.start, a.end) for a in result.history.absences],
        home_return_days=sorted(
            day
            for p in placements
            if p.kind == "rotation"
            for day in p.home_return_days
            if p.first <= day <= p.last and not _whole_day_off(weeks, day)
        ),
        goals_not_met=ready.goals_not_met,
        goals_not_agreed=ready.goals_not_agreed,
        employment=[(step.start, step.percent) for step in result.history.employment],
        patient_list=list(records.patient_list),
        on_call=list(records.on_call),
        history=result.history,
    )


def _whole_day_off(weeks: WeekFacts, day: date) -> bool:
    """Nothing of the day's employment is left after the absences covering it."""
    leave = sum(p.percent for p in weeks.days_off if p.first <= day <= p.last)
    return employment_on(weeks, day) - leave <= 0
