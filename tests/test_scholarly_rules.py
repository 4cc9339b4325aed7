"""The written work and the quality work (R4.1, R4.3, R4.4, R4.5), both regions, frozen dates
(issue 11). Each case that was wrong before names it in its docstring."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.rules.followup import Facts, follow_up
from stportal.rules.scholarly_work import (
    QUALITY,
    WRITTEN,
    ScholarlyFacts,
    Work,
    extent_days,
    required_kinds,
    scholarly_findings,
)

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
START = date(2024, 1, 1)
COMPLETION = date(2028, 12, 31)
AS_OF = date(2026, 3, 4)
PLANNED = [Work(WRITTEN, planned_on=date(2024, 6, 1)), Work(QUALITY, planned_on=date(2024, 6, 1))]


def facts(**changes):
    base = {
        "as_of": AS_OF,
        "start": START,
        "completion": COMPLETION,
        "regulation": "SOSFS 2015:8",
        "works": PLANNED,
    }
    return ScholarlyFacts(**{**base, **changes})


def found(profile, **changes):
    return [
        (f.code, f.subject.get("kind"), f.rule)
        for f in scholarly_findings(profile, facts(**changes))
    ]


def codes(profile, **changes):
    return [code for code, _kind, _rule in found(profile, **changes)]


# --- R4.1 (G): scientific supervisor and oral presentation ------------------------------------


def test_r4_1_gavleborgs_written_work_needs_a_scientific_supervisor():
    """R4.1 (G 4.1.3) "ska göras under handledning av vetenskaplig handledare": never checked
    before issue 11."""
    alone = [Work(WRITTEN, planned_on=date(2024, 6, 1)), PLANNED[1]]
    assert ("written_work_without_supervisor", WRITTEN, "R4.1") in found(G, works=alone)
    named = [Work(WRITTEN, planned_on=date(2024, 6, 1), supervisor=True), PLANNED[1]]
    assert "written_work_without_supervisor" not in codes(G, works=named)
    assert "written_work_without_supervisor" not in codes(V, works=alone)  # V names no such rule


def test_r4_1_gavleborgs_written_work_is_presented_orally():
    """R4.1 (G 4.1.3) "Utöver skriftlig rapport ska arbetet presenteras muntligt": never checked
    before issue 11."""
    finished = Work(WRITTEN, date(2024, 6, 1), supervisor=True, completed_on=date(2026, 2, 1))
    [finding] = [
        f
        for f in scholarly_findings(G, facts(works=[finished, PLANNED[1]]))
        if f.code == "written_work_not_presented"
    ]
    assert finding.rule == "R4.1" and finding.due == AS_OF and finding.severity == "warning"
    presented = Work(
        WRITTEN,
        date(2024, 6, 1),
        True,
        presented_on=date(2026, 3, 1),
        completed_on=date(2026, 2, 1),
    )
    assert "written_work_not_presented" not in codes(G, works=[presented, PLANNED[1]])
    assert "written_work_not_presented" not in codes(V, works=[finished, PLANNED[1]])


# --- R4.4 (G): the extents --------------------------------------------------------------------


def test_r4_4_extents_come_from_the_profile():
    """R4.4: "10 veckor inklusive forskningsmetodikurs samt [...] 10 arbetsdagar" (G); V states
    none."""
    assert extent_days(G, WRITTEN) == 50 and extent_days(G, QUALITY) == 10
    assert extent_days(V, WRITTEN) is None and extent_days(V, QUALITY) is None


def test_r4_4_gavleborgs_work_beyond_its_extent():
    """R4.4 (G): the extents were not tracked before issue 11."""
    within = [
        Work(WRITTEN, date(2024, 6, 1), True, working_days=50),
        Work(QUALITY, working_days=10),
    ]
    assert "scholarly_work_over_extent" not in codes(G, works=within)
    beyond = [
        Work(WRITTEN, date(2024, 6, 1), True, working_days=51),
        Work(QUALITY, working_days=12),
    ]
    over = [(kind, rule) for code, kind, rule in found(G, works=beyond) if code.endswith("extent")]
    assert sorted(over) == [(QUALITY, "R4.4"), (WRITTEN, "R4.4")]
    assert "scholarly_work_over_extent" not in codes(V, works=beyond)


# --- R4.5 (V): after the course, by its date ----------------------------------------------------


def test_r4_5_vastmanlands_plan_after_the_course_by_its_date():
    """R4.5 (V) "efter genomförd kurs Vetenskapsmetodik": before issue 11 a course recorded at any
    date was enough; a plan agreed while the course was still running now raises a finding."""
    plan = [Work(WRITTEN, planned_on=date(2025, 3, 1)), PLANNED[1]]
    taken = {"vetenskapsmetodik"}
    late = {"vetenskapsmetodik": date(2025, 4, 10)}
    [finding] = [
        f
        for f in scholarly_findings(V, facts(works=plan, courses_taken=taken, course_ends=late))
        if f.code == "written_work_before_course"
    ]
    assert finding.rule == "R4.5" and finding.due == date(2025, 3, 1)
    assert "2025-04-10" in finding.message
    early = {"vetenskapsmetodik": date(2025, 2, 7)}
    assert "written_work_before_course" not in codes(
        V, works=plan, courses_taken=taken, course_ends=early
    )
    assert "written_work_before_course" in codes(V, works=plan)  # course not recorded at all
    assert "written_work_before_course" not in codes(G, works=plan)  # G has no such condition


# --- R4.3: the regulation, and the exam ----------------------------------------------------------


def test_r4_3_required_works_by_regulation_exam_and_region():
    """R4.3: HSLF-FS 2021:8 requires the quality work, the exam the written work too (G 4.1.3
    "Inför specialistexamen kommer det fortsatt att finnas ett krav på individuellt skriftligt
    arbete"); V's "bör planeras senast halvvägs" names no regulation."""
    assert required_kinds(G, "SOSFS 2015:8", False) == [WRITTEN, QUALITY]
    assert required_kinds(G, "HSLF-FS 2021:8", False) == [QUALITY]
    assert required_kinds(G, "HSLF-FS 2021:8", True) == [WRITTEN, QUALITY]
    assert required_kinds(V, "HSLF-FS 2021:8", False) == [WRITTEN, QUALITY]


def test_r4_5_vastmanlands_hslf_resident_gets_the_halfway_deadline():
    """R4.5 (V) under HSLF-FS 2021:8: no written-work deadline before issue 11."""
    halfway = date(2026, 6, 20)  # halfway is 2026-07-01
    hslf = found(V, as_of=halfway, regulation="HSLF-FS 2021:8", works=[PLANNED[1]])
    assert ("scholarly_work_unplanned", WRITTEN, "R4.5") in hslf


def test_r4_3_the_exam_asks_the_written_work_of_a_gavleborg_hslf_resident():
    """R4.3 (G): the exam's written work was help text only before issue 11."""
    near = COMPLETION - timedelta(days=60)
    works = [Work(QUALITY, date(2024, 6, 1), completed_on=date(2025, 1, 1))]
    without = found(G, as_of=near, regulation="HSLF-FS 2021:8", works=works)
    assert not [f for f in without if f[1] == WRITTEN]
    with_exam = found(G, as_of=near, regulation="HSLF-FS 2021:8", works=works, plans_exam=True)
    assert ("scholarly_work_unfinished", WRITTEN, "R4.1") in with_exam


# --- G's deadline: finished by the projected completion ---------------------------------------


def test_r4_1_gavleborg_has_a_deadline_now():
    """R4.1/R4.4 (G): "G has no deadline at all" (issue 11). G's routine sets no planning date; the
    works are delmål, finished before the ST ends: warned the extent (50 working days = 70 days)
    plus the warning days (30) before the projected completion."""
    assert "scholarly_work_unfinished" not in codes(G, as_of=COMPLETION - timedelta(days=101))
    on = found(G, as_of=COMPLETION - timedelta(days=100))
    assert ("scholarly_work_unfinished", WRITTEN, "R4.1") in on
    assert ("scholarly_work_unfinished", QUALITY, "R4.3") not in on  # 14 + 30 days
    late = scholarly_findings(G, facts(as_of=COMPLETION + timedelta(days=1)))
    unfinished = [f for f in late if f.code == "scholarly_work_unfinished"]
    assert {f.subject["kind"] for f in unfinished} == {WRITTEN, QUALITY}
    assert all(f.severity == "overdue" and f.due == COMPLETION for f in unfinished)
    done = [
        Work(k, date(2024, 6, 1), True, date(2028, 1, 1), date(2028, 1, 1))
        for k in (WRITTEN, QUALITY)
    ]
    assert "scholarly_work_unfinished" not in codes(G, as_of=COMPLETION, works=done)


def test_r4_5_vastmanland_also_finishes_by_completion():
    """R5.5 with R4.5 (V): every delmål is met before the application; V gives no extent, so the
    warning days alone."""
    assert "scholarly_work_unfinished" not in codes(V, as_of=COMPLETION - timedelta(days=31))
    assert "scholarly_work_unfinished" in codes(V, as_of=COMPLETION - timedelta(days=30))


@given(
    as_of=st.dates(date(2024, 1, 1), date(2031, 12, 31)),
    months=st.integers(24, 96),
    region=st.sampled_from(["G", "V"]),
)
def test_r4_unfinished_is_due_on_completion_and_raised_within_the_lead(as_of, months, region):
    """R4.1/R4.5: the finish deadline is the projected completion, raised exactly from the
    extent plus the warning days before it (property)."""
    profile = G if region == "G" else V
    completion = START + timedelta(days=30 * months)
    result = scholarly_findings(profile, facts(as_of=as_of, completion=completion, works=[]))
    for kind in (WRITTEN, QUALITY):
        lead = (extent_days(profile, kind) or 0) * 7 // 5 + profile.milestones.warning_days
        raised = [
            f for f in result if f.code == "scholarly_work_unfinished" and f.subject["kind"] == kind
        ]
        assert bool(raised) == (as_of >= completion - timedelta(days=lead))
        assert all(f.due == completion for f in raised)


# --- The follow-up calls the module -----------------------------------------------------------


@pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
def test_follow_up_carries_the_scholarly_findings(profile):
    """R4: follow_up gives what scholarly_work finds, with the recorded works."""
    works = [Work(WRITTEN, planned_on=date(2024, 6, 1), completed_on=date(2026, 1, 1))]
    base = Facts(AS_OF, START, COMPLETION, "SOSFS 2015:8", works=works)
    kinds = {f.code for f in follow_up(profile, base)}
    if profile is G:
        assert {"written_work_without_supervisor", "written_work_not_presented"} <= kinds
    else:
        assert "written_work_before_course" in kinds  # the course is not recorded
