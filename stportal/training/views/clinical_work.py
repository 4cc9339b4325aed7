"""The page "Kliniskt arbete" of a training (issue 11): the own patient list's size over time
against the routine's expected range (R10.1, G 5.1.1) and the on-call milestones (R10.2,
G 5.1.3), with the follow-up's findings of those rules (`stportal.rules.clinical_work`).

The resident and the supervisors record (Action.RECORD_CLINICAL_WORK, as they write the
supervision log); everyone who sees the training reads (the director, the unit head); a training
out of reach is not found (404), a record by someone who only reads is refused (403). A row is
removed by the one who recorded it or by the resident (access.removable_records, the rule of the
ST-days and seminars too), not by another recorder: a co-supervisor does not erase the main
supervisor's count."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from stportal import access
from stportal.access import Action
from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.navigation import back_to
from stportal.rules.clinical_work import expected_range
from stportal.timeline.findings import Finding
from stportal.timeline.result import Timeline
from stportal.training import services
from stportal.training.forms import OnCallEventForm, PatientListCountForm
from stportal.training.models import OnCallEvent, PatientListCount, Training
from stportal.training.routine import profile_of

PAGE = "training:clinical_work"


# The rules of this page: its findings are the follow-up's (adapters.followup.findings_of, the
# same function as every other page, the command line and the API) with these rules.
RULES = ("R10.1", "R10.2")


def _findings(training: Training, result: Timeline) -> list[Finding]:
    return [f for f in findings_of(training, result) if f.rule in RULES]


@login_required
@require_safe
def clinical_work(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    return _page(request, training)


@login_required
@require_POST
def patient_list_record(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """R10.1: a list size recorded; a refusal shows the page again, as typed."""
    training = access.training_for(request.user, training_id, Action.RECORD_CLINICAL_WORK)
    form = PatientListCountForm(request.POST)
    done = saved_or_refused(
        request,
        form,
        lambda data: services.patient_list_record(
            training=training, by=request.user, today=timezone.localdate(), **data
        ),
        _("The size of the patient list is recorded."),
        lambda: back_to(PAGE, training, "patient-list"),
    )
    return done or _page(request, training, list_form=form)


@login_required
@require_POST
def on_call_record(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """R10.2: an on-call milestone recorded; a refusal shows the page again, as typed."""
    training = access.training_for(request.user, training_id, Action.RECORD_CLINICAL_WORK)
    form = OnCallEventForm(request.POST)
    done = saved_or_refused(
        request,
        form,
        lambda data: services.on_call_record(
            training=training, by=request.user, today=timezone.localdate(), **data
        ),
        _("The on-call duty is recorded."),
        lambda: back_to(PAGE, training, "on-call"),
    )
    return done or _page(request, training, on_call_form=form)


@login_required
@require_POST
def patient_list_remove(
    request: AuthenticatedHttpRequest, training_id: int, row_id: int
) -> HttpResponse:
    return _remove(request, training_id, PatientListCount, row_id, "patient-list")


@login_required
@require_POST
def on_call_remove(
    request: AuthenticatedHttpRequest, training_id: int, row_id: int
) -> HttpResponse:
    return _remove(request, training_id, OnCallEvent, row_id, "on-call")


def _remove(
    request: AuthenticatedHttpRequest,
    training_id: int,
    model: type[PatientListCount] | type[OnCallEvent],
    row_id: int,
    anchor: str,
) -> HttpResponse:
    """Removed by the one who recorded it or the resident (access.may_remove_record), others
    who record are refused (403); one removed already (or another training's) is not found here,
    and nothing happens."""
    training = access.training_for(request.user, training_id, Action.RECORD_CLINICAL_WORK)
    row = model.objects.filter(pk=row_id, training=training).first()
    if row is None:
        return back_to(PAGE, training, anchor)
    if not access.may_remove_record(
        request.user, training, Action.RECORD_CLINICAL_WORK, row.pk, row.recorded_by_id
    ):
        raise PermissionDenied
    if services.clinical_work_remove(training=training, model=model, row_id=row_id):
        messages.success(request, _("The entry is removed."))
    return back_to(PAGE, training, anchor)


def _page(
    request: AuthenticatedHttpRequest,
    training: Training,
    *,
    list_form: PatientListCountForm | None = None,
    on_call_form: OnCallEventForm | None = None,
) -> HttpResponse:
    may_record = access.can(request.user, Action.RECORD_CLINICAL_WORK, training)
    today = timezone.localdate()
    profile = profile_of(training)
    result = timeline_of(training, today)
    completion = result.projected_completion
    employment = tuple((step.start, step.percent) for step in result.history.employment)
    counts = list(training.patient_list_counts.select_related("recorded_by"))
    events = list(training.on_call_events.select_related("recorded_by"))
    removable = {
        kind: access.removable_records(
            request.user,
            training,
            Action.RECORD_CLINICAL_WORK,
            [(row.pk, row.recorded_by_id) for row in rows_of_kind],
        )
        for kind, rows_of_kind in (("list", counts), ("on_call", events))
    }
    rows = [
        (
            count,
            expected_range(
                profile,
                count.on,
                start=training.start_date,
                completion=completion,
                employment=employment,
                history=result.history,  # months served, as the follow-up counts them
            ),
        )
        for count in counts
    ]
    return render(
        request,
        "training/clinical_work.html",
        {
            "training": training,
            "may_record": may_record,
            "list_entry": profile.patient_list,
            "on_call_entry": profile.on_call,
            "today_range": expected_range(
                profile,
                today,
                start=training.start_date,
                completion=completion,
                employment=employment,
                history=result.history,  # months served, as the follow-up counts them
            ),
            "completion": completion,
            "rows": rows,
            "events": events,
            # The rows the person may remove: those they recorded, or all if the resident.
            "removable_counts": removable["list"],
            "removable_events": removable["on_call"],
            "findings": _findings(training, result),
            "list_form": (list_form or PatientListCountForm(initial={"on": today}))
            if may_record
            else None,
            "on_call_form": (on_call_form or OnCallEventForm(initial={"on": today}))
            if may_record
            else None,
        },
    )
