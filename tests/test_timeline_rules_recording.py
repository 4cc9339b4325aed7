"""Issue 11, who records a milestone done (R5.3, R5.2, R5.4): the final evaluation is the
director's ("ska en slutvärdering göras av studierektor", G 5.1.8), never the resident's own;
taking part in Mitt i ST is recorded like its registration. Both regions, the demo's frozen day."""

import re

import pytest
from django.urls import reverse

from stportal import access
from stportal.adapters.timeline import timeline_of
from tests.conftest import DEMO_TODAY


def done_url(training, code):
    return reverse("portfolio:milestone_done", args=[training.pk, code])


def row(page: str, name: str) -> str:
    return re.search(rf">{name}</th>(.*?)</tr>", page, re.S).group(1)


@pytest.mark.parametrize(
    ("resident", "username", "status"),
    [
        ("resident-g2", "resident-g2", 403),  # the case: was 302, recorded as done
        ("resident-g2", "supervisor-g1", 403),
        ("resident-g2", "director-g", 302),
        ("resident-v2", "resident-v2", 403),
        ("resident-v2", "director-v", 302),
    ],
)
def test_r5_3_only_the_director_records_the_final_evaluation(demo, resident, username, status):
    training = demo.training_of(resident)
    client = demo.client_for(username)
    assert client.post(done_url(training, "final_evaluation")).status_code == status
    recorded = training.milestone_records.filter(code="final_evaluation").exists()
    assert recorded == (status == 302)


def test_r5_3_the_time_page_offers_the_final_evaluation_to_the_director_only(demo):
    """G (the final evaluation is G's, R5.3): the resident no longer sees "Markera som klar"."""
    training = demo.training_of("resident-g2")
    time_url = reverse("training:time", args=[training.pk])
    own = demo.client_for("resident-g2").get(time_url).content.decode()
    director = demo.client_for("director-g").get(time_url).content.decode()
    assert "Markera som klar" not in row(own, "Slutvärdering")
    assert "Markera som klar" in row(director, "Slutvärdering")
    # The resident still records their registration for Mitt i ST.
    assert "Markera som klar" in row(own, "Anmälan till Mitt i ST")
    assert access.recordable_milestones(
        demo.person("resident-g2"), training, ["final_evaluation", "mitt_i_st"]
    ) == {"mitt_i_st"}


@pytest.mark.parametrize(
    ("resident", "username"),
    [
        ("resident-g2", "resident-g2"),
        ("resident-v2", "supervisor-v1"),
        ("resident-v2", "director-v"),
    ],
)
def test_r5_2_r5_4_taking_part_in_mitt_i_st_is_recorded_once(demo, resident, username):
    training = demo.training_of(resident)
    client = demo.client_for(username)
    # Held Mitt i ST names its external assessor (R5.2, issue 11; tests/test_mitt_i_st_record.py).
    held = {"mitt_i_st-assessor_name": "Dr Extern"}
    assert client.post(done_url(training, "mitt_i_st"), held).status_code == 302
    assert client.post(done_url(training, "mitt_i_st"), held).status_code == 302
    assert training.milestone_records.filter(code="mitt_i_st").count() == 1
    result = timeline_of(training, DEMO_TODAY)
    assert ("mitt_i_st", None) in result.done
    assert not [f for f in result.findings if f.subject == {"milestone": "mitt_i_st"}]
    page = client.get(reverse("training:time", args=[training.pk])).content.decode()
    assert "status-done" in row(page, "Mitt i ST")


@pytest.mark.parametrize("resident", ["resident-g1", "resident-v1"])
def test_a_fresh_2021_plan_reports_neither_sta3_nor_bt_as_unplanned(demo, resident):
    """Issue 11: the follow-up of a fresh HSLF-FS 2021:8 plan said "No activity is planned for
    delmål STa3, BT1, …, BT18" on day one; the plan page listed them as needing more."""
    from stportal.adapters.followup import findings_of
    from stportal.plans import services as plan_services

    training = demo.training_of(resident)
    assert training.regulation == "HSLF-FS 2021:8"
    plan_services.plan_version_start(
        training=training, kind="training_plan", person=training.resident
    )
    found = findings_of(training, timeline_of(training, DEMO_TODAY))
    assert [f.message for f in found if f.code == "goal_unplanned"] == []
    page = demo.client_for(resident).get(reverse("plans:plan", args=[training.pk]))
    coverage = re.search(r'id="coverage-heading".*?</section>', page.content.decode(), re.S)
    assert "BT1 " not in coverage.group(0) and "STa3" not in coverage.group(0)
