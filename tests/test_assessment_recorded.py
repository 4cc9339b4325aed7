"""Issue 12 item 7: a supervisor documents an assessment they have just held without requesting it
first (R9.1, G 5.1.4: "Handledaren ska dokumentera bedömningarna i ST-läkarens portfölj"), it
counts in the follow-up (R9.1, R9.2) and waits for the unit head's feedback in Västmanland (R9.4)
exactly like a completed request; and two requests to the same person are told apart in the list,
the assessor's "to do", the e-mail and the form's heading, each row with its state."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stportal.adapters.followup import findings_of
from stportal.adapters.tasks import tasks_for
from stportal.adapters.timeline import timeline_of
from stportal.plans import services as plan_services
from stportal.portfolio.models import Assessment
from stportal.portfolio.services import assessment_label
from tests.conftest import DEMO_TODAY

# Both regions: the resident, the main supervisor, a co-supervisor, the unit head, a method.
REGIONS = {
    "G": ("resident-g1", "supervisor-g1", "supervisor-g2", "unithead-g", "mini_cex"),
    "V": ("resident-v1", "supervisor-v1", "supervisor-v2", "unithead-v", "sit_in"),
}
HELD = DEMO_TODAY - timedelta(days=3)


def record_url(training):
    return reverse("portfolio:assessment_record", args=[training.pk])


def list_url(training):
    return reverse("portfolio:assessments", args=[training.pk])


def c_goals(training):
    """Two delmål of the training's regulation (c1, c2 or STc1, STc2)."""
    codes = [code for code, _name in plan_services.goal_choices(training)]
    return [code for code in codes if code.removeprefix("ST").startswith("c")][:2]


def recorded(training, method, goals, **changes):
    """The record form as posted, its fields prefixed "record"."""
    data = {
        "method": method,
        "held_on": HELD.isoformat(),
        "goals": goals,
        "feedback": "Strukturerad anamnes; sammanfatta tydligare för patienten.",
        "judgement": "at",
        "submission_key": str(uuid.uuid4()),
        **changes,
    }
    return {f"record-{name}": value for name, value in data.items()}


@pytest.mark.parametrize("region", ["G", "V"])
@pytest.mark.parametrize("who", ["main", "co"])
def test_r9_1_a_supervisor_records_an_assessment_without_a_request(demo, region, who):
    """R9.1: the main supervisor or a co-supervisor saves one completed assessment, recorder as
    assessor and requester, completed now, with its history kept (one '+' by the recorder)."""
    resident, main, co, _head, method = REGIONS[region]
    training = demo.training_of(resident)
    supervisor = demo.person(main if who == "main" else co)
    client = demo.client_for(supervisor.username)
    page = client.get(list_url(training)).content.decode()
    assert "Dokumentera en bedömning du har gjort" in page
    before = set(training.assessments.values_list("pk", flat=True))
    goals = c_goals(training)
    response = client.post(record_url(training), recorded(training, method, goals))
    assert response.status_code == 302 and response["Location"].endswith("#list")
    [item] = training.assessments.exclude(pk__in=before)
    assert (item.assessor, item.requested_by) == (supervisor, supervisor)
    assert item.completed_at is not None and item.held_on == HELD
    assert (item.method, item.goals, item.judgement) == (method, goals, "at")
    [history] = item.history.all()
    assert (history.history_type, history.history_user) == ("+", supervisor)
    assert mail.outbox == []
    shown = client.get(list_url(training)).content.decode()
    assert "Bedömningen är sparad" in shown
    assert f"gjord {HELD.isoformat()}, dokumenterad av {supervisor}" in shown
    assert 'class="status status-done">Klar<' in shown


@pytest.mark.parametrize("region", ["G", "V"])
def test_r9_1_the_resident_may_not_record_their_own_assessment(demo, region):
    """R9.1: the form is not shown to the resident and a forged POST is refused (403), as it is
    to the unit head and the director, who do not complete assessments; out of reach, 404."""
    resident, _main, _co, head, method = REGIONS[region]
    training = demo.training_of(resident)
    count = Assessment.objects.count()
    mine = demo.client_for(resident)
    assert "Dokumentera en bedömning" not in mine.get(list_url(training)).content.decode()
    data = recorded(training, method, c_goals(training))
    assert mine.post(record_url(training), data).status_code == 403
    assert demo.client_for(head).post(record_url(training), data).status_code == 403
    director = f"director-{region.lower()}"
    assert demo.client_for(director).post(record_url(training), data).status_code == 403
    other = "supervisor-v1" if region == "G" else "supervisor-g1"
    assert demo.client_for(other).post(record_url(training), data).status_code == 404
    assert demo.client_for(resident).get(record_url(training)).status_code == 405
    assert Assessment.objects.count() == count


