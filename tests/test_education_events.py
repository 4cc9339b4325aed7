"""Issue 11: ST-days, lectures/seminars and FQ groups recorded beside the courses (R3.3, R3.1,
R12.1), for both regions at the demo's frozen day.

G 4.1.2: "I denna tid ingår [...] kurser, seminarier, andra utbildningsaktiviteter, som
FQ-grupper, 'tisdags-utbildningar'" and "Studietiden utgår under veckor med annan typ av teoretisk
utbildning (t ex tisdagsföreläsning, kurser mm) [...] Veckor med endast ST-dag/träff kvarligger
studietiden." Before this, the portal kept only courses (CourseRecord): an ST-day or a Tuesday
lecture could not be recorded at all. Who records them: the resident, the main supervisor and
the director, who arranges the ST-days (G 5.1.5: "Utbildningsaktiviteter och lokala ST-dagar
som arrangeras av studierektor"; access.Action.RECORD_EDUCATION_EVENT); each removes what they
recorded and the resident all (access.removable_records). The page is the study-time page."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stportal.fields import SubmittedAlready
from stportal.portfolio import services
from stportal.portfolio.models import EducationEvent, EducationEventKind
from tests.conftest import DEMO_TODAY

# The Tuesday of the demo's last full week: a "tisdagsföreläsning".
LAST_TUESDAY = DEMO_TODAY - timedelta(days=DEMO_TODAY.weekday() + 6)
RESIDENTS = ["resident-g2", "resident-v2"]  # one of each region


def page(training):
    return reverse("portfolio:study_time", args=[training.pk])


def record_url(training):
    return reverse("portfolio:education_event_record", args=[training.pk])


def remove_url(training, event):
    return reverse("portfolio:education_event_remove", args=[training.pk, event.pk])


def posted(**changes):
    data = {
        "event-kind": "lecture",
        "event-held_on": LAST_TUESDAY.isoformat(),
        "event-minutes": "120",
        "event-title": "Tisdagsföreläsning: astma",
        "event-submission_key": str(uuid.uuid4()),
    }
    data.update({f"event-{key}": value for key, value in changes.items()})
    return data


def record(demo, username, **changes):
    training = demo.training_of(username)
    fields = {
        "training": training,
        "by": training.resident,
        "kind": "lecture",
        "held_on": LAST_TUESDAY,
        "minutes": 120,
        "title": "Tisdagsföreläsning",
        "today": DEMO_TODAY,
    }
    return services.education_event_record(**(fields | changes))


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", RESIDENTS)
@pytest.mark.parametrize("kind", EducationEventKind.values)
def test_r3_3_r12_1_each_kind_is_recorded_with_its_time(demo, username, kind):
    event = record(demo, username, kind=kind, minutes=480, title="  ST-dag i Gävle  ")
    assert event.training.education_events.get() == event
    assert (event.kind, event.held_on, event.minutes) == (kind, LAST_TUESDAY, 480)
    assert event.title == "ST-dag i Gävle"
    assert event.recorded_by == demo.person(username)
    assert event.history.count() == 1


@pytest.mark.parametrize("username", RESIDENTS)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": DEMO_TODAY + timedelta(days=1)}, "held_on"),  # not yet held
        ({"held_on": date(9999, 12, 31)}, "held_on"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 721}, "minutes"),
        ({"minutes": -5}, "minutes"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 1_000_000}, "title"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_r3_3_what_cannot_be_recorded_is_refused_by_field(demo, username, changes, field):
    with pytest.raises(ValidationError) as refused:
        record(demo, username, **changes)
    assert field in refused.value.message_dict
    assert not demo.training_of(username).education_events.exists()


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_an_event_before_the_start_of_the_st_is_refused(demo, username):
    start = demo.training_of(username).start_date
    with pytest.raises(ValidationError) as refused:
        record(demo, username, held_on=start - timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    assert record(demo, username, held_on=start).held_on == start


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_the_bounds_of_the_minutes_and_today_are_accepted(demo, username):
    assert record(demo, username, minutes=1, held_on=DEMO_TODAY).minutes == 1
    assert record(demo, username, minutes=720).minutes == 720
    assert demo.training_of(username).education_events.count() == 2  # two on one day may be real


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_the_same_form_posted_twice_makes_one_event(demo, username):
    key = uuid.uuid4()
    first = record(demo, username, submission_key=key)
    assert record(demo, username, submission_key=key) == first
    with pytest.raises(SubmittedAlready):  # the browser's Back, then changed
        record(demo, username, submission_key=key, minutes=60)
    assert demo.training_of(username).education_events.count() == 1


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_removed_by_its_recorder_or_the_resident_only(demo, username):
    training = demo.training_of(username)
    event = record(demo, username)
    with pytest.raises(ValidationError):
        services.education_event_remove(
            training=training, event_id=event.pk, by=training.main_supervisor
        )
    other = demo.training_of("resident-g3" if username.endswith("g2") else "resident-v3")
    assert not services.education_event_remove(training=other, event_id=event.pk, by=other.resident)
    assert services.education_event_remove(
        training=training, event_id=event.pk, by=training.resident
    )
    assert not services.education_event_remove(
        training=training, event_id=event.pk, by=training.resident
    )  # removed twice: nothing more happens
    assert not training.education_events.exists()
    # The history keeps it.
    assert EducationEvent.history.filter(id=event.pk, history_type="-").count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    username=st.sampled_from(RESIDENTS),
    held_on=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
)
def test_r3_3_a_date_is_accepted_exactly_from_the_start_to_today(demo, username, held_on):
    """Any day: accepted if and only if it lies from the start of the ST to today."""
    start = demo.training_of(username).start_date
    with transaction.atomic():
        try:
            record(demo, username, held_on=held_on)
        except ValidationError as refused:
            assert set(refused.message_dict) == {"held_on"}
            accepted = False
        else:
            accepted = True
        transaction.set_rollback(True)
    assert accepted == (start <= held_on <= DEMO_TODAY)


# --- The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resident", "username", "form_shown", "post"),
    [
        ("resident-g2", "resident-g2", True, 302),
        ("resident-g2", "supervisor-g1", True, 302),  # the main supervisor
        ("resident-g2", "unithead-g", False, 403),
        ("resident-g2", "director-g", True, 302),  # G 5.1.5: arranges the ST-days
        ("resident-g2", "resident-g1", None, 404),
        ("resident-g2", "director-v", None, 404),
        ("resident-v2", "resident-v2", True, 302),
        ("resident-v2", "supervisor-v1", True, 302),
        ("resident-v2", "director-v", True, 302),
        ("resident-v2", "unithead-v", False, 403),
        ("resident-v2", "resident-g2", None, 404),
    ],
)
def test_r3_3_who_sees_and_records_on_the_study_time_page(
    demo, resident, username, form_shown, post
):
    training = demo.training_of(resident)
    client = demo.client_for(username)
    response = client.get(page(training))
    if form_shown is None:
        assert response.status_code == 404
    else:
        body = response.content.decode()
        assert response.status_code == 200 and "ST-dagar, seminarier och FQ-grupper" in body
        assert (record_url(training) in body) == form_shown
    assert client.post(record_url(training), posted()).status_code == post
    assert training.education_events.count() == (1 if post == 302 else 0)
    assert client.get(record_url(training)).status_code == 405  # only a POST records


def test_r3_3_anonymous_visitors_are_sent_to_log_in(demo):
    training = demo.training_of("resident-g2")
    response = demo.client_for(None).post(record_url(training), posted())
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert not training.education_events.exists()


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_the_recorded_event_is_listed_newest_first(demo, username):
    training = demo.training_of(username)
    client = demo.client_for(username)
    older = posted(kind="st_day", title="ST-dag om multisjuka", **{"held_on": "2026-11-02"})
    client.post(record_url(training), older)
    client.post(record_url(training), posted(kind="fq_group", title="FQ-grupp november"))
    body = client.get(page(training)).content.decode()
    assert body.index("FQ-grupp november") < body.index("ST-dag om multisjuka")
    assert "ST-dag/ST-träff" in body and "Inga ST-dagar" not in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": (DEMO_TODAY + timedelta(days=1)).isoformat()}, "när den har ägt rum"),
        ({"held_on": "9999-12-31"}, "Ange ett datum mellan"),
        ({"held_on": "2001-01-01"}, "före ST-starten"),
        ({"minutes": "0"}, "Ange 1–720 minuter"),
        ({"minutes": "100000"}, "Ange 1–720 minuter"),
        ({"title": "x" * 1_000_000}, "högst 200 tecken"),
        ({"title": ""}, "Detta fält måste fyllas i"),
    ],
)
@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_attacks_and_mistakes_get_a_swedish_answer_and_write_nothing(
    demo, username, changes, message
):
    training = demo.training_of(username)
    response = demo.client_for(username).post(record_url(training), posted(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not training.education_events.exists()


@pytest.mark.parametrize("username", RESIDENTS)
def test_r3_3_posting_twice_records_once(demo, username):
    training = demo.training_of(username)
    client = demo.client_for(username)
    data = posted()
    assert client.post(record_url(training), data).status_code == 302
    assert client.post(record_url(training), data).status_code == 302
    assert training.education_events.count() == 1
    data["event-minutes"] = "90"  # the same form, changed after Back
    refused = client.post(record_url(training), data)
    assert refused.status_code == 200 and "Formuläret är redan skickat" in refused.content.decode()
    assert training.education_events.count() == 1


def test_r3_3_a_resident_cannot_record_or_remove_in_someone_elses_training(demo):
    mine, theirs = demo.training_of("resident-g2"), demo.training_of("resident-g3")
    client = demo.client_for("resident-g2")
    assert client.post(record_url(theirs), posted()).status_code == 404
    event = record(demo, "resident-g3")
    assert client.post(remove_url(theirs, event)).status_code == 404
    # Through one's own training, another's event is not found: nothing happens.
    assert client.post(remove_url(mine, event)).status_code == 302
    assert EducationEvent.objects.filter(pk=event.pk).exists()
    assert not mine.education_events.exists()


@pytest.mark.parametrize(
    ("username", "status", "removed"),
    [
        ("resident-g2", 302, True),
        ("supervisor-g1", 403, False),
        ("director-g", 403, False),
        ("unithead-g", 403, False),
        ("resident-g1", 404, False),
    ],
)
def test_r3_3_who_removes_an_event(demo, username, status, removed):
    training = demo.training_of("resident-g2")
    event = record(demo, "resident-g2")
    response = demo.client_for(username).post(remove_url(training, event))
    assert response.status_code == status
    assert EducationEvent.objects.filter(pk=event.pk).exists() != removed


@pytest.mark.parametrize(
    ("resident", "director", "supervisor", "unit_head"),
    [
        ("resident-g2", "director-g", "supervisor-g1", "unithead-g"),
        ("resident-v2", "director-v", "supervisor-v1", "unithead-v"),
    ],
)
def test_r12_1_the_director_records_the_st_day_they_arranged_and_removes_only_their_own(
    demo, resident, director, supervisor, unit_head
):
    """Review of issue 11: "Utbildningsaktiviteter och lokala ST-dagar som arrangeras av
    studierektor" (G 5.1.5). Before the fix only the resident recorded, so "its recorder or the
    resident" removed meant the resident alone. Now the director records the ST-day (the form
    shows to them), removes it again, and the main supervisor (who records too) may not remove
    the director's; the resident may. The unit head only reads."""
    training = demo.training_of(resident)
    boss = demo.client_for(director)
    assert record_url(training) in boss.get(page(training)).content.decode()
    day = posted(kind="st_day", title="Lokal ST-dag: multisjuka")
    assert boss.post(record_url(training), day).status_code == 302
    event = training.education_events.get()
    assert event.recorded_by == demo.person(director)
    # Only the director's own and the resident's: the supervisor sees no remove button for it.
    assert (
        remove_url(training, event)
        not in demo.client_for(supervisor).get(page(training)).content.decode()
    )
    assert demo.client_for(supervisor).post(remove_url(training, event)).status_code == 403
    assert demo.client_for(unit_head).post(remove_url(training, event)).status_code == 403
    assert remove_url(training, event) in boss.get(page(training)).content.decode()
    assert boss.post(remove_url(training, event)).status_code == 302
    assert not training.education_events.exists()
    # Recorded by the director again, removed by the resident.
    assert boss.post(record_url(training), posted(kind="st_day")).status_code == 302
    again = training.education_events.get()
    assert demo.client_for(resident).post(remove_url(training, again)).status_code == 302
    assert not training.education_events.exists()
