"""A new training plan prefilled from the region's routine and the curriculum, and the coverage
of the delmål by what a plan holds (issue 4). Pure Python: plain data in, plain data out.

Two kinds of delmål of HSLF-FS 2021:8 prescribe no activity (issue 11):

- STa3 Medicinsk vetenskap: the regulation names none, only the supervisor's certificate
  (docs/regulations-notes.md §1.3). Both regions' course lists give it their research-methods
  course (G "Medicinsk vetenskap (forskningsmetodik)"; V "Vetenskapsmetodik", år 2–3), so the
  draft plans that course for it, as for any delmål a routine's course covers. A plan that then
  holds nothing for it is reported as having nothing planned: the plan must say how it is met.
- BT1–BT18 belong to the BT (bastjänstgöring), which is planned and certified on its own
  (SoS-2021-Bil-2) and which issue 14 brings into the portal. The ST plan holds nothing for them,
  and its coverage says so (`planned_with == "bt"`) instead of "nothing planned".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from stportal.routines.schema import Course, RoutineProfile
from stportal.rules.plan_content import GoalPlan, PlanContent, PlannedActivity, PlannedCourse
from stportal.rules.plan_content import YearPlanStep as PlanYearStep
from stportal.timeline.text import _, gettext_noop

# What each kind of planned activity gives towards the activities the curriculum prescribes.
PROVIDES: dict[str, frozenset[str]] = {
    "clinical_service": frozenset({"clinical_service", "clinical_service_primary_care"}),
    "rotation": frozenset({"clinical_service", "clinical_service_other_units"}),
    "auskultation": frozenset({"auskultation"}),
    "course": frozenset({"course"}),
    "quality_work": frozenset({"quality_work", "development_work"}),
    "written_work": frozenset({"written_work"}),
    "teaching": frozenset(),
    "other": frozenset(),
}

# The planned activity a prescribed one is drafted as: (kind, description).
DRAFTED_AS: dict[str, tuple[str, str]] = {
    "clinical_service": ("clinical_service", gettext_noop("Throughout the ST at the home unit")),
    "clinical_service_primary_care": (
        "clinical_service",
        gettext_noop("Throughout the ST at the home unit"),
    ),
    "clinical_service_other_units": ("rotation", gettext_noop("As in the time plan")),
    "auskultation": ("auskultation", gettext_noop("To be planned with the supervisor")),
    "course": ("course", gettext_noop("As in the course plan")),
    "quality_work": ("quality_work", gettext_noop("To be planned with the supervisor")),
    "development_work": ("quality_work", gettext_noop("To be planned with the supervisor")),
    "written_work": ("written_work", gettext_noop("To be planned with the supervisor")),
}


# The BT delmål of HSLF-FS 2021:8 (BT1–BT18): planned with the BT, not in the ST plan.
BT_GOAL = re.compile(r"^BT\d+$")


def planned_with(code: str) -> str | None:
    """Where a delmål is planned if not in the training plan itself: "bt" for the BT delmål."""
    return "bt" if BT_GOAL.match(code) else None


@dataclass(frozen=True)
class GoalSpec:
    """A delmål as the curriculum gives it: code and the prescribed activities (all-of any-of)."""

    code: str
    activities: Sequence[Sequence[str]]


@dataclass(frozen=True)
class GoalCoverage:
    code: str
    activities: int  # how many activities the plan holds for it
    missing: list[list[str]]  # the prescribed groups no planned activity provides
    planned_with: str | None = None  # "bt": a BT delmål, planned with the BT (issue 14)

    @property
    def planned(self) -> bool:
        """The plan accounts for the delmål: it holds an activity for it, or the delmål is the
        BT's, which is planned on its own."""
        return self.activities > 0 or self.planned_with is not None

    @property
    def covered(self) -> bool:
        return self.planned and not self.missing


def draft_plan(profile: RoutineProfile, regulation: str, goals: Iterable[GoalSpec]) -> PlanContent:
    """Never blank: each delmål with the activities its prescription needs, the mandatory
    courses with their suggested years (R7.4), the year plan (V, R2.8) and the study time."""
    courses = _mandatory_courses(profile)
    return PlanContent(
        study_time=profile.study_time.arrangements[0],
        supervision=_("Scheduled supervision at least %(minutes)d minutes a week.")
        % {"minutes": profile.supervision.min_minutes_per_week},
        goals={goal.code: _draft_goal(goal, courses, regulation) for goal in goals},
        courses=[PlannedCourse(code=c.code, name=c.name, years=_years(c)) for c in courses],
        year_plan=[
            PlanYearStep(years=list(range(s.years[0], s.years[1] + 1)), items=s.items)
            for s in profile.year_plan.steps
        ],
    )


def _draft_goal(goal: GoalSpec, courses: list[Course], regulation: str) -> GoalPlan:
    if not any(goal.activities):
        # Nothing prescribed (STa3; the BT delmål): the routine's courses for it, if any.
        matching = [c for c in courses if goal.code in _course_goals(c, regulation)]
        return GoalPlan(activities=[_course_activity(c) for c in matching])
    activities: list[PlannedActivity] = []
    for group in goal.activities:
        if not group:
            continue
        if group[0] == "course":
            activities += _course_activities(goal.code, courses, regulation)
            continue
        kind, description = DRAFTED_AS[group[0]]
        activities.append(PlannedActivity(kind=kind, description=_(description)))  # type: ignore[arg-type]
    return GoalPlan(activities=activities)


def _course_activities(code: str, courses: list[Course], regulation: str) -> list[PlannedActivity]:
    matching = [c for c in courses if code in _course_goals(c, regulation)]
    if not matching:
        return [PlannedActivity(kind="course", description=_(DRAFTED_AS["course"][1]))]
    return [_course_activity(c) for c in matching]


def _course_activity(course: Course) -> PlannedActivity:
    year = _years(course)[0] if course.years else None
    return PlannedActivity(kind="course", description=course.name, year=year)


def _mandatory_courses(profile: RoutineProfile) -> list[Course]:
    return [course for course in profile.courses.catalogue if course.mandatory]


def _course_goals(course: Course, regulation: str) -> list[str]:
    return course.goals_2015 if regulation.startswith("SOSFS") else course.goals_2021


def _years(course: Course) -> list[int]:
    return list(range(course.years[0], course.years[1] + 1)) if course.years else []


def coverage(goals: Iterable[GoalSpec], plan: PlanContent) -> list[GoalCoverage]:
    """For each delmål: how much is planned, and which prescribed activities nothing provides."""
    planned = {code: [a.kind for a in goal.activities] for code, goal in plan.goals.items()}
    return kinds_coverage(goals, planned)


def kinds_coverage(
    goals: Iterable[GoalSpec], planned_kinds: Mapping[str, Sequence[str]]
) -> list[GoalCoverage]:
    """`coverage` of a plan given as delmål -> the kinds of its planned activities (the
    follow-up's records, rules.followup_records)."""
    result = []
    for goal in goals:
        planned = planned_kinds.get(goal.code, ())
        provided = frozenset().union(*(PROVIDES[kind] for kind in planned))
        missing = [list(group) for group in goal.activities if group and not provided & set(group)]
        result.append(GoalCoverage(goal.code, len(planned), missing, planned_with(goal.code)))
    return result
