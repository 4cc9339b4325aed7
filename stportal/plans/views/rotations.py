"""The rotation contract (R6.3), the rotation supervisor named through a link (R6.4), and the
certificate of the rotation afterwards, also through a link (issue 4)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access, links
from stportal.access import Action
from stportal.links import LinkError, Purpose
from stportal.mail import send_templated
from stportal.plans import services
from stportal.plans.forms import CertificateForm, ContractForm, NameSupervisorForm
from stportal.plans.models import RotationContract
from stportal.plans.pdf import pdf_response
from stportal.training.models import Placement, Training
from stportal.training.routine import profile_of


def _rotation(request: HttpRequest, training_id: int, placement_id: int, action: Action):
    training = access.training_for(request.user, training_id, action)
    placement = get_object_or_404(
        Placement.objects.select_related("unit"),
        pk=placement_id,
        training=training,
        kind=Placement.Kind.ROTATION,
    )
    return training, placement


@login_required
def contract(request: HttpRequest, training_id: int, placement_id: int) -> HttpResponse:
    training, placement = _rotation(request, training_id, placement_id, Action.VIEW)
    existing = RotationContract.objects.filter(placement=placement).first()
    may_edit = access.can(request.user, Action.EDIT_TIME_PLAN, training)
    form = None
    if may_edit and (existing is None or not existing.named_at):
        form = ContractForm(request.POST or None, instance=existing)
        if request.method == "POST" and form.is_valid():
            item = form.save(commit=False)
            if existing is None:
                item.placement, item.created_by = placement, access.person(request)
            item.save()
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
def contract_send(request: HttpRequest, training_id: int, placement_id: int) -> HttpResponse:
    """E-mails the receiving unit a link to name the rotation supervisor (R6.4)."""
    training, placement = _rotation(request, training_id, placement_id, Action.EDIT_TIME_PLAN)
    item = get_object_or_404(RotationContract, placement=placement)
    if item.named_at:
        messages.error(request, _("The rotation supervisor is already named."))
    else:
        _send_link(request, item, Purpose.NAME_SUPERVISOR, "sent_at", item.receiving_email)
    return redirect("plans:rotation_contract", training_id=training.pk, placement_id=placement.pk)


@login_required
@require_POST
def certificate_request(request: HttpRequest, training_id: int, placement_id: int):
    """E-mails the named rotation supervisor a link to certify the rotation."""
    training, placement = _rotation(request, training_id, placement_id, Action.EDIT_TIME_PLAN)
    item = get_object_or_404(RotationContract, placement=placement)
    if not item.supervisor_email or item.certified_at:
        messages.error(
            request,
            _("A certificate can be requested once a rotation supervisor is named, and only once."),
        )
    else:
        _send_link(
            request, item, Purpose.CERTIFY, "certificate_requested_at", item.supervisor_email
        )
    return redirect("plans:rotation_contract", training_id=training.pk, placement_id=placement.pk)


EMAIL_TEMPLATES = {
    Purpose.NAME_SUPERVISOR: "plans/email_name_supervisor.txt",
    Purpose.CERTIFY: "plans/email_certify.txt",
}


def _send_link(
    request: HttpRequest, item: RotationContract, purpose: Purpose, stamp: str, to: str
) -> None:
    """A new link for the purpose, e-mailed to `to`; `stamp` records when."""
    with transaction.atomic():
        token = links.issue(item, purpose)
        setattr(item, stamp, timezone.now())
        item.save(update_fields=[stamp])
        _mail(request, item, token, EMAIL_TEMPLATES[purpose], to)
    messages.success(request, _("The link is sent to %(email)s.") % {"email": to})


def _mail(request: HttpRequest, item: RotationContract, token: str, template: str, to: str):
    url = request.build_absolute_uri(reverse("plans:rotation_link", args=[token]))
    context = {
        "contract": item,
        "placement": item.placement,
        "url": url,
        "days": links.max_age().days,
        "resident": item.placement.training.resident,
    }
    send_templated(template, context, to)


@login_required
def contract_pdf(request: HttpRequest, training_id: int, placement_id: int, document: str):
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
    filename = f"{document}-{training.resident.username}-{placement.from_date}.pdf"
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
    except LinkError as error:
        return links.problem_page(request, error)
    training = item.placement.training
    if purpose == Purpose.NAME_SUPERVISOR:
        form: Any = NameSupervisorForm(request.POST or None, instance=item)
    else:
        form = CertificateForm(
            request.POST or None, instance=item, goal_choices=services.goal_choices(training)
        )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if purpose == Purpose.NAME_SUPERVISOR:
                saved.named_at = timezone.now()
                saved.supervisor_name = form.cleaned_data["supervisor_name"]
            else:
                saved.certified_at = timezone.now()
            saved.link_nonce = ""  # used: the link will not work again
            saved.save()
        placement = item.placement
        if purpose == Purpose.NAME_SUPERVISOR and not placement.supervisor_name:
            placement.supervisor_name = item.supervisor_name
            placement.save(update_fields=["supervisor_name"])
        return render(request, "plans/link_done.html", {"purpose": str(purpose), "contract": item})
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
