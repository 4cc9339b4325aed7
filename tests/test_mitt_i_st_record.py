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
    # Done: no "Mark as done" any more, the correction form instead (review of issue 11).
    assert "Markera som klar" not in shown and "Spara rättelsen" in shown
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


@pytest.mark.parametrize(
    ("resident", "corrector"),
    [
        ("resident-g2", "resident-g2"),
        ("resident-g2", "director-g"),
        ("resident-v2", "resident-v2"),
        ("resident-v2", "supervisor-v1"),
    ],
)
def test_r5_2_posted_again_corrects_the_assessor_and_result_and_the_history_keeps_the_old(
    demo, resident, corrector
):
    """Review of issue 11 (the probe "mitt_i_st twice"): the second submission was silently
    dropped while the page said it was saved. Now whoever may record Mitt i ST corrects its
    assessor and result; one record, the day it was held kept, the old values in the history,
    and the page says it was corrected."""
    training = demo.training_of(resident)
    assert demo.client_for(resident).post(done_url(training), HELD).status_code == 302
    first = mitt_i_st(training)
    again = {"mitt_i_st-assessor_name": "Dr Annan", "mitt_i_st-result": "Rättat resultat."}
    response = demo.client_for(corrector).post(done_url(training), again, follow=True)
    assert "Mitt i ST är rättat." in [str(m) for m in response.context["messages"]]
    assert training.milestone_records.filter(code="mitt_i_st").count() == 1
    record = mitt_i_st(training)
    assert (record.assessor_name, record.result) == ("Dr Annan", "Rättat resultat.")
    assert record.done_on == first.done_on and record.recorded_by == first.recorded_by
    old = record.history.order_by("history_date")
    assert [h.assessor_name for h in old] == ["Dr Eva Extern, SFAM", "Dr Annan"]
    assert old.last().history_user == demo.person(corrector)
    shown = row(response.content.decode())
    assert "Dr Annan" in shown and "Rättat resultat." in shown
    # The same correction again writes nothing more.
    demo.client_for(corrector).post(done_url(training), again)
    assert record.history.count() == 2


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v2"])
def test_r5_2_a_refused_correction_is_shown_as_typed_and_keeps_the_record(demo, resident):
    training = demo.training_of(resident)
    client = demo.client_for(resident)
    client.post(done_url(training), HELD)
    typed = {"mitt_i_st-assessor_name": " ", "mitt_i_st-result": "Nytt resultat kvar"}
    response = client.post(done_url(training), typed)
    assert response.status_code == 200
    shown = row(response.content.decode())
    assert "Detta fält måste fyllas i" in shown and "Nytt resultat kvar" in shown
    assert "<details" in shown and " open>" in shown
    assert mitt_i_st(training).assessor_name == "Dr Eva Extern, SFAM"


@pytest.mark.parametrize(
    ("resident", "unit_head"), [("resident-g2", "unithead-g"), ("resident-v2", "unithead-v")]
)
def test_r5_2_who_only_reads_does_not_correct(demo, resident, unit_head):
    training = demo.training_of(resident)
    demo.client_for(resident).post(done_url(training), HELD)
    forged = {"mitt_i_st-assessor_name": "Falsk", "mitt_i_st-result": ""}
    assert demo.client_for(unit_head).post(done_url(training), forged).status_code == 403
    assert mitt_i_st(training).assessor_name == "Dr Eva Extern, SFAM"
    seen = row(demo.client_for(unit_head).get(time_url(training)).content.decode())
    assert "Spara rättelsen" not in seen


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
