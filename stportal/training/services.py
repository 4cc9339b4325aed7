"""Writes of a training that a rule governs, each atomic and named `<entity>_<action>`."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stportal.people.models import Person
from stportal.training.models import REVIEWABLE_KINDS, Absence, Training

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


def _decided_elsewhere() -> ValidationError:
    return ValidationError(
        _(
            "This spell has a decision on whether it counts (R1.3). Ask the unit head or the "
            "director of studies to reopen the decision before you change or remove it."
        )
    )


def absence_save(*, absence: Absence, changed_fields: Collection[str], may_decide: bool) -> bool:
    """A new or changed absence, validated by its form. A decided spell whose kind, dates or
    percent changed loses its decision, which was about the spell as it was (R1.3): returns
    True then, so the page can say a new decision is needed. Only those who decide (`may_decide`,
    asked of stportal.access by the page) change a decided spell so (issue 10: the resident
    cannot move their completion date back behind the decider's back)."""
    voided = absence.counts is not None and bool(DECIDED_FIELDS & set(changed_fields))
    if voided and not may_decide:
        raise _decided_elsewhere()
    if voided:
        absence.counts, absence.decided_by, absence.decided_at = None, None, None
    with transaction.atomic():
        absence.save()
    return voided


def absence_remove(*, training: Training, row_id: int, may_decide: bool) -> bool:
    """Removes the training's absence; False when there is none (posted twice). A decided spell
    only by those who decide (R1.3, issue 10)."""
    with transaction.atomic():
        rows = Absence.objects.select_for_update().filter(pk=row_id, training=training)
        if not may_decide and rows.filter(counts__isnull=False).exists():
            raise _decided_elsewhere()
        deleted, _rows = rows.delete()
    return bool(deleted)
