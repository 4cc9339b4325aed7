from itertools import pairwise
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal.regional_admin import HistoryWithoutRevert, RegionScopedAdmin, RegionScopedFields
from stportal.training.models import (
    NAMED_PLACEMENT,
    Absence,
    EmploymentStep,
    Placement,
    Training,
)


class PlacementFormSet(BaseInlineFormSet):
    """Placements entered together must not overlap each other either; a rotation whose
    supervisor the receiving unit has named is not removed (issue 10; a change of it is refused
    by Placement.clean, which each row's form runs)."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            removed = getattr(form, "cleaned_data", {}).get("DELETE")
            if removed and form.instance.is_named():
                raise ValidationError(NAMED_PLACEMENT, code="named")
        spans = sorted(
            (form.cleaned_data["from_date"], form.cleaned_data["to_date"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("from_date")
            and form.cleaned_data.get("to_date")
        )
        for (_start, end), (next_start, _end) in pairwise(spans):
            if next_start <= end:
                raise ValidationError(_("Two placements overlap around %(day)s.") % {"day": end})


class EmploymentStepInline(RegionScopedFields, admin.TabularInline):
    model = EmploymentStep
    extra = 0


class AbsenceInline(RegionScopedFields, admin.TabularInline):
    model = Absence
    extra = 0
    readonly_fields = ["decided_by", "decided_at"]


class PlacementInline(RegionScopedFields, admin.TabularInline):
    model = Placement
    formset = PlacementFormSet
    extra = 0
    autocomplete_fields = ["unit", "supervisor"]


@admin.register(Training)
class TrainingAdmin(RegionScopedAdmin, HistoryWithoutRevert):
    region_path = "home_unit__region"
    list_display = ["resident", "regulation", "start_date", "home_unit", "main_supervisor"]
    list_filter = ["regulation", "home_unit__region", "home_unit"]
    search_fields = ["resident__username", "resident__first_name", "resident__last_name"]
    autocomplete_fields = [
        "resident",
        "main_supervisor",
        "main_supervisor_appointed_by",  # R8.2: Training.clean wants a unit head of the unit
        "co_supervisors",
        "home_unit",
    ]
    inlines = [EmploymentStepInline, PlacementInline, AbsenceInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # R1.3: a decision on whether an absence counts records who made it and when.
        if formset.model is Absence:
            for absence_form in formset.forms:
                if "counts" in absence_form.changed_data:
                    absence = absence_form.instance
                    decided = absence.counts is not None
                    absence.decided_by = request.user if decided else None
                    absence.decided_at = timezone.now() if decided else None
        super().save_formset(request, form, formset, change)
