"""Issue 11: the follow-up from raw records (rules.followup_records), both regions, frozen dates.

What the pages and the follow-up document used to send ready-made (weeks away, study time due,
delmål unplanned or without evidence) is derived here from what is recorded; R3.3's lectures and
ST-days (G), R8.4's supervision on home-return days (G), R9.5's evidence by kind.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest

from stportal.routines.loader import load_profiles
from stportal.rules.curriculum import goal_specs
from stportal.rules.followup import follow_up
from stportal.rules.followup_records import (
    AssessmentDone,
    CourseTaken,
    EducationEvent,
    GoalJudgement,
    PlacementRecord,
    Records,
    evidence_kinds,
    facts_of,
)
from stportal.rules.scholarly_work import Work
from stportal.timeline.dates import add_months
from stportal.timeline.result import timeline
from stportal.timeline.served import History, Leave

ROOT = Path(__file__).resolve().parent.parent
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
START = date(2024, 9, 2)  # a Monday
MONDAY = date(2025, 9, 22)
REGULATION = "SOSFS 2015:8"


def facts(profile, as_of, records, absences=()):
    history = History(START, 60, absences=tuple(absences))
    result = timeline(profile, history, as_of)
    return facts_of(profile, result, REGULATION, goal_specs(REGULATION), records)


def codes(profile, as_of, records, absences=()):
    return [f.code for f in follow_up(profile, facts(profile, as_of, records, absences))]


def test_the_curriculum_is_read_without_a_database():
    specs = goal_specs(REGULATION)
    assert [g.code for g in specs][:3] == ["a1", "a2", "a3"]
    assert len(goal_specs("HSLF-FS 2021:8")) > len(specs)
    assert goal_specs("no such regulation") == ()


# --- R3.3 (G): lectures pause the week's study time, ST-days do not ---------------------------


def test_r3_3_g_a_week_with_a_lecture_owes_no_study_time_a_week_with_an_st_day_does():
    """G 4.1.2: "Studietiden utgår under veckor med annan typ av teoretisk utbildning (t ex
    tisdagsföreläsning, kurser mm) [...] Veckor med endast ST-dag/träff kvarligger studietiden.\""""
    lecture = EducationEvent("lecture", MONDAY + timedelta(days=1), 120)
    st_day = EducationEvent("st_day", MONDAY + timedelta(days=8), 420)
    fq = EducationEvent("fq_group", MONDAY + timedelta(days=15), 90)
    due = dict(facts(G, date(2025, 10, 20), Records(education=[lecture, st_day, fq])).study_due)
    assert due[MONDAY] == 0
    assert due[MONDAY + timedelta(days=7)] == 240
    assert due[MONDAY + timedelta(days=14)] == 240


def test_r3_3_a_course_pauses_the_week_in_g_and_not_in_v():
    course = CourseTaken(MONDAY, MONDAY + timedelta(days=1), "etik")
    assert dict(facts(G, date(2025, 10, 6), Records(courses=[course])).study_due)[MONDAY] == 0
    assert dict(facts(V, date(2025, 10, 6), Records(courses=[course])).study_due)[MONDAY] == 120


def test_r3_5_v_study_time_is_owed_only_at_the_home_unit_once_placements_are_known():
    rotation = PlacementRecord("rotation", date(2025, 9, 1), date(2025, 11, 30))
    home = PlacementRecord("home_unit", START, date(2025, 8, 31))
    known = facts(V, date(2025, 10, 6), Records(placements=[home, rotation]))
    unknown = facts(V, date(2025, 10, 6), Records(placements=None))
    assert dict(known.study_due)[MONDAY] == 0
    assert dict(unknown.study_due)[MONDAY] == 120


def test_weeks_away_come_from_the_timelines_absences():
    vacation = Leave("vacation", MONDAY, MONDAY + timedelta(days=4))
    partial = Leave("parental_leave", MONDAY + timedelta(days=7), MONDAY + timedelta(days=11), 25)
    away = facts(G, date(2025, 10, 20), Records(), [vacation, partial]).weeks_away
    assert away == {MONDAY}


# --- R8.4 (G): supervision on the home-return days ---------------------------------------------


def rotation_with(days):
    return PlacementRecord("rotation", date(2025, 9, 1), date(2025, 11, 30), (), tuple(days))


@pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
def test_r8_4_a_home_return_day_without_supervision_is_found_in_g_only(profile):
    """G 5.1.2: "Handledningstiden ska vara minst en timme per vecka och även schemaläggas på
    hemvändardagarna." V's routine does not say it (profile: supervision_on_home_return_days)."""
    day = date(2025, 9, 24)
    records = Records(placements=[rotation_with([day])], supervision=[(day - timedelta(1), 60)])
    found = "supervision_home_return_day" in codes(profile, date(2025, 10, 6), records)
    assert found is (profile is G)


