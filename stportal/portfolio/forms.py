"""Forms of the portfolio (issue 5). A form that adds a row carries a key drawn when it was shown,
so the same form posted twice makes one row; a form that changes a row carries the row's
fingerprint, so a save on a row someone else changed meanwhile is refused (issue 10,
stportal.fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stportal import access
from stportal.curricula.goal_picker import GoalPicker, Goals, set_goal_choices
from stportal.curricula.goal_picker import goal_field as picker_field
from stportal.fields import (
    LONG_TEXT_LENGTH,
    SEEN_VERSION,
    name_length_bound,
    submission_key_field,
    version_field,
)
from stportal.people.models import Person
from stportal.plans.forms import set_choices
from stportal.portfolio.certificates import certificate_type_of, max_upload_megabytes
from stportal.portfolio.models import (
    ANNUAL_REVIEW_PARTS,
    EDUCATION_EVENT_MINUTES,
    STUDY_TIME_MINUTES,
    SUPERVISION_MINUTES,
    AnnualReview,
    Assessment,
    CourseRecord,
    EducationEvent,
    GoalProgress,
    MilestoneRecord,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionSession,
    UnitHeadCheckIn,
)
from stportal.routines.schema import RoutineProfile
from stportal.training.forms import DATE_INPUT
from stportal.training.models import Training

# What a certificate may be: checked by the first bytes, not by the name the file came with.


class LabelledModelForm(forms.ModelForm):
    """Labels from the models' Swedish names, capitalised; a text too long is refused with a
    message that names its field (issue 10)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)
            name_length_bound(field, field.label)


def goal_field(goals: Goals, required: bool = False) -> forms.Field:
    """A delmål field with the delmål picker (issue 12 item 11)."""
    return picker_field(goals, label=_("Delmål"), required=required)


