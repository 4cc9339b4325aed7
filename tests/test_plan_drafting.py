"""A new IUP is prefilled from the routine and the curriculum; coverage shows what is missing
(issue 4; R2.2, R2.8, R7.4). Pure: no database."""

import json
from pathlib import Path

import pytest

from stportal.routines.loader import load_profiles
from stportal.rules.drafting import GoalSpec, coverage, draft_plan
from stportal.rules.plan_content import GoalPlan, PlannedActivity, compare, digest

ROOT = Path(__file__).resolve().parent.parent
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
CURRICULA = {
    "SOSFS 2015:8": ROOT / "stportal/curricula/data/sosfs-2015-8.json",
    "HSLF-FS 2021:8": ROOT / "stportal/curricula/data/hslf-fs-2021-8.json",
}


def goals(regulation):
    data = json.loads(CURRICULA[regulation].read_text(encoding="utf-8"))
    return [GoalSpec(goal["code"], goal["activities"]) for goal in data["goals"]]


@pytest.mark.parametrize("profile", ["gavleborg", "vastmanland"])
@pytest.mark.parametrize("regulation", ["SOSFS 2015:8", "HSLF-FS 2021:8"])
def test_a_drafted_plan_covers_every_prescribed_activity(profile, regulation):
    specs = goals(regulation)
    plan = draft_plan(PROFILES[profile], regulation, specs)
    assert set(plan.goals) == {goal.code for goal in specs}
    prescribed = [goal for goal in specs if any(goal.activities)]
    assert all(plan.goals[goal.code].activities for goal in prescribed)
    assert [c for c in coverage(specs, plan) if c.missing] == []
    assert plan.supervision  # "Schemalagd handledning minst … minuter i veckan"
    assert plan.study_time == PROFILES[profile].study_time.arrangements[0]


def test_vastmanland_drafts_its_year_plan_and_gavleborg_has_none():
    v = draft_plan(PROFILES["vastmanland"], "HSLF-FS 2021:8", goals("HSLF-FS 2021:8"))
    g = draft_plan(PROFILES["gavleborg"], "HSLF-FS 2021:8", goals("HSLF-FS 2021:8"))
    assert v.year_plan and v.year_plan[0].years == [1]
    assert g.year_plan == []


def test_mandatory_courses_come_with_their_years_and_their_delmål():
    profile = PROFILES["vastmanland"]
    plan = draft_plan(profile, "SOSFS 2015:8", goals("SOSFS 2015:8"))
    mandatory = [c for c in profile.courses.catalogue if c.mandatory]
    assert [c.code for c in plan.courses] == [c.code for c in mandatory]
    with_years = next(c for c in mandatory if c.years and c.goals_2015)
    goal = with_years.goals_2015[0]
    planned = [a for a in plan.goals[goal].activities if a.kind == "course"]
    assert with_years.name in [a.description for a in planned]


def test_coverage_names_what_nothing_in_the_plan_provides():
    specs = [GoalSpec("c7", [["clinical_service_other_units"]]), GoalSpec("a6", [["course"]])]
    plan = draft_plan(PROFILES["gavleborg"], "SOSFS 2015:8", specs)
    only_home = GoalPlan(activities=[PlannedActivity(kind="clinical_service", description="VC")])
    plan = plan.model_copy(update={"goals": {"c7": only_home}})
    found = {c.code: c for c in coverage(specs, plan)}
    assert found["c7"].missing == [["clinical_service_other_units"]]
    assert found["a6"].activities == 0 and not found["a6"].planned and not found["a6"].covered


def test_digest_and_comparison_of_two_versions():
    plan = draft_plan(PROFILES["gavleborg"], "SOSFS 2015:8", goals("SOSFS 2015:8"))
    changed = plan.model_copy(update={"overall_goals": "Bli trygg i akut handläggning"})
    assert digest(plan) != digest(changed)
    assert compare(plan.model_dump(), changed.model_dump()) == [
        ("overall_goals", "", "Bli trygg i akut handläggning")
    ]


@pytest.mark.parametrize("profile", ["gavleborg", "vastmanland"])
def test_a_fresh_2021_plan_leaves_neither_sta3_nor_the_bt_delmål_unplanned(profile):
    """Issue 11: a fresh HSLF-FS 2021:8 plan reported STa3 and BT1–BT18 as "nothing planned",
    having no prescribed activities. STa3 gets the region's research-methods course (G
    "Medicinsk vetenskap (forskningsmetodik)", V "Vetenskapsmetodik", år 2–3); the BT delmål are
    planned with the BT (issue 14), which the coverage says instead."""
    specs = goals("HSLF-FS 2021:8")
    plan = draft_plan(PROFILES[profile], "HSLF-FS 2021:8", specs)
    found = {c.code: c for c in coverage(specs, plan)}
    assert [code for code, c in found.items() if not c.planned] == []
    assert [code for code, c in found.items() if not c.covered] == []
    [course] = plan.goals["STa3"].activities
    assert course.kind == "course"
    assert (
        course.description
        == {
            "gavleborg": "Medicinsk vetenskap (forskningsmetodik)",
            "vastmanland": "Vetenskapsmetodik",
        }[profile]
    )
    assert course.year == {"gavleborg": None, "vastmanland": 2}[profile]
    bt = [c for c in found.values() if c.code.startswith("BT")]
    assert len(bt) == 18
    assert all(c.planned_with == "bt" and c.activities == 0 for c in bt)
    assert all(plan.goals[c.code].activities == [] for c in bt)  # nothing invented for them
    assert found["STa3"].planned_with is None and found["STa3"].activities == 1


def test_sta3_with_nothing_in_the_plan_is_still_reported_as_unplanned():
    """Nothing prescribed is not nothing needed: a plan must say how STa3 is met."""
    specs = [GoalSpec("STa3", []), GoalSpec("BT7", [])]
    plan = draft_plan(PROFILES["gavleborg"], "HSLF-FS 2021:8", specs)
    plan = plan.model_copy(update={"goals": {"STa3": GoalPlan(), "BT7": GoalPlan()}})
    found = {c.code: c for c in coverage(specs, plan)}
    assert not found["STa3"].planned and not found["STa3"].covered
    assert found["BT7"].planned and found["BT7"].planned_with == "bt"
