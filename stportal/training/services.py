"""Writes of a training that a rule governs, each atomic and named `<entity>_<action>`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from stportal.fields import check_text_lengths, check_unchanged
from stportal.people.models import Person
from stportal.training.models import (
    ONCE_ON_CALL_KINDS,
    PATIENT_LIST_BOUNDS,
    REVIEWABLE_KINDS,
    Absence,
    EmploymentStep,
    OnCallEvent,
    OnCallKind,
    PatientListCount,
    Training,
)

# What a decision on a spell is about (R1.3): changing any of these voids it.
DECIDED_FIELDS = frozenset({"kind", "from_date", "to_date", "percent"})
# The decision itself, written only by absence_decide or when a change voids it.
DECISION_FIELDS = frozenset({"counts", "decided_by", "decided_at"})


def absence_decide(
    *,
    absence: Absence,
    counts: bool | None,
    note: str,
    person: Person,
    now: datetime,
    seen_version: str | None = None,
) -> Absence:
    """R1.3: whether a sick-leave or VAB spell counts as service (None: undecided again),
    recorded with who decided and when; the history keeps every earlier decision. Refused when
    the spell changed after the decision's form was built (`seen_version`, issue 10: a stale form
    neither overwrites another decision nor the spell's note); the same decision posted twice is
    recorded once."""
    if absence.kind not in REVIEWABLE_KINDS:
        raise ValidationError(_("Only sick leave and VAB take a decision."))
    with transaction.atomic():
        current = Absence.objects.select_for_update().get(pk=absence.pk)
        absence.refresh_from_db()
        if check_unchanged(current, seen_version, wanted={"counts": counts, "note": note}):
            return absence
        absence.note = note
        check_text_lengths(absence, ["note"])
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
    cannot move their completion date back behind the decider's back).

    Checked under the training's lock, so that simultaneous posts meet one at a time (issue 10):
    the decision is the one stored now, not the one on the row as the request loaded it, and a
    change writes only the fields it changes, so a decision made a moment ago is neither missed
    nor overwritten; the same absence posted again (same kind and first day, the same last day,
    percent and note) is the one already saved; another of the same kind from the same day, or
    absences that add up to more than a whole day, are refused."""
    check_text_lengths(absence)
    with transaction.atomic():
        lock_training(absence.training_id)
        stored = _locked_row(absence)
        if stored is None:
            voided, fields = False, []
        else:  # the decision as stored now, whatever the row loaded with the request said
            fields = _merge(absence, stored, set(changed_fields) - DECISION_FIELDS)
            voided = stored.counts is not None and bool(DECIDED_FIELDS & set(fields))
        if voided and not may_decide:
            raise _decided_elsewhere()
        if _entered_already(absence):
            return False
        _check_whole_day(absence)
        if stored is None:
            absence.save()
            return False
        if voided:
            absence.counts, absence.decided_by, absence.decided_at = None, None, None
            fields += sorted(DECISION_FIELDS)
        _save_fields(absence, fields)
    return voided


def _locked_row[Row: Model](row: Row) -> Row | None:
    """The stored row of a changed row, locked until the transaction ends; None for a new one.
    Refused when it was removed meanwhile (it is not brought back)."""
    if row.pk is None:
        return None
    stored = type(row)._default_manager.select_for_update().filter(pk=row.pk).first()
    if stored is None:
        raise ValidationError(
            _("Someone else removed this row while you were editing it; nothing is saved.")
        )
    return stored


def _merge[Row: Model](row: Row, stored: Row, names: Collection[str]) -> list[str]:
    """The row as it is to be saved: the person's values of the fields they changed (`names`),
    the stored values of the others, which someone else may have written meanwhile (issue 10).
    Returns the fields to write, so a save writes those only and what the history records of
    the row is what is stored."""
    fields = []
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name in names:
            fields.append(field.name)
        else:
            setattr(row, field.attname, getattr(stored, field.attname))
    return fields


def _save_fields(row: Model, fields: list[str]) -> None:
    if fields:  # nothing changed: nothing to write
        row.save(update_fields=fields)


def _entered_already(absence: Absence) -> bool:
    """True when this very absence is saved already (posted twice); refused when another of the
    same kind begins the same day (the database keeps that unique too)."""
    same = (
        Absence.objects.filter(
            training_id=absence.training_id, kind=absence.kind, from_date=absence.from_date
        )
        .exclude(pk=absence.pk)
        .first()
    )
    if same is None:
        return False
    posted = (absence.to_date, absence.percent, absence.note)
    if absence.pk is None and (same.to_date, same.percent, same.note) == posted:
        return True
    raise ValidationError(_("An absence of this kind starting on this day is already entered."))


