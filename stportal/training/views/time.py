"""The time page ("Min ST-tid", issue 3) and the forms that change what it computes.

The resident enters absences; the unit head or the director sets the employment percent and
decides sick-leave and VAB spells (R1.3). Every change is kept with who and when by the models'
history; after each change the page is computed anew from the stored data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stportal import access
from stportal.access import Action, Relation
from stportal.adapters.followup import development_share_of
from stportal.adapters.time_plan import placements_of, time_plan_findings
from stportal.adapters.timeline import timeline_of
from stportal.adapters.trainings import training_overview
from stportal.fields import SEEN_VERSION, show_refusal
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.routines.vocabulary import NON_COUNTING_KINDS
from stportal.timeline.chart import Span, chart
from stportal.timeline.findings import milestone_name
from stportal.timeline.milestones import RECORDABLE_MILESTONES
from stportal.timeline.result import extension_by_cause
from stportal.training import services
from stportal.training.forms import AbsenceForm, DecisionForm, EmploymentStepForm
from stportal.training.models import (
    REVIEWABLE_KINDS,
    Absence,
    HomeReturnDay,
    Training,
)
from stportal.training.routine import profile_of

REVIEWABLE_KIND_VALUES = [str(kind) for kind in REVIEWABLE_KINDS]


@login_required
def my_time(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = access.trainings_for(request.user, through=frozenset({Relation.RESIDENT})).first()
    if own is None:
        raise Http404
    return redirect("training:time", training_id=own.pk)


@login_required
def training_time(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    return time_page(request, access.training_for(request.user, training_id))


def time_page(request: AuthenticatedHttpRequest, training: Training, **forms: Any) -> HttpResponse:
    """The time page, with the forms given (shown again with their errors)."""
    training = training_overview(Training.objects.filter(pk=training.pk)).get()
    today = timezone.localdate()
    result = timeline_of(training, today)
    profile = profile_of(training)
    may = access.permitted_actions(request.user, training)
    part_time_days, leave_days = extension_by_cause(result.history)
    done = result.done
    recordable = (
        access.recordable_milestones(request.user, training, RECORDABLE_MILESTONES)
        if Action.RECORD_MILESTONE in may
        else set()
    )
    # Mitt i ST held shows its external assessor and result (R5.2, issue 11).
    records = {record.code: record for record in training.milestone_records.all()}
    milestones = [
        {
            "milestone": milestone,
            "name": milestone_name(profile, milestone),
            "status": milestone.status(today, profile.milestones.warning_days, done),
            "recordable": milestone.code in recordable and milestone.key not in done,
            "record": records.get(milestone.code),
            # R5.2: Mitt i ST held is corrected (assessor, result) by whoever may record it.
            "correctable": milestone.code == "mitt_i_st"
            and milestone.code in recordable
            and milestone.code in records,
        }
        for milestone in result.milestones
    ]
    contact_tasks = [
        finding
        for finding in time_plan_findings(
            training, placements_of(training), today, result.projected_completion
        )
        if finding.code == "rotation_contact_due"
    ]
    context: dict[str, Any] = {
        "training": training,
        "timeline": result,
        "findings": sorted([*result.findings, *contact_tasks], key=lambda f: f.due),
        "served_percent": round(100 * result.served_share, 1),
        "development": development_share_of(training, today),  # R3.1 (G), information
        "part_time_days": part_time_days,
        "leave_days": leave_days,
        "milestones": milestones,
        "chart": _chart(training, result, milestones, today),
        "is_own": training.resident_id == request.user.pk,
        "may_edit_absences": Action.EDIT_ABSENCES in may,
        "may_edit_employment": Action.EDIT_EMPLOYMENT in may,
        "may_decide": Action.DECIDE_ABSENCE in may,
        "reviewable_kinds": REVIEWABLE_KIND_VALUES,
        "absence_form": forms.get("absences") or AbsenceForm(training=training),
        "step_form": forms.get("employment") or EmploymentStepForm(training=training),
        # Mitt i ST's form as posted, shown again with its errors (portfolio:milestone_done);
        # the form lives in the portfolio, above this app, so a first showing has none.
        "mitt_i_st_form": forms.get("mitt_i_st"),
    }
    return render(request, "training/training_time.html", context)


def _chart(training: Training, result: Any, milestones: list[dict[str, Any]], today: Any):
    placements = [
        Span(p.from_date, p.to_date, p.kind, f"{p.get_kind_display()}: {p.unit_name}")
        for p in training.placements.all()
    ]
    absences = [
        Span(a.from_date, a.to_date, _absence_style(a), f"{a} ({a.percent} %)")
        for a in training.absences.all()
    ]
    return chart(
        training.start_date,
        result.projected_completion,
        today,
        placements,
        absences,
        [(step.from_date, step.percent) for step in training.employment_steps.all()],
        [(m["milestone"].due, str(m["status"]), m["name"]) for m in milestones],
        HomeReturnDay.objects.filter(placement__training=training).values_list("day", flat=True),
        [Span(c.from_date, c.to_date, "course", c.name) for c in training.courses.all()],
    )


def _absence_style(absence: Absence) -> str:
    if absence.kind in REVIEWABLE_KINDS and absence.counts is None:
        return "leave-undecided"
    extends = absence.kind in NON_COUNTING_KINDS or absence.counts is False
    return "leave-extends" if extends else "leave-counts"


# --- R1.3: deciding whether a sick-leave or VAB spell counts --------------------------------


@login_required
def absence_decision(
    request: AuthenticatedHttpRequest, training_id: int, row_id: int
) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.DECIDE_ABSENCE)
    absence = get_object_or_404(Absence, pk=row_id, training=training, kind__in=REVIEWABLE_KINDS)
    form = DecisionForm.for_absence(absence, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_decide(
                absence=absence,
                counts=form.decided_counts(),
                note=form.cleaned_data["note"],
                person=request.user,
                now=timezone.now(),
                seen_version=form.cleaned_data[SEEN_VERSION],
            )
        except ValidationError as refused:  # changed meanwhile: shown again, as typed
            show_refusal(form, refused)
        else:
            messages.success(request, _("The decision is recorded and the time recomputed."))
            return back_to("training:time", training, "absences")
    threshold = profile_of(training).absence_review.threshold_days
    return render(
        request,
        "training/absence_decision.html",
        {
            "training": training,
            "absence": absence,
            "form": form,
            "threshold": threshold,
            "reviewable_kinds": REVIEWABLE_KIND_VALUES,
        },
    )
