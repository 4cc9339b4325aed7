"""Which parts of a training plan (IUP) two versions differ in (issue 12, R2.6).

G 4.1.1: "Utbildnings- och tjänstgöringsplanen ska stämmas av och revideras kontinuerligt, av
handledare och ST-läkare." The region's profile (`training_plan.revision_may_change`) names the
parts a revision by the resident and the main supervisor may change; a revision that changes any
other part is a change of the overall plan, which all signers establish again. This module only
tells the parts apart; plans.services decides who signs. Plain data in, plain data out: no Django.
"""

from __future__ import annotations

from stportal.routines.schema import PlanPart
from stportal.rules.plan_content import GoalPlan, PlanContent

# The plan's top-level fields that are one part each.
WHOLE_FIELDS: tuple[PlanPart, ...] = ("overall_goals", "supervision", "courses", "year_plan")


def planned_goals(plan: PlanContent) -> set[str]:
    """The delmål the plan plans for: those with at least one activity."""
    return {code for code, goal in plan.goals.items() if goal.activities}


def changed_parts(older: PlanContent, newer: PlanContent) -> set[PlanPart]:
    """The parts `newer` changes from `older`. A delmål that gains its first activity or loses
    its last is "goals" (a delmål added to or removed from the plan) as well as "activities"."""
    parts: set[PlanPart] = {
        field for field in WHOLE_FIELDS if getattr(older, field) != getattr(newer, field)
    }
    if (older.study_time, older.study_time_note) != (newer.study_time, newer.study_time_note):
        parts.add("study_time")
    if planned_goals(older) != planned_goals(newer):
        parts.add("goals")
    for code in set(older.goals) | set(newer.goals):
        before = older.goals.get(code, GoalPlan())
        after = newer.goals.get(code, GoalPlan())
        if before.activities != after.activities:
            parts.add("activities")
        if before.assessments != after.assessments:
            parts.add("assessments")
        if before.notes != after.notes:
            parts.add("notes")
    return parts
