"""Issue 11: the page "Kliniskt arbete" (R10.1 own patient list, R10.2 on-call duty), for each
role and against attacks, in both regions at the demo's frozen day.

G 5.1.1: "eget patientansvar för ca 500-600 patienter [...] öka detta med ca 150 patienter om
året"; G 5.1.3: "Jourtjänstgöring [...] påbörjas under första anställningsåret". The resident
and the supervisors record (as they write the supervision log); the director and the unit head
read; others are refused (403) or find nothing (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.training import services
from stportal.training.models import OnCallEvent, PatientListCount
from tests.conftest import DEMO_TODAY


def page(training):
    return reverse("training:clinical_work", args=[training.pk])


def clinical_findings(training, today):
    """R10.1 and R10.2 of the follow-up (adapters.followup.findings_of), as the page shows."""
    everything = findings_of(training, timeline_of(training, today))
    return [f for f in everything if f.rule in ("R10.1", "R10.2")]


def list_url(training):
    return reverse("training:patient_list_record", args=[training.pk])


def on_call_url(training):
    return reverse("training:on_call_record", args=[training.pk])


def list_post(on=DEMO_TODAY, patients="700"):
    return {"list-on": str(on), "list-patients": str(patients)}


def on_call_post(kind="first_shift", on=DEMO_TODAY):
    return {"on_call-kind": kind, "on_call-on": str(on)}


# --- Who sees and who records ----------------------------------------------------------------

RECORDERS = ["resident-g1", "supervisor-g1", "supervisor-g2"]  # resident, main, co-supervisor
READERS = ["director-g", "unithead-g"]


@pytest.mark.parametrize("username", RECORDERS)
def test_r10_1_r10_2_the_resident_and_the_supervisors_record(demo, username):
    training = demo.training_of("resident-g1")
    client = demo.client_for(username)
    assert client.get(page(training)).status_code == 200
    assert client.post(list_url(training), list_post()).status_code == 302
    assert client.post(on_call_url(training), on_call_post()).status_code == 302
    count = training.patient_list_counts.get()
    assert (count.on, count.patients, count.recorded_by.username) == (DEMO_TODAY, 700, username)
    assert training.on_call_events.get().kind == "first_shift"
    assert count.history.count() == 1  # history kept


@pytest.mark.parametrize("username", READERS)
def test_the_director_and_the_unit_head_read_but_do_not_record(demo, username):
    training = demo.training_of("resident-g1")
    PatientListCount.objects.create(
        training=training, on=DEMO_TODAY, patients=612, recorded_by=training.resident
    )
    client = demo.client_for(username)
    response = client.get(page(training))
    assert response.status_code == 200
    body = response.content.decode()
    assert "612" in body and 'name="list-patients"' not in body
    assert client.post(list_url(training), list_post()).status_code == 403
    assert client.post(on_call_url(training), on_call_post()).status_code == 403
    row = training.patient_list_counts.get()
    remove = reverse("training:patient_list_remove", args=[training.pk, row.pk])
    assert client.post(remove).status_code == 403
    assert training.patient_list_counts.count() == 1 and not training.on_call_events.exists()


@pytest.mark.parametrize("username", ["resident-g2", "supervisor-v1", "director-v", "unithead-g2"])
def test_others_find_no_such_training(demo, username):
    """Another resident, another region's supervisor and director, the head of another unit."""
    training = demo.training_of("resident-g1")
    client = demo.client_for(username)
    assert client.get(page(training)).status_code == 404
    assert client.post(list_url(training), list_post()).status_code == 404
    assert client.post(on_call_url(training), on_call_post()).status_code == 404
    assert not training.patient_list_counts.exists() and not training.on_call_events.exists()


def test_a_research_supervisor_is_refused_and_the_anonymous_sent_to_log_in(demo):
    training = demo.training_of("resident-g2")  # supervisor-v2 supervises its written work
    assert demo.client_for("supervisor-v2").get(page(training)).status_code in (403, 404)
    response = demo.client_for(None).get(page(training))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_overview_links_to_the_page(demo):
    training = demo.training_of("resident-v1")
    body = demo.client_for("director-v").get(reverse("training:detail", args=[training.pk]))
    assert page(training) in body.content.decode()


# --- The page shows the routine's range and the findings, by region ---------------------------


def test_r10_1_g_the_page_shows_the_expected_range_and_a_list_too_large(demo):
    training = demo.training_of("resident-g1")  # year 1: about 500–600 (and some growth)
    services.patient_list_record(
        training=training, on=DEMO_TODAY, patients=1400, by=training.resident, today=DEMO_TODAY
    )
    body = demo.client_for("resident-g1").get(page(training)).content.decode()
    assert "Förväntat i dag: cirka" in body
    assert "Den egna patientlistan har 1400 patienter, fler än rutinens" in body
    assert "patient_list_above_range" in [f.code for f in clinical_findings(training, DEMO_TODAY)]


