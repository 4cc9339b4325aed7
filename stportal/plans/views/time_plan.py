"""The time plan (tjänstgöringsplan, issue 4): placements, home-return days and planned courses,
checked against the region's routine (R6.2, R6.6, R6.8–R6.10)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.time_plan import placements_of, time_plan_findings
from stportal.adapters.timeline import timeline_of
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.plans import services
from stportal.plans.forms import HomeReturnDayForm, PlacementForm
from stportal.plans.models import DocumentKind
from stportal.training.models import Placement, Training
from stportal.training.views import rows


@login_required
def time_plan(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    return time_plan_page(request, access.training_for(request.user, training_id))


def time_plan_page(
    request: AuthenticatedHttpRequest, training: Training, **forms: Any
) -> HttpResponse:
    placements = placements_of(training)
    today = timezone.localdate()
    completion = timeline_of(training, today).projected_completion
    may_edit = access.can(request.user, Action.EDIT_TIME_PLAN, training)
    plan = services.latest(training, DocumentKind.TRAINING_PLAN)
    document = plan.document if plan else None
    return render(
        request,
        "plans/time_plan.html",
        {
            "training": training,
            "placements": placements,
            "findings": time_plan_findings(training, placements, today, completion),
            "gaps": services.time_plan_gaps(training, completion),
            "courses": getattr(document, "courses", []),
            "may_edit": may_edit,
            "placement_form": forms.get("placements") or PlacementForm(training=training),
            "day_forms": {
                p.pk: forms.get(f"day-{p.pk}") or HomeReturnDayForm(placement=p)
                for p in placements
                if p.kind == Placement.Kind.ROTATION
            },
        },
    )


@login_required
@require_POST
def home_return_day_new(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int
) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.EDIT_TIME_PLAN)
    placement = get_object_or_404(
        Placement, pk=placement_id, training=training, kind=Placement.Kind.ROTATION
    )
    form = HomeReturnDayForm(request.POST, placement=placement)
    if form.is_valid():
        try:
            services.home_return_day_add(placement=placement, day=form.cleaned_data["day"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The home-return day is saved."))
            return back_to("plans:time_plan", training, f"placement-{placement.pk}")
    return time_plan_page(request, training, **{f"day-{placement.pk}": form})


@login_required
@require_POST
def home_return_day_delete(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int, day_id: int
) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.EDIT_TIME_PLAN)
    placement = get_object_or_404(Placement, pk=placement_id, training=training)
    services.home_return_day_remove(placement=placement, day_id=day_id)
    return back_to("plans:time_plan", training, f"placement-{placement.pk}")


# The time plan's placements are added, changed and removed through the rows of the training app.
rows.register(
    "placements",
    rows.Editable(
        Placement,
        PlacementForm,
        Action.EDIT_TIME_PLAN,
        "placements",
        gettext_lazy("New placement"),
        gettext_lazy("Change placement"),
        gettext_lazy("The placement is saved and the time plan checked again."),
        gettext_lazy("The placement is removed."),
        "plans:time_plan",
        time_plan_page,
        remove=lambda *, training, row_id, may_decide: services.placement_remove(
            training=training, row_id=row_id
        ),
    ),
)
