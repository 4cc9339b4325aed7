"""The invariants the database itself keeps (issue 2), on SQLite and PostgreSQL alike."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stportal.people.models import Membership, Role
from stportal.training.models import Absence, EmploymentStep, Placement


def _raises_integrity(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_placements_of_one_training_never_overlap(demo):
    training = demo.training_of("resident-g1")
    home = training.home_unit
    first = training.placements.get()
    later = first.to_date + timedelta(days=200)
    _raises_integrity(
        lambda: Placement.objects.create(
            training=training,
            kind="rotation",
            unit=home,
            from_date=first.to_date,
            to_date=later,
        )
    )
    # Touching is fine: the day after the last one.
    Placement.objects.create(
        training=training,
        kind="rotation",
        unit=home,
        from_date=first.to_date + timedelta(days=1),
        to_date=later,
    )
    # Moving an existing placement onto another is refused too.
    first.to_date = first.to_date + timedelta(days=10)
    _raises_integrity(first.save)


def test_other_trainings_may_share_dates(demo):
    a, b = demo.training_of("resident-g1"), demo.training_of("resident-v1")
    span = {"from_date": date(2030, 1, 1), "to_date": date(2030, 2, 1), "kind": "rotation"}
    Placement.objects.create(training=a, unit=a.home_unit, **span)
    Placement.objects.create(training=b, unit=b.home_unit, **span)


@pytest.mark.parametrize("percent", [0, 101])
def test_percent_is_between_1_and_100(demo, percent):
    training = demo.training_of("resident-g1")
    _raises_integrity(
        lambda: EmploymentStep.objects.create(
            training=training, from_date=date(2027, 1, 1), percent=percent
        )
    )
    _raises_integrity(
        lambda: Absence.objects.create(
            training=training,
            kind="vacation",
            percent=percent,
            from_date=date(2027, 1, 1),
            to_date=date(2027, 1, 2),
        )
    )


def test_to_is_not_before_from(demo):
    training = demo.training_of("resident-g1")
    _raises_integrity(
        lambda: Absence.objects.create(
            training=training,
            kind="vacation",
            from_date=date(2027, 1, 2),
            to_date=date(2027, 1, 1),
        )
    )
    _raises_integrity(
        lambda: Placement.objects.create(
            training=training,
            kind="rotation",
            unit=training.home_unit,
            from_date=date(2031, 1, 2),
            to_date=date(2031, 1, 1),
        )
    )


def test_a_decision_is_only_for_sick_leave_and_vab_and_says_who(demo):
    training = demo.training_of("resident-g2")
    director = demo.person("director-g")
    _raises_integrity(
        lambda: Absence.objects.create(
            training=training,
            kind="parental_leave",
            counts=True,
            decided_by=director,
            decided_at="2026-01-01T10:00Z",
            from_date=date(2027, 1, 1),
            to_date=date(2027, 1, 2),
        )
    )
    _raises_integrity(
        lambda: Absence.objects.create(
            training=training,
            kind="sick_leave",
            counts=False,
            from_date=date(2027, 1, 1),
            to_date=date(2027, 1, 2),
        )
    )


def test_one_employment_step_per_date(demo):
    training = demo.training_of("resident-g2")
    step = training.employment_steps.first()
    _raises_integrity(
        lambda: EmploymentStep.objects.create(
            training=training, from_date=step.from_date, percent=50
        )
    )


def test_a_unit_head_membership_needs_a_unit(demo):
    person = demo.person("supervisor-g1")
    region = demo.training_of("resident-g1").region
    _raises_integrity(
        lambda: Membership.objects.create(person=person, role=Role.UNIT_HEAD, region=region)
    )


def test_validation_explains_in_swedish(demo):
    training = demo.training_of("resident-g1")
    overlapping = Placement(
        training=training,
        kind="auskultation",
        unit=training.home_unit,
        from_date=training.start_date,
        to_date=training.start_date,
    )
    with pytest.raises(ValidationError, match="Placeringen överlappar"):
        overlapping.full_clean()
    early = EmploymentStep(training=training, from_date=date(2000, 1, 1), percent=50)
    with pytest.raises(ValidationError, match="före ST-starten"):
        early.full_clean()
    other_region_unit = demo.training_of("resident-v1").home_unit
    membership = Membership(
        person=demo.person("supervisor-g1"),
        role=Role.UNIT_HEAD,
        region=training.region,
        unit=other_region_unit,
    )
    with pytest.raises(ValidationError, match="höra till den valda regionen"):
        membership.full_clean()
