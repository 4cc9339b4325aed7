"""Study time in hours, taken as scheduled by default with exceptions recorded (issue 12 item 9;
R3.2 G "fyra timmars studietid [...] varje vecka", R3.5 V "minst 2 timmar/vecka")."""

from datetime import timedelta

from django.urls import reverse

from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.portfolio.models import StudyTimeEntry
from stportal.rules.followup import hours
from tests.conftest import DEMO_TODAY


def page(training):
    return reverse("portfolio:study_time", args=[training.pk])


def test_hours_are_shown_as_the_routines_state_them():
    assert [hours(m) for m in (240, 120, 90, 0, 45)] == ["4", "2", "1,5", "0", "0,8"]


def test_a_resident_who_records_nothing_owes_nothing(demo):
    """Nobody logs 52 weeks a year: with no week recorded as differing, no study-time finding."""
    for username in ("resident-g1", "resident-v1"):
        training = demo.training_of(username)
        assert not training.study_time_entries.exists()
        found = findings_of(training, timeline_of(training, DEMO_TODAY))
        assert "study_time_below_due" not in [f.code for f in found], username


def test_weeks_recorded_as_differing_are_found_and_kept_as_their_monday(demo):
    training = demo.training_of("resident-g1")
    client = demo.client_for("resident-g1")
    monday = DEMO_TODAY - timedelta(days=DEMO_TODAY.weekday())
    for weeks_ago in (1, 2, 3):
        day = monday - timedelta(weeks=weeks_ago) + timedelta(days=2)
        response = client.post(page(training), {"week": day, "hours": "0", "note": "Jour"})
        assert response.status_code == 302
    weeks = sorted(e.week for e in StudyTimeEntry.objects.filter(training=training))
    assert weeks == [monday - timedelta(weeks=n) for n in (3, 2, 1)]
    found = findings_of(training, timeline_of(training, DEMO_TODAY))
    [finding] = [f for f in found if f.code == "study_time_below_due"]
    assert finding.rule == "R3.2" and "timmar" in finding.message
    body = client.get(page(training)).content.decode()
    assert "4 timmar i veckan vid heltid" in body and "Jour" in body


def test_an_hour_and_a_half_is_kept_as_90_minutes(demo):
    training = demo.training_of("resident-v1")
    client = demo.client_for("resident-v1")
    client.post(page(training), {"week": DEMO_TODAY, "hours": "1.5", "note": ""})
    assert training.study_time_entries.get().minutes == 90
    assert "1,5" in client.get(page(training)).content.decode()


def test_a_week_before_the_st_is_refused_on_the_page(demo):
    """The service's refusal is shown on the form (fields.show_refusal), never a server error."""
    training = demo.training_of("resident-g1")
    client = demo.client_for("resident-g1")
    before = training.start_date - timedelta(days=14)
    response = client.post(page(training), {"week": before, "hours": "2", "note": ""})
    assert response.status_code == 200
    assert not training.study_time_entries.exists()