def _check_whole_day(absence: Absence) -> None:
    """Absences may overlap (part-time leave of two kinds), but on no day do they add up to more
    than the whole day: the same leave entered twice, or twice in other words, is refused."""
    others = list(
        Absence.objects.filter(
            training_id=absence.training_id,
            from_date__lte=absence.to_date,
            to_date__gte=absence.from_date,
        ).exclude(pk=absence.pk)
    )
    starts = {absence.from_date} | {o.from_date for o in others if o.from_date > absence.from_date}
    for day in sorted(starts):
        total = absence.percent + sum(o.percent for o in others if o.from_date <= day <= o.to_date)
        if total > 100:
            raise ValidationError(_overfull(day, total))


def _overfull(day: date, total: int) -> str:
    return _(
        "On %(day)s the absences would add up to %(total)d %% of the day. Enter the new absence "
        "at the percent left of the day, or change the absence already entered."
    ) % {"day": day.isoformat(), "total": total}


def employment_step_save(*, step: EmploymentStep) -> bool:
    """A new or changed employment percent (R1.5), one a day: the same step posted again is the
    one already saved; another percent on a day that has one is refused (issue 10: checked
    under the training's lock, so that simultaneous posts meet one at a time)."""
    with transaction.atomic():
        lock_training(step.training_id)
        same = (
            EmploymentStep.objects.filter(training_id=step.training_id, from_date=step.from_date)
            .exclude(pk=step.pk)
            .first()
        )
        if same is not None and same.percent == step.percent and step.pk is None:
            return False
        if same is not None:
            raise ValidationError(_("There is already a change of percent on this date."))
        step.save()
    return False


def lock_training(training_id: int | None) -> None:
    """Holds the training's row until the transaction ends, so the writes of one training's rows
    meet one at a time (on SQLite every write transaction takes the database's lock already)."""
    if training_id is not None:
        Training.objects.select_for_update().filter(pk=training_id).exists()


def row_save(
    *,
    row: Model,
    changed_fields: Collection[str],
    seen_version: str | None,
    save: Callable[[], bool] | None = None,
) -> bool:
    """A new or changed row of a training (an absence, an employment step, a placement), saved
    by `save` (its kind's service) or as it is, a changed row only in the fields the person
    changed (what others wrote to its other fields meanwhile stays: the rotation supervisor's
    name the receiving unit gave a placement). A changed row must still be what the person's
    form was built on (`seen_version`, issue 10): a row changed meanwhile is refused, not
    overwritten; one removed meanwhile is not brought back. What its form checked against the
    other rows is checked again under the training's lock. Returns what `save` returns (True
    when the change voided a decision)."""
    training_id = getattr(row, "training_id", None)
    with transaction.atomic():
        lock_training(training_id)
        current = _locked_row(row)
        fields = [] if current is None else _merge(row, current, changed_fields)
        if current is not None:
            changed = [f for f in row._meta.concrete_fields if f.name in changed_fields]
            wanted = {f.attname: f.value_from_object(row) for f in changed}
            if check_unchanged(current, seen_version, wanted=wanted):
                return False
        row.clean()
        if save is not None:
            return save()
        if current is None:
            row.save()
        else:
            _save_fields(row, fields)
        return False


def absence_remove(*, training: Training, row_id: int, may_decide: bool) -> bool:
    """Removes the training's absence; False when there is none (posted twice). A decided spell
    only by those who decide (R1.3, issue 10)."""
    with transaction.atomic():
        rows = Absence.objects.select_for_update().filter(pk=row_id, training=training)
        if not may_decide and rows.filter(counts__isnull=False).exists():
            raise _decided_elsewhere()
        deleted, _rows = rows.delete()
    return bool(deleted)


# --- Issue 11: the main supervisor's appointment (R8.2) and the covering of results (R6.12) ---


