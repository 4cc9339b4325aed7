"""Issue 11: the pages where the unit head's facts are recorded, and who covers the resident's
incoming results (stportal/portfolio/views/unit_head.py), for both regions with the demo world
on its frozen day (DEMO_TODAY).

- R5.5 (V) "vilket bedöms av handledare och verksamhetschef": the unit head agrees to a delmål
  judged met, on the delmål page;
- R9.4 (V) "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!" and
  "Regelbunden avstämning mellan ST-läkare och verksamhetschef [...] rekommenderas": the unit
  head marks a completed assessment fed back, and records a check-in;
- R8.2 (G 5.1.2) "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare [...]
  utses": the unit head records the appointment, in both regions;
- R6.12 (V) "en tydlig och välfungerande struktur för hur bevakningen av inkommande svar [...]
  ska hanteras": the resident, the main supervisor or the unit head names who covers.

Each: allowed for the right relation, 403 for the others and where the region's routine does not
ask it, 404 for an account unrelated to the training; posted twice is one record; bad input gets
a Swedish message.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.portfolio import services
from stportal.portfolio.models import Assessment, GoalProgress, UnitHeadCheckIn
from stportal.training.models import Training
from tests.conftest import DEMO_TODAY

REQUIRED = "Detta fält måste fyllas i."


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def post(demo, account, name, training, *args, data=None, follow=False):
    return demo.client_for(account).post(url(name, training, *args), data or {}, follow=follow)


def judged_met(training, goal="c1"):
    services.goal_progress_judge(
        training=training, goal=goal, status="met", person=training.main_supervisor
    )


def completed_assessment(training):
    person = training.main_supervisor
    return Assessment.objects.create(
        training=training,
        method="sit_in",
        requested_by=person,
        assessor=person,
        held_on=DEMO_TODAY - timedelta(days=5),
        completed_at=timezone.now(),
    )


def text_of(response):
    return response.content.decode()


# --- R5.5 (V): the unit head agrees to a delmål judged met --------------------------------------


def test_r5_5_vastmanlands_unit_head_agrees_on_the_delmal_page_once_and_the_resident_sees_it(demo):
    """R5.5 (V): the button shows for the unit head only; posted twice is one agreement, the
    first; the resident's delmål page shows it."""
    training = demo.training_of("resident-v2")
    judged_met(training)
    goals = url("portfolio:goals", training)
    agree = url("portfolio:goal_agree", training, "c1")
    assert agree in text_of(demo.client_for("unithead-v").get(goals))
    for account in ("resident-v2", training.main_supervisor.username, "director-v"):
        assert agree not in text_of(demo.client_for(account).get(goals))
    first = post(demo, "unithead-v", "portfolio:goal_agree", training, "c1")
    assert first.status_code == 302
    agreed_at = GoalProgress.objects.get(training=training, goal="c1").unit_head_agreed_at
    post(demo, "unithead-v", "portfolio:goal_agree", training, "c1")
    progress = GoalProgress.objects.get(training=training, goal="c1")
    assert progress.unit_head_agreed_by == demo.person("unithead-v")
    assert progress.unit_head_agreed_at == agreed_at
    shown = text_of(demo.client_for("resident-v2").get(goals))
    assert "verksamhetschefen" in shown and str(progress.unit_head_agreed_by) in shown


def test_r5_5_agreeing_to_a_delmal_not_judged_met_is_refused_with_a_swedish_message(demo):
    """R5.5 (V): only the supervisor's "met" can be agreed to."""
    training = demo.training_of("resident-v2")
    page = post(demo, "unithead-v", "portfolio:goal_agree", training, "c1", follow=True)
    assert "Handledaren har inte bedömt detta delmål som uppnått." in text_of(page)
    assert not GoalProgress.objects.filter(
        training=training, goal="c1", unit_head_agreed_at__isnull=False
    ).exists()


@pytest.mark.parametrize(
    ("account", "resident", "status"),
    [
        ("resident-v2", "resident-v2", 403),
        ("director-v", "resident-v2", 403),
        ("unithead-g", "resident-v2", 404),
        # The unit head of another home unit of the region is not this training's unit head.
        ("unithead-v", "resident-v3", 404),
        # G's routine: the supervisor alone judges the delmål (R5.5), so not the unit head.
        ("unithead-g", "resident-g2", 403),
    ],
)
def test_r5_5_only_the_unit_head_where_the_routine_asks_it_agrees(demo, account, resident, status):
    """R5.5: others 403, an unrelated account 404, G's unit head 403 (G does not ask it)."""
    training = demo.training_of(resident)
    judged_met(training)
    assert post(demo, account, "portfolio:goal_agree", training, "c1").status_code == status
    # (resident-v4, the demo's resident ready to apply, has every delmål agreed: issue 13)
    assert not GoalProgress.objects.filter(
        training=training, unit_head_agreed_at__isnull=False
    ).exists()


