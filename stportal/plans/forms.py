"""Forms of the plan pages (issue 4). Each editing form carries the fingerprint of the version it
was built on, so a save on a version someone else changed meanwhile is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stportal.curricula.goal_picker import GoalPicker, Goals, set_goal_choices
from stportal.plans.models import RotationContract
from stportal.routines.schema import RoutineProfile
from stportal.rules.plan_content import ACTIVITY_KINDS, PlanContent
from stportal.training.forms import DATE_INPUT, TrainingChildForm
from stportal.training.models import HomeReturnDay, Placement, Training
from stportal.units.models import Unit

ACTIVITY_LABELS = {
    "clinical_service": _("Clinical service at the home unit"),
    "rotation": _("Rotation (service at another unit)"),
    "auskultation": _("Auskultation"),
    "course": _("Course"),
    "quality_work": _("Quality and development work"),
    "written_work": _("Written work"),
    "teaching": _("Teaching"),
    "other": _("Other"),
}
STUDY_TIME_LABELS = {
    "weekly": _("Every week"),
    "every_other_week": _("Every other week (double)"),
    "two_days_a_month": _("Two days a month"),
}


def set_choices(form: forms.BaseForm, name: str, choices: list[tuple[str, Any]]) -> None:
    """Fills a choice field whose choices depend on the region."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def study_time_choices(profile: RoutineProfile) -> list[tuple[str, Any]]:
    """The arrangements of study time the region allows (R3.2)."""
    return [(code, STUDY_TIME_LABELS[code]) for code in profile.study_time.arrangements]


class BaseForm(forms.Form):
    base = forms.CharField(widget=forms.HiddenInput)


class GeneralForm(BaseForm):
    overall_goals = forms.CharField(
        label=_("Overall goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    study_time = forms.ChoiceField(label=_("Study time arrangement"))
    study_time_note = forms.CharField(
        label=_("About the study time"), required=False, max_length=300
    )
    supervision = forms.CharField(
        label=_("Supervision schedule"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, profile: RoutineProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "study_time", study_time_choices(profile))

    @classmethod
    def for_plan(cls, plan: PlanContent, digest: str, profile: RoutineProfile, data=None):
        initial = {
            **plan.model_dump(
                include={"overall_goals", "study_time", "study_time_note", "supervision"}
            ),
            "base": digest,
        }
        return cls(data, initial=initial, profile=profile)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=[("", "")] + [(k, ACTIVITY_LABELS[k]) for k in ACTIVITY_KINDS],
        required=False,
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    year = forms.IntegerField(label=_("ST year"), min_value=1, max_value=8, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("description") and not cleaned.get("kind"):
            self.add_error("kind", _("Choose the kind of activity."))
        if cleaned.get("kind") and not cleaned.get("description"):
            self.add_error("description", _("Describe the activity."))
        return cleaned


ActivityFormSet = forms.formset_factory(
    ActivityForm, extra=2, max_num=30, validate_max=True, can_delete=True
)


class GoalForm(BaseForm):
    assessments = forms.MultipleChoiceField(
        label=_("Assessments agreed in advance"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, *args: Any, profile: RoutineProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "assessments",
            list(profile.assessments.method_names().items()),
        )


class AgreementForm(BaseForm):
    study_time = forms.ChoiceField(label=_("Study time arrangement"))
    study_time_note = forms.CharField(
        label=_("About the study time"), required=False, max_length=300
    )
    other_terms = forms.CharField(
        label=_("Other agreements"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, profile: RoutineProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "study_time", study_time_choices(profile))


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput)
    role = forms.CharField(widget=forms.HiddenInput)


class DirectorReviewForm(forms.Form):
    year = forms.IntegerField(label=_("ST year"), min_value=1, max_value=8)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PlacementForm(TrainingChildForm):
    """A placement of the time plan: at a unit of the region, or one outside it (R6.6)."""

    class Meta:
        model = Placement
        fields = [
            "kind",
            "unit",
            "external_unit",
            "rural",
            "from_date",
            "to_date",
            "supervisor_name",
        ]
        widgets = {"from_date": DATE_INPUT, "to_date": DATE_INPUT}
        help_texts = {
            "external_unit": _(
                "Only for a placement outside the region; then leave the unit empty."
            ),
        }

    def __init__(self, *args: Any, training: Training, **kwargs: Any) -> None:
        super().__init__(*args, training=training, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(region=training.home_unit.region_id)
        for name in ("unit", "external_unit", "rural", "supervisor_name"):
            self.fields[name].label = capfirst(self.fields[name].label)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_dates_in_order(cleaned)
        unit, external = cleaned.get("unit"), cleaned.get("external_unit")
        if bool(unit) == bool(external):
            self.add_error("unit", _("Choose a unit of the region or name one outside it."))
        return cleaned


class HomeReturnDayForm(forms.ModelForm):
    """A day back at the home unit; `services.home_return_day_add` checks it."""

    class Meta:
        model = HomeReturnDay
        fields = ["day"]
        widgets = {"day": DATE_INPUT}

    def __init__(self, *args: Any, placement: Placement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.instance.placement = placement
        self.fields["day"].label = capfirst(self.fields["day"].label)


class ContractForm(forms.ModelForm):
    class Meta:
        model = RotationContract
        fields = ["receiving_email", "wishes"]
        widgets = {"wishes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class NameSupervisorForm(forms.ModelForm):
    """For the receiving unit, through a link (R6.4)."""

    class Meta:
        model = RotationContract
        fields = ["supervisor_name", "supervisor_title", "supervisor_email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.label = capfirst(field.label)


class CertificateForm(forms.ModelForm):
    """Socialstyrelsen's certificate of clinical service under supervision, by the rotation
    supervisor through a link (HSLF-FS 2021:8 bilaga 9; SOSFS 2015:8 bilaga 4)."""

    goals = forms.MultipleChoiceField(label=_("Delmål the certificate concerns"), widget=GoalPicker)
    confirm = forms.BooleanField(
        label=_(
            "I certify that the applicant has completed the training activity and met the "
            "competence requirements of the delmål."
        )
    )

    class Meta:
        model = RotationContract
        fields = ["description", "goals", "certified_by_name"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, goal_choices: Goals, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_goal_choices(self, "goals", goal_choices)
        for name in ("description", "certified_by_name"):
            self.fields[name].required = True
            self.fields[name].label = capfirst(self.fields[name].label)
