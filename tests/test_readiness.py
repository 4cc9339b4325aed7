"""Readiness for the specialist certificate (R5.5), and the unit head's part (R5.5, R9.4 V):
pure function, services and the portfolio overview, both regions, at the suite's fixed date
(issue 11)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from stportal.adapters.application import readiness_of
from stportal.adapters.timeline import timeline_of
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.models import Assessment, GoalProgress, UnitHeadCheckIn
from stportal.rules.readiness import readiness
from tests.conftest import DEMO_TODAY

GOALS = ["c1", "c2", "c3"]
SUPERVISOR_ONLY, WITH_UNIT_HEAD = ["supervisor"], ["supervisor", "unit_head"]


def test_r5_5_served_and_every_delmål_met_is_ready_gavleborg():
    """R5.5 (G: the supervisor judges): served and all met."""
    r = readiness(
        served_percent_days=182_600,
        required_days=1826,
        goals=GOALS,
        met=set(GOALS),
        unit_head_agreed=set(),
        judged_by=SUPERVISOR_ONLY,
    )
    assert r.ready and r.time_served and r.days_left == 0


def test_r5_5_vastmanland_needs_the_unit_heads_agreement_too():
    """R5.5 (V) "vilket bedöms av handledare och verksamhetschef"."""
    r = readiness(
        served_percent_days=182_600,
        required_days=1826,
        goals=GOALS,
        met=set(GOALS),
        unit_head_agreed={"c2"},
        judged_by=WITH_UNIT_HEAD,
    )
    assert not r.ready and r.goals_not_agreed == ["c1", "c3"] and r.goals_not_met == []


def test_r5_5_time_not_served_and_delmål_not_met_say_what_is_missing():
    r = readiness(
        served_percent_days=182_550,
        required_days=1826,
        goals=GOALS,
        met={"c1"},
        unit_head_agreed={"c1"},
        judged_by=WITH_UNIT_HEAD,
    )
    assert not r.ready and r.days_left == 1  # half a day still owed counts as a day
    assert r.goals_not_met == ["c2", "c3"] and r.goals_not_agreed == []


@given(
    served=st.integers(0, 300_000),
    required=st.integers(1, 2500),
    met=st.sets(st.sampled_from(GOALS)),
    agreed=st.sets(st.sampled_from(GOALS)),
    by=st.sampled_from([SUPERVISOR_ONLY, WITH_UNIT_HEAD]),
)
def test_r5_5_ready_exactly_when_served_and_judged(served, required, met, agreed, by):
    r = readiness(
        served_percent_days=served,
        required_days=required,
        goals=GOALS,
        met=met,
        unit_head_agreed=agreed,
        judged_by=by,
    )
    judged = met == set(GOALS) and ("unit_head" not in by or set(GOALS) <= agreed)
    assert r.ready == (served >= required * 100 and judged)
    assert (r.days_left == 0) == (served >= required * 100)


@pytest.mark.parametrize(("resident", "unit_head"), [("resident-g3", False), ("resident-v3", True)])
def test_r5_5_the_overview_shows_readiness_from_the_stored_judgements(demo, resident, unit_head):
    """R5.5, both regions: the portfolio overview's line; V asks the unit head's agreement."""
    training = demo.training_of(resident)
    result = timeline_of(training, DEMO_TODAY)
    codes = [g.code for g in plan_services.goal_specs(training)]
    supervisor = training.main_supervisor
    for code in codes:
        services.goal_progress_judge(training=training, goal=code, status="met", person=supervisor)
    r = readiness_of(training, result, codes)
    assert r.goals_not_met == []
    assert r.goals_not_agreed == (codes if unit_head else [])
    page = demo.client_for(resident).get(reverse("portfolio:portfolio", args=[training.pk]))
    assert page.status_code == 200 and 'id="readiness"' in page.content.decode()


def test_r5_5_the_unit_heads_agreement_needs_a_met_judgement_and_a_change_clears_it(demo):
    """R5.5 (V): the unit head agrees to the supervisor's "met"; a changed judgement asks again."""
    training = demo.training_of("resident-v3")
    now = timezone.now()
    unit_head = demo.person("unithead-v")
    with pytest.raises(ValidationError):
        services.goal_unit_head_agree(training=training, goal="c1", person=unit_head, now=now)
    services.goal_progress_judge(
        training=training, goal="c1", status="met", person=training.main_supervisor
    )
    services.goal_unit_head_agree(training=training, goal="c1", person=unit_head, now=now)
    services.goal_unit_head_agree(training=training, goal="c1", person=unit_head, now=now)
    progress = GoalProgress.objects.get(training=training, goal="c1")
    assert progress.unit_head_agreed_by == unit_head and progress.unit_head_agreed_at == now
    services.goal_progress_judge(
        training=training, goal="c1", status="in_progress", person=training.main_supervisor
    )
    assert GoalProgress.objects.get(training=training, goal="c1").unit_head_agreed_at is None