def test_r5_5_the_main_supervisor_cannot_agree_in_the_unit_heads_place(demo):
    """R5.5 (V): the supervisor judges, the unit head agrees; never the same role twice."""
    training = demo.training_of("resident-v2")
    judged_met(training)
    account = training.main_supervisor.username
    assert post(demo, account, "portfolio:goal_agree", training, "c1").status_code == 403


# --- R9.4 (V): feedback on completed assessments, and check-ins --------------------------------


def test_r9_4_vastmanlands_unit_head_marks_an_assessment_fed_back_once(demo):
    """R9.4 (V): on the assessments page; twice is the first; the resident sees it."""
    training = demo.training_of("resident-v2")
    done = completed_assessment(training)
    page = url("portfolio:assessments", training)
    action = url("portfolio:assessment_feed_back", training, done.pk)
    assert action in text_of(demo.client_for("unithead-v").get(page))
    assert action not in text_of(demo.client_for("resident-v2").get(page))
    name = "portfolio:assessment_feed_back"
    assert post(demo, "unithead-v", name, training, done.pk).status_code == 302
    done.refresh_from_db()
    first = done.unit_head_informed_at
    assert post(demo, "unithead-v", name, training, done.pk).status_code == 302
    done.refresh_from_db()
    assert done.unit_head_informed_by == demo.person("unithead-v")
    assert first is not None and done.unit_head_informed_at == first
    assert "verksamhetschefen" in text_of(demo.client_for("resident-v2").get(page))


def test_r9_4_an_assessment_not_completed_cannot_be_fed_back(demo):
    """R9.4 (V): a Swedish message, nothing recorded."""
    training = demo.training_of("resident-v2")
    person = training.main_supervisor
    open_one = Assessment.objects.create(
        training=training, method="sit_in", requested_by=person, assessor=person
    )
    page = post(
        demo, "unithead-v", "portfolio:assessment_feed_back", training, open_one.pk, follow=True
    )
    assert "Bara en genomförd bedömning kan återkopplas." in text_of(page)
    open_one.refresh_from_db()
    assert open_one.unit_head_informed_at is None


@pytest.mark.parametrize(
    ("account", "resident", "status"),
    [
        ("resident-v2", "resident-v2", 403),
        ("director-v", "resident-v2", 403),
        ("unithead-g", "resident-v2", 404),
        ("unithead-g", "resident-g2", 403),  # G's routine asks no feedback to the unit head
    ],
)
def test_r9_4_only_vastmanlands_unit_head_marks_feedback(demo, account, resident, status):
    """R9.4: others 403, an unrelated account 404, G 403."""
    training = demo.training_of(resident)
    done = completed_assessment(training)
    name = "portfolio:assessment_feed_back"
    assert post(demo, account, name, training, done.pk).status_code == status
    done.refresh_from_db()
    assert done.unit_head_informed_at is None


def test_r9_4_another_trainings_assessment_is_not_found(demo):
    """R9.4: an assessment of another resident through one's own training: 404."""
    own, other = demo.training_of("resident-v2"), demo.training_of("resident-v3")
    done = completed_assessment(other)
    assert (
        post(demo, "unithead-v", "portfolio:assessment_feed_back", own, done.pk).status_code == 404
    )


def test_r9_4_vastmanlands_unit_head_records_a_check_in_once_and_the_resident_sees_it(demo):
    """R9.4 (V): a check-in on a past day; posted twice is one."""
    training = demo.training_of("resident-v2")
    before = UnitHeadCheckIn.objects.filter(training=training).count()  # the demo's own
    day = DEMO_TODAY - timedelta(days=4)
    data = {"held_on": day.isoformat(), "note": "Avstämning om sidotjänstgöring"}
    for _ in range(2):
        response = post(demo, "unithead-v", "portfolio:unit_head_check_in", training, data=data)
        assert response.status_code == 302
    assert UnitHeadCheckIn.objects.filter(training=training).count() == before + 1
    page = text_of(demo.client_for("resident-v2").get(url("portfolio:portfolio", training)))
    assert "Avstämning om sidotjänstgöring" in page and day.isoformat() in page
    assert url("portfolio:unit_head_check_in", training) not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, REQUIRED),
        (
            {"held_on": (DEMO_TODAY + timedelta(days=1)).isoformat()},
            "En avstämning registreras när den har ägt rum.",
        ),
    ],
)
def test_r9_4_a_bad_check_in_is_shown_again_with_a_swedish_message(demo, data, message):
    """R9.4 (V): empty or ahead of today: the page again, nothing recorded."""
    training = demo.training_of("resident-v2")
    before = UnitHeadCheckIn.objects.count()  # the demo's own
    response = post(demo, "unithead-v", "portfolio:unit_head_check_in", training, data=data)
    assert response.status_code == 200 and message in text_of(response)
    assert UnitHeadCheckIn.objects.count() == before


