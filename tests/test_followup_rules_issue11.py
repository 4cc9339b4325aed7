"""Issue 11, the follow-up's wrong rules: each reproduced case, for both regions, dates frozen.

R9.1 each ST year judged whole; R9.2 per-method frequencies (V); R3.3 (G) days off pro rata;
R3.5 (V) no study time owed in weeks off; R8.4 (G) summer sparser but continuous, partial absences
do not make a week away; R9.5 evidence of the prescribed kind; R8.5 the session's date.
"""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.rules.followup import Facts, follow_up, goals_missing_documents, yearly_shortfalls
from stportal.rules.study_time import Period, WeekFacts, due_in_week, weeks_away
from stportal.rules.supervision import distance_approvers, distance_supervision_allowed
from stportal.timeline.dates import add_months

ROOT = Path(__file__).resolve().parent.parent
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
BOTH = pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
START = date(2024, 1, 1)
COMPLETION = date(2028, 12, 31)
WEEK = timedelta(days=7)


def facts(**changes):
    base = {
        "as_of": date(2026, 3, 4),
        "start": START,
        "completion": COMPLETION,
        "regulation": "SOSFS 2015:8",
        "supervisors": [("Eva Lind", date(2024, 1, 1))],
        "scholarly_planned": {"written_work": date(2024, 6, 1), "quality_work": date(2024, 6, 1)},
    }
    return Facts(**{**base, **changes})


def found(profile, code, **changes):
    return [f for f in follow_up(profile, facts(**changes)) if f.code == code]


def assessment_findings(profile, **changes):
    return [f for f in follow_up(profile, facts(**changes)) if f.code.startswith("assessments_")]


# --- R9.1 -----------------------------------------------------------------------------------


@BOTH
def test_r9_1_no_assessment_in_year_one_is_found_on_day_364_and_on_day_365(profile):
    """The issue's case: zero in year 1 gave a finding on day 364 and none on day 365."""
    day_364 = add_months(START, 12) - timedelta(days=1)
    day_365 = add_months(START, 12)
    [late] = assessment_findings(profile, as_of=day_364, assessments=[])
    assert late.code == "assessments_below_range" and late.rule == "R9.1"
    assert "minst 4" in late.message  # the whole lower bound by the year's end
    missed = [
        f
        for f in assessment_findings(profile, as_of=day_365, assessments=[])
        if f.code == "assessments_year_missed"
    ]
    assert [(f.subject["year"], f.severity, f.due) for f in missed] == [(1, "overdue", day_365)]
    assert "ST-år 1" in missed[0].message and "4" in missed[0].message


@BOTH
def test_r9_1_fourteen_months_without_an_assessment_is_found(profile):
    """The issue's case: 14 months with none raised nothing."""
    [missed] = found(
        profile, "assessments_year_missed", as_of=add_months(START, 14), assessments=[]
    )
    assert missed.subject["year"] == 1 and missed.rule == "R9.1"


@BOTH
def test_r9_1_a_missed_year_stays_until_made_up_by_a_later_year(profile):
    """Dealt with = made up: a later year's assessments beyond its own lower bound pay it."""
    one_in_year_1 = [date(2024, 3, 1)]
    four_in_year_2 = [date(2025, m, 1) for m in (2, 4, 6, 8)]
    as_of = date(2026, 3, 4)
    [still] = found(
        profile, "assessments_year_missed", as_of=as_of, assessments=one_in_year_1 + four_in_year_2
    )
    assert still.subject["year"] == 1 and "3" in still.message  # 3 still to make up
    seven = [*four_in_year_2, date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]
    assert not found(
        profile, "assessments_year_missed", as_of=as_of, assessments=one_in_year_1 + seven
    )
    # Made up in the running year too, by what it holds beyond its own 4.
    year_3 = [date(2026, 1, 5)] * 7
    assert not found(
        profile,
        "assessments_year_missed",
        as_of=as_of,
        assessments=one_in_year_1 + seven[:4] + year_3,
    )


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days=st.integers(365, 6 * 366),
)
def test_r9_1_property_closed_years_without_assessments_are_each_found(start, days):
    as_of = start + timedelta(days=days)
    closed = sum(1 for y in range(1, 8) if add_months(start, 12 * y) <= as_of)
    rows = yearly_shortfalls(start, as_of, [], 4)
    assert [year for year, _done, _owed in rows] == list(range(1, closed + 1))
    assert all(owed == 4 for _y, _d, owed in rows)
    # Four in each year, inside it: nothing is ever short.
    held = [add_months(start, 12 * y) + timedelta(days=d) for y in range(7) for d in (0, 1, 2, 3)]
    assert yearly_shortfalls(start, as_of, held, 4) == []


