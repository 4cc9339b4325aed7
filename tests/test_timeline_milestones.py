"""Milestones and findings from the routine profiles (timeline.md; R1.3, R2.2, R2.4, R2.5, R5.2,
R5.3, R5.6, R9.3, R9.4), with the dates frozen."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.timeline.dates import add_months
from stportal.timeline.result import extension_by_cause, timeline
from stportal.timeline.served import History, Leave, Step
from tests.test_timeline_served import histories

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
GAVLEBORG, VASTMANLAND = PROFILES["gavleborg"], PROFILES["vastmanland"]
START = date(2024, 1, 31)
FULL_TIME = History(START, 60)  # C = 2029-01-30


def dated(result):
    return [(m.code, m.year, m.opens, m.due) for m in result.milestones]


def test_gavleborg_milestones_follow_start_and_completion():
    result = timeline(GAVLEBORG, FULL_TIME, date(2024, 2, 1))
    assert result.projected_completion == date(2029, 1, 30)
    assert dated(result) == [
        ("training_plan", None, None, date(2024, 7, 31)),
        ("agreement", None, None, date(2024, 7, 31)),
        ("annual_review", 1, None, date(2025, 1, 31)),
        ("annual_review", 2, None, date(2026, 1, 31)),
        ("mitt_i_st_registration", None, None, date(2027, 1, 30)),  # C − 24 months (R5.2)
        ("annual_review", 3, None, date(2027, 1, 31)),
        ("annual_review", 4, None, date(2028, 1, 31)),
        ("final_evaluation", None, date(2028, 10, 30), date(2028, 11, 30)),  # C − 3 … C − 2 (R5.3)
        ("mitt_i_st", None, None, date(2029, 1, 30)),  # mandatory, undated: by C (R5.2)
    ]
    assert [m.rule for m in result.milestones][:2] == ["R2.2", "R2.4"]


def test_vastmanland_has_a_closing_conversation_and_no_final_evaluation():
    result = timeline(VASTMANLAND, FULL_TIME, date(2024, 2, 1))
    codes = {m.code: m for m in result.milestones}
    assert "final_evaluation" not in codes
    assert codes["closing_conversation"].due == date(2029, 1, 30)  # C (R5.6)
    assert codes["mitt_i_st_registration"].due == date(2026, 1, 30)  # ST year 2 (R5.4)
    assert codes["mitt_i_st"].due == date(2027, 1, 30)  # ST year 3 (R5.4)
    assert codes["agreement"].rule == "R2.5"


def test_the_exam_replaces_the_final_evaluation_in_gavleborg():
    codes = [m.code for m in timeline(GAVLEBORG, FULL_TIME, START, exam=True).milestones]
    assert "final_evaluation" not in codes


def test_annual_reviews_stop_at_completion():
    # 60 months exactly: the fifth anniversary (2029-01-31) is after C (2029-01-30).
    years = [m.year for m in timeline(GAVLEBORG, FULL_TIME, START).milestones if m.year]
    assert years == [1, 2, 3, 4]
    longer = History(START, 60, absences=(Leave("parental_leave", START, START),))
    years = [m.year for m in timeline(GAVLEBORG, longer, START).milestones if m.year]
    assert years == [1, 2, 3, 4, 5]  # C = 2029-01-31 now


def test_leave_moves_the_milestones_counted_from_completion():
    leave = Leave("parental_leave", date(2025, 3, 1), date(2025, 5, 31))  # 92 days
    result = timeline(VASTMANLAND, History(START, 60, absences=(leave,)), START)
    assert result.extension_days == 92
    codes = {m.code: m.due for m in result.milestones}
    assert codes["closing_conversation"] == date(2029, 5, 2)
    assert codes["training_plan"] == date(2024, 7, 31)


def test_extension_is_split_into_part_time_and_leave():
    history = History(
        START,
        60,
        employment=(Step(START, 100), Step(date(2025, 1, 1), 50), Step(date(2025, 7, 1), 100)),
        absences=(Leave("leave_of_absence", date(2026, 1, 1), date(2026, 1, 10)),),
    )
    # 181 days at half time lose 90.5 days: completion moves 91 days; the leave adds its 10 days.
    assert extension_by_cause(history) == (91, 10)


def test_milestone_findings_due_soon_and_overdue():
    as_of = date(2026, 1, 15)
    result = timeline(GAVLEBORG, FULL_TIME, as_of, done={("training_plan", None)})
    found = [(f.code, f.subject.get("milestone"), f.subject.get("year")) for f in result.findings]
    assert found == [
        ("milestone_overdue", "agreement", None),
        ("milestone_overdue", "annual_review", 1),
        ("milestone_due", "annual_review", 2),  # 16 days left, warning window 30
    ]
    due = result.findings[-1]
    assert (due.rule, due.severity, due.due) == ("R9.3", "warning", date(2026, 1, 31))
    assert "2026-01-31" in due.message
    assert result.findings[0].severity == "overdue"


def test_nothing_is_due_outside_the_warning_window():
    assert timeline(GAVLEBORG, FULL_TIME, date(2024, 6, 30)).findings == []
    assert [f.code for f in timeline(GAVLEBORG, FULL_TIME, date(2024, 7, 1)).findings] == [
        "milestone_due",
        "milestone_due",
    ]


@pytest.mark.parametrize("profile", [GAVLEBORG, VASTMANLAND], ids=["G", "V"])
def test_a_long_undecided_sick_leave_spell_needs_a_decision(profile):
    threshold = profile.absence_review.threshold_days
    short = Leave("sick_leave", date(2024, 3, 1), date(2024, 3, threshold - 1))
    history = History(START, 60, absences=(short,))
    assert timeline(profile, history, date(2024, 3, 2)).findings == []
    # Two spells day after day make one long spell.
    following = Leave("sick_leave", date(2024, 3, threshold), date(2024, 3, threshold))
    history = History(START, 60, absences=(short, following))
    [finding] = timeline(profile, history, date(2024, 3, 2)).findings
    assert finding.code == "absence_decision_missing"
    assert finding.rule == "R1.3"
    assert finding.due == date(2024, 3, threshold)
    assert finding.subject == {
        "kind": "sick_leave",
        "kinds": ["sick_leave"],  # R1.3 "och/eller": test_timeline_rules_issue11.py
        "from": "2024-03-01",
        "to": f"2024-03-{threshold}",
    }


def test_a_decided_spell_and_other_kinds_raise_nothing():
    long_days = (date(2024, 3, 1), date(2024, 5, 1))
    history = History(
        START,
        60,
        absences=(
            Leave("sick_leave", *long_days, counts=False),
            Leave("care_of_child", *long_days, counts=True),
            Leave("parental_leave", *long_days),
        ),
    )
    assert timeline(GAVLEBORG, history, date(2024, 3, 2)).findings == []


@settings(max_examples=60, deadline=None)
@given(histories(), st.sampled_from(["gavleborg", "vastmanland"]), st.booleans())
def test_milestones_follow_the_profile_on_any_history(history, key, exam):
    profile = PROFILES[key]
    result = timeline(profile, history, history.start, exam=exam)
    completion = result.projected_completion
    by_code = {}
    for milestone in result.milestones:
        by_code.setdefault(milestone.code, []).append(milestone)
    months = profile.mitt_i_st.registration_months_before_completion
    registration = by_code["mitt_i_st_registration"][0].due
    assert registration <= add_months(completion, -months)  # V: test_timeline_rules_issue11.py
    if key == "gavleborg":
        assert registration == add_months(completion, -months)
    reviews = by_code.get("annual_review", [])
    assert [m.year for m in reviews] == list(range(1, len(reviews) + 1))
    assert all(m.due <= completion for m in reviews)
    assert add_months(history.start, 12 * (len(reviews) + 1)) > completion
    assert ("final_evaluation" in by_code) == (key == "gavleborg" and not exam)
    assert ("closing_conversation" in by_code) == (key == "vastmanland")
    assert [m.due for m in result.milestones] == sorted(m.due for m in result.milestones)
