"""Annual reviews (R9.3, R9.4, R2.6): each part written and signed by its author, then frozen;
the signed review as a PDF."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stportal import access
from stportal.adapters.timeline import timeline_of
from stportal.fields import SEEN_VERSION, show_refusal
from stportal.http import AuthenticatedHttpRequest
from stportal.plans.pdf import pdf_response
from stportal.portfolio import services
from stportal.portfolio.forms import AnnualPartForm
from stportal.portfolio.models import ANNUAL_REVIEW_PARTS, AnnualReview
from stportal.portfolio.services import SIGNER_FIELD
from stportal.training.models import Training
from stportal.training.routine import profile_of

PART_LABELS = {
    "resident_report": gettext_lazy("Annual report (resident)"),
    "supervisor_statement": gettext_lazy("Supervisor's statement"),
    "director_review": gettext_lazy("Director's review"),
}


def _due(training: Training) -> dict[int, date]:
    """The ST years with an annual review, and when each is due."""
    milestones = timeline_of(training, timezone.localdate()).milestones
    return {m.year: m.due for m in milestones if m.code == "annual_review" and m.year}


@login_required
def annual_review(request: AuthenticatedHttpRequest, training_id: int, year: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    due = _due(training)
    if year not in due:
        raise Http404
    return _annual_page(request, training, year, due[year])


def _annual_page(
    request: AuthenticatedHttpRequest,
    training: Training,
    year: int,
    due: date,
    bound: AnnualPartForm | None = None,
) -> HttpResponse:
    """The year's review; `bound` is a part's form shown again with its errors and its text."""
    review = AnnualReview.objects.filter(training=training, year=year).first()
    authored = access.annual_review_parts_authored(request.user, training)
    parts = []
    for part in profile_of(training).annual_review.parts:
        text = getattr(review, part, "") if review else ""
        signed_at = getattr(review, ANNUAL_REVIEW_PARTS[part], None) if review else None
        mine = part in authored and not signed_at
        kept = bound is not None and bound.prefix == part  # refused, even if signed meanwhile
        parts.append(
            {
                "part": part,
                "label": PART_LABELS[part],
                "text": text,
                "signed_at": signed_at,
                "signed_by": getattr(review, SIGNER_FIELD[part], None) if review else None,
                "form": _part_form(part, review, bound) if mine or kept else None,
            }
        )
    return render(
        request,
        "portfolio/annual_review.html",
        {"training": training, "year": year, "due": due, "parts": parts, "review": review},
    )


def _part_form(
    part: str, review: AnnualReview | None, bound: AnnualPartForm | None
) -> AnnualPartForm:
    if bound is not None and bound.prefix == part:
        return bound
    text = getattr(review, part, "") if review else ""
    return AnnualPartForm(initial={"text": text}, label=PART_LABELS[part], review=review, part=part)


@login_required
@require_POST
def annual_review_part(
    request: AuthenticatedHttpRequest, training_id: int, year: int, part: str
) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    due_years = _due(training)
    if part not in profile_of(training).annual_review.parts or year not in due_years:
        raise Http404
    if not access.annual_review_part_author(request.user, training, part):
        raise PermissionDenied
    review = AnnualReview.objects.filter(training=training, year=year).first()
    form = AnnualPartForm(request.POST, label=PART_LABELS[part], review=review, part=part)
    url = reverse("portfolio:annual_review", args=[training.pk, year])
    if not form.is_valid():  # shown again with the text written and the field's own message
        return _annual_page(request, training, year, due_years[year], bound=form)
    sign = "sign" in request.POST
    try:
        services.annual_review_part_save(
            training=training,
            year=year,
            part=part,
            text=form.cleaned_data["text"],
            sign=sign,
            person=request.user,
            now=timezone.now(),
            due_years=due_years,
            seen_version=form.cleaned_data[SEEN_VERSION],
        )
    except ValidationError as error:  # shown again with the text written (issue 10)
        show_refusal(form, error)
        return _annual_page(request, training, year, due_years[year], bound=form)
    messages.success(request, _("Signed.") if sign else _("Saved."))
    return redirect(url)


@login_required
def annual_review_pdf(
    request: AuthenticatedHttpRequest, training_id: int, year: int
) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    review = get_object_or_404(AnnualReview, training=training, year=year)
    parts = [
        {
            "label": PART_LABELS[p],
            "text": getattr(review, p),
            "signed_at": getattr(review, ANNUAL_REVIEW_PARTS[p]),
            "signed_by": getattr(review, SIGNER_FIELD[p]),
        }
        for p in profile_of(training).annual_review.parts
    ]
    html = render_to_string(
        "portfolio/annual_review_pdf.html",
        {"training": training, "year": year, "parts": parts, "printed_at": timezone.localtime()},
        request=request,
    )
    return pdf_response(html, f"arsuppfoljning-{training.resident.username}-ar{year}.pdf")
