"""The rotation contract (R6.3), the rotation supervisor named through a link (R6.4), and the
certificate of the rotation afterwards, also through a link (issue 4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access, links
from stportal.access import Action
from stportal.http import AuthenticatedHttpRequest, site_url
from stportal.links import LinkError, Purpose
from stportal.plans import services
from stportal.plans.forms import CertificateForm, ContractForm, NameSupervisorForm
from stportal.plans.models import RotationContract
from stportal.plans.pdf import PDF_NAMES, pdf_filename, pdf_response
from stportal.training.models import Placement, Training
from stportal.training.routine import profile_of


def _rotation(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int, action: Action
) -> tuple[Training, Placement]:
    training = access.training_for(request.user, training_id, action)
    placement = get_object_or_404(
        Placement.objects.select_related("unit"),
        pk=placement_id,
        training=training,
        kind=Placement.Kind.ROTATION,
    )
    return training, placement


@login_required
def contract(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int
) -> HttpResponse:
    training, placement = _rotation(request, training_id, placement_id, Action.VIEW)
    existing = RotationContract.objects.filter(placement=placement).first()
    may_edit = access.can(request.user, Action.EDIT_TIME_PLAN, training)
    may_send = access.can(request.user, Action.VOUCH_FOR_CERTIFIER, training)
    form = None
    if may_edit and (existing is None or not existing.named_at):
        form = ContractForm(request.POST or None, instance=existing)
        if request.method == "POST" and form.is_valid():
            try:
                services.rotation_contract_save(
                    placement=placement,
                    person=request.user,
                    receiving_email=form.cleaned_data["receiving_email"],
                    wishes=form.cleaned_data["wishes"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The rotation contract is saved."))
                return redirect(
                    "plans:rotation_contract", training_id=training.pk, placement_id=placement.pk
                )
    return render(
        request,
        "plans/contract.html",
        {
            "training": training,
            "placement": placement,
            "contract": existing,
            "form": form,
            "may_edit": may_edit,
            "may_send": may_send,
            **_contract_context(training, placement),
        },
    )


def _contract_context(training: Training, placement: Placement) -> dict[str, Any]:
    profile = profile_of(training)
    return {
        "lead_months": sorted(profile.rotation_contact.lead_months),
        "form_name": profile.rotation_contact.form_name,
        "home_return_days": placement.home_return_days.all(),
    }


@login_required
@require_POST
def contract_send(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int
) -> HttpResponse:
    """E-mails the receiving unit a link to name the rotation supervisor (R6.4), sent by the main
    supervisor or the director, who vouches for the address (issue 10)."""
    training, placement = _rotation(request, training_id, placement_id, Action.VOUCH_FOR_CERTIFIER)
    item = get_object_or_404(RotationContract, placement=placement)
    _send(request, services.rotation_contract_send, item, item.receiving_email)
    return redirect("plans:rotation_contract", training_id=training.pk, placement_id=placement.pk)


@login_required
@require_POST
def certificate_request(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int
) -> HttpResponse:
    """E-mails the named rotation supervisor a link to certify the rotation, asked by the main
    supervisor or the director, who vouches for the person named (issue 10)."""
    training, placement = _rotation(request, training_id, placement_id, Action.VOUCH_FOR_CERTIFIER)
    item = get_object_or_404(RotationContract, placement=placement)
    _send(request, services.rotation_certificate_request, item, item.supervisor_email)
    return redirect("plans:rotation_contract", training_id=training.pk, placement_id=placement.pk)


def _send(
    request: AuthenticatedHttpRequest,
    send: Callable[..., str],
    item: RotationContract,
    to: str,
) -> None:
    """Calls the service that e-mails a new link, and says what came of it."""
    try:
        send(contract=item, person=request.user, base_url=site_url(request), now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link is sent to %(email)s.") % {"email": to})


@login_required
def contract_pdf(
    request: AuthenticatedHttpRequest, training_id: int, placement_id: int, document: str
) -> HttpResponse:
    if document not in ("contract", "certificate"):
        raise Http404
    training, placement = _rotation(request, training_id, placement_id, Action.VIEW)
    item = get_object_or_404(RotationContract, placement=placement)
    if document == "certificate" and not item.certified_at:
        raise Http404
    template = (
        "plans/certificate_pdf.html" if document == "certificate" else "plans/contract_pdf.html"
    )
    context = {
        "training": training,
        "placement": placement,
        "contract": item,
        "goal_names": _goal_names(training, item.goals),
        "printed_at": timezone.localtime(),
        **_contract_context(training, placement),
    }
    filename = pdf_filename(PDF_NAMES[document], training.resident.username, placement.from_date)
    return pdf_response(render_to_string(template, context, request=request), filename)


def _goal_names(training: Training, codes: list[str]) -> list[str]:
    goals = {goal.code: goal for goal in services.goal_specs(training)}
    return [str(goals[code]) if code in goals else code for code in codes]


# --- The link, for a person without an account -------------------------------------------


def rotation_link(request: HttpRequest, token: str) -> HttpResponse:
    contracts = RotationContract.objects.select_related(
        "placement__training__resident", "placement__unit", "placement__training__home_unit"
    )
    try:
        item, purpose = links.read(token, contracts, {Purpose.NAME_SUPERVISOR, Purpose.CERTIFY})
        links.check_addressee(
            request,
            item.sent_to if purpose == Purpose.NAME_SUPERVISOR else item.certificate_requested_to,
        )
    except LinkError as error:
        return links.problem_page(request, error)
    training = item.placement.training
    if purpose == Purpose.NAME_SUPERVISOR:
        form: Any = NameSupervisorForm(request.POST or None, instance=item)
    else:
        form = CertificateForm(
            request.POST or None,
            instance=item,
            goal_choices=services.goal_choices(training, planned_as={"rotation"}),
        )
    if request.method == "POST" and form.is_valid():
        data, now = form.cleaned_data, timezone.now()
        try:
            if purpose == Purpose.NAME_SUPERVISOR:
                item = services.rotation_supervisor_name(
                    token=token,
                    supervisor_name=data["supervisor_name"],
                    supervisor_title=data["supervisor_title"],
                    supervisor_email=data["supervisor_email"],
                    now=now,
                )
            else:
                item = services.rotation_certificate_issue(
                    token=token,
                    description=data["description"],
                    goals=data["goals"],
                    certified_by_name=data["certified_by_name"],
                    now=now,
                )
        except LinkError as error:  # used or replaced while the form was open
            return links.problem_page(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request, "plans/link_done.html", {"purpose": str(purpose), "contract": item}
            )
    return render(
        request,
        "plans/link_form.html",
        {
            "form": form,
            "purpose": str(purpose),
            "contract": item,
            "placement": item.placement,
            "resident": training.resident,
        },
    )
