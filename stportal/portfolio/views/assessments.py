"""Assessments (R9.1, R9.2): requested by the resident or a supervisor, completed by the assessor
in the portal or, without an account, through a signed link. An assessor without an account whom
the resident named gets the link once the main supervisor or the director approves them
(issue 10).

Issue 12 item 7: a supervisor of the training documents an assessment they have just held
without requesting it first (G 5.1.4: "Handledaren ska dokumentera bedömningarna i ST-läkarens
portfölj"), and each row says which one it is (method, delmål, requested when and by whom) and
in what state it is, "waiting for you" when the viewer must act."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access, links
from stportal.access import Action
from stportal.fields import show_refusal
from stportal.http import AuthenticatedHttpRequest, saved_or_refused, site_url
from stportal.links import LinkError, Purpose
from stportal.navigation import back_to
from stportal.people.models import Person
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.forms import AssessmentForm, AssessmentRecordForm, AssessmentRequestForm
from stportal.portfolio.models import Assessment
from stportal.training.models import Training
from stportal.training.routine import profile_of


def may_record(person: Person, training: Training) -> bool:
    """Who documents an assessment without a request first: those who complete one besides the
    assessor asked for it, the training's main supervisor and co-supervisors (R9.1, G 5.1.4:
    "Handledaren ska dokumentera bedömningarna"); never the resident (access decides)."""
    return bool(access.relations(person, training) & access.ASSESSMENT_COMPLETERS)


@dataclass(frozen=True)
class Row:
    """One assessment of the list: which one it is and its state (issue 12 items 7 and 16)."""

    item: Assessment
    label: str
    state: str  # the status class of site.css: due_soon (waiting for you), open or done
    state_text: str


def _row(item: Assessment, me: Person, may_approve: bool) -> Row:
    if item.completed_at is not None:
        state, text = "done", _("Completed")
    elif item.awaits_approval:
        state, text = (
            ("due_soon", _("Waiting for you: approve the assessor"))
            if may_approve
            else ("open", _("Awaiting approval of the assessor"))
        )
    elif item.assessor_id == me.pk:
        state, text = "due_soon", _("Waiting for you")
    else:
        state, text = "open", _("Waiting for the assessor")
    return Row(item, services.assessment_label(item), state, text)


def _page(
    request: AuthenticatedHttpRequest,
    training: Training,
    request_form: AssessmentRequestForm | None,
    record_form: AssessmentRecordForm | None,
) -> HttpResponse:
    profile = profile_of(training)
    may_approve = access.can(request.user, Action.VOUCH_FOR_CERTIFIER, training)
    items = training.assessments.select_related(
        "assessor", "requested_by", "assessor_approved_by", "unit_head_informed_by"
    )
    return render(
        request,
        "portfolio/assessments.html",
        {
            "training": training,
            "form": request_form,
            "record_form": record_form,
            "rows": [_row(item, request.user, may_approve) for item in items],
            "per_year": profile.assessments.per_year,
            "me": request.user,
            "may_complete": may_record(request.user, training),
            "may_approve": may_approve,
            # R9.4 (V): the unit head's feedback on completed assessments (views/unit_head.py),
            # shown to all where the routine asks it, recorded by the unit head only.
            "asks_feedback": access.routine_asks(training, Action.FEED_BACK_ASSESSMENT),
            "may_feed_back": access.may_in_routine(
                request.user, Action.FEED_BACK_ASSESSMENT, training
            ),
        },
    )


def _record_form(training: Training, data: object = None) -> AssessmentRecordForm:
    return AssessmentRecordForm(
        data,
        profile=profile_of(training),
        goals=plan_services.goal_choices(training),
        initial={"held_on": timezone.localdate()},
    )


@login_required
def assessments(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_request = access.can(request.user, Action.REQUEST_ASSESSMENT, training)
    profile = profile_of(training)
    form = AssessmentRequestForm(
        request.POST or None,
        profile=profile,
        training=training,
        goals=plan_services.goal_choices(training),
    )
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.assessment_request(
                    training=training,
                    person=request.user,
                    method=data["method"],
                    goals=data["goals"],
                    assessor=data["assessor"],
                    assessor_name=data["assessor_name"],
                    assessor_email=data["assessor_email"],
                    base_url=site_url(request),
                    now=timezone.now(),
                    submission_key=data["submission_key"],
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The assessment is requested. The link is sent when the main supervisor "
                        "or the director of studies has approved the assessor."
                    )
                    if item.awaits_approval
                    else _("The assessment is requested."),
                )
                return back_to("portfolio:assessments", training, "list")
    record = _record_form(training) if may_record(request.user, training) else None
    return _page(request, training, form if may_request else None, record)


@login_required
@require_POST
def assessment_record(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """A supervisor of the training documents an assessment just held, without a request (issue
    12 item 7, R9.1); refused (403) to everyone else within reach, the resident included."""
    training = access.training_for(request.user, training_id)
    if not may_record(request.user, training):
        raise PermissionDenied
    form = _record_form(training, request.POST)
    done = saved_or_refused(
        request,
        form,
        lambda data: services.assessment_record(
            training=training,
            person=request.user,
            method=data["method"],
            data=data,
            now=timezone.now(),
            submission_key=data["submission_key"],
        ),
        _("The assessment is saved."),
        lambda: back_to("portfolio:assessments", training, "list"),
    )
    if done is not None:
        return done
    may_request = access.can(request.user, Action.REQUEST_ASSESSMENT, training)
    request_form = (
        AssessmentRequestForm(
            profile=profile_of(training),
            training=training,
            goals=plan_services.goal_choices(training),
        )
        if may_request
        else None
    )
    return _page(request, training, request_form, form)


@login_required
@require_POST
def assessment_approve(
    request: AuthenticatedHttpRequest, training_id: int, assessment_id: int
) -> HttpResponse:
    """The main supervisor or the director approves the assessor without an account whom the
    resident named, vouching for the name and address; the link is then sent (issue 10)."""
    training = access.training_for(request.user, training_id, Action.VOUCH_FOR_CERTIFIER)
    item = get_object_or_404(Assessment, pk=assessment_id, training=training)
    try:
        approved = services.assessment_assessor_approve(
            item=item, person=request.user, base_url=site_url(request), now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if approved:
            messages.success(
                request,
                _("The assessor is approved and the link is sent to %(email)s.")
                % {"email": item.assessor_email},
            )
    return back_to("portfolio:assessments", training, "list")


@login_required
def assessment_complete(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    """The assessor with an account records the assessment, or a supervisor of the resident
    (access.assessment_for decides)."""
    item = access.assessment_for(
        request.user,
        get_object_or_404(Assessment.objects.select_related("training"), pk=assessment_id),
    )
    if access.can(request.user, Action.VIEW, item.training):
        return _assessment_form(
            request, item, lambda: back_to("portfolio:assessments", item.training, "list")
        )
    return _assessment_form(request, item, lambda: redirect("home"))


def assessment_link(request: HttpRequest, token: str) -> HttpResponse:
    """An assessor without an account completes the assessment through the link."""
    try:
        item, _purpose = links.read(
            token, Assessment.objects.select_related("training__resident"), {Purpose.ASSESS}
        )
        links.check_addressee(request, item.assessor_email)
    except LinkError as error:
        return links.problem_page(request, error)
    return _assessment_form(
        request, item, lambda: render(request, "portfolio/assessment_done.html", {"item": item})
    )


def _assessment_form(
    request: HttpRequest, item: Assessment, done: Callable[[], HttpResponse]
) -> HttpResponse:
    form = AssessmentForm(
        request.POST or None,
        instance=item,
        goals=plan_services.goal_choices(item.training),
        initial={"goals": item.goals, "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        person = request.user if request.user.is_authenticated else None
        try:
            services.assessment_complete(
                item=item, person=person, data=form.cleaned_data, now=timezone.now()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if person is not None:  # the assessor through a link gets a page of thanks
                messages.success(request, _("The assessment is saved."))
            return done()
    return render(
        request,
        "portfolio/assessment_form.html",
        {
            "item": item,
            "form": form,
            "method": item.method_name,
            "label": services.assessment_label(item),  # which one (issue 12 item 7)
            "resident": item.training.resident,
        },
    )