@pytest.mark.parametrize("region", ["G", "V"])
def test_r9_1_an_assessment_to_come_is_not_recorded(demo, region):
    """Issue 12 item 15, R9.1: only an assessment held is documented: a date after today is
    refused on its field, with what was typed kept; an empty form names its missing fields."""
    resident, main, _co, _head, method = REGIONS[region]
    training = demo.training_of(resident)
    client = demo.client_for(main)
    count = Assessment.objects.count()
    tomorrow = (DEMO_TODAY + timedelta(days=1)).isoformat()
    refused = client.post(record_url(training), recorded(training, method, [], held_on=tomorrow))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Strukturerad anamnes" in page and "<details open>" in page
    empty = client.post(record_url(training), {})
    assert empty.status_code == 200 and "Detta fält måste fyllas i." in empty.content.decode()
    assert Assessment.objects.count() == count


def test_r9_1_the_same_record_form_posted_twice_is_one_assessment(demo):
    """Issue 10: the same form (same key) posted again is one row; the key with another content
    (Back, changed, sent again) is refused, never reported as saved."""
    resident, main, _co, _head, method = REGIONS["G"]
    training = demo.training_of(resident)
    client = demo.client_for(main)
    data = recorded(training, method, c_goals(training))
    count = Assessment.objects.count()
    assert client.post(record_url(training), data).status_code == 302
    assert client.post(record_url(training), data).status_code == 302
    assert Assessment.objects.count() == count + 1
    changed = {**data, "record-feedback": "Något annat."}
    assert client.post(record_url(training), changed).status_code == 200
    assert Assessment.objects.count() == count + 1


def _findings(training):
    training.refresh_from_db()
    return [f.as_json() for f in findings_of(training, timeline_of(training, DEMO_TODAY))]


@pytest.mark.parametrize(
    ("resident", "main", "assessor", "method"),
    [
        ("resident-g2", "supervisor-g1", "supervisor-g2", "mini_cex"),
        ("resident-v1", "supervisor-v1", "supervisor-v2", "record_review"),
    ],
)
def test_r9_1_r9_2_a_recorded_assessment_counts_like_a_completed_request(
    demo, resident, main, assessor, method
):
    """R9.1, R9.2: through the page, an assessment documented at once changes the follow-up,
    and exactly as the same assessment requested and then completed does."""
    training = demo.training_of(resident)
    training.assessments.all().delete()
    none = _findings(training)
    goals = c_goals(training)
    data = recorded(training, method, goals)
    assert demo.client_for(main).post(record_url(training), data).status_code == 302
    direct = _findings(training)
    assert direct != none
    training.assessments.all().delete()
    asked = {"method": method, "goals": goals, "assessor": demo.person(assessor).pk}
    assert demo.client_for(resident).post(list_url(training), asked).status_code == 302
    item = training.assessments.get()
    assert _findings(training) == none  # requested, not yet done: counts nothing
    form = reverse("portfolio:assessment_complete", args=[item.pk])
    done = {"held_on": HELD, "goals": goals, "feedback": "Bra.", "judgement": "at"}
    assert demo.client_for(assessor).post(form, done).status_code == 302
    assert _findings(training) == direct


def test_r9_4_the_unit_head_gets_feedback_on_a_recorded_assessment_v(demo):
    """R9.4 (V): "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!": an
    assessment documented at once is the unit head's to mark fed back, as a completed request
    is; in Gävleborg, whose routine does not ask it, no such task."""
    for region in ("V", "G"):
        resident, main, _co, head, method = REGIONS[region]
        training = demo.training_of(resident)
        data = recorded(training, method, c_goals(training))
        assert demo.client_for(main).post(record_url(training), data).status_code == 302
        item = training.assessments.order_by("-pk").first()
        feedback = [
            t
            for t in tasks_for(demo.person(head), DEMO_TODAY).mine
            if t.rule == "R9.4" and t.training.pk == training.pk and str(HELD) in t.text
        ]
        if region == "G":
            assert feedback == []
            continue
        assert len(feedback) == 1
        feed_back = reverse("portfolio:assessment_feed_back", args=[training.pk, item.pk])
        assert demo.client_for(head).post(feed_back).status_code == 302
        item.refresh_from_db()
        assert item.unit_head_informed_by == demo.person(head)


def _request(demo, training, by, method, goals, assessor=None, **external):
    data = {"method": method, "goals": goals, **external}
    if assessor:
        data["assessor"] = demo.person(assessor).pk
    before = set(training.assessments.values_list("pk", flat=True))
    assert demo.client_for(by).post(list_url(training), data).status_code == 302
    [item] = training.assessments.exclude(pk__in=before)
    return item