class SupervisionForm(LabelledModelForm):
    """An entry of the supervision log; R8.5 (at a distance) is checked by the service, on the
    session's date."""

    submission_key = submission_key_field()

    class Meta:
        model = SupervisionSession
        fields = ["held_on", "minutes", "form", "topics", "agreed_actions", "next_session"]
        widgets = {
            "held_on": DATE_INPUT,
            "next_session": DATE_INPUT,
            "topics": forms.Textarea(attrs={"rows": 2}),
            "agreed_actions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = SUPERVISION_MINUTES
        self.fields["minutes"].widget.attrs.update(
            {"min": low, "max": high, "inputmode": "numeric"}
        )

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        low, high = SUPERVISION_MINUTES
        if not low <= minutes <= high:
            raise forms.ValidationError(_("Enter 1–600 minutes."))
        return minutes


class StudyTimeForm(LabelledModelForm):
    """A week that differed from the schedule (issue 12: study time is "taken as scheduled" by
    default, exceptions recorded), in hours as the routines state it ("fyra timmars studietid
    [...] varje vecka", "Studietid minst 2 timmar/vecka"); kept in minutes."""

    hours = forms.DecimalField(
        label=_("Hours taken that week"),
        min_value=0,
        max_value=STUDY_TIME_MINUTES[1] // 60,
        decimal_places=2,
        help_text=_("0 when no study time was taken; 1,5 for an hour and a half."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )

    class Meta:
        model = StudyTimeEntry
        fields = ["week", "hours", "note"]
        widgets = {"week": DATE_INPUT}
        labels = {"note": _("Why it differed")}
        help_texts = {"week": _("Any day of the week; it is kept as the week's Monday.")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours = cleaned.pop("hours", None)
        if hours is not None:
            cleaned["minutes"] = round(hours * 60)
        return cleaned


class EducationEventForm(LabelledModelForm):
    """An ST-day, a lecture or seminar, or an FQ group (R3.3, R3.1, R12.1; issue 11). The date's
    bounds (the start of the ST, today) are the service's, which knows the training and the
    day."""

    prefix = "event"
    submission_key = submission_key_field()

    class Meta:
        model = EducationEvent
        fields = ["kind", "held_on", "minutes", "title"]
        widgets = {"held_on": DATE_INPUT}
        help_texts = {
            "minutes": _("The time it took; an ST day over several days is recorded day by day."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = EDUCATION_EVENT_MINUTES
        self.fields["minutes"].widget.attrs.update(
            {"min": low, "max": high, "inputmode": "numeric"}
        )

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        low, high = EDUCATION_EVENT_MINUTES
        if not low <= minutes <= high:
            raise forms.ValidationError(_("Enter 1–720 minutes (one record a day)."))
        return minutes


class MittIStForm(LabelledModelForm):
    """Mitt i ST held: its external assessor (required) and the result (R5.2, G 5.1.7: "En
    extern värderare utses och genomför Mitt-i-ST med ST-läkaren"); issue 11."""

    prefix = "mitt_i_st"

    class Meta:
        model = MilestoneRecord
        fields = ["assessor_name", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"result": _("The assessor's summary: what went well, what to work on.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor_name"].required = True


class AssessmentRequestForm(LabelledModelForm):
    goals = forms.MultipleChoiceField(required=False, widget=GoalPicker)
    submission_key = submission_key_field()

    class Meta:
        model = Assessment
        fields = ["method", "goals", "assessor", "assessor_name", "assessor_email"]
        help_texts = {
            "assessor": _(
                "Someone with an account, or leave empty and give a name and e-mail: "
                "they get a link that needs no account."
            ),
        }

    def __init__(
        self,
        *args: Any,
        profile: RoutineProfile,
        training: Training,
        goals: Goals,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"] = forms.ChoiceField(label=_("Method"))
        set_choices(self, "method", list(profile.assessments.method_names().items()))
        set_goal_choices(self, "goals", goals)
        self.fields["goals"].label = _("Delmål")
        assessor = self.fields["assessor"]
        assert isinstance(assessor, forms.ModelChoiceField)
        assessor.queryset = access.assessors_for(training)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("assessor") and not (
            cleaned.get("assessor_name") and cleaned.get("assessor_email")
        ):
            raise forms.ValidationError(
                _("Choose an assessor with an account, or give the assessor's name and e-mail.")
            )
        return cleaned


class AssessmentForm(LabelledModelForm):
    """The assessor's part: date, delmål, feedback and judgement."""

    goals = forms.MultipleChoiceField(required=False, widget=GoalPicker)

    class Meta:
        model = Assessment
        fields = ["held_on", "goals", "feedback", "judgement"]
        widgets = {"held_on": DATE_INPUT, "feedback": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, goals: Goals, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_goal_choices(self, "goals", goals)
        self.fields["goals"].label = _("Delmål")
        for name in ("held_on", "feedback", "judgement"):
            self.fields[name].required = True


class AssessmentRecordForm(LabelledModelForm):
    """An assessment the supervisor has just held, documented without a request first (issue 12
    item 7; R9.1, G 5.1.4: "Handledaren ska dokumentera bedömningarna i ST-läkarens
    portfölj"): the method and the assessor's part. Shown beside the request form, so its
    fields carry the prefix "record"."""

    goals = forms.MultipleChoiceField(required=False, widget=GoalPicker)
    submission_key = submission_key_field()

    class Meta:
        model = Assessment
        fields = ["method", "held_on", "goals", "feedback", "judgement"]
        widgets = {"held_on": DATE_INPUT, "feedback": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, profile: RoutineProfile, goals: Goals, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "record")
        super().__init__(*args, **kwargs)
        # Not labelled "Metod" as the request form beside it is: each field named once a page.
        self.fields["method"] = forms.ChoiceField(label=_("Kind of assessment"))
        set_choices(self, "method", list(profile.assessments.method_names().items()))
        set_goal_choices(self, "goals", goals)
        self.fields["goals"].label = _("Delmål")
        for name in ("held_on", "feedback", "judgement"):
            self.fields[name].required = True


class CourseForm(LabelledModelForm):
    goals = forms.MultipleChoiceField(required=False, widget=GoalPicker)
    submission_key = submission_key_field()

    class Meta:
        model = CourseRecord
        fields = ["course_code", "name", "from_date", "to_date", "goals", "certificate"]
        widgets = {"from_date": DATE_INPUT, "to_date": DATE_INPUT}

    def __init__(self, *args: Any, profile: RoutineProfile, goals: Goals, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].help_text = _("PDF, PNG or JPEG, at most %(megabytes)d MB.") % {
            "megabytes": max_upload_megabytes()
        }
        self.fields["course_code"] = forms.ChoiceField(
            label=_("Course of the catalogue"), required=False
        )
        set_choices(
            self,
            "course_code",
            [("", _("Another course"))] + [(c.code, c.name) for c in profile.courses.catalogue],
        )
        set_goal_choices(self, "goals", goals)
        self.fields["goals"].label = _("Delmål")
        self.fields["name"].required = False
        self.catalogue = {c.code: c.name for c in profile.courses.catalogue}
        self.fields["certificate"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if not upload or not hasattr(upload, "read"):
            return upload
        try:
            self.instance.certificate_type = certificate_type_of(upload)
        except ValidationError as refused:
            raise forms.ValidationError(refused.message_dict["certificate"]) from None
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("course_code")
        if code and not cleaned.get("name"):
            cleaned["name"] = self.catalogue.get(code, "")
            self.instance.name = cleaned["name"]
        if not cleaned.get("name"):
            self.add_error("name", _("Name the course, or choose it from the catalogue."))
        first, last = cleaned.get("from_date"), cleaned.get("to_date")
        if first and last and last < first:
            self.add_error("to_date", _("The last day is before the first day."))
        return cleaned


class ScholarlyWorkForm(LabelledModelForm):
    goals = forms.MultipleChoiceField(required=False, widget=GoalPicker)

    class Meta:
        model = ScholarlyWork
        fields = [
            "topic",
            "research_supervisor",
            "research_supervisor_name",
            "plan",
            "planned_on",
            "presented_on",
            "completed_on",
            "working_days",
            "goals",
        ]
        widgets = {
            "planned_on": DATE_INPUT,
            "presented_on": DATE_INPUT,
            "completed_on": DATE_INPUT,
            "plan": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, training: Training, goals: Goals, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_goal_choices(self, "goals", goals)
        self.fields["goals"].label = _("Delmål")
        self.fields[SEEN_VERSION] = version_field(self.instance)
        field = self.fields["research_supervisor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(
            memberships__region=training.home_unit.region_id,
            memberships__role__in=["research_supervisor", "supervisor"],
        ).distinct()


class AnnualPartForm(forms.Form):
    """One part of an annual review (R9.3): the author writes it, then signs it. It carries the
    fingerprint of that part as it was (the other parts are their authors' own)."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=LONG_TEXT_LENGTH)

    def __init__(
        self, *args: Any, label: Any, review: AnnualReview | None, part: str, **kwargs: Any
    ) -> None:
        kwargs["prefix"] = part
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        name_length_bound(self.fields["text"], label)
        self.fields[SEEN_VERSION] = version_field(review or AnnualReview(), part_fields(part))


def part_fields(part: str) -> list[str]:
    """The fields of one part of an annual review: its text, when and by whom it was signed."""
    signed_at = ANNUAL_REVIEW_PARTS[part]
    return [part, signed_at, signed_at.replace("_at", "_by")]


class GoalProgressForm(LabelledModelForm):
    class Meta:
        model = GoalProgress
        fields = ["status", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[SEEN_VERSION] = version_field(self.instance)


# --- Issue 11: the unit head's part (R9.4, R8.2) and the covering of results (R6.12) ----------


class UnitHeadCheckInForm(LabelledModelForm):
    """R9.4 (V): "Regelbunden avstämning mellan ST-läkare och verksamhetschef på vårdcentralen
    rekommenderas"; one a day (the service keeps the first)."""

    class Meta:
        model = UnitHeadCheckIn
        fields = ["held_on", "note"]
        widgets = {"held_on": DATE_INPUT}


class MainSupervisorAppointmentForm(forms.Form):
    """R8.2: the day the unit head appointed the main supervisor."""

    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE_INPUT)


class ResultsCoverForm(LabelledModelForm):
    """R6.12 (V): who watches the resident's incoming results during rotations and absence."""

    class Meta:
        model = Training
        fields = ["results_covered_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["results_covered_by"].required = True
