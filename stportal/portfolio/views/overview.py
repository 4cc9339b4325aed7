"""The portfolio's overview with the follow-up that says what is missing, and the milestones
documented nowhere else (R5.2, R5.3, R5.6)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.application import readiness_of
from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.forms import (
    MainSupervisorAppointmentForm,
    MittIStForm,
    ResultsCoverForm,
    UnitHeadCheckInForm,
)
from stportal.portfolio.models import MilestoneRecord
from stportal.training.models import Training
from stportal.training.routine import profile_of
from stportal.training.views.time import time_page

Form = forms.BaseForm


def unit_head_part(training: Training) -> dict[str, object] | None:
    """R9.4 (V), shown where the routine asks it (`assessments.unit_head_feedback`): how many
    completed assessments are fed back to the unit head, and the last check-in between the
    resident and the unit head. None where the routine does not ask it (G)."""
    entry = profile_of(training).assessments
    if not entry.unit_head_feedback and not entry.unit_head_check_ins_recommended:
        return None
    completed = training.assessments.filter(completed_at__isnull=False)
    last = training.unit_head_check_ins.order_by("-held_on").first()
    return {
        "completed": completed.count(),
        "fed_back": completed.filter(unit_head_informed_at__isnull=False).count(),
        "last_check_in": last.held_on if last else None,
    }


@login_required
def portfolio(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    return portfolio_page(request, access.training_for(request.user, training_id))


def unit_head_forms(
    request: AuthenticatedHttpRequest, training: Training, bound: dict[str, Form] | None = None
) -> dict[str, Form | None]:
    """Issue 11: the forms of the unit head's part (R9.4 check-in, R8.2 appointment) and of the
    covering of results (R6.12), each for whom access allows and where the region's routine
    asks it; `bound` holds one shown again with its errors and what was typed."""
    bound = bound or {}
    person = request.user

    def form(name: str, action: Action, make: Callable[[], Form]) -> Form | None:
        if not access.may_in_routine(person, action, training):
            return None
        return bound.get(name) or make()

    return {
        "check_in_form": form(
            "check_in", Action.RECORD_UNIT_HEAD_CHECK_IN, lambda: UnitHeadCheckInForm()
        ),
        "appointment_form": form(
            "appointment",
            Action.APPOINT_MAIN_SUPERVISOR,
            lambda: MainSupervisorAppointmentForm(
                initial={"appointed_on": training.main_supervisor_appointed_on}
            ),
        ),
        "results_cover_form": form(
            "results_cover", Action.NAME_RESULTS_COVER, lambda: ResultsCoverForm(instance=training)
        ),
    }


def portfolio_page(
    request: AuthenticatedHttpRequest, training: Training, bound: dict[str, Form] | None = None
) -> HttpResponse:
    result = timeline_of(training, timezone.localdate())
    profile = profile_of(training)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "training": training,
            "findings": findings_of(training, result),
            "readiness": readiness_of(
                training, result, [goal.code for goal in plan_services.goal_specs(training)]
            ),
            "unit_head": unit_head_part(training),
            "check_ins": training.unit_head_check_ins.select_related("recorded_by")[:5],
            "asks_appointment": access.routine_asks(training, Action.APPOINT_MAIN_SUPERVISOR),
            "asks_results_cover": profile.rotation_absence is not None
            and profile.rotation_absence.results_watcher_named,
            **unit_head_forms(request, training, bound),
            "counts": {
                "supervision": training.supervision_sessions.count(),
                "assessments": training.assessments.filter(completed_at__isnull=False).count(),
                "courses": training.courses.count(),
            },
        },
    )


@login_required
@require_POST
def milestone_done(request: AuthenticatedHttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.RECORD_MILESTONE)
    if code not in MilestoneRecord.RECORDABLE:
        raise Http404
    if not access.may_record_milestone(request.user, training, code):
        raise PermissionDenied  # R5.3: the final evaluation is the director's to record
    if code == services.MITT_I_ST:
        return _mitt_i_st_done(request, training)
    try:  # posted twice: recorded once
        services.milestone_record(
            training=training, code=code, person=request.user, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone is recorded as done."))
    return back_to("training:time", training)


def _mitt_i_st_done(request: AuthenticatedHttpRequest, training: Training) -> HttpResponse:
    """Mitt i ST held, with its external assessor and result (R5.2, G 5.1.7: "En extern
    värderare utses och genomför Mitt-i-ST med ST-läkaren"); posted again, its assessor and
    result are corrected (services.milestone_record), and the message says which. Refused,
    the time page is shown again with the form as typed (http.saved_or_refused)."""
    form = MittIStForm(request.POST)
    held = training.milestone_records.filter(code=services.MITT_I_ST).exists()
    done = saved_or_refused(
        request,
        form,
        lambda data: services.milestone_record(
            training=training,
            code=services.MITT_I_ST,
            person=request.user,
            today=timezone.localdate(),
            **data,
        ),
        _("Mitt i ST is corrected.") if held else _("The milestone is recorded as done."),
        lambda: back_to("training:time", training),
    )
    return done or time_page(request, training, mitt_i_st=form)