def test_r8_4_g_a_session_on_the_day_today_or_long_ago_raises_nothing():
    day = date(2025, 9, 24)
    held = Records(placements=[rotation_with([day])], supervision=[(day, 60)])
    assert "supervision_home_return_day" not in codes(G, date(2025, 10, 6), held)
    today = Records(placements=[rotation_with([date(2025, 10, 6)])])
    assert "supervision_home_return_day" not in codes(G, date(2025, 10, 6), today)
    old = Records(placements=[rotation_with([date(2025, 9, 3)])])  # before the last 4 weeks
    assert "supervision_home_return_day" not in codes(G, date(2025, 10, 6), old)


def test_r8_4_g_the_finding_names_each_missed_day_and_the_rule():
    days = [date(2025, 9, 17), date(2025, 10, 1)]
    [finding] = [
        f
        for f in follow_up(
            G, facts(G, date(2025, 10, 6), Records(placements=[rotation_with(days)]))
        )
        if f.code == "supervision_home_return_day"
    ]
    assert finding.rule == "R8.4"
    assert "2025-09-17" in finding.message and "2025-10-01" in finding.message


# --- R9.5 and R2.2 from records -----------------------------------------------------------------


def test_r9_5_evidence_kinds_come_from_each_kind_of_record():
    records = Records(
        courses=[CourseTaken(START, START, "", ("a1",))],
        assessments=[AssessmentDone(START, "sit_in", ("c1",))],
        works=[Work("written_work", goals=("a5",)), Work("quality_work", goals=("a4",))],
        placements=[
            PlacementRecord("home_unit", START, date(2029, 8, 31)),
            PlacementRecord("rotation", date(2026, 1, 1), date(2026, 3, 31), ("c9",)),
        ],
        plan={"c2": ["clinical_service"], "c3": ["rotation"]},
    )
    kinds = evidence_kinds(records, date(2025, 10, 6))
    assert kinds["a1"] == {"course"}
    assert kinds["c1"] == {"assessment"}
    assert kinds["a5"] == {"written_work"} and kinds["a4"] == {"quality_work"}
    assert kinds["c9"] == {"certificate"}
    assert kinds["c2"] == {"service"}  # the home unit has begun
    assert "c3" not in kinds  # the rotation has not


def test_r2_2_a_delmal_with_no_planned_activity_is_unplanned():
    plan = {g.code: ["clinical_service", "course", "rotation"] for g in goal_specs(REGULATION)}
    plan["a4"] = []
    unplanned = facts(G, date(2025, 10, 6), Records(plan=plan)).goals_unplanned
    assert "a4" in unplanned and "a1" not in unplanned
    assert facts(G, date(2025, 10, 6), Records(plan=None)).goals_unplanned == []


def test_r9_5_past_halfway_a_course_delmal_with_service_only_is_found():
    late = date(2027, 6, 1)
    plan = {g.code: ["clinical_service", "course"] for g in goal_specs(REGULATION)}
    records = Records(
        placements=[PlacementRecord("home_unit", START, date(2029, 8, 31))], plan=plan
    )
    assert "goal_without_prescribed_evidence" in codes(G, late, records)


