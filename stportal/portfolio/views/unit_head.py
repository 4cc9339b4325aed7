"""Issue 11: the facts only the unit head records, where the region's routine asks them, and
who covers the resident's incoming results (R6.12). Each view asks stportal.access (the
relation, then whether the region's routine asks for the action: 403 where not).

- R5.5 (V): "ST-läkaren ska uppfylla alla delmål i Målbeskrivningen 2015 eller 2021 vilket
  bedöms av handledare och verksamhetschef": the unit head agrees to a delmål judged met, on
  the delmål page.
- R9.4 (V): "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!": the unit
  head marks a completed assessment as fed back, on the assessments page; "Regelbunden
  avstämning mellan ST-läkare och verksamhetschef på vårdcentralen rekommenderas": a check-in,
  on the portfolio's overview.
- R8.2 (G 5.1.2): "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare
  (specialist i allmänmedicin) utses inför ST-tjänstgöringens start": the unit head records
  the appointment (the unit head recording is the one who appointed, and the day).
- R6.12 (V): "en tydlig och välfungerande struktur för hur bevakningen av inkommande svar och
  ärenden till ST-läkaren ska hanteras [...] och att denna struktur är känd för alla på
  vårdcentralen": named by the resident, the main supervisor or the unit head
  (access.ALLOWED says why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.forms import (
    MainSupervisorAppointmentForm,
    ResultsCoverForm,
    UnitHeadCheckInForm,
)
from stportal.portfolio.models import Assessment
from stportal.portfolio.views.overview import portfolio_page
from stportal.training import services as training_services
from stportal.training.models import Training


@login_required
@require_POST
def goal_agree(request: AuthenticatedHttpRequest, training_id: int, code: str) -> HttpResponse:
    """R5.5 (V): the unit head agrees that a delmål the supervisor judged met is met; twice is
    one agreement, the first."""
    training = access.training_for_routine(request.user, training_id, Action.AGREE_GOALS)
    if plan_services.goal_of(training, code) is None:
        raise Http404
    try:
        services.goal_unit_head_agree(
            training=training, goal=code, person=request.user, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You agree that %(code)s is met.") % {"code": code})
    return back_to("portfolio:goals", training, f"goal-{code}")


@login_required
@require_POST
def assessment_feed_back(
    request: AuthenticatedHttpRequest, training_id: int, assessment_id: int
) -> HttpResponse:
    """R9.4 (V): the unit head has had feedback on a completed assessment; once."""
    training = access.training_for_routine(request.user, training_id, Action.FEED_BACK_ASSESSMENT)
    item = get_object_or_404(Assessment, pk=assessment_id, training=training)
    try:
        services.assessment_unit_head_inform(
            assessment=item, person=request.user, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The feedback to the unit head is recorded."))
    return back_to("portfolio:assessments", training, "list")


@login_required
@require_POST
def check_in(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """R9.4 (V): a check-in between the resident and the unit head; one a day, the first."""
    training = access.training_for_routine(
        request.user, training_id, Action.RECORD_UNIT_HEAD_CHECK_IN
    )
    form = UnitHeadCheckInForm(request.POST)
    return _overview_form(
        request,
        training,
        form,
        "check_in",
        lambda data: services.unit_head_check_in_record(
            training=training,
            held_on=data["held_on"],
            note=data["note"],
            person=request.user,
            today=timezone.localdate(),
        ),
        _("The check-in with the unit head is recorded."),
    )


@login_required
@require_POST
def main_supervisor_appointment(
    request: AuthenticatedHttpRequest, training_id: int
) -> HttpResponse:
    """R8.2: the unit head records appointing the main supervisor, and when."""
    training = access.training_for_routine(
        request.user, training_id, Action.APPOINT_MAIN_SUPERVISOR
    )
    form = MainSupervisorAppointmentForm(request.POST)
    return _overview_form(
        request,
        training,
        form,
        "appointment",
        lambda data: training_services.main_supervisor_appointment_record(
            training=training,
            person=request.user,
            appointed_on=data["appointed_on"],
            today=timezone.localdate(),
        ),
        _("The main supervisor's appointment is recorded."),
    )


@login_required
@require_POST
def results_cover(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """R6.12 (V): who watches the resident's incoming results during rotations and absence."""
    training = access.training_for_routine(request.user, training_id, Action.NAME_RESULTS_COVER)
    form = ResultsCoverForm(request.POST, instance=training)
    return _overview_form(
        request,
        training,
        form,
        "results_cover",
        lambda data: training_services.results_cover_record(
            training=training, covered_by=data["results_covered_by"]
        ),
        _("Who watches the incoming results is saved."),
    )


def _overview_form(
    request: AuthenticatedHttpRequest,
    training: Training,
    form: BaseForm,
    key: str,
    save: Callable[[dict[str, Any]], object],
    saved: str,
) -> HttpResponse:
    """A form of the unit head's part of the portfolio's overview: saved through `save` and back
    to that part, or the overview again with the form and its errors (the input kept)."""
    done = saved_or_refused(
        request, form, save, saved, lambda: back_to("portfolio:portfolio", training, "unit-head")
    )
    return done or portfolio_page(request, training, bound={key: form})