@pytest.mark.parametrize(
    ("account", "resident", "status"),
    [
        ("resident-v2", "resident-v2", 403),
        ("director-v", "resident-v2", 403),
        ("unithead-g", "resident-v2", 404),
        ("unithead-g", "resident-g2", 403),  # G's routine recommends no check-ins
    ],
)
def test_r9_4_only_vastmanlands_unit_head_records_check_ins(demo, account, resident, status):
    """R9.4: others 403, an unrelated account 404, G 403."""
    training = demo.training_of(resident)
    before = UnitHeadCheckIn.objects.count()  # the demo's own
    data = {"held_on": (DEMO_TODAY - timedelta(days=1)).isoformat()}
    assert post(demo, account, "portfolio:unit_head_check_in", training, data=data).status_code == (
        status
    )
    assert UnitHeadCheckIn.objects.count() == before


# --- R8.2: the unit head records the main supervisor's appointment (both regions) --------------


@pytest.mark.parametrize(
    ("unit_head", "resident"), [("unithead-g", "resident-g1"), ("unithead-v", "resident-v1")]
)
def test_r8_2_the_unit_head_records_the_appointment_in_both_regions(demo, unit_head, resident):
    """R8.2: who appointed (the unit head recording) and when; posted twice is the same record;
    the resident sees it on the portfolio's overview."""
    training = demo.training_of(resident)
    day = DEMO_TODAY - timedelta(days=400)
    form = url("portfolio:main_supervisor_appointment", training)
    overview = url("portfolio:portfolio", training)
    assert form in text_of(demo.client_for(unit_head).get(overview))
    for _ in range(2):
        response = post(
            demo,
            unit_head,
            "portfolio:main_supervisor_appointment",
            training,
            data={"appointed_on": day.isoformat()},
        )
        assert response.status_code == 302
    training = Training.objects.get(pk=training.pk)
    assert training.main_supervisor_appointed_by == demo.person(unit_head)
    assert training.main_supervisor_appointed_on == day
    assert training.history.filter(main_supervisor_appointed_on=day).count() == 1
    page = text_of(demo.client_for(resident).get(overview))
    assert day.isoformat() in page and form not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, REQUIRED),
        ({"appointed_on": "i går"}, "Fyll i ett giltigt datum."),
        (
            {"appointed_on": (DEMO_TODAY + timedelta(days=3)).isoformat()},
            "En tillsättning registreras när den har gjorts.",
        ),
    ],
)
def test_r8_2_a_bad_appointment_is_shown_again_with_a_swedish_message(demo, data, message):
    """R8.2: empty, not a date, or ahead of today: the page again, nothing recorded."""
    training = demo.training_of("resident-g1")
    name = "portfolio:main_supervisor_appointment"
    response = post(demo, "unithead-g", name, training, data=data)
    assert response.status_code == 200 and message in text_of(response)
    # unchanged: the demo's appointment (or none), as read before the post
    after = Training.objects.get(pk=training.pk)
    assert after.main_supervisor_appointed_by_id == training.main_supervisor_appointed_by_id


@pytest.mark.parametrize(
    ("account", "resident", "status"),
    [
        ("resident-g1", "resident-g1", 403),
        ("director-g", "resident-g1", 403),
        ("director-v", "resident-v1", 403),
        ("unithead-v", "resident-g1", 404),
        ("unithead-g", "resident-v1", 404),
    ],
)
def test_r8_2_only_the_unit_head_records_the_appointment(demo, account, resident, status):
    """R8.2: "Verksamhetschef/vårdenhetschef ansvarar": others 403, unrelated 404."""
    training = demo.training_of(resident)
    data = {"appointed_on": (DEMO_TODAY - timedelta(days=30)).isoformat()}
    name = "portfolio:main_supervisor_appointment"
    assert post(demo, account, name, training, data=data).status_code == status
    # unchanged: the demo's appointment (or none), as read before the post
    after = Training.objects.get(pk=training.pk)
    assert after.main_supervisor_appointed_by_id == training.main_supervisor_appointed_by_id


def test_r8_2_the_main_supervisor_does_not_record_their_own_appointment(demo):
    """R8.2: the appointment is the unit head's, not the appointee's."""
    training = demo.training_of("resident-v1")
    data = {"appointed_on": (DEMO_TODAY - timedelta(days=30)).isoformat()}
    account = training.main_supervisor.username
    name = "portfolio:main_supervisor_appointment"
    assert post(demo, account, name, training, data=data).status_code == 403


