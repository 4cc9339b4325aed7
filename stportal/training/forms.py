"""Forms of the time page (issue 3): absences, employment steps and the R1.3 decision.

A date before the ST's start is refused by the models' own clean(), which a model form runs. A
form that changes a row carries the row's fingerprint (`seen_version`), so a save on a row someone
else changed meanwhile is refused (issue 10, stportal.fields).

Every form checks what the database also guards, so a person gets a Swedish message by the field
instead of an error page; a form posted twice finds its own first copy and says so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from stportal.fields import (
    SEEN_VERSION,
    name_length_bound,
    validate_plausible_date,
    version_field,
)
from stportal.training.models import (
    PATIENT_LIST_BOUNDS,
    Absence,
    EmploymentStep,
    OnCallKind,
    Training,
)
from stportal.training.routine import profile_of

# Django 6.1's label for an empty choice has no Swedish in Django's catalogue; ours gives it one.
gettext_noop("- Select an option -")

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingChildForm(forms.ModelForm):
    """A form for a row that belongs to one training, set by the view, not by the person; one
    that changes a row carries the row's fingerprint as it was built."""

    def __init__(self, *args: Any, training: Training, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_length_bound(field, field.label)
        if self.instance.pk is not None:
            self.fields[SEEN_VERSION] = version_field(self.instance)
        self.training = training
        self.instance.training = training

    def check_dates_in_order(self, cleaned: dict[str, Any]) -> None:
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        if first and last and last < first:
            self.add_error("to_date", _("The last day is before the first day."))

    def _siblings(self):  # the training's other rows of the same model
        rows = type(self.instance).objects.filter(training=self.training)
        return rows.exclude(pk=self.instance.pk) if self.instance.pk else rows


class AbsenceForm(TrainingChildForm):
    percent = forms.IntegerField(
        label=capfirst(_("percent")), initial=100, min_value=1, max_value=100
    )

    class Meta:
        model = Absence
        fields = ["kind", "from_date", "to_date", "percent", "note"]
        fields += ["reported_to_clinic_and_unit_head"]  # R6.11 (V); removed for the others
        widgets = {"from_date": DATE_INPUT, "to_date": DATE_INPUT}
        help_texts = {"percent": _("100 for whole days; less for part-time leave.")}

    def __init__(self, *args: Any, training: Training, **kwargs: Any) -> None:
        super().__init__(*args, training=training, **kwargs)
        # R6.11 (V): "meddela både kliniken och sin verksamhetschef vid frånvaro pga. sjukdom,
        # VAB eller dylikt" during a rotation; a routine without it gets no such box.
        if profile_of(training).rotation_absence is None:
            del self.fields["reported_to_clinic_and_unit_head"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        self.check_dates_in_order(cleaned)
        if first and last and last >= first and cleaned.get("kind"):
            same = self._siblings().filter(kind=cleaned["kind"], from_date=first).first()
            if same is not None and same.to_date == last:
                raise forms.ValidationError(_("This absence is already entered."))
            if same is not None:
                raise forms.ValidationError(
                    _("An absence of this kind starting on this day is already entered.")
                )
        return cleaned


class EmploymentStepForm(TrainingChildForm):
    percent = forms.IntegerField(
        label=capfirst(_("percent of full time")), min_value=1, max_value=100
    )

    class Meta:
        model = EmploymentStep
        fields = ["from_date", "percent"]
        widgets = {"from_date": DATE_INPUT}
        labels = {"from_date": _("From")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("from_date")
        if day and self._siblings().filter(from_date=day).exists():
            self.add_error("from_date", _("There is already a change of percent on this date."))
        return cleaned


class DecisionForm(forms.Form):
    """R1.3: whether a sick-leave or VAB spell counts as service; who and when are recorded."""

    COUNTS, DOES_NOT_COUNT, UNDECIDED = "counts", "does_not_count", "undecided"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (COUNTS, _("Counts as service")),
            (DOES_NOT_COUNT, _("Does not count: the ST is extended")),
            (UNDECIDED, _("No decision (withdraw an earlier one)")),
        ],
    )
    note = forms.CharField(label=capfirst(_("note")), max_length=300, required=False)

    @classmethod
    def for_absence(cls, absence: Absence, data: Any = None) -> DecisionForm:
        current = {None: cls.UNDECIDED, True: cls.COUNTS, False: cls.DOES_NOT_COUNT}
        form = cls(data, initial={"decision": current[absence.counts], "note": absence.note})
        name_length_bound(form.fields["note"], form.fields["note"].label)
        form.fields[SEEN_VERSION] = version_field(absence)
        return form

    def decided_counts(self) -> bool | None:
        """The decision chosen: counts, does not count, or undecided (None)."""
        decision = self.cleaned_data["decision"]
        return None if decision == self.UNDECIDED else decision == self.COUNTS


# --- The resident's clinical work (R10.1, R10.2; issue 11) --------------------------------------
# The date's bounds (the ST's start, today) are the service's, which knows the training and the
# day; these forms refuse what is no date or number at all, and a date outside the plausible range.


class PatientListCountForm(forms.Form):
    """R10.1: the size of the own patient list on a day."""

    prefix = "list"
    on = forms.DateField(
        label=capfirst(_("date")), widget=DATE_INPUT, validators=[validate_plausible_date]
    )
    patients = forms.IntegerField(
        label=capfirst(_("patients on the list")),
        widget=forms.NumberInput(
            attrs={"min": PATIENT_LIST_BOUNDS[0], "max": PATIENT_LIST_BOUNDS[1]}
        ),
    )

    def clean_patients(self) -> int:
        patients = self.cleaned_data["patients"]
        low, high = PATIENT_LIST_BOUNDS
        if not low <= patients <= high:
            raise forms.ValidationError(
                _("Enter a number of patients from %(low)d to %(high)d.")
                % {"low": low, "high": high}
            )
        return patients


class OnCallEventForm(forms.Form):
    """R10.2: an on-call milestone and its day."""

    prefix = "on_call"
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=OnCallKind.choices)
    on = forms.DateField(
        label=capfirst(_("date")), widget=DATE_INPUT, validators=[validate_plausible_date]
    )
