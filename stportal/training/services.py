"""Writes of a training that a rule governs, each atomic and named `<entity>_<action>`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stportal.people.models import Person
from stportal.training.models import REVIEWABLE_KINDS, Absence, EmploymentStep, Training

# What a decision on a spell is about (R1.3): changing any of these voids it.
DECIDED_FIELDS = frozenset({"kind", "from_date", "to_date", "percent"})


def absence_decide(
    *, absence: Absence, counts: bool | None, note: str, person: Person, now: datetime
) -> Absence:
    """R1.3: whether a sick-leave or VAB spell counts as service (None: undecided again),
    recorded with who decided and when; the history keeps every earlier decision."""
    if absence.kind not in REVIEWABLE_KINDS:
        raise ValidationError(_("Only sick leave and VAB take a decision."))
    with transaction.atomic():
        absence.note = note
        absence.counts = counts
        absence.decided_by, absence.decided_at = (None, None) if counts is None else (person, now)
        absence.save()
    return absence


def absence_save(*, absence: Absence, changed_fields: Collection[str]) -> bool:
    """A new or changed absence, validated by its form. A decided spell whose kind, dates or
    percent changed loses its decision, which was about the spell as it was (R1.3): returns
    True then, so the page can say a new decision is needed."""
    voided = absence.counts is not None and bool(DECIDED_FIELDS & set(changed_fields))
    if voided:
        absence.counts, absence.decided_by, absence.decided_at = None, None, None
    with transaction.atomic():
        absence.save()
    return voided


def absence_remove(*, training: Training, row_id: int) -> bool:
    """Removes the training's absence; False when there is none (posted twice)."""
    with transaction.atomic():
        deleted, _rows = Absence.objects.filter(pk=row_id, training=training).delete()
    return bool(deleted)


def employment_step_save(*, step: EmploymentStep) -> bool:
    """A new or changed employment percent (R1.5), validated by its form; nothing to warn of."""
    with transaction.atomic():
        step.save()
    return False


def employment_step_remove(*, training: Training, row_id: int) -> bool:
    with transaction.atomic():
        deleted, _rows = EmploymentStep.objects.filter(pk=row_id, training=training).delete()
    return bool(deleted)
