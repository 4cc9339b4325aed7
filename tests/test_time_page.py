"""The time page ("Min ST-tid", issue 3): who may see and change what, and what a change does."""

from datetime import timedelta

import pytest
from django.urls import reverse

from stportal.adapters.timeline import timeline_of
from stportal.training.models import Absence, AbsenceKind, EmploymentStep
from tests.conftest import DEMO_TODAY

# resident-g2: home unit Hälsocentralen Brynäs (unithead-g), main supervisor supervisor-g1.
IN_REACH = ["resident-g2", "supervisor-g1", "unithead-g", "director-g"]
OUT_OF_REACH = ["resident-g1", "supervisor-g2", "director-v", "unithead-v", "admin-g"]


def time_url(training, *parts):
    return reverse("training:time", args=[training.pk]) + "".join(f"{p}/" for p in parts)


def sick_leave(training):
    return training.absences.get(kind=AbsenceKind.SICK_LEAVE)


@pytest.mark.parametrize(
    ("username", "status"), [*((u, 200) for u in IN_REACH), *((u, 404) for u in OUT_OF_REACH)]
)
def test_the_time_page_for_each_role(demo, username, status):
    training = demo.training_of("resident-g2")
    response = demo.client_for(username).get(time_url(training))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        completion = timeline_of(training, DEMO_TODAY).projected_completion.isoformat()
        assert completion in page
        assert "<svg" in page and "Milstolpar" in page


def test_anonymous_visitors_are_sent_to_log_in(demo):
    response = demo.client_for(None).get(time_url(demo.training_of("resident-g2")))
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_my_time_leads_the_resident_to_their_page(demo):
    response = demo.client_for("resident-g2").get(reverse("training:my_time"))
    assert response.url == time_url(demo.training_of("resident-g2"))
    assert demo.client_for("director-g").get(reverse("training:my_time")).status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("resident-g2", 302),
        ("supervisor-g1", 403),
        ("unithead-g", 403),
        ("director-g", 403),
        ("resident-g1", 404),
        ("director-v", 404),
    ],
)
def test_only_the_resident_enters_absences(demo, username, status):
    training = demo.training_of("resident-g2")
    data = {"kind": "vacation", "from_date": "2026-12-01", "to_date": "2026-12-05", "percent": 100}
    response = demo.client_for(username).post(time_url(training, "absences", "new"), data)
    assert response.status_code == status
    assert training.absences.filter(from_date="2026-12-01").exists() == (status == 302)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("unithead-g", 302),
        ("director-g", 302),
        ("resident-g2", 403),
        ("supervisor-g1", 403),
        ("director-v", 404),
    ],
)
def test_the_unit_head_or_director_sets_the_employment_percent(demo, username, status):
    training = demo.training_of("resident-g2")
    data = {"from_date": "2027-01-01", "percent": 80}
    response = demo.client_for(username).post(time_url(training, "employment", "new"), data)
    assert response.status_code == status
    assert training.employment_steps.filter(from_date="2027-01-01").exists() == (status == 302)


@pytest.mark.parametrize(
    ("username", "status"),
    [("unithead-g", 200), ("director-g", 200), ("resident-g2", 403), ("supervisor-g1", 403)],
)
def test_the_decision_page_for_each_role(demo, username, status):
    training = demo.training_of("resident-g2")
    url = reverse("training:absence_decision", args=[training.pk, sick_leave(training).pk])
    assert demo.client_for(username).get(url).status_code == status


