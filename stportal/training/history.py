"""The kept history of a training, its employment, absences, placements and clinical work (R10):
who, when, what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from stportal.people.models import Person
from stportal.training.models import (
    Absence,
    EmploymentStep,
    OnCallEvent,
    PatientListCount,
    Placement,
    Training,
)

HIDDEN_FIELDS = {"id", "training"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str  # created, changed or deleted
    changes: list[Change]


def training_history_entries(training: Training) -> list[HistoryEntry]:
    """Every kept version, newest first, each compared with the version before it."""
    sources: list[tuple[type[models.Model], models.QuerySet[Any]]] = [
        (Training, Training.history.filter(id=training.pk)),  # type: ignore[attr-defined]
        (EmploymentStep, EmploymentStep.history.filter(training_id=training.pk)),  # type: ignore[attr-defined]
        (Absence, Absence.history.filter(training_id=training.pk)),  # type: ignore[attr-defined]
        (Placement, Placement.history.filter(training_id=training.pk)),  # type: ignore[attr-defined]
        (PatientListCount, PatientListCount.history.filter(training_id=training.pk)),  # type: ignore[attr-defined]
        (OnCallEvent, OnCallEvent.history.filter(training_id=training.pk)),  # type: ignore[attr-defined]
    ]
    entries = []
    for model, records in sources:
        previous: dict[int, Any] = {}
        for record in records.select_related("history_user").order_by("history_date", "pk"):
            entries.append(_entry(model, record, previous.get(record.id)))
            previous[record.id] = record
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entry(model: type[models.Model], record: Any, before: Any) -> HistoryEntry:
    action = ACTIONS[record.history_type]
    if before is None or action == "deleted":
        changes = [] if action == "deleted" else _initial_values(model, record)
    else:
        delta = record.diff_against(before)
        changes = [
            Change(
                _label(model, c.field), _show(model, c.field, c.old), _show(model, c.field, c.new)
            )
            for c in delta.changes
            if c.field not in HIDDEN_FIELDS
        ]
    return HistoryEntry(
        when=record.history_date,
        who=str(record.history_user) if record.history_user else _("the system"),
        subject=_first_upper(f"{model._meta.verbose_name}: {record.instance}"),
        action=action,
        changes=changes,
    )


def _initial_values(model: type[models.Model], record: Any) -> list[Change]:
    values = []
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        value = getattr(record, field.attname)
        if value not in (None, ""):
            values.append(Change(_label(model, field.name), "", _show(model, field.name, value)))
    return values


def _label(model: type[models.Model], name: str) -> str:
    return _first_upper(str(_field(model, name).verbose_name))


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # history diffs name concrete and m2m fields only
    return field


def _show(model: type[models.Model], name: str, value: Any) -> str:
    field = _field(model, name)
    if value is None or value == "":
        return "–"
    if isinstance(field, models.ManyToManyField):
        ids = [row[field.m2m_reverse_field_name()] for row in value]
        return ", ".join(str(p) for p in Person.objects.filter(pk__in=ids)) or "–"
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
