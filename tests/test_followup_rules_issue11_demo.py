"""Issue 11 on the demo residents of both regions, through the adapters (R9.5, R9.1, R9.2)."""

import pytest

from stportal.adapters.followup import evidence_kinds_by_goal, findings_of
from stportal.adapters.timeline import timeline_of
from tests.conftest import DEMO_TODAY


@pytest.mark.parametrize("username", ["resident-g3", "resident-v3"])
def test_r9_5_home_unit_service_is_no_evidence_for_a_course_delmål(demo, username):
    """The issue's case: c3 (långtidsuppföljning) prescribes primary-care service and a course;
    the resident near the end has only service for it, which used to count as its evidence."""
    training = demo.training_of(username)
    assert evidence_kinds_by_goal(training, today=DEMO_TODAY)["c3"] == {"service"}
    findings = findings_of(training, timeline_of(training, DEMO_TODAY))
    [course] = [
        f
        for f in findings
        if f.code == "goal_without_prescribed_evidence" and f.subject["kind"] == "course"
    ]
    assert course.rule == "R9.5" and "c3" in course.message and "kurs" in course.message


@pytest.mark.parametrize("username", ["resident-g3", "resident-v3"])
def test_r9_1_closed_years_short_of_assessments_stay_visible(demo, username):
    """The demo resident near the end has closed ST years without their four assessments."""
    training = demo.training_of(username)
    findings = findings_of(training, timeline_of(training, DEMO_TODAY))
    missed = [f for f in findings if f.code == "assessments_year_missed"]
    assert missed and all(f.severity == "overdue" and f.rule == "R9.1" for f in missed)
    per_method = {f.subject["method"] for f in findings if f.code == "assessment_method_missed"}
    assert per_method == ({"sit_in", "assessment_360"} if username.endswith("v3") else set())
