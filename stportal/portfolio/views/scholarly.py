"""The written work and the quality work (R4.1–R4.5); the rules are rules/scholarly_work.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import access
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.forms import ScholarlyWorkForm
from stportal.portfolio.models import ScholarlyKind, ScholarlyWork
from stportal.rules.scholarly_work import extent_days, required_kinds
from stportal.training.routine import profile_of


@login_required
def scholarly(request: AuthenticatedHttpRequest, training_id: int, kind: str) -> HttpResponse:
    if kind not in ScholarlyKind.values:
        raise Http404
    training, may_edit = access.scholarly_work_access(request.user, training_id, kind)
    work = ScholarlyWork.objects.filter(training=training, kind=kind).first()
    form = ScholarlyWorkForm(
        request.POST or None,
        instance=work,
        training=training,
        goals=plan_services.goal_choices(training, planned_as={kind}),
        initial={"goals": work.goals if work else []},
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        done = saved_or_refused(
            request,
            form,
            lambda data: services.scholarly_work_save(
                training=training, kind=kind, **data, today=timezone.localdate()
            ),
            _("Saved."),
            lambda: redirect("portfolio:scholarly", training_id=training.pk, kind=kind),
        )
        if done:
            return done
        # The form shown again as typed, beside the work as it is stored (the form changed its
        # copy of the row as it checked what was typed).
        work = ScholarlyWork.objects.filter(training=training, kind=kind).first()
    return render(
        request,
        "portfolio/scholarly.html",
        {
            "training": training,
            "kind": kind,
            "work": work,
            "form": form if may_edit else None,
            "kind_label": ScholarlyKind(kind).label,
            # R4.3: the works the regulation, the exam and the routine require; R4.4 the extent
            "required": kind
            in required_kinds(profile_of(training), training.regulation, training.plans_exam),
            "extent_days": extent_days(profile_of(training), kind),
        },
    )