# --- R9.2 -----------------------------------------------------------------------------------


def test_r9_2_vastmanlands_sit_in_is_judged_per_year():
    """The issue's case: only the total was checked. Six assessments in year 1, two of them
    sit-ins: the total holds, the sit-ins (4–6 a year) do not."""
    year_1 = [(date(2024, m, 10), "record_review") for m in (2, 3, 4, 5)]
    sit_ins = [(date(2024, 6, 10), "sit_in"), (date(2024, 7, 10), "sit_in")]
    kollegium = [(date(2024, 9, 10), "st_colloquium")]
    methods = year_1 + sit_ins + kollegium
    as_of = date(2025, 1, 15)
    changes = {
        "as_of": as_of,
        "assessments": [d for d, _m in methods],
        "assessment_methods": methods,
    }
    assert not found(V, "assessments_year_missed", **changes)
    [sit_in] = found(V, "assessment_method_missed", **changes)
    assert sit_in.subject == {"method": "sit_in", "year": 1} and sit_in.rule == "R9.2"
    assert "Medsittning" in sit_in.message
    # 360° or ST-kollegium: the kollegium counts for it; without either it is missed.
    no_kollegium = {**changes, "assessment_methods": year_1 + sit_ins}
    assert {f.subject["method"] for f in found(V, "assessment_method_missed", **no_kollegium)} == {
        "sit_in",
        "assessment_360",
    }
    # Gävleborg's routine names no method frequency: nothing per method there.
    assert not found(G, "assessment_method_missed", **no_kollegium)


def test_r9_2_vastmanlands_record_review_a_few_times_a_month():
    """ "Journalgenomgång några gånger/månad": the last full month, at least the profile's 2."""
    as_of = date(2026, 3, 4)
    once = [(date(2026, 2, 10), "record_review")]
    [monthly] = found(V, "assessment_method_monthly", as_of=as_of, assessment_methods=once)
    assert monthly.subject == {"method": "record_review"} and "2026-02" in monthly.message
    twice = [*once, (date(2026, 2, 20), "record_review")]
    assert not found(V, "assessment_method_monthly", as_of=as_of, assessment_methods=twice)
    february = {date(2026, 1, 26) + WEEK * n for n in range(5)}  # away all of February
    assert not found(
        V, "assessment_method_monthly", as_of=as_of, assessment_methods=[], weeks_away=february
    )
    assert not found(G, "assessment_method_monthly", as_of=as_of, assessment_methods=[])
    # A month wholly on rotation, outside the home-unit (VC) placement, is not judged.
    vc = [(date(2024, 1, 1), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 12, 31))]
    assert not found(
        V, "assessment_method_monthly", as_of=as_of, assessment_methods=once, home_unit=vc
    )
    vc_in_february = [(date(2026, 2, 15), date(2026, 12, 31))]
    assert found(
        V,
        "assessment_method_monthly",
        as_of=as_of,
        assessment_methods=once,
        home_unit=vc_in_february,
    )


# --- R3.3 (G), R3.5 (V) -----------------------------------------------------------------------

MONDAY = date(2025, 3, 3)
HOME = [Period(date(2025, 1, 1), date(2025, 12, 31))]


def week_facts(days_off=(), employment=()):
    return WeekFacts(
        employment=list(employment), home_unit=HOME, education=[], days_off=list(days_off)
    )


@BOTH
def test_r3_3_r3_5_a_quarter_parental_leave_reduces_study_time_pro_rata(profile):
    """The issue's case: a 25 % parental leave made every week "more than one day off" (G)."""
    quarter = Period(date(2025, 1, 1), date(2025, 6, 30), 25)
    due = due_in_week(profile, week_facts([quarter]), MONDAY)
    assert due == profile.study_time.minutes_per_week * 75 // 100  # G 180, V 90


