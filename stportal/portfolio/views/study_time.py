"""Study time and its ledger (R3.2–R3.5), and the ST-days, seminars and FQ groups taken part in
(R3.3, R3.1, R12.1; issue 11), recorded by the resident, the main supervisor or the director who
arranges the ST-days (Action.RECORD_EDUCATION_EVENT), each removing what they recorded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.followup import week_facts
from stportal.http import AuthenticatedHttpRequest, saved_or_refused
from stportal.navigation import back_to
from stportal.portfolio import services
from stportal.portfolio.forms import EducationEventForm, StudyTimeForm
from stportal.rules.followup import hours
from stportal.rules.study_time import ledger, monday
from stportal.training.models import Training
from stportal.training.routine import profile_of


@login_required
def study_time(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_record = access.can(request.user, Action.RECORD_STUDY_TIME, training)
    today = timezone.localdate()
    form = StudyTimeForm(request.POST or None, initial={"week": monday(today)})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        done = saved_or_refused(  # a week posted again is corrected
            request,
            form,
            lambda data: services.study_time_record(training=training, **data, today=today),
            _("The week is recorded."),
            lambda: back_to("portfolio:study_time", training, "exceptions"),
        )
        if done:
            return done
    return _page(request, training, form=form)


@login_required
@require_POST
def education_event_record(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """Records an ST-day, a seminar or an FQ group; a refusal shows the page again, as typed.
    By the resident, the main supervisor or the director (G 5.1.5: "lokala ST-dagar som
    arrangeras av studierektor"; access.Action.RECORD_EDUCATION_EVENT)."""
    training = access.training_for(request.user, training_id, Action.RECORD_EDUCATION_EVENT)
    form = EducationEventForm(request.POST)
    done = saved_or_refused(
        request,
        form,
        lambda data: services.education_event_record(
            training=training, by=request.user, today=timezone.localdate(), **data
        ),
        _("The ST day, seminar or FQ group is recorded."),
        lambda: back_to("portfolio:study_time", training, "education"),
    )
    return done or _page(request, training, event_form=form)


@login_required
@require_POST
def education_event_remove(
    request: AuthenticatedHttpRequest, training_id: int, event_id: int
) -> HttpResponse:
    """Removed by its recorder or the resident; one removed already (or another training's)
    is not found here, and nothing happens."""
    training = access.training_for(request.user, training_id, Action.RECORD_EDUCATION_EVENT)
    event = training.education_events.filter(pk=event_id).first()
    if event is not None and not access.may_remove_education_event(
        request.user, training, event.pk, event.recorded_by_id
    ):
        raise PermissionDenied
    try:
        removed = services.education_event_remove(
            training=training, event_id=event_id, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if removed:
            messages.success(request, _("The ST day, seminar or FQ group is removed."))
    return back_to("portfolio:study_time", training, "education")


def _page(
    request: AuthenticatedHttpRequest,
    training: Training,
    *,
    form: StudyTimeForm | None = None,
    event_form: EducationEventForm | None = None,
) -> HttpResponse:
    may_record = access.can(request.user, Action.RECORD_STUDY_TIME, training)
    today = timezone.localdate()
    profile = profile_of(training)
    exceptions = list(training.study_time_entries.all())
    taken = {e.week: e.minutes for e in exceptions}
    rows = ledger(profile, week_facts(training), training.start_date, today, taken)
    events = list(training.education_events.select_related("recorded_by"))
    removable = access.removable_education_events(
        request.user, training, [(e.pk, e.recorded_by_id) for e in events]
    )
    return render(
        request,
        "portfolio/study_time.html",
        {
            "training": training,
            "form": (form or StudyTimeForm(initial={"week": monday(today)}))
            if may_record
            else None,
            "event_form": (
                event_form or EducationEventForm(initial={"held_on": today, "minutes": 240})
            )
            if access.can(request.user, Action.RECORD_EDUCATION_EVENT, training)
            else None,
            "events": [(e, e.pk in removable) for e in events],
            "events_minutes": sum(e.minutes for e in events),
            # In hours, as the routines state study time (issue 12).
            "rows": [(month, hours(due), hours(got), got < due) for month, due, got in rows[::-1]],
            "exceptions": [(e, hours(e.minutes)) for e in exceptions],
            "entry": profile.study_time,
            "hours_a_week": hours(profile.study_time.minutes_per_week),
            "due_total": hours(sum(r[1] for r in rows)),
            "taken_total": hours(sum(r[2] for r in rows)),
        },
    )
