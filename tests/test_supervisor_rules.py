"""R8.2/R8.3 (the main supervisor and the supervisor training) and R6.11/R6.12 (V: absence during
a rotation, who watches the results), worked examples for both regions with frozen dates
(issue 11)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stportal.routines.loader import load_profiles
from stportal.rules.followup import Facts, follow_up
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.supervisors import Appointment, Supervisor, supervisor_findings
from stportal.timeline.dates import add_months

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
BOTH = pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
START = date(2024, 1, 1)
AS_OF = date(2026, 3, 4)
SOSFS, HSLF = "SOSFS 2015:8", "HSLF-FS 2021:8"


def codes(profile, supervisors, appointment=None, regulation=SOSFS, as_of=AS_OF):
    return [
        f.code
        for f in supervisor_findings(
            profile,
            as_of=as_of,
            start=START,
            regulation=regulation,
            supervisors=supervisors,
            appointment=appointment,
        )
    ]


def main(**changes):
    base = {
        "name": "Eva Lind",
        "trained_on": date(2023, 5, 1),
        "training_regulation": SOSFS,
        "specialty": "general_practice",
        "main": True,
    }
    return Supervisor(**{**base, **changes})


@BOTH
def test_r8_2_r8_3_all_recorded_and_right_raises_nothing(profile):
    assert codes(profile, [main()], Appointment(date(2023, 12, 1), True)) == []


@BOTH
def test_r8_3_training_covering_another_målbeskrivning_is_a_finding(profile):
    """R8.3: "som ska innehålla information om den för ST-läkaren aktuella målbeskrivningen"."""
    found = supervisor_findings(
        profile,
        as_of=AS_OF,
        start=START,
        regulation=HSLF,
        supervisors=[main(training_regulation=SOSFS)],
    )
    assert [(f.code, f.rule) for f in found] == [("supervisor_training_other_curriculum", "R8.3")]
    assert "HSLF-FS 2021:8" in found[0].message
    # a co-supervisor too
    co = Supervisor("Per Ek", date(2024, 1, 1), SOSFS)
    assert codes(profile, [main(training_regulation=HSLF), co], regulation=HSLF) == [
        "supervisor_training_other_curriculum"
    ]


@BOTH
def test_r8_3_unrecorded_målbeskrivning_is_unknown_not_broken(profile):
    assert codes(profile, [main(training_regulation="")], regulation=HSLF) == []


@BOTH
def test_r8_3_training_age_still_checked_after_the_move(profile):
    """R8.3: the rule moved from rules.followup to rules.supervisors; old pairs still work."""
    assert codes(profile, [("Eva Lind", date(2020, 1, 1))]) == ["supervisor_training_old"]
    assert codes(profile, [("Eva Lind", None)]) == ["supervisor_training_old"]
    assert codes(profile, [main(trained_on=date(2020, 1, 1))]) == ["supervisor_training_old"]


@BOTH
@given(trained=st.dates(date(2015, 1, 1), date(2026, 3, 4)))
def test_r8_3_training_valid_exactly_five_years(profile, trained):
    old = add_months(trained, 60) < AS_OF
    assert ("supervisor_training_old" in codes(profile, [main(trained_on=trained)])) is old


@BOTH
def test_r8_2_main_supervisor_not_a_specialist_in_allmänmedicin(profile):
    """R8.2: "en huvudhandledare (specialist i allmänmedicin)"; V assumed (national rule)."""
    assert codes(profile, [main(specialty="other")]) == ["main_supervisor_not_specialist"]
    assert codes(profile, [main(specialty="none")]) == ["main_supervisor_not_specialist"]
    assert codes(profile, [main(specialty="")]) == []  # not recorded: unknown
    # a co-supervisor need not be one
    co = Supervisor("Per Ek", date(2024, 1, 1), SOSFS, "other")
    assert codes(profile, [main(), co]) == []


@BOTH
def test_r8_2_appointed_by_the_unit_head_before_the_start(profile):
    """R8.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare […] utses inför
    ST-tjänstgöringens start"."""
    assert codes(profile, [main()], Appointment(START, True)) == []
    assert codes(profile, [main()], Appointment(START + timedelta(days=1), True)) == [
        "main_supervisor_appointed_late"
    ]
    assert codes(profile, [main()], Appointment(date(2023, 12, 1), False)) == [
        "main_supervisor_not_appointed_by_unit_head"
    ]
    assert codes(profile, [main()], Appointment()) == []  # not recorded