def test_r3_3_gavleborg_days_off_pro_rata_to_employment():
    one_day = Period(MONDAY, MONDAY)
    two_days = Period(MONDAY, MONDAY + timedelta(days=1))
    assert due_in_week(G, week_facts([one_day]), MONDAY) == 240  # one day: keeps it
    assert due_in_week(G, week_facts([two_days]), MONDAY) == 0  # more than one day
    half_time = [(START, 50)]
    # "ledig mer än en dag (vid heltidstjänst)": at 50 % more than half a day.
    assert due_in_week(G, week_facts([one_day], half_time), MONDAY) == 0
    assert due_in_week(G, week_facts([], half_time), MONDAY) == 120


@BOTH
def test_r3_5_no_study_time_owed_in_a_week_of_vacation_or_full_parental_leave(profile):
    """The issue's case: a V resident on parental leave got a study-time finding. A vacation or
    a full parental leave is an absence of 100 % of full time; its kind does not matter here."""
    leave = Period(date(2024, 11, 1), date(2025, 5, 31), 100)
    weeks = [MONDAY - WEEK * n for n in range(12)]
    assert [due_in_week(profile, week_facts([leave]), w) for w in weeks] == [0] * 12
    due = [(w, due_in_week(profile, week_facts([leave]), w)) for w in weeks]
    as_of = MONDAY + WEEK + timedelta(days=2)
    assert not found(profile, "study_time_below_due", as_of=as_of, study_due=due)


def test_r3_5_vastmanland_sets_no_limit_of_days_off():
    two_days = Period(MONDAY, MONDAY + timedelta(days=1))
    assert due_in_week(V, week_facts([two_days]), MONDAY) == 120


@settings(max_examples=80, deadline=None)
@given(
    employment=st.integers(10, 100),
    leave=st.integers(1, 100),
    offset=st.integers(0, 400),
)
def test_r3_3_r3_5_property_due_never_exceeds_what_is_worked(employment, leave, offset):
    week = START + timedelta(days=offset)
    week -= timedelta(days=week.weekday())
    facts_ = week_facts([Period(week, week + timedelta(days=6), leave)], [(START, employment)])
    worked = max(0, employment - leave)
    for profile in (G, V):
        due = due_in_week(profile, facts_, week)
        assert due == profile.study_time.minutes_per_week * worked // 100 or (
            profile is V and not any(p.overlaps(week) for p in HOME) and due == 0
        )


# --- R8.4 -------------------------------------------------------------------------------------


def test_r8_4_gavleborgs_summer_without_any_supervision_is_found():
    """The issue's case: no supervision at all from mid-June to mid-August raised nothing (G)."""
    summer = date(2025, 7, 23)
    [gap] = found(G, "supervision_summer_gap", as_of=summer, supervision=[])
    assert gap.rule == "R8.4" and "kontinuerligt" in gap.message
    assert not found(G, "supervision_below_minimum", as_of=summer, supervision=[])
    # Sparser is fine: one session every second week.
    sparse = [(date(2025, 6, 30), 60), (date(2025, 7, 14), 60)]
    assert not found(G, "supervision_summer_gap", as_of=summer, supervision=sparse)
    # Västmanland: "minst en timme i veckan även under sommaren".
    assert found(V, "supervision_below_minimum", as_of=summer, supervision=[])
    assert not found(V, "supervision_summer_gap", as_of=summer, supervision=[])


@BOTH
def test_r8_4_a_ten_percent_absence_does_not_make_a_week_away(profile):
    """The issue's case: a 10 % absence of a week made the week "away"."""
    tenth = Period(date(2025, 3, 1), date(2025, 3, 31), 10)
    assert weeks_away(week_facts([tenth]), START, date(2025, 4, 30)) == set()
    vacation = Period(MONDAY, MONDAY + timedelta(days=4))
    assert weeks_away(week_facts([vacation]), START, date(2025, 4, 30)) == {MONDAY}
    as_of = MONDAY + 2 * WEEK + timedelta(days=2)
    away = weeks_away(week_facts([tenth]), START, as_of)
    assert found(profile, "supervision_below_minimum", as_of=as_of, supervision=[], weeks_away=away)


