"""The application to Socialstyrelsen, per resident (issue 13): the package page, a certifier's
confirmation, and the printing of the forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.application import Assembled, assembled
from stportal.application import certifier_links, printing, services
from stportal.application import drafts as drafting
from stportal.application.blanks import FORMS
from stportal.application.forms import ConfirmForm, PrintForm
from stportal.application.models import CertificateConfirmation
from stportal.application.printing import Applicant, PersonalData, Printout
from stportal.http import AuthenticatedHttpRequest
from stportal.plans import services as plan_services
from stportal.rules import application as rules
from stportal.rules.application import Document
from stportal.timeline.months import format_months, months_served
from stportal.timeline.service_list import (
    ServiceRow,
    printed_months,
)
from stportal.training.models import Training

# Every personal detail typed when printing: never in an error report (issue 13 item 6).
PERSONAL_FIELDS = (
    "personal_number",
    "street",
    "postcode",
    "town",
    "phone_home",
    "phone_mobile",
    "phone_work",
    "email",
    "degree_country",
    "degree_date",
    "licence_country",
    "licence_date",
)


STATE_LABELS = {
    rules.State.MISSING: ("open", pgettext_lazy("certificate", "Data missing")),
    rules.State.WAITING: (
        "due_soon",
        pgettext_lazy("certificate", "Waiting for the certifier's confirmation"),
    ),
    rules.State.CHANGED: (
        "due_soon",
        pgettext_lazy("certificate", "Changed since confirmed: waiting for a new confirmation"),
    ),
    rules.State.CONFIRMED: ("done", pgettext_lazy("certificate", "Confirmed")),
    rules.State.PRINTED: ("done", pgettext_lazy("certificate", "Printed")),
}


def form_label(document: Document) -> str:
    blank = FORMS[document.form]
    return f"{blank.regulation} {blank.bilaga}: {blank.title}"


@dataclass(frozen=True)
class Row:
    """A document as the package page lists it."""

    document: Document
    form_label: str
    goals_text: str
    state_class: str
    state_label: str
    confirm: list[str]
    # Issue 13 item 3: who confirmed and how, or to whom a link is out; whether the viewer may
    # send the certificate to a certifier without an account (certifier_links).
    how: str = ""
    may_send: bool = False


def _row(
    document: Document,
    curriculum: list[str],
    confirm: list[str],
    how: str = "",
    may_send: bool = False,
) -> Row:
    state_class, label = STATE_LABELS[document.state]
    return Row(
        document,
        form_label(document),
        rules.compact_goals(document.content.goals, curriculum),
        state_class,
        str(label),
        confirm,
        how,
        may_send,
    )


def _service_rows(rows: list[ServiceRow]) -> list[dict[str, object]]:
    months, _total = printed_months(rows)
    return [
        {
            "place": row.place,
            "first": row.first,
            "last": row.last,
            "percent": row.percent,
            "months": row_months,
        }
        for row, row_months in zip(rows, months, strict=True)
    ]


def _page_context(
    request: AuthenticatedHttpRequest, parts: Assembled, form: PrintForm | None
) -> dict[str, object]:
    training = parts.training
    served = months_served(training.start_date, parts.timeline.served_percent_days)
    roles = access.certificate_roles(request.user, training)
    vouch = access.can(request.user, Action.VOUCH_FOR_CERTIFIER, training)
    how = certifier_links.how_confirmed(training)
    return {
        "training": training,
        "parts": parts,
        "rows": [
            _row(
                d,
                parts.curriculum,
                _may_confirm(roles, d),
                how.get(d.key, ""),
                vouch and certifier_links.may_send(d),
            )
            for d in parts.package.documents
        ],
        "service_rows": _service_rows(parts.rows),
        "served": format_months(served + training.credited_months),
        "listed": printed_months(parts.rows)[1],
        "required": parts.timeline.history.required_months,
        "form": form,
        "ready": parts.readiness.ready and not parts.goals_without,
    }


def _may_confirm(roles: set[str], document: Document) -> list[str]:
    """The certificate keys one who signs in `roles` confirms for this document (achieved
    competence has a second signer, the unit head)."""
    keys = [document.key] if document.certifier_role in roles else []
    if document.kind == rules.ACHIEVED and drafting.UNIT_HEAD in roles:
        keys.append("achieved:second")
    return keys


@login_required
def package_page(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    parts = assembled(training, timezone.localdate())
    form = (
        PrintForm(
            regulation=training.regulation,
            initial={"email": request.user.email, "workplace": training.home_unit.name},
        )
        if access.can(request.user, Action.PRINT_APPLICATION, training)
        else None
    )
    return render(request, "application/package.html", _page_context(request, parts, form))


def _document(parts: Assembled, key: str) -> Document:
    document_key = "achieved" if key == "achieved:second" else key
    for document in parts.package.documents:
        if document.key == document_key:
            return document
    raise Http404


def _signs_twice(training: Training, key: str, person: object) -> bool:
    """Whether `person` would sign achieved competence in both its boxes (HSLF-FS 2021:8 Bilaga
    7: the main supervisor and "specialistläkare, utöver den huvudansvariga handledaren")."""
    if key not in ("achieved", "achieved:second"):
        return False
    other = "achieved:second" if key == "achieved" else "achieved"
    person_id = getattr(person, "pk", None)
    if key == "achieved:second" and training.main_supervisor_id == person_id:
        return True
    return CertificateConfirmation.objects.filter(
        training=training, key=other, confirmed_by_id=person_id
    ).exists()


def _role_for(key: str, document: Document) -> str:
    return drafting.UNIT_HEAD if key == "achieved:second" else document.certifier_role


def _goal_choices(training: Training, curriculum: list[str]) -> list[tuple[str, str]]:
    wanted = set(rules.application_goals(training.regulation, curriculum))
    return [
        (goal.code, str(goal)) for goal in plan_services.goal_specs(training) if goal.code in wanted
    ]


@login_required
def confirm(request: AuthenticatedHttpRequest, training_id: int, key: str) -> HttpResponse:
    """The certifier reads the certificate as it will be printed, may correct the delmål and
    the description, and confirms it (issue 13 item 3)."""
    training = access.training_for(request.user, training_id)
    parts = assembled(training, timezone.localdate())
    document = _document(parts, key)
    role = _role_for(key, document)
    if not access.may_confirm_certificate(request.user, training, role):
        raise PermissionDenied
    if _signs_twice(training, key, request.user):
        messages.error(
            request,
            _(
                "Achieved competence is signed by two people: the main supervisor and another "
                "specialist."
            ),
        )
        return redirect("application:package", training.pk)
    if document.state == rules.State.MISSING and key != "achieved:second":
        messages.error(request, _("The certificate cannot be confirmed yet: data is missing."))
        return redirect("application:package", training.pk)
    current = document.content
    form = ConfirmForm(
        request.POST or None,
        kind=document.kind,
        regulation=training.regulation,
        goals=_goal_choices(training, parts.curriculum),
        initial={
            "goals": list(current.goals),
            "description": current.description,
            "signed_as": current.signed_as or "supervisor",
            "course_leader": current.course_leader,
            "verification": current.verification,
        },
    )
    if request.method == "POST" and form.is_valid():
        edits = {k: v for k, v in form.cleaned_data.items() if k != "attest"}
        content = services.confirmed_content(
            document, edits, signer=request.user, second=key == "achieved:second"
        )
        services.confirm(
            training=training,
            key=key,
            document=document,
            content=content,
            person=request.user,
            role=role,
            now=timezone.now(),
        )
        messages.success(request, _("The certificate is confirmed."))
        return redirect("application:package", training.pk)
    return render(
        request,
        "application/confirm.html",
        {
            "training": training,
            "document": document,
            "form": form,
            "key": key,
            "form_label": form_label(document),
        },
    )


def _personal(form: PrintForm) -> PersonalData:
    data = form.cleaned_data
    return PersonalData(**{k: v for k, v in data.items() if k not in ("flat", "only")})


@sensitive_variables("form", "personal", "printout")
def _printout(parts: Assembled, form: PrintForm) -> Printout:
    personal = _personal(form)
    training = parts.training
    director = drafting.director_of(training)
    resident = training.resident
    printout = Printout(
        parts.package,
        Applicant(resident.last_name, resident.first_name, personal),
        parts.rows,
        parts.curriculum,
        (
            director.last_name if director else "",
            director.first_name if director else "",
            training.home_unit.region.name if director else "",
        ),
    )
    return printout


@sensitive_post_parameters(*PERSONAL_FIELDS)
@sensitive_variables("form", "printout")
@login_required
@require_POST
def print_package(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    """The whole package in one PDF, or one form alone (`only`): filled with what the resident
    typed, which goes into the PDF and nowhere else (issue 13 items 6, 7)."""
    training = access.training_for(request.user, training_id)
    if not access.can(request.user, Action.PRINT_APPLICATION, training):
        raise PermissionDenied
    parts = assembled(training, timezone.localdate())
    form = PrintForm(request.POST, regulation=training.regulation)
    if not form.is_valid():
        # The page comes back with what was typed (the personnummer among it): not to be kept.
        refused = render(
            request, "application/package.html", _page_context(request, parts, form), status=400
        )
        refused["Cache-Control"] = "no-store"
        return refused
    only = form.cleaned_data["only"]
    documents = [d for d in parts.package.documents if not only or d.key == only]
    if not documents:
        raise Http404
    printout = _printout(parts, form)
    pdf = printing.package_pdf(printout, documents, flat=form.cleaned_data["flat"])
    services.record_printed(
        training=training, documents=documents, person=request.user, now=timezone.now()
    )
    name = (
        f"ansokan-specialistkompetens-{only.replace(':', '-')}"
        if only
        else ("ansokan-specialistkompetens")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