def test_r8_2_v_values_are_marked_assumed_and_g_values_are_the_routines():
    assert G.main_supervisor is not None and G.main_supervisor.assumed == []
    assert V.main_supervisor is not None
    assert set(V.main_supervisor.assumed) == {
        "specialty",
        "appointed_by",
        "appointed_before_start",
        "training_covers_curriculum",
    }


def facts(**changes):
    base = {
        "as_of": AS_OF,
        "start": START,
        "completion": date(2028, 12, 31),
        "regulation": SOSFS,
        "supervisors": [main()],
        "scholarly_planned": {"written_work": date(2024, 6, 1), "quality_work": date(2024, 6, 1)},
    }
    return Facts(**{**base, **changes})


def rule_codes(profile, **changes):
    return [(f.code, f.rule) for f in follow_up(profile, facts(**changes))]


@BOTH
def test_r8_2_r8_3_follow_up_calls_the_supervisor_rules(profile):
    found = rule_codes(
        profile,
        supervisors=[main(specialty="other", training_regulation=HSLF)],
        main_supervisor_appointment=Appointment(date(2024, 2, 1), True),
    )
    assert ("main_supervisor_not_specialist", "R8.2") in found
    assert ("main_supervisor_appointed_late", "R8.2") in found
    assert ("supervisor_training_other_curriculum", "R8.3") in found


ROTATION = (date(2026, 2, 2), date(2026, 4, 30))


def cover_codes(profile, **changes):
    return [code for code, rule in rule_codes(profile, **changes) if rule in ("R6.11", "R6.12")]


def test_r6_11_v_sick_leave_during_a_rotation_not_reported_is_a_finding():
    """R6.11 (V): "meddela både kliniken och sin verksamhetschef vid frånvaro pga. sjukdom, VAB
    eller dylikt" during the rotation."""
    sick = RotationAbsence(date(2026, 2, 10), date(2026, 2, 12), reported=False)
    assert cover_codes(
        V, rotations=[ROTATION], rotation_absences=[sick], results_covered_by="Dr Berg"
    ) == ["rotation_absence_unreported"]
    reported = RotationAbsence(date(2026, 2, 10), date(2026, 2, 12), reported=True)
    assert (
        cover_codes(
            V, rotations=[ROTATION], rotation_absences=[reported], results_covered_by="Dr Berg"
        )
        == []
    )
    # outside the rotation: the routine speaks of "under sin sidotjänstgöring"
    home = RotationAbsence(date(2026, 1, 10), date(2026, 1, 12), reported=False)
    assert (
        cover_codes(V, rotations=[ROTATION], rotation_absences=[home], results_covered_by="X") == []
    )


def test_r6_11_r6_12_g_routine_says_neither():
    sick = RotationAbsence(date(2026, 2, 10), date(2026, 2, 12), reported=False)
    assert cover_codes(G, rotations=[ROTATION], rotation_absences=[sick]) == []


def test_r6_12_v_nobody_named_to_watch_results_during_a_rotation():
    """R6.12 (V): "en tydlig och välfungerande struktur för hur bevakningen av inkommande svar
    och ärenden till ST-läkaren ska hanteras i samband med sidotjänstgöringar"."""
    found = [f for f in follow_up(V, facts(rotations=[ROTATION])) if f.rule == "R6.12"]
    assert [(f.code, f.severity, f.due) for f in found] == [
        ("results_cover_missing", "overdue", ROTATION[0])
    ]
    assert cover_codes(V, rotations=[ROTATION], results_covered_by="Dr Berg, then the team") == []
    # a rotation long over, or far ahead, asks for nothing yet
    assert cover_codes(V, rotations=[(date(2025, 1, 1), date(2025, 3, 31))]) == []
    assert cover_codes(V, rotations=[(date(2027, 1, 1), date(2027, 3, 31))]) == []
    # one about to start: a warning, due on its first day
    soon = AS_OF + timedelta(days=14)
    later = [f for f in follow_up(V, facts(rotations=[(soon, soon + timedelta(days=90))]))]
    assert [(f.code, f.severity) for f in later if f.rule == "R6.12"] == [
        ("results_cover_missing", "warning")
    ]


# Through the models and the adapters, on the demo residents of both regions.


