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
from stportal.fields import SEEN_VERSION, show_refusal
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind
from stportal.portfolio import services
from stportal.portfolio.forms import GoalProgressForm
from stportal.portfolio.models import GoalProgress
from stportal.training.models import Training


@login_required
def goals(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    return _goals_page(request, access.training_for(request.user, training_id))


def _goals_page(
    request: AuthenticatedHttpRequest, training: Training, bound: GoalProgressForm | None = None
) -> HttpResponse:
    """The delmål with their judgements; `bound` is one delmål's form shown again with its
    errors and what was typed."""
    may_judge = access.can(request.user, Action.JUDGE_GOALS, training)
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    planned = plan.document.goals if plan else {}  # type: ignore[union-attr]
    evidence = evidence_by_goal(training, today=timezone.localdate())
    progress = {
        p.goal: p for p in training.goal_progress.select_related("judged_by", "unit_head_agreed_by")
    }

    def form_for(code: str) -> GoalProgressForm | None:
        if not may_judge:
            return None
        if bound is not None and bound.prefix == code:
            return bound
        return GoalProgressForm(instance=progress.get(code), prefix=code)

    rows = [
        {
            "goal": goal,
            "planned": getattr(planned.get(goal.code), "activities", []),
            "evidence": evidence.get(goal.code, []),
            "progress": progress.get(goal.code),
            "form": form_for(goal.code),
        }
        for goal in plan_services.goal_specs(training)
    ]
    return render(
        request,
        "portfolio/goals.html",
        {
            "training": training,
            "rows": rows,
            # R5.5 (V): the unit head agrees to a delmål judged met (views/unit_head.py).
            "may_agree": access.may_in_routine(request.user, Action.AGREE_GOALS, training),
        },
    )


@login_required
@require_POST
def goal_judge(request: AuthenticatedHttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.JUDGE_GOALS)
    if plan_services.goal_of(training, code) is None:
        raise Http404
    current = GoalProgress.objects.filter(training=training, goal=code).first()
    form = GoalProgressForm(request.POST, instance=current, prefix=code)
    if not form.is_valid():  # shown again with the field's own message and what was typed
        return _goals_page(request, training, bound=form)
    try:
        services.goal_progress_judge(
            training=training,
            goal=code,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            person=request.user,
            seen_version=form.cleaned_data[SEEN_VERSION],
        )
    except ValidationError as error:
        show_refusal(form, error)
        return _goals_page(request, training, bound=form)
    messages.success(request, _("The judgement of %(code)s is saved.") % {"code": code})
    return back_to("portfolio:goals", training, f"goal-{code}")