def test_r10_1_v_the_page_says_the_routine_gives_no_numbers(demo):
    training = demo.training_of("resident-v1")
    services.patient_list_record(
        training=training, on=DEMO_TODAY, patients=1400, by=training.resident, today=DEMO_TODAY
    )
    body = demo.client_for("resident-v1").get(page(training)).content.decode()
    assert "Rutinen anger inga siffror för listans storlek" in body
    assert "fler än rutinens" not in body
    assert clinical_findings(training, DEMO_TODAY) == []


def test_r10_2_g_no_on_call_shift_after_year_one_shows_on_the_page(demo):
    """resident-g2 is midway through the ST and has no on-call shift recorded (the demo records
    on-call only for resident-g3)."""
    training = demo.training_of("resident-g2")
    body = demo.client_for("resident-g2").get(page(training)).content.decode()
    assert "Inget jourpass är registrerat" in body
    services.on_call_record(
        training=training,
        kind="first_shift",
        on=training.start_date + timedelta(days=200),
        by=training.resident,
        today=DEMO_TODAY,
    )
    codes = [f.code for f in clinical_findings(training, DEMO_TODAY) if f.rule == "R10.2"]
    assert codes == ["on_call_no_double_shift"]
    v3 = demo.training_of("resident-v3")
    assert [f for f in clinical_findings(v3, DEMO_TODAY) if f.rule == "R10.2"] == []


# --- Attacks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        list_post(on=DEMO_TODAY + timedelta(days=1)),  # not yet happened
        list_post(on="9999-12-31"),
        list_post(on="1900-01-01"),
        list_post(on="not a date"),
        list_post(patients=-1),
        list_post(patients=5001),
        list_post(patients=10**12),
        list_post(patients="12.5"),
        list_post(patients=""),
    ],
)
def test_a_bad_list_size_is_refused_and_nothing_written(demo, data):
    training = demo.training_of("resident-v2")
    response = demo.client_for("resident-v2").post(list_url(training), data)
    assert response.status_code == 200  # the page again, with the error
    assert 'class="error-summary"' in response.content.decode()
    assert not training.patient_list_counts.exists()