@pytest.mark.parametrize("region", ["G", "V"])
def test_two_requests_to_the_same_assessor_are_told_apart(demo, region):
    """Issue 12 item 7 (R9.1): two requests to the same assessor, with different methods and
    delmål, and with the same method on different days: each says which it is in the list, in
    the assessor's "to do" and on the form's heading; the states say whose move it is."""
    resident, main, co, _head, method = REGIONS[region]
    training = demo.training_of(resident)
    first_goal, second_goal = c_goals(training)
    other_method = "cbd" if region == "G" else "lecture_feedback"
    one = _request(demo, training, resident, method, [first_goal], co)
    two = _request(demo, training, resident, other_method, [second_goal], co)
    three = _request(demo, training, main, method, [first_goal], co)
    earlier = timezone.now() - timedelta(days=30)
    Assessment.objects.filter(pk=one.pk).update(requested_at=earlier)
    one.refresh_from_db()
    labels = [assessment_label(item) for item in (one, two, three)]
    assert len(set(labels)) == 3
    names = {"a": one.method_name, "b": two.method_name}
    resident_name = str(demo.person(resident))
    assert labels[0] == (
        f"{names['a']}, delmål {first_goal}, begärd {timezone.localdate(earlier)} "
        f"av {resident_name}"
    )
    assert labels[1] == (
        f"{names['b']}, delmål {second_goal}, begärd {DEMO_TODAY} av {resident_name}"
    )
    assert labels[2].endswith(f"begärd {DEMO_TODAY} av {demo.person(main)}")

    assessor_page = demo.client_for(co).get(list_url(training)).content.decode()
    resident_page = demo.client_for(resident).get(list_url(training)).content.decode()
    for label in labels:
        assert label in assessor_page and label in resident_page
    assert assessor_page.count('class="status status-due_soon">Väntar på dig<') >= 3
    assert resident_page.count('class="status status-open">Väntar på bedömaren<') >= 3

    todo = [t.text for t in tasks_for(demo.person(co), DEMO_TODAY).mine if t.rule == "R9.1"]
    for label in labels:
        assert f"Fyll i bedömningen: {label}." in todo
    home = demo.client_for(co).get("/").content.decode()
    assert all(label in home for label in labels)
    for item, label in zip((one, two, three), labels, strict=True):
        form = reverse("portfolio:assessment_complete", args=[item.pk])
        heading = demo.client_for(co).get(form).content.decode()
        assert f"Du fyller i: {label}" in heading


def test_two_requests_by_e_mail_to_the_same_person_are_told_apart(demo):
    """Issue 12 item 7: an assessor without an account asked twice (by a supervisor, so the link
    goes at once) reads in each e-mail's subject and body which assessment it is."""
    resident, main, _co, _head, _method = REGIONS["G"]
    training = demo.training_of(resident)
    first_goal, second_goal = c_goals(training)
    external = {"assessor_name": "Dr Ola Ås", "assessor_email": "ola@example.invalid"}
    one = _request(demo, training, main, "mini_cex", [first_goal], **external)
    two = _request(demo, training, main, "cbd", [second_goal], **external)
    first, second = mail.outbox
    for message, item in ((first, one), (second, two)):
        label = assessment_label(item)
        assert message.subject == f"Bedömning av {training.resident.get_full_name()}: {label}"
        assert f"ST-läkare i allmänmedicin: {label}." in message.body
    assert first.subject != second.subject
    link = re.search(r"http://testserver(/links/assessment/\S+/)", second.body).group(1)
    page = demo.client_for(None).get(link).content.decode()
    assert f"Du fyller i: {assessment_label(two)}" in page


def test_an_assessor_waiting_for_approval_is_a_state_of_its_own(demo):
    """Issue 10, issue 12 item 16: an assessor the resident named without an account waits for
    approval: the main supervisor reads "waiting for you", the resident that it awaits it."""
    resident, main, _co, _head, method = REGIONS["V"]
    training = demo.training_of(resident)
    external = {"assessor_name": "Dr Ola Ås", "assessor_email": "ola@example.invalid"}
    _request(demo, training, resident, method, [], **external)
    supervisor_page = demo.client_for(main).get(list_url(training)).content.decode()
    assert 'class="status status-due_soon">Väntar på dig: godkänn bedömaren<' in supervisor_page
    resident_page = demo.client_for(resident).get(list_url(training)).content.decode()
    assert 'class="status status-open">Bedömaren väntar på godkännande<' in resident_page


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moment=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    )
)
def test_the_label_dates_a_request_on_the_swedish_day_it_was_made(demo, moment):
    """Issue 12 item 7: the label's "requested" date is the day in Sweden (a request at 23:30 UTC
    on 31 March is dated 1 April), whatever the moment."""
    training = demo.training_of("resident-g1")
    item = Assessment(
        training=training,
        method="mini_cex",
        goals=["c1"],
        requested_by=training.resident,
        assessor=training.main_supervisor,
        requested_at=moment,
    )
    day = timezone.localdate(moment).isoformat()
    assert f"begärd {day} av {training.resident}" in assessment_label(item)
