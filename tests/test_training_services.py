"""The writes of a training's rows as services (issue 9): the R1.3 decision, absences, employment
steps and the time plan's placements, called directly."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from stportal.plans import services as plan_services
from stportal.plans.models import RotationContract
from stportal.training import services
from stportal.training.models import Absence, AbsenceKind, Placement
from tests.conftest import DEMO_NOW


def _sick_leave(demo):
    return demo.training_of("resident-g2").absences.get(kind=AbsenceKind.SICK_LEAVE)


def test_a_decision_is_kept_with_who_and_when_and_undecided_again_clears_both(demo):
    spell, director = _sick_leave(demo), demo.person("director-g")
    services.absence_decide(absence=spell, counts=False, note="Lång", person=director, now=DEMO_NOW)
    spell.refresh_from_db()
    assert (spell.counts, spell.decided_by, spell.decided_at) == (False, director, DEMO_NOW)
    services.absence_decide(absence=spell, counts=None, note="", person=director, now=DEMO_NOW)
    spell.refresh_from_db()
    assert (spell.counts, spell.decided_by, spell.decided_at) == (None, None, None)


def test_only_sick_leave_and_vab_take_a_decision(demo):
    leave = demo.training_of("resident-g2").absences.get(kind=AbsenceKind.PARENTAL_LEAVE)
    with pytest.raises(ValidationError):
        services.absence_decide(
            absence=leave, counts=True, note="", person=demo.person("director-g"), now=DEMO_NOW
        )
    leave.refresh_from_db()
    assert leave.counts is None


def test_changing_a_decided_spells_dates_voids_its_decision_but_a_note_does_not(demo):
    spell, director = _sick_leave(demo), demo.person("director-g")
    services.absence_decide(absence=spell, counts=True, note="", person=director, now=DEMO_NOW)
    spell.note = "Intyg finns"
    assert services.absence_save(absence=spell, changed_fields=["note"], may_decide=False) is False
    spell.to_date += timedelta(days=1)
    with pytest.raises(ValidationError):  # issue 10: not by the resident behind the decider
        services.absence_save(absence=spell, changed_fields=["to_date"], may_decide=False)
    assert services.absence_save(absence=spell, changed_fields=["to_date"], may_decide=True)
    spell.refresh_from_db()
    assert spell.counts is None and spell.decided_by is None


def test_a_row_removed_twice_is_removed_once_and_only_the_trainings_own(demo):
    training, other = demo.training_of("resident-g2"), demo.training_of("resident-g1")
    spell = _sick_leave(demo)
    assert services.absence_remove(training=other, row_id=spell.pk, may_decide=True) is False
    assert Absence.objects.filter(pk=spell.pk).exists()
    assert services.absence_remove(training=training, row_id=spell.pk, may_decide=False) is True
    assert services.absence_remove(training=training, row_id=spell.pk, may_decide=False) is False


def test_a_decided_spell_is_removed_only_by_those_who_decide(demo):
    spell, director = _sick_leave(demo), demo.person("director-g")
    services.absence_decide(absence=spell, counts=False, note="", person=director, now=DEMO_NOW)
    training = spell.training
    with pytest.raises(ValidationError):
        services.absence_remove(training=training, row_id=spell.pk, may_decide=False)
    assert services.absence_remove(training=training, row_id=spell.pk, may_decide=True) is True


def test_a_placement_with_a_rotation_contract_is_not_removed(demo):
    training = demo.training_of("resident-g2")
    placement = training.placements.first()
    RotationContract.objects.create(
        placement=placement,
        receiving_email="mottagare@example.se",
        created_by=demo.person("resident-g2"),
    )
    with pytest.raises(ValidationError):
        plan_services.placement_remove(training=training, row_id=placement.pk)
    assert Placement.objects.filter(pk=placement.pk).exists()