# --- R9.5 -------------------------------------------------------------------------------------


def _curriculum(name):
    data = json.loads((ROOT / f"stportal/curricula/data/{name}.json").read_text(encoding="utf-8"))
    return {goal["code"]: goal["activities"] for goal in data["goals"]}


def test_r9_5_home_unit_service_is_no_evidence_for_a_prescribed_course():
    """The issue's case: home-unit service counted as evidence for delmål requiring a course."""
    prescribed = _curriculum("sosfs-2015-8")
    service_only = {code: {"service"} for code in prescribed}
    missing = goals_missing_documents(prescribed, service_only)
    assert "a6" in missing["course"] and "c3" in missing["course"]  # [['course']] required
    assert "c7" not in missing["course"]  # service only is prescribed
    assert missing["written_work"] == ["a5"] and missing["quality_work"] == ["a4"]
    with_courses = {code: {"service", "course"} for code in prescribed}
    assert "course" not in goals_missing_documents(prescribed, with_courses)
    # HSLF-FS 2021:8: a choice of service or course is met by service; development work by a
    # quality work.
    hslf = _curriculum("hslf-fs-2021-8")
    chosen = [c for c, groups in hslf.items() if ["clinical_service", "course"] in groups]
    hslf_missing = goals_missing_documents(hslf, {code: {"service"} for code in hslf})
    assert chosen and not set(chosen) & set(hslf_missing.get("course", []))
    developed = [c for c, groups in hslf.items() if ["development_work"] in groups]
    assert set(developed) <= set(hslf_missing["quality_work"])


@BOTH
def test_r9_5_a_delmål_without_its_prescribed_course_is_found_past_halfway(profile):
    missing = {"course": ["a6", "c3"]}
    late = date(2027, 6, 1)
    [finding] = found(
        profile, "goal_without_prescribed_evidence", as_of=late, goals_missing_documents=missing
    )
    assert finding.rule == "R9.5" and "a6, c3" in finding.message and "kurs" in finding.message
    early = date(2025, 1, 1)
    assert not found(
        profile, "goal_without_prescribed_evidence", as_of=early, goals_missing_documents=missing
    )


# --- R8.5 -------------------------------------------------------------------------------------


def test_r8_5_distance_supervision_is_judged_on_the_sessions_date():
    """G: "bör ej ske förrän in på år 2 – 3": the session's date decides, never today."""
    everyone = set(G.distance_supervision.approvers)
    allowed = distance_supervision_allowed
    kwargs = {"start_date": START, "approved": everyone}
    assert not allowed(G.distance_supervision, held_on=date(2024, 12, 31), **kwargs)
    assert allowed(G.distance_supervision, held_on=date(2025, 1, 1), **kwargs)
    assert not allowed(
        G.distance_supervision, start_date=START, approved=set(), held_on=date(2026, 1, 1)
    )
    # Västmanland's routine asks for no approval.
    assert allowed(V.distance_supervision, held_on=date(2024, 2, 1), **kwargs)


def test_r8_5_gavleborgs_medical_adviser_approves_when_the_unit_head_is_no_doctor():
    """G: "(om chef inte är läkare i samråd med medicinsk rådgivare på hälsocentralen)"."""
    entry = G.distance_supervision
    assert entry.unit_head_if_not_doctor == "medical_adviser"
    assert distance_approvers(entry, unit_head_is_doctor=False) == [
        "director",
        "medical_adviser",
        "main_supervisor",
    ]
    adviser = {"director", "medical_adviser", "main_supervisor"}
    held_on = date(2025, 6, 1)
    kwargs = {"start_date": START, "held_on": held_on}
    assert distance_supervision_allowed(
        entry, approved=adviser, unit_head_is_doctor=False, **kwargs
    )
    assert not distance_supervision_allowed(entry, approved=adviser, **kwargs)  # a doctor heads it
    assert V.distance_supervision.unit_head_if_not_doctor is None
    assert distance_approvers(V.distance_supervision, unit_head_is_doctor=False) == []