# --- R5.5: every delmål judged met before the application ---------------------------------------


@pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
def test_r5_5_near_completion_a_delmal_not_judged_met_is_found(profile):
    """V: "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms av handledare och
    verksamhetschef"; G's certificate needs the same, judged by the supervisor."""
    codes_ = [g.code for g in goal_specs(REGULATION)]
    judged = [GoalJudgement(code, met=True, unit_head_agreed=True) for code in codes_[1:]]
    records = Records(judgements=[GoalJudgement(codes_[0], met=False), *judged])
    completion = facts(profile, date(2026, 1, 1), records).completion
    months = profile.final_evaluation.goals_judged_months_before  # G and V: 3 (review)
    near = add_months(completion, -months)
    early = near - timedelta(days=1)
    assert "application_goals_not_met" in codes(profile, near, records)
    assert "application_goals_not_met" not in codes(profile, early, records)
    late = [f for f in follow_up(profile, facts(profile, completion + timedelta(1), records))]
    [overdue] = [f for f in late if f.code == "application_goals_not_met"]
    assert overdue.rule == "R5.5" and overdue.severity.value == "overdue"
    assert codes_[0] in overdue.message


def test_r5_5_v_also_needs_the_unit_heads_agreement_g_does_not():
    codes_ = [g.code for g in goal_specs(REGULATION)]
    records = Records(judgements=[GoalJudgement(code, met=True) for code in codes_])
    completion = facts(V, date(2026, 1, 1), records).completion
    assert "application_goals_not_agreed" in codes(V, completion, records)
    assert "application_goals_not_agreed" not in codes(G, completion, records)
    assert "application_goals_not_met" not in codes(V, completion, records)


def test_r5_5_the_bt_delmal_are_not_asked_of_the_st_supervisor():
    """HSLF-FS 2021:8's BT1–BT18 are judged in the BT (review): near completion only the ST
    delmål not judged met are named, and the message counts them instead of listing 44."""
    regulation = "HSLF-FS 2021:8"
    history = History(START, 66)
    result = timeline(V, history, date(2026, 1, 1))
    near = add_months(result.projected_completion, -2)
    late = timeline(V, history, near)
    found = follow_up(V, facts_of(V, late, regulation, goal_specs(regulation), Records()))
    [finding] = [f for f in found if f.code == "application_goals_not_met"]
    assert "BT" not in finding.message
    st_goals = [g for g in goal_specs(regulation) if not g.code.startswith("BT")]
    assert str(len(st_goals)) in finding.message and "…" in finding.message


def test_r8_4_g_a_home_return_day_on_sick_leave_is_not_judged():
    """ "även schemaläggas på hemvändardagarna" cannot apply to a day the resident was off."""
    day = date(2025, 9, 24)
    sick = Leave("sick_leave", day, day)
    records = Records(placements=[rotation_with([day])])
    assert "supervision_home_return_day" not in codes(G, date(2025, 10, 6), records, [sick])


def test_r3_3_g_a_token_lecture_does_not_pause_the_week():
    """The review's attack: a 1-minute "lecture" every week must not remove the study time; a
    lecture pauses the week from the profile's `other_education_min_minutes` (60, assumed)."""
    token = EducationEvent("lecture", MONDAY + timedelta(days=1), 1)
    hour = EducationEvent("lecture", MONDAY + timedelta(days=1), 60)
    assert dict(facts(G, date(2025, 10, 6), Records(education=[token])).study_due)[MONDAY] == 240
    assert dict(facts(G, date(2025, 10, 6), Records(education=[hour])).study_due)[MONDAY] == 0


@pytest.mark.parametrize("placements", [None, []], ids=["unknown", "none"])
def test_r3_5_v_no_placement_known_or_none_recorded_mean_the_home_unit(placements):
    """Review: `null` and `[]` used to disagree; both mean every week at the home unit now."""
    due = dict(facts(V, date(2025, 10, 6), Records(placements=placements)).study_due)
    assert due[MONDAY] == 120
