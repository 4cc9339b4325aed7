"""A training's overview and its history of changes."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from stportal import access
from stportal.access import Action
from stportal.adapters.trainings import training_overview
from stportal.http import AuthenticatedHttpRequest
from stportal.training.history import training_history_entries

HISTORY_PER_PAGE = 50


@login_required
def training_detail(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    overview = training_overview(access.trainings_for(request.user).filter(pk=training.pk)).get()
    return render(
        request,
        "training/training_detail.html",
        {
            "training": overview,
            "can_view_history": access.can(request.user, Action.VIEW_HISTORY, training),
        },
    )


@login_required
def training_history(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.VIEW_HISTORY)
    page = Paginator(training_history_entries(training), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "training/training_history.html", {"training": training, "page": page})
