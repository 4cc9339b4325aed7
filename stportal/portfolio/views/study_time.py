"""Study time and its ledger (R3.2–R3.5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import access
from stportal.access import Action
from stportal.adapters.followup import week_facts
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.portfolio import services
from stportal.portfolio.forms import StudyTimeForm
from stportal.rules.study_time import ledger, monday
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
        if form.is_valid():
            try:  # a week posted again is corrected
                services.study_time_record(training=training, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The study time is recorded."))
                return back_to("portfolio:study_time", training, "ledger")
    profile = profile_of(training)
    taken = {e.week: e.minutes for e in training.study_time_entries.all()}
    rows = ledger(profile, week_facts(training), training.start_date, today, taken)
    return render(
        request,
        "portfolio/study_time.html",
        {
            "training": training,
            "form": form if may_record else None,
            "rows": rows[::-1],
            "entry": profile.study_time,
            "due_total": sum(r[1] for r in rows),
            "taken_total": sum(r[2] for r in rows),
        },
    )
