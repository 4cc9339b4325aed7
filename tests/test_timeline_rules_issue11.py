"""Issue 11, the timeline's rules as the routines say them: R1.3 spells of sick leave and/or VAB
joined across the two kinds; R5.2/R5.4 Mitt i ST placed where each region's routine places it,
its registration and taking part in it. Pure: no database, dates frozen."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.timeline.dates import add_months
from stportal.timeline.result import timeline
from stportal.timeline.served import History, Leave
from tests.test_timeline_served import histories

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
GAVLEBORG, VASTMANLAND = PROFILES["gavleborg"], PROFILES["vastmanland"]
BOTH = pytest.mark.parametrize("profile", [GAVLEBORG, VASTMANLAND], ids=["G", "V"])
START = date(2024, 1, 31)
FULL_TIME = History(START, 60)  # C = 2029-01-30
ONE_DAY = timedelta(days=1)


# --- R1.3: "Vid långa sjukskrivningar och/eller VAB" -----------------------------------------


@BOTH
def test_r1_3_sick_leave_followed_by_vab_is_one_spell(profile):
    """The issue's case: 7 days sick, then 7 days VAB, raised nothing (joined per kind only)."""
    threshold = profile.absence_review.threshold_days  # 14 in both (assumed: "långa")
    first = date(2024, 3, 1)
    sick = Leave("sick_leave", first, first + (threshold // 2 - 1) * ONE_DAY)
    vab = Leave("care_of_child", sick.end + ONE_DAY, first + (threshold - 1) * ONE_DAY)
    [finding] = timeline(profile, History(START, 60, absences=(sick, vab)), first).findings
    assert (finding.code, finding.rule) == ("absence_decision_missing", "R1.3")
    assert finding.due == vab.end  # the day the spell reaches the threshold
    assert finding.subject == {
        "kinds": ["sick_leave", "care_of_child"],
        "from": first.isoformat(),
        "to": vab.end.isoformat(),
    }
    assert "Sjukskrivning och VAB" in finding.message
    assert f"({threshold} dagar)" in finding.message


@BOTH
def test_r1_3_a_mixed_spell_one_day_short_or_broken_by_a_day_raises_nothing(profile):
    threshold = profile.absence_review.threshold_days
    first = date(2024, 3, 1)
    sick = Leave("sick_leave", first, first + 6 * ONE_DAY)
    short = Leave("care_of_child", sick.end + ONE_DAY, first + (threshold - 2) * ONE_DAY)
    assert timeline(profile, History(START, 60, absences=(sick, short)), first).findings == []
    gap = Leave("care_of_child", sick.end + 2 * ONE_DAY, first + 40 * ONE_DAY)
    [finding] = timeline(profile, History(START, 60, absences=(sick, gap)), first).findings
    assert finding.subject["kind"] == "care_of_child"  # the VAB alone, after a working day
    assert finding.subject["from"] == gap.start.isoformat()


@BOTH
def test_r1_3_overlapping_kinds_join_and_decided_absences_stay_out(profile):
    threshold = profile.absence_review.threshold_days
    first = date(2024, 3, 1)
    vab = Leave("care_of_child", first, first + 9 * ONE_DAY)
    sick = Leave("sick_leave", first + 5 * ONE_DAY, first + (threshold - 1) * ONE_DAY, percent=50)
    [finding] = timeline(profile, History(START, 60, absences=(sick, vab)), first).findings
    assert finding.subject["kinds"] == ["care_of_child", "sick_leave"]
    assert finding.subject["to"] == sick.end.isoformat()
    # A decided part had its individual assessment: the undecided rest is too short.
    decided = Leave("sick_leave", sick.start, sick.end, counts=True)
    assert timeline(profile, History(START, 60, absences=(decided, vab)), first).findings == []


# --- R5.2 (G) and R5.4 (V): Mitt i ST --------------------------------------------------------


def by_code(result):
    return {m.code: m for m in result.milestones}


def test_r5_4_vastmanland_registers_in_year_2_and_takes_part_in_year_3():
    """The issue's case: V's registration was C − 18 months (SFAM's figure), 2027-07-30, in ST
    year 4. The V routine: year 2 "Ev. anmäl till Mitt i ST", year 3 "Delta i planerad Mitt i
    ST"."""
    found = by_code(timeline(VASTMANLAND, FULL_TIME, START))
    registration, taking_part = found["mitt_i_st_registration"], found["mitt_i_st"]
    assert (registration.opens, registration.due) == (date(2025, 1, 31), date(2026, 1, 30))
    assert (taking_part.opens, taking_part.due) == (date(2026, 1, 31), date(2027, 1, 30))
    assert registration.rule == taking_part.rule == "R5.4"
    # In year 2 the registration is open, not yet due; after year 2 it is overdue.
    early = timeline(VASTMANLAND, FULL_TIME, date(2025, 6, 1))
    assert not [f for f in early.findings if "mitt_i_st" in str(f.subject)]
    assert registration.status(date(2025, 6, 1), 30) == "open"
    late = timeline(VASTMANLAND, FULL_TIME, date(2026, 2, 1))
    assert [(f.code, f.subject) for f in late.findings if "mitt_i_st" in str(f.subject)] == [
        ("milestone_overdue", {"milestone": "mitt_i_st_registration"})
    ]
    done = timeline(
        VASTMANLAND, FULL_TIME, date(2026, 2, 1), done={("mitt_i_st_registration", None)}
    )
    assert not [f for f in done.findings if "mitt_i_st" in str(f.subject)]


def test_r5_4_sfam_deadline_still_bounds_the_registration_after_credited_time():
    history = History(START, 60, credited_months=30)  # C = 2026-07-30
    found = by_code(timeline(VASTMANLAND, history, START))
    assert found["mitt_i_st_registration"].due == date(2025, 1, 30)  # C − 18 < end of year 2
    assert found["mitt_i_st_registration"].opens == date(2025, 1, 30)
    assert found["mitt_i_st"].due == date(2026, 7, 30)  # year 3 runs past C: by C


def test_r5_2_gavleborg_registers_24_months_before_and_takes_part_by_completion():
    """G 5.1.7: "Mitt-i-ST, som är obligatorisk …": registration at the latest C − 24 months;
    taking part is mandatory but undated, so due by the projected completion."""
    result = timeline(GAVLEBORG, FULL_TIME, START)
    found = by_code(result)
    assert found["mitt_i_st_registration"].due == date(2027, 1, 30)
    assert found["mitt_i_st_registration"].opens is None
    assert (found["mitt_i_st"].opens, found["mitt_i_st"].due) == (None, date(2029, 1, 30))
    assert found["mitt_i_st"].rule == "R5.2"
    as_of = date(2029, 1, 10)
    [due] = [
        f
        for f in timeline(GAVLEBORG, FULL_TIME, as_of).findings
        if f.subject == {"milestone": "mitt_i_st"}
    ]
    assert due.code == "milestone_due" and "Mitt i ST" in due.message
    assert "extern" in due.message


@settings(max_examples=60, deadline=None)
@given(histories(), st.sampled_from(["gavleborg", "vastmanland"]))
def test_r5_2_r5_4_mitt_i_st_on_any_history(history, key):
    profile = PROFILES[key]
    result = timeline(profile, history, history.start)
    completion = result.projected_completion
    found = by_code(result)
    registration, taking_part = found["mitt_i_st_registration"], found["mitt_i_st"]
    latest = add_months(completion, -profile.mitt_i_st.registration_months_before_completion)
    assert registration.due <= latest
    assert taking_part.due <= completion
    if key == "gavleborg":
        assert registration.due == latest and taking_part.due == completion
    else:
        year_2_ends = add_months(history.start, 24)
        assert registration.due < year_2_ends
        assert registration.opens is not None and registration.opens <= registration.due
        assert registration.due == min(year_2_ends - ONE_DAY, latest)
        assert taking_part.due == min(add_months(history.start, 36) - ONE_DAY, completion)
        assert registration.due <= taking_part.due
