"""Delmål progress: what the plan says, the evidence gathered, and the supervisors' judgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.followup import evidence_by_goal
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind
from stportal.portfolio import services
from stportal.portfolio.forms import GoalProgressForm
from stportal.portfolio.models import GoalProgress


@login_required
def goals(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_judge = access.can(request.user, Action.JUDGE_GOALS, training)
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    planned = plan.document.goals if plan else {}  # type: ignore[union-attr]
    evidence = evidence_by_goal(training, today=timezone.localdate())
    progress = {p.goal: p for p in training.goal_progress.select_related("judged_by")}
    rows = [
        {
            "goal": goal,
            "planned": getattr(planned.get(goal.code), "activities", []),
            "evidence": evidence.get(goal.code, []),
            "progress": progress.get(goal.code),
            "form": GoalProgressForm(instance=progress.get(goal.code), prefix=goal.code)
            if may_judge
            else None,
        }
        for goal in plan_services.goal_specs(training)
    ]
    return render(request, "portfolio/goals.html", {"training": training, "rows": rows})


@login_required
@require_POST
def goal_judge(request: AuthenticatedHttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.JUDGE_GOALS)
    if plan_services.goal_of(training, code) is None:
        raise Http404
    current = GoalProgress.objects.filter(training=training, goal=code).first()
    form = GoalProgressForm(request.POST, instance=current, prefix=code)
    if not form.is_valid():
        messages.error(request, _("Choose a judgement."))
        return back_to("portfolio:goals", training, f"goal-{code}")
    try:
        services.goal_progress_judge(
            training=training,
            goal=code,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            person=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The judgement of %(code)s is saved.") % {"code": code})
    return back_to("portfolio:goals", training, f"goal-{code}")