# --- R6.12 (V): who covers the incoming results -------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "main_supervisor", "unithead-v"])
def test_r6_12_the_resident_the_main_supervisor_or_the_unit_head_names_the_cover(demo, who):
    """R6.12 (V): "känd för alla på vårdcentralen": named by the vårdcentral's people; posted
    twice is one change; the resident sees it."""
    training = demo.training_of("resident-v1")
    account = {
        "resident": "resident-v1",
        "main_supervisor": training.main_supervisor.username,
    }.get(who, who)
    data = {"results_covered_by": "  Dr Lind, kollega på vårdcentralen  "}
    for _ in range(2):
        response = post(demo, account, "portfolio:results_cover", training, data=data)
        assert response.status_code == 302
    training = Training.objects.get(pk=training.pk)
    assert training.results_covered_by == "Dr Lind, kollega på vårdcentralen"
    assert training.history.filter(results_covered_by=training.results_covered_by).count() == 1
    page = demo.client_for("resident-v1").get(url("portfolio:portfolio", training))
    assert "Dr Lind, kollega på vårdcentralen" in text_of(page)


def test_r6_12_an_empty_cover_is_shown_again_with_a_swedish_message(demo):
    """R6.12 (V): nobody named is no answer."""
    training = demo.training_of("resident-v1")
    response = post(
        demo, "resident-v1", "portfolio:results_cover", training, data={"results_covered_by": " "}
    )
    assert response.status_code == 200 and REQUIRED in text_of(response)
    # unchanged: the demo's cover (or none), as read before the post
    assert Training.objects.get(pk=training.pk).results_covered_by == training.results_covered_by


@pytest.mark.parametrize(
    ("account", "resident", "status"),
    [
        ("director-v", "resident-v1", 403),
        ("resident-v2", "resident-v1", 404),
        ("unithead-g", "resident-v1", 404),
        # G's routine names no one to watch the results: the form is V's only.
        ("resident-g1", "resident-g1", 403),
        ("unithead-g", "resident-g1", 403),
    ],
)
def test_r6_12_others_and_gavleborg_are_refused(demo, account, resident, status):
    """R6.12: the director 403 (not at the vårdcentral), unrelated 404, G 403."""
    training = demo.training_of(resident)
    data = {"results_covered_by": "Dr Lind"}
    assert post(demo, account, "portfolio:results_cover", training, data=data).status_code == status
    # unchanged: the demo's cover (or none), as read before the post
    assert Training.objects.get(pk=training.pk).results_covered_by == training.results_covered_by


@pytest.mark.parametrize(("resident", "shown"), [("resident-g1", False), ("resident-v1", True)])
def test_r6_12_the_cover_form_shows_only_where_the_routine_asks_it(demo, resident, shown):
    """R6.12: V's overview asks who watches the results; G's does not."""
    training = demo.training_of(resident)
    page = text_of(demo.client_for(resident).get(url("portfolio:portfolio", training)))
    assert (url("portfolio:results_cover", training) in page) == shown


# --- What the pages feed: the follow-up and the readiness read what was recorded ---------------


@pytest.mark.parametrize(
    ("unit_head", "resident"), [("unithead-g", "resident-g1"), ("unithead-v", "resident-v1")]
)
def test_r8_2_an_appointment_recorded_after_the_start_raises_the_finding_before_does_not(
    demo, unit_head, resident
):
    """R8.2 "utses inför ST-tjänstgöringens start", both regions: the date recorded on the page
    is the one the follow-up judges."""
    training = demo.training_of(resident)

    def codes_after(day):
        post(
            demo,
            unit_head,
            "portfolio:main_supervisor_appointment",
            training,
            data={"appointed_on": day.isoformat()},
        )
        fresh = Training.objects.get(pk=training.pk)
        return {f.code for f in findings_of(fresh, timeline_of(fresh, DEMO_TODAY))}

    late = "main_supervisor_appointed_late"
    assert late in codes_after(training.start_date + timedelta(days=1))
    assert late not in codes_after(training.start_date - timedelta(days=1))


def test_r5_5_the_agreement_on_the_page_closes_the_readiness_gap(demo):
    """R5.5 (V): a delmål judged met waits for the unit head until agreed on the page."""
    training = demo.training_of("resident-v2")
    judged_met(training)
    overview = url("portfolio:portfolio", training)
    before = demo.client_for("resident-v2").get(overview).context["readiness"]
    assert "c1" in before.goals_not_agreed
    post(demo, "unithead-v", "portfolio:goal_agree", training, "c1")
    after = demo.client_for("resident-v2").get(overview).context["readiness"]
    assert "c1" not in after.goals_not_agreed
