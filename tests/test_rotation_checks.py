"""The time plan's checks against both regions' routines (issue 4; R6.2, R6.6, R6.8–R6.10).
Issue 11's cases (R6.4, BT and R6.8/R6.9, R6.10 per auskultation): test_rotation_rules_issue11."""

from datetime import date, timedelta
from pathlib import Path

from stportal.routines.loader import load_profiles
from stportal.rules.rotation_checks import PlannedPlacement, check_time_plan
from stportal.timeline.dates import add_months

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
START = date(2024, 1, 1)
COMPLETION = date(2028, 12, 31)
AS_OF = date(2024, 1, 15)


def rotation(first, days, **extra):
    last = first + timedelta(days=days - 1)
    return PlannedPlacement("rotation", first, last, f"Klinik {first}", **extra)


def codes(profile, *placements, as_of=AS_OF):
    found = check_time_plan(profile, START, COMPLETION, placements, as_of)
    return [finding.code for finding in found]


def test_v_rotations_belong_in_years_two_to_four():
    early = rotation(date(2024, 6, 1), 90, contacted=True, home_return_days=3)
    fine = rotation(date(2025, 3, 1), 90, contacted=True, home_return_days=3)
    late = rotation(date(2028, 6, 1), 60, contacted=True, home_return_days=2)
    assert codes(V, early) == ["rotation_outside_years"]
    assert codes(V, fine) == []
    assert codes(V, late) == ["rotation_outside_years"]
    assert codes(G, early) == []  # Gävleborg's routine has no such rule


def test_v_allows_a_month_of_slack_around_the_home_unit_year():
    just_before = rotation(date(2024, 12, 5), 30, contacted=True)
    assert codes(V, just_before) == []


def test_external_rotations_g_only_rural_and_a_month():
    first = date(2025, 3, 1)
    assert codes(G, rotation(first, 20, outside_region=True, contacted=True)) == [
        "external_not_rural"
    ]
    assert codes(G, rotation(first, 31, outside_region=True, rural=True, contacted=True)) == []
    assert codes(G, rotation(first, 45, outside_region=True, rural=True, contacted=True)) == [
        "external_too_long"
    ]


def test_external_rotations_v_up_to_five_months():
    first = date(2025, 3, 1)
    four = rotation(first, 120, outside_region=True, contacted=True, home_return_days=4)
    six = rotation(first, 184, outside_region=True, contacted=True, home_return_days=6)
    assert codes(V, four) == []
    assert codes(V, six) == ["external_too_long"]


def test_v_auskultation_at_most_four_weeks():
    """R6.10 (V): each auskultation at most four weeks; their sum is not limited (issue 11)."""

    def auskultation(first, days):
        return PlannedPlacement("auskultation", first, first + timedelta(days=days - 1), "A")

    assert codes(V, auskultation(date(2024, 3, 1), 14), auskultation(date(2024, 5, 1), 14)) == []
    assert codes(V, auskultation(date(2024, 3, 1), 21), auskultation(date(2024, 5, 1), 14)) == []
    assert codes(V, auskultation(date(2024, 3, 1), 29)) == ["auskultation_too_long"]
    assert codes(G, auskultation(date(2024, 3, 1), 60)) == []


def test_v_home_return_days_in_rotations_over_six_weeks():
    first = date(2025, 3, 1)
    assert codes(V, rotation(first, 42, contacted=True)) == []  # six weeks: none needed
    assert codes(V, rotation(first, 92, contacted=True, home_return_days=1)) == [
        "home_return_days_missing"
    ]
    assert codes(V, rotation(first, 92, contacted=True, home_return_days=3)) == []
    assert codes(G, rotation(first, 92, contacted=True)) == []


def test_the_contact_deadline_is_a_dated_task_by_region():
    first = date(2025, 6, 1)
    g_due, v_due = add_months(first, -2), add_months(first, -3)
    # Well before: nothing. Within the warning days before the deadline: a task.
    assert codes(G, rotation(first, 30), as_of=g_due - timedelta(days=40)) == []
    [task] = check_time_plan(G, START, COMPLETION, [rotation(first, 30)], g_due - timedelta(10))
    assert (task.code, task.rule, task.due, task.severity) == (
        "rotation_contact_due",
        "R6.2",
        g_due,
        "warning",
    )
    [late] = check_time_plan(V, START, COMPLETION, [rotation(first, 30)], v_due + timedelta(1))
    assert (late.due, late.severity) == (v_due, "overdue")
    assert "Uppgifter inför randning" in late.message
    assert codes(G, rotation(first, 30, contacted=True), as_of=g_due) == []