def test_r9_4_vastmanlands_unit_head_is_fed_back_on_completed_assessments(demo):
    """R9.4 (V) "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!"."""
    training = demo.training_of("resident-v2")
    person = training.main_supervisor
    now = timezone.now()
    done = Assessment.objects.create(
        training=training,
        method="sit_in",
        requested_by=person,
        assessor=person,
        held_on=DEMO_TODAY - timedelta(days=5),
        completed_at=now,
    )
    services.assessment_unit_head_inform(assessment=done, person=person, now=now)
    services.assessment_unit_head_inform(
        assessment=done, person=person, now=now + timedelta(days=1)
    )
    done.refresh_from_db()
    assert done.unit_head_informed_by == person and done.unit_head_informed_at == now
    open_one = Assessment(training=training, method="sit_in", requested_by=person)
    with pytest.raises(ValidationError):
        services.assessment_unit_head_inform(assessment=open_one, person=person, now=now)


def test_r9_4_a_check_in_with_the_unit_head_is_recorded_once_and_not_ahead(demo):
    """R9.4 (V) "Regelbunden avstämning mellan ST-läkare och verksamhetschef"."""
    training = demo.training_of("resident-v2")
    unit_head = demo.person("unithead-v")
    before = UnitHeadCheckIn.objects.filter(training=training).count()  # the demo's own
    day = DEMO_TODAY - timedelta(days=3)
    for _ in range(2):
        services.unit_head_check_in_record(
            training=training, held_on=day, note="Avstämning", person=unit_head, today=DEMO_TODAY
        )
    assert UnitHeadCheckIn.objects.filter(training=training).count() == before + 1
    with pytest.raises(ValidationError):
        services.unit_head_check_in_record(
            training=training,
            held_on=DEMO_TODAY + timedelta(days=1),
            person=unit_head,
            today=DEMO_TODAY,
        )


@pytest.mark.parametrize(("resident", "shown"), [("resident-g2", False), ("resident-v2", True)])
def test_r9_4_the_overview_shows_the_unit_heads_part_where_the_routine_asks_it(
    demo, resident, shown
):
    """R9.4: V's overview counts the assessments fed back to the unit head and shows the last
    check-in; G's routine asks neither."""
    training = demo.training_of(resident)
    person = training.main_supervisor
    if shown:
        done = Assessment.objects.create(
            training=training,
            method="sit_in",
            requested_by=person,
            assessor=person,
            held_on=DEMO_TODAY - timedelta(days=5),
            completed_at=timezone.now(),
        )
        services.assessment_unit_head_inform(assessment=done, person=person, now=timezone.now())
        services.unit_head_check_in_record(
            training=training,
            held_on=DEMO_TODAY - timedelta(days=2),
            person=demo.person("unithead-v"),
            today=DEMO_TODAY,
        )
    page = demo.client_for(resident).get(reverse("portfolio:portfolio", args=[training.pk]))
    text = page.content.decode()
    assert ("Senaste avstämning med verksamhetschefen" in text) == shown
    if shown:
        assert str(DEMO_TODAY - timedelta(days=2)) in text