def test_parental_leave_moves_completion_by_exactly_its_length(demo):
    training = demo.training_of("resident-g1")  # full time, no leave that extends
    before = timeline_of(training, DEMO_TODAY).projected_completion
    leave_from = DEMO_TODAY.replace(day=1) + timedelta(days=62)
    leave_to = leave_from + timedelta(days=88)  # 89 days, counted inclusively
    data = {"kind": "parental_leave", "from_date": leave_from, "to_date": leave_to}
    client = demo.client_for("resident-g1")
    response = client.post(time_url(training, "absences", "new"), {**data, "percent": 100})
    assert response.status_code == 302 and response.url.endswith("#absences")
    assert timeline_of(training, DEMO_TODAY).projected_completion == before + timedelta(days=89)
    page = client.get(response.url).content.decode()
    assert (before + timedelta(days=89)).isoformat() in page
    assert "Frånvaron är sparad" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to_date": "2026-11-30"}, "to_date", "Sista dagen är före första dagen."),
        ({"from_date": "2020-01-01"}, "from_date", "Datumet ligger före ST-starten"),
        ({"from_date": "2026-13-01"}, "from_date", "Fyll i ett giltigt datum."),
        ({"percent": 0}, "percent", "Kontrollera att detta värde är större än eller lika med 1."),
        ({"kind": "holiday"}, "kind", "Välj ett giltigt alternativ."),
    ],
)
def test_a_wrong_absence_gets_a_swedish_message_by_the_field(demo, data, field, message):
    training = demo.training_of("resident-g1")
    count = training.absences.count()
    valid = {"kind": "vacation", "from_date": "2026-12-02", "to_date": "2026-12-04", "percent": 100}
    response = demo.client_for("resident-g1").post(
        time_url(training, "absences", "new"), {**valid, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["absence_form"].errors
    assert training.absences.count() == count


def test_an_absence_posted_twice_is_saved_once(demo):
    training = demo.training_of("resident-g1")
    client = demo.client_for("resident-g1")
    day = DEMO_TODAY + timedelta(days=15)
    data = {"kind": "flex", "from_date": day, "to_date": day, "percent": 100}
    assert client.post(time_url(training, "absences", "new"), data).status_code == 302
    second = client.post(time_url(training, "absences", "new"), data)
    assert "Den här frånvaron finns redan." in second.content.decode()
    assert training.absences.filter(kind="flex").count() == 1


def test_a_decision_is_kept_with_who_and_when_and_moves_completion(demo):
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    before = timeline_of(training, DEMO_TODAY)
    assert "absence_decision_missing" in {f.code for f in before.findings}
    url = reverse("training:absence_decision", args=[training.pk, spell.pk])
    response = demo.client_for("director-g").post(url, {"decision": "does_not_count", "note": "x"})
    assert response.status_code == 302
    spell.refresh_from_db()
    assert spell.counts is False
    assert spell.decided_by == demo.person("director-g") and spell.decided_at is not None
    after = timeline_of(training, DEMO_TODAY)
    days = (spell.to_date - spell.from_date).days + 1
    assert "absence_decision_missing" not in {f.code for f in after.findings}
    assert after.projected_completion > before.projected_completion
    assert after.extension_days - before.extension_days <= days
    recorded = spell.history.first()
    assert recorded.history_user == demo.person("director-g")


def test_a_decision_needs_a_choice(demo):
    training = demo.training_of("resident-g2")
    url = reverse("training:absence_decision", args=[training.pk, sick_leave(training).pk])
    response = demo.client_for("unithead-g").post(url, {"note": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_only_sick_leave_and_vab_take_a_decision(demo):
    training = demo.training_of("resident-g2")
    leave = training.absences.get(kind=AbsenceKind.PARENTAL_LEAVE)
    url = reverse("training:absence_decision", args=[training.pk, leave.pk])
    assert demo.client_for("director-g").get(url).status_code == 404


def test_a_decided_spell_is_changed_or_removed_only_after_the_decider_reopens_it(demo):
    """Issue 10: the resident cannot shorten their ST behind the decider's back (R1.3)."""
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    url = reverse("training:absence_decision", args=[training.pk, spell.pk])
    demo.client_for("director-g").post(url, {"decision": "does_not_count"})
    resident = demo.client_for("resident-g2")
    edit = time_url(training, "absences", spell.pk)
    data = {
        "kind": "sick_leave",
        "from_date": spell.from_date.isoformat(),
        "to_date": (spell.from_date + timedelta(days=1)).isoformat(),
        "percent": 100,
        "note": spell.note,
    }
    refused = resident.post(edit, data)
    assert "Be verksamhetschefen eller studierektorn att öppna beslutet" in refused.content.decode()
    removed = resident.post(time_url(training, "absences", spell.pk, "delete"), follow=True)
    assert "öppna beslutet igen" in removed.content.decode()
    spell.refresh_from_db()
    assert spell.counts is False and spell.to_date != spell.from_date + timedelta(days=1)
    # Reopened by the director, the resident corrects the spell; it then needs a new decision.
    demo.client_for("director-g").post(url, {"decision": "undecided"})
    assert resident.post(edit, data).status_code == 302
    spell.refresh_from_db()
    assert (spell.counts, spell.decided_by, spell.decided_at) == (None, None, None)
    assert spell.to_date == spell.from_date + timedelta(days=1)


def test_a_row_of_another_training_is_404(demo):
    own = demo.training_of("resident-g1")
    other = demo.training_of("resident-g2")
    url = time_url(own, "absences", sick_leave(other).pk)
    assert demo.client_for("resident-g1").get(url).status_code == 404
    delete = time_url(own, "absences", sick_leave(other).pk, "delete")
    assert demo.client_for("resident-g1").post(delete).status_code == 302
    assert Absence.objects.filter(pk=sick_leave(other).pk).exists()


def test_removing_twice_is_harmless(demo):
    training = demo.training_of("resident-g2")
    spell = sick_leave(training)
    client = demo.client_for("resident-g2")
    url = time_url(training, "absences", spell.pk, "delete")
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert not Absence.objects.filter(pk=spell.pk).exists()
    assert client.get(url).status_code == 405


def test_an_employment_step_on_a_taken_date_is_refused(demo):
    training = demo.training_of("resident-g2")
    step = training.employment_steps.first()
    data = {"from_date": step.from_date.isoformat(), "percent": 50}
    response = demo.client_for("director-g").post(time_url(training, "employment", "new"), data)
    assert "Det finns redan en ändring av tjänstgöringsgraden detta datum." in (
        response.content.decode()
    )
    assert EmploymentStep.objects.filter(training=training).count() == 3


def test_an_unknown_row_kind_is_404(demo):
    training = demo.training_of("resident-g2")
    assert (
        demo.client_for("director-g").post(time_url(training, "courses", "new")).status_code == 404
    )


def test_the_residents_tables_compute_timelines_without_a_query_per_resident(
    demo, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stportal.people.models import Person
    from stportal.training.models import Training

    client = demo.client_for("director-g")
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("home")).content.decode()
    assert (
        timeline_of(demo.training_of("resident-g2"), DEMO_TODAY).projected_completion.isoformat()
        in page
    )
    home_unit = demo.training_of("resident-g2").home_unit
    for number in range(10):
        resident = Person.objects.create(username=f"extra-{number}", last_name=f"Extra {number}")
        training = Training.objects.create(
            resident=resident,
            regulation="SOSFS 2015:8",
            start_date=home_unit.trainings.first().start_date,
            home_unit=home_unit,
            main_supervisor=demo.person("supervisor-g1"),
        )
        Absence.objects.create(
            training=training, kind="parental_leave", from_date="2026-01-01", to_date="2026-01-31"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("username", "absences", "employment"),
    [
        ("resident-g2", 200, 403),
        ("supervisor-g1", 403, 403),
        ("unithead-g", 403, 200),
        ("director-g", 403, 200),
        ("resident-g1", 404, 404),
        ("director-v", 404, 404),
    ],
)
def test_changing_and_removing_rows_for_each_role(demo, username, absences, employment):
    training = demo.training_of("resident-g2")
    client = demo.client_for(username)
    absence, step = sick_leave(training), training.employment_steps.first()
    assert client.get(time_url(training, "absences", absence.pk)).status_code == absences
    assert client.get(time_url(training, "employment", step.pk)).status_code == employment
    removed = {200: 302}.get(absences, absences)
    assert client.post(time_url(training, "absences", absence.pk, "delete")).status_code == removed
    removed = {200: 302}.get(employment, employment)
    assert client.post(time_url(training, "employment", step.pk, "delete")).status_code == removed
    assert Absence.objects.filter(pk=absence.pk).exists() == (absences != 200)
    assert EmploymentStep.objects.filter(pk=step.pk).exists() == (employment != 200)


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        ("resident-g2", ["Ny frånvaro"], ["Ny tjänstgöringsgrad", "Besluta"]),
        ("supervisor-g1", [], ["Ny frånvaro", "Ny tjänstgöringsgrad", "Besluta", "Ändra"]),
        ("unithead-g", ["Ny tjänstgöringsgrad", "Besluta"], ["Ny frånvaro"]),
        ("director-g", ["Ny tjänstgöringsgrad", "Besluta"], ["Ny frånvaro"]),
    ],
)
def test_each_role_sees_only_the_forms_it_may_use(demo, username, shown, hidden):
    training = demo.training_of("resident-g2")
    page = demo.client_for(username).get(time_url(training)).content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


def test_an_employment_step_before_the_start_is_refused_by_the_field(demo):
    training = demo.training_of("resident-g2")
    data = {"from_date": "2020-01-01", "percent": 50}
    response = demo.client_for("director-g").post(time_url(training, "employment", "new"), data)
    assert "Datumet ligger före ST-starten" in response.content.decode()
    assert "from_date" in response.context["step_form"].errors
    assert EmploymentStep.objects.filter(training=training).count() == 3
