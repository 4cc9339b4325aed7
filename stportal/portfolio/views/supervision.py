"""The supervision log, its confirmation by the other side and the approvals of supervision at
a distance (R8.4–R8.6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.navigation import back_to
from stportal.people.models import Membership, Role
from stportal.portfolio import services
from stportal.portfolio.forms import SupervisionForm
from stportal.portfolio.models import SupervisionSession
from stportal.training.routine import profile_of


@login_required
def supervision(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """The log and the approvals of supervision at a distance. The medical adviser of the home
    unit sees this page only (VIEW_SUPERVISION), to approve where the unit head is not a doctor
    (R8.5, G 5.1.2: "om chef inte är läkare i samråd med medicinsk rådgivare"); elsewhere the
    training is not found for them (404, access._adviser_approves). They see the approvals
    only: the log's topics and agreed actions are between the resident and the supervisors,
    so the page leaves the log out for whoever does not see the training (VIEW)."""
    training = access.training_for(request.user, training_id, Action.VIEW_SUPERVISION)
    sees_training = access.can(request.user, Action.VIEW, training)
    may_log = access.can(request.user, Action.LOG_SUPERVISION, training)
    form = SupervisionForm(
        request.POST or None,
        initial={"held_on": timezone.localdate(), "minutes": 60, "form": "individual"},
    )
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied
        done = saved_or_refused(
            request,
            form,
            lambda data: services.supervision_session_log(
                training=training, person=request.user, today=timezone.localdate(), **data
            ),
            _("The supervision session is logged."),
            lambda: back_to("portfolio:supervision", training, "sessions"),
        )
        if done:
            return done
    profile = profile_of(training)
    entry = profile.distance_supervision
    approvals = {a.role: a for a in training.distance_approvals.select_related("person")}
    approvers = access.distance_approvers_of(training)  # R8.5: who must approve, swap included
    adviser_approves = Role.MEDICAL_ADVISER in approvers
    return render(
        request,
        "portfolio/supervision.html",
        {
            "training": training,
            "form": form if may_log else None,
            "sessions": training.supervision_sessions.select_related("written_by", "confirmed_by")
            if sees_training
            else None,
            "distance": entry,
            "approvals": [(role, approvals.get(role)) for role in approvers],
            "adviser_approves": adviser_approves,
            "no_adviser": adviser_approves
            and not Membership.objects.filter(
                role=Role.MEDICAL_ADVISER,
                unit_id=training.home_unit_id,
                person__is_active=True,
                person__is_physician=True,
            ).exists(),
            "sees_training": sees_training,
            "may_approve": [
                role
                for role in access.distance_approver_roles(request.user, training)
                if role not in approvals
            ],
            "me": request.user,
            "minimum": profile.supervision.min_minutes_per_week,
        },
    )


@login_required
@require_POST
def supervision_confirm(
    request: AuthenticatedHttpRequest, training_id: int, session_id: int
) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.LOG_SUPERVISION)
    session = get_object_or_404(SupervisionSession, pk=session_id, training=training)
    try:
        confirmed = services.supervision_session_confirm(
            session=session, person=request.user, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if confirmed:
            messages.success(request, _("The entry is confirmed."))
    return back_to("portfolio:supervision", training, "sessions")


@login_required
@require_POST
def distance_approve(
    request: AuthenticatedHttpRequest, training_id: int, role: str
) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.VIEW_SUPERVISION)
    if not access.may_approve_distance(request.user, training, role):
        raise PermissionDenied
    try:  # approved already, perhaps a moment ago: still one approval
        services.distance_approval_grant(training=training, role=role, person=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Supervision at a distance is approved."))
    return back_to("portfolio:supervision", training, "distance")
