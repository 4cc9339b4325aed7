"""The portfolio's overview with the follow-up that says what is missing, and the milestones
documented nowhere else (R5.2, R5.3, R5.6)."""

from __future__ import annotations

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
from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.portfolio import services
from stportal.portfolio.models import MilestoneRecord


@login_required
def portfolio(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "training": training,
            "findings": findings_of(training, timeline_of(training, timezone.localdate())),
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
    try:  # posted twice: recorded once
        services.milestone_record(
            training=training, code=code, person=request.user, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone is recorded as done."))
    return back_to("training:time", training)