@pytest.mark.parametrize("username", ["resident-g2", "resident-v2"])
def test_r8_2_r8_3_recorded_on_the_person_reach_the_findings(demo, username):
    from stportal.adapters.followup import findings_of
    from stportal.adapters.timeline import timeline_of
    from stportal.training.models import Training
    from tests.conftest import DEMO_TODAY

    training = demo.training_of(username)
    other = HSLF if training.regulation == SOSFS else SOSFS
    supervisor = training.main_supervisor
    supervisor.specialty = "other"
    supervisor.supervisor_training_regulation = other
    supervisor.supervisor_training_on = add_months(DEMO_TODAY, -12)
    supervisor.save()
    training = Training.objects.get(pk=training.pk)
    found = {
        (f.code, f.rule)
        for f in findings_of(training, timeline_of(training, DEMO_TODAY))
        if f.rule in ("R8.2", "R8.3")
    }
    assert found == {
        ("main_supervisor_not_specialist", "R8.2"),
        ("supervisor_training_other_curriculum", "R8.3"),
    }


@pytest.mark.parametrize("username", ["resident-g2", "resident-v2"])
def test_r8_2_only_a_unit_head_of_the_home_unit_is_recorded_as_appointer(demo, username):
    from django.core.exceptions import ValidationError

    from stportal.people.models import Person

    training = demo.training_of(username)
    region = "g" if username.endswith("g2") else "v"
    training.main_supervisor_appointed_by = Person.objects.get(username=f"director-{region}")
    with pytest.raises(ValidationError) as error:
        training.clean()
    assert "main_supervisor_appointed_by" in error.value.message_dict
    head = training.home_unit.memberships.filter(role="unit_head").first()
    assert head is not None  # the demo's unit head of this resident's home unit
    training.main_supervisor_appointed_by = head.person
    training.clean()


def test_r6_11_r6_12_v_demo_absence_during_a_rotation_through_the_adapter(demo):
    from stportal.adapters.followup import findings_of
    from stportal.adapters.timeline import timeline_of
    from stportal.training.models import Absence, AbsenceKind, Placement, Training
    from tests.conftest import DEMO_TODAY

    training = demo.training_of("resident-v2")
    rotation = (
        Placement.objects.filter(training=training, kind="rotation").order_by("from_date").first()
    )
    if rotation is None:
        pytest.skip("the demo resident has no rotation")
    day = max(rotation.from_date, training.start_date)
    if day > DEMO_TODAY:
        pytest.skip("the demo rotation is ahead")
    Absence.objects.filter(training=training, from_date__lte=day, to_date__gte=day).delete()
    Absence.objects.create(
        training=training, kind=AbsenceKind.SICK_LEAVE, from_date=day, to_date=day
    )
    training = Training.objects.get(pk=training.pk)
    codes = {f.code for f in findings_of(training, timeline_of(training, DEMO_TODAY))}
    assert "rotation_absence_unreported" in codes
    Absence.objects.filter(training=training, from_date=day).update(
        reported_to_clinic_and_unit_head=True
    )
    training = Training.objects.get(pk=training.pk)
    codes = {f.code for f in findings_of(training, timeline_of(training, DEMO_TODAY))}
    assert "rotation_absence_unreported" not in codes


def test_r6_11_the_absence_form_asks_for_the_report_in_v_only(demo):
    from stportal.training.forms import AbsenceForm

    v = AbsenceForm(training=demo.training_of("resident-v2"))
    g = AbsenceForm(training=demo.training_of("resident-g2"))
    assert "reported_to_clinic_and_unit_head" in v.fields
    assert "reported_to_clinic_and_unit_head" not in g.fields


def test_r6_12_v_also_during_other_absence():
    """R6.12 (V): "… samt vid annan frånvaro": a parental leave under way asks for it too; G's
    routine does not."""
    leave = (date(2026, 3, 1), date(2026, 8, 31))
    found = [f for f in follow_up(V, facts(absence_spans=[leave])) if f.rule == "R6.12"]
    assert [(f.code, f.due) for f in found] == [("results_cover_missing", leave[0])]
    assert "absence" in found[0].message or "frånvaro" in found[0].message
    assert cover_codes(V, absence_spans=[leave], results_covered_by="Dr Berg") == []
    assert cover_codes(V, absence_spans=[(date(2025, 1, 1), date(2025, 1, 5))]) == []
    assert cover_codes(G, absence_spans=[leave]) == []
