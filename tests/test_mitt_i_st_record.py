"""Issue 11, R5.2: Mitt i ST held is recorded with its external assessor and its result, for both
regions at the demo's frozen day (V's year plan has the `mitt_i_st` milestone too: "Delta i
planerad Mitt i ST").

G 5.1.7: "Mitt-i-ST, som är obligatorisk för alla ST-läkare i allmänmedicin, är en mittvärdering
som ska beställas från SFAM. En extern värderare utses och genomför Mitt-i-ST med ST-läkaren."
Before this, the record kept only the date: the issue's case, "Gävleborg's Mitt i ST itself
(mandatory, external assessor, held, result) is not tracked", was a bare "Mark as done"."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stportal.fields import TEXT_LENGTH
from stportal.portfolio import services
from stportal.portfolio.models import MilestoneRecord
from tests.conftest import DEMO_TODAY

HELD = {
    "mitt_i_st-assessor_name": "Dr Eva Extern, SFAM",
    "mitt_i_st-result": "God struktur i konsultationen.\nArbeta vidare med vetenskapligt arbete.",
}


def done_url(training, code="mitt_i_st"):
    return reverse("portfolio:milestone_done", args=[training.pk, code])


def time_url(training):
    return reverse("training:time", args=[training.pk])


def row(page: str, name: str = "Mitt i ST") -> str:
    return re.search(rf">{name}</th>(.*?)</tr>", page, re.S).group(1)


def mitt_i_st(training):
    return training.milestone_records.filter(code="mitt_i_st").first()


@pytest.mark.parametrize(
    ("resident", "username"),
    [
        ("resident-g2", "resident-g2"),
        ("resident-g2", "director-g"),
        ("resident-v2", "resident-v2"),
        ("resident-v2", "supervisor-v1"),
    ],
)
def test_r5_2_mitt_i_st_held_keeps_its_external_assessor_and_result(demo, resident, username):
    training = demo.training_of(resident)
    client = demo.client_for(username)
    before = row(client.get(time_url(training)).content.decode())
    assert "Extern värderare" in before and 'name="mitt_i_st-assessor_name"' in before
    assert client.post(done_url(training), HELD).status_code == 302
    record = mitt_i_st(training)
    assert record.assessor_name == "Dr Eva Extern, SFAM"
    assert record.result.startswith("God struktur") and record.done_on == DEMO_TODAY
    assert record.recorded_by == demo.person(username)
    shown = row(client.get(time_url(training)).content.decode())
    assert "status-done" in shown and "Dr Eva Extern, SFAM" in shown
    assert "Arbeta vidare med vetenskapligt arbete." in shown
    assert 'name="mitt_i_st-assessor_name"' not in shown  # done: no form any more
    # Others who see the time page see who assessed and the result too.
    unit_head = "unithead-g" if resident.endswith("g2") else "unithead-v"
    seen = row(demo.client_for(unit_head).get(time_url(training)).content.decode())
    assert "Dr Eva Extern, SFAM" in seen and "mitt_i_st-assessor_name" not in seen


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v2"])
def test_r5_2_mitt_i_st_without_its_external_assessor_is_refused_as_typed(demo, resident):
    """The issue's case: "Markera som klar" recorded Mitt i ST with nothing of its assessor."""
    training = demo.training_of(resident)
    client = demo.client_for(resident)
    typed = {"mitt_i_st-assessor_name": "   ", "mitt_i_st-result": "Sammanfattning kvar"}
    response = client.post(done_url(training), typed)
    assert response.status_code == 200
    shown = row(response.content.decode())
    assert "Detta fält måste fyllas i" in shown and "Sammanfattning kvar" in shown
    assert mitt_i_st(training) is None
    assert client.post(done_url(training)).status_code == 200  # an empty post alike
    assert mitt_i_st(training) is None


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v2"])
def test_r5_2_posted_twice_is_one_record_the_first(demo, resident):
    training = demo.training_of(resident)
    client = demo.client_for(resident)
    assert client.post(done_url(training), HELD).status_code == 302
    again = {**HELD, "mitt_i_st-assessor_name": "Dr Annan"}
    assert client.post(done_url(training), again).status_code == 302
    assert training.milestone_records.filter(code="mitt_i_st").count() == 1
    assert mitt_i_st(training).assessor_name == "Dr Eva Extern, SFAM"


@pytest.mark.parametrize(
    ("username", "target", "status"),
    [
        ("resident-g2", "resident-g3", 404),  # another resident's training
        ("resident-v2", "resident-g2", 404),  # another region's
        ("supervisor-g2", "resident-g2", 404),
        ("unithead-g", "resident-g2", 403),  # sees the page, records no milestone
    ],
)
def test_r5_2_no_one_forges_another_trainings_mitt_i_st(demo, username, target, status):
    training = demo.training_of(target)
    client = demo.client_for(username)
    assert client.post(done_url(training), HELD).status_code == status
    assert not MilestoneRecord.objects.filter(assessor_name="Dr Eva Extern, SFAM").exists()


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v2"])
def test_r5_2_the_service_checks_the_assessor_and_the_lengths(demo, resident):
    training = demo.training_of(resident)
    fields = {"training": training, "person": training.resident, "today": DEMO_TODAY}
    with pytest.raises(ValidationError) as refused:
        services.milestone_record(code="mitt_i_st", assessor_name="  ", **fields)
    assert "assessor_name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.milestone_record(code="mitt_i_st", assessor_name="x" * 201, **fields)
    assert "assessor_name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.milestone_record(
            code="mitt_i_st", assessor_name="Dr E", result="x" * (TEXT_LENGTH + 1), **fields
        )
    assert "result" in refused.value.message_dict
    assert mitt_i_st(training) is None
    record = services.milestone_record(
        code="mitt_i_st", assessor_name=" Dr E ", result=" Bra. ", **fields
    )
    assert (record.assessor_name, record.result) == ("Dr E", "Bra.")


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v2"])
def test_r5_2_the_other_milestones_are_unchanged(demo, resident):
    """The registration is still one button and keeps no assessor, whatever is posted."""
    training = demo.training_of(resident)
    client = demo.client_for(resident)
    response = client.post(done_url(training, "mitt_i_st_registration"), HELD)
    assert response.status_code == 302
    record = training.milestone_records.get(code="mitt_i_st_registration")
    assert (record.assessor_name, record.result) == ("", "")