def main_supervisor_appointment_record(
    *, training: Training, person: Person, appointed_on: date, today: date
) -> Training:
    """R8.2 (G 5.1.2): "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare
    (specialist i allmänmedicin) utses inför ST-tjänstgöringens start": the unit head who
    records it is the one who appointed the main supervisor, on `appointed_on`. Recorded again
    is the same record (a corrected date replaces the first); an appointment in the future, or
    by someone not a unit head of the home unit (Training.clean), is refused."""
    if appointed_on > today:
        raise ValidationError(
            {"appointed_on": _("An appointment is recorded once it has been made.")}
        )
    with transaction.atomic():
        current = Training.objects.select_for_update().get(pk=training.pk)
        if (current.main_supervisor_appointed_by_id, current.main_supervisor_appointed_on) == (
            person.pk,
            appointed_on,
        ):
            return current  # posted twice: one record
        current.main_supervisor_appointed_by = person
        current.main_supervisor_appointed_on = appointed_on
        current.clean()  # the appointer is a unit head of the home unit
        current.save(update_fields=["main_supervisor_appointed_by", "main_supervisor_appointed_on"])
        return current


def results_cover_record(*, training: Training, covered_by: str) -> Training:
    """R6.12 (V): "en tydlig och välfungerande struktur för hur bevakningen av inkommande svar
    och ärenden till ST-läkaren ska hanteras i samband med sidotjänstgöringar, samt vid annan
    frånvaro": who (or which arrangement) watches the resident's incoming results meanwhile.
    Saving the same text twice changes nothing."""
    covered_by = covered_by.strip()
    if not covered_by:
        raise ValidationError({"results_covered_by": _("Name who watches the incoming results.")})
    with transaction.atomic():
        current = Training.objects.select_for_update().get(pk=training.pk)
        if current.results_covered_by != covered_by:
            current.results_covered_by = covered_by
            current.clean_fields(
                exclude=[f.name for f in Training._meta.fields if f.name != "results_covered_by"]
            )
            current.save(update_fields=["results_covered_by"])
        return current


# --- The resident's clinical work (R10.1, R10.2; issue 11) --------------------------------------


def _clinical_work_day(training: Training, on: date, today: date) -> dict[str, str]:
    """A record of the clinical work is dated from the ST's start to today."""
    if on > today:
        return {"on": _("It is recorded once it has happened, not before.")}
    if on < training.start_date:
        return {
            "on": _("The date is before the start of the ST (%(start)s).")
            % {"start": training.start_date}
        }
    return {}


def patient_list_record(
    *, training: Training, on: date, patients: int, by: Person, today: date
) -> PatientListCount:
    """R10.1: the own patient list held `patients` patients on `on` (G 5.1.1: "eget
    patientansvar för ca 500-600 patienter"). One a day: the same day recorded again corrects it,
    so the same form posted twice (or eight times at once) is one row; the history keeps what it
    said before."""
    errors = _clinical_work_day(training, on, today)
    low, high = PATIENT_LIST_BOUNDS
    if not low <= patients <= high:
        errors["patients"] = _("Enter a number of patients from %(low)d to %(high)d.") % {
            "low": low,
            "high": high,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_training(training.pk)
        count = PatientListCount.objects.filter(training=training, on=on).first()
        if count is None:
            return PatientListCount.objects.create(
                training=training, on=on, patients=patients, recorded_by=by
            )
        if count.patients != patients:
            count.patients = patients
            count.recorded_by = by
            count.save(update_fields=["patients", "recorded_by"])
        return count


def on_call_record(
    *, training: Training, kind: str, on: date, by: Person, today: date
) -> OnCallEvent:
    """R10.2: an on-call milestone (G 5.1.3). The first shift, the first weekend and the first
    standby happen once: another date for one recorded already is refused (remove it first); the
    same milestone posted twice is one row."""
    errors = _clinical_work_day(training, on, today)
    if kind not in OnCallKind.values:
        errors["kind"] = _("Choose what kind of on-call duty it was.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_training(training.pk)
        same = OnCallEvent.objects.filter(training=training, kind=kind, on=on).first()
        if same is not None:
            return same
        if kind in ONCE_ON_CALL_KINDS:
            other = OnCallEvent.objects.filter(training=training, kind=kind).first()
            if other is not None:
                raise ValidationError(
                    {
                        "kind": _(
                            "This is recorded already, on %(day)s. Remove that entry first to "
                            "record another date."
                        )
                        % {"day": other.on.isoformat()}
                    }
                )
        return OnCallEvent.objects.create(training=training, kind=kind, on=on, recorded_by=by)


def clinical_work_remove(*, training: Training, model: type[Model], row_id: int) -> bool:
    """Removes the training's list size or on-call milestone `row_id` (the history keeps it).
    False when it was not there (removed a moment ago, or another training's)."""
    with transaction.atomic():
        lock_training(training.pk)
        removed, _kinds = model._default_manager.filter(pk=row_id, training=training).delete()
    return bool(removed)
