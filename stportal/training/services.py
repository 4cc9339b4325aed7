"""Writes of a training that a rule governs, each atomic and named `<entity>_<action>`."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stportal.people.models import Person
from stportal.training.models import REVIEWABLE_KINDS, Absence


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