@pytest.mark.parametrize(
    "data",
    [
        on_call_post(on=DEMO_TODAY + timedelta(days=1)),
        on_call_post(on="9999-12-31"),
        on_call_post(kind="night_owl"),
        on_call_post(kind=""),
    ],
)
def test_a_bad_on_call_record_is_refused_and_nothing_written(demo, data):
    training = demo.training_of("resident-g2")
    response = demo.client_for("resident-g2").post(on_call_url(training), data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not training.on_call_events.exists()


@pytest.mark.parametrize("username", ["resident-g1", "resident-v1"])
def test_a_date_before_the_st_started_is_refused(demo, username):
    training = demo.training_of(username)
    before = training.start_date - timedelta(days=1)
    client = demo.client_for(username)
    body = client.post(list_url(training), list_post(on=before)).content.decode()
    assert "Datumet ligger före ST-starten" in body
    client.post(on_call_url(training), on_call_post(on=before))
    assert not training.patient_list_counts.exists() and not training.on_call_events.exists()


def test_the_refusals_say_why_in_swedish(demo):
    training = demo.training_of("resident-g1")
    client = demo.client_for("resident-g1")
    tomorrow = DEMO_TODAY + timedelta(days=1)
    body = client.post(list_url(training), list_post(on=tomorrow)).content.decode()
    assert "Det registreras när det har hänt, inte i förväg." in body
    body = client.post(list_url(training), list_post(patients=5001)).content.decode()
    assert "Ange ett antal patienter från 0 till 5000." in body
    body = client.post(list_url(training), list_post(on="9999-12-31")).content.decode()
    assert "Ange ett datum mellan" in body


def test_posting_twice_is_one_row_and_the_same_day_again_corrects_it(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("resident-g2")
    for _ in range(3):
        assert client.post(list_url(training), list_post(patients=800)).status_code == 302
        assert client.post(on_call_url(training), on_call_post("double_shift")).status_code == 302
    assert training.patient_list_counts.get().patients == 800
    assert training.on_call_events.count() == 1
    client.post(list_url(training), list_post(patients=820))
    count = training.patient_list_counts.get()
    assert count.patients == 820 and count.history.count() == 2


def test_r10_2_a_first_happens_once(demo):
    """The first shift on another day is refused until the one recorded is removed; double shifts
    on different days are each kept."""
    training = demo.training_of("resident-g2")
    client = demo.client_for("resident-g2")
    earlier = DEMO_TODAY - timedelta(days=30)
    assert client.post(on_call_url(training), on_call_post(on=earlier)).status_code == 302
    body = client.post(on_call_url(training), on_call_post()).content.decode()
    assert "Detta är redan registrerat" in body
    for day in (earlier, DEMO_TODAY):
        client.post(on_call_url(training), on_call_post("double_shift", on=day))
    assert training.on_call_events.filter(kind="double_shift").count() == 2
    first = training.on_call_events.get(kind="first_shift")
    remove = reverse("training:on_call_remove", args=[training.pk, first.pk])
    assert client.post(remove).status_code == 302
    assert client.post(on_call_url(training), on_call_post()).status_code == 302
    assert training.on_call_events.get(kind="first_shift").on == DEMO_TODAY
    assert OnCallEvent.history.filter(training_id=training.pk).count() >= 4


def test_r10_the_demos_resident_near_the_end_began_on_call_in_year_one(demo):
    """The demo records resident-g3's list growing and on-call begun after double shifts, so
    neither R10.1 nor R10.2 has anything to say there."""
    training = demo.training_of("resident-g3")
    assert training.on_call_events.filter(kind="double_shift").count() == 2
    assert training.patient_list_counts.exists()
    assert clinical_findings(training, DEMO_TODAY) == []


def test_another_trainings_row_cannot_be_removed_through_ones_own(demo):
    mine, theirs = demo.training_of("resident-g1"), demo.training_of("resident-g2")
    row = PatientListCount.objects.create(
        training=theirs, on=DEMO_TODAY, patients=700, recorded_by=theirs.resident
    )
    client = demo.client_for("resident-g1")
    own_url = reverse("training:patient_list_remove", args=[mine.pk, row.pk])
    assert client.post(own_url).status_code == 302
    their_url = reverse("training:patient_list_remove", args=[theirs.pk, row.pk])
    assert client.post(their_url).status_code == 404
    assert client.get(own_url).status_code == 405
    assert PatientListCount.objects.filter(pk=row.pk).exists()


def test_the_records_are_kept_on_the_trainings_history_page(demo):
    """Every change is kept with who and when: the list size recorded shows on the history."""
    training = demo.training_of("resident-g1")
    services.patient_list_record(
        training=training, on=DEMO_TODAY, patients=612, by=training.resident, today=DEMO_TODAY
    )
    body = demo.client_for("director-g").get(reverse("training:history", args=[training.pk]))
    assert "612" in body.content.decode()


def test_the_page_and_the_follow_up_judge_alike(demo):
    """The page's findings are the follow-up's (adapters.followup.findings_of), no second copy."""

    training = demo.training_of("resident-g1")
    services.patient_list_record(
        training=training, on=DEMO_TODAY, patients=1400, by=training.resident, today=DEMO_TODAY
    )
    everything = findings_of(training, timeline_of(training, DEMO_TODAY))
    mine = clinical_findings(training, DEMO_TODAY)
    assert mine == [f for f in everything if f.rule in ("R10.1", "R10.2")]
    body = demo.client_for("resident-g1").get(page(training)).content.decode()
    assert all(str(f.message) in body for f in mine) and mine


def remove_url(training, row):
    name = "training:patient_list_remove"
    if isinstance(row, OnCallEvent):
        name = "training:on_call_remove"
    return reverse(name, args=[training.pk, row.pk])


@pytest.mark.parametrize(
    ("resident", "main", "co"),
    [
        ("resident-g1", "supervisor-g1", "supervisor-g2"),
        ("resident-g3", "supervisor-g2", "supervisor-g1"),
    ],
)
def test_r10_1_r10_2_a_row_is_removed_by_its_recorder_or_the_resident_only(
    demo, resident, main, co
):
    """Review of issue 11: any recorder removed any row – a co-supervisor erased the main
    supervisor's list size. Now, as for the ST-days (access.removable_records): the one who
    recorded it or the resident; another recorder is refused (403) and sees no button."""
    training = demo.training_of(resident)
    by_main = PatientListCount.objects.create(
        training=training, on=DEMO_TODAY, patients=777, recorded_by=demo.person(main)
    )
    on_call = OnCallEvent.objects.create(
        training=training,
        kind="double_shift",
        on=DEMO_TODAY,
        recorded_by=demo.person(main),
    )
    co_client = demo.client_for(co)
    body = co_client.get(page(training)).content.decode()
    for row in (by_main, on_call):
        assert remove_url(training, row) not in body
        assert co_client.post(remove_url(training, row)).status_code == 403
    assert PatientListCount.objects.filter(pk=by_main.pk).exists()
    assert OnCallEvent.objects.filter(pk=on_call.pk).exists()
    main_client = demo.client_for(main)
    assert remove_url(training, by_main) in main_client.get(page(training)).content.decode()
    assert main_client.post(remove_url(training, by_main)).status_code == 302
    assert not PatientListCount.objects.filter(pk=by_main.pk).exists()
    resident_client = demo.client_for(resident)
    assert remove_url(training, on_call) in resident_client.get(page(training)).content.decode()
    assert resident_client.post(remove_url(training, on_call)).status_code == 302
    assert not OnCallEvent.objects.filter(pk=on_call.pk).exists()


def test_r10_1_the_residents_own_row_is_not_removed_by_a_supervisor(demo):
    """G and V alike: the resident's count stays unless the resident removes it."""
    for resident, supervisor in (
        ("resident-g2", "supervisor-g1"),
        ("resident-v2", "supervisor-v1"),
    ):
        training = demo.training_of(resident)
        row = PatientListCount.objects.create(
            training=training, on=DEMO_TODAY, patients=500, recorded_by=training.resident
        )
        assert demo.client_for(supervisor).post(remove_url(training, row)).status_code == 403
        assert PatientListCount.objects.filter(pk=row.pk).exists()
