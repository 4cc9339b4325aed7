"""A certificate of the application confirmed through a link (issue 13 item 3): the main
supervisor or the director sends a course's or an auskultation's certificate to a named person
without an account; that person reads it as it will be printed, corrects the delmål and the
description, writes their name as it is to be printed, and confirms. See
stportal.application.certifier_links for the rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import access, links
from stportal.access import Action
from stportal.adapters.application import assembled
from stportal.application import certifier_links
from stportal.application.link_forms import LinkConfirmForm, SendForm
from stportal.application.models import CertificateRequest
from stportal.application.views.package import _document, _goal_choices, form_label
from stportal.http import AuthenticatedHttpRequest, site_url
from stportal.links import LinkError, LinkProblem, Purpose
from stportal.rules import application as rules


@login_required
def send(request: AuthenticatedHttpRequest, training_id: int, key: str) -> HttpResponse:
    """The main supervisor or the director sends the certificate to its certifier by e-mail,
    vouching for the name and the address (Action.VOUCH_FOR_CERTIFIER, issue 10)."""
    training = access.training_for(request.user, training_id, Action.VOUCH_FOR_CERTIFIER)
    parts = assembled(training, timezone.localdate())
    document = _document(parts, key)
    if not certifier_links.may_send(document):
        raise Http404
    earlier = CertificateRequest.objects.filter(training=training, key=key).first()
    form = SendForm(
        request.POST or None,
        kind=document.kind,
        initial={"to_name": earlier.to_name, "to_email": earlier.to_email} if earlier else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certifier_links.request_send(
                training=training,
                document=document,
                person=request.user,
                to_name=data["to_name"],
                to_email=data["to_email"],
                as_course_leader=bool(data.get("as_course_leader")),
                base_url=site_url(request),
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The link is sent to %(email)s.") % {"email": data["to_email"]}
            )
            return redirect("application:package", training.pk)
    return render(
        request,
        "application/link_send.html",
        {
            "training": training,
            "document": document,
            "form": form,
            "key": key,
            "earlier": earlier,
            "form_label": form_label(document),
            "is_course": document.kind == rules.COURSE,
        },
    )


def certificate_link(request: HttpRequest, token: str) -> HttpResponse:
    """The certifier's page, without an account: the certificate as it will be printed, and the
    form to confirm it. A link that does not work gets a clear page (stportal.links)."""
    requests = CertificateRequest.objects.select_related(
        "training__resident", "training__home_unit__region", "sent_by"
    )
    try:
        item, _purpose = links.read(token, requests, {Purpose.CONFIRM_CERTIFICATE})
        links.check_addressee(request, item.to_email)
        training = item.training
        parts = assembled(training, timezone.localdate())
        try:
            document = _document(parts, item.key)
        except Http404:  # the course or auskultation was removed since
            raise LinkError(LinkProblem.INVALID) from None
    except LinkError as error:
        return links.problem_page(request, error)
    current = document.content
    form = LinkConfirmForm(
        request.POST or None,
        goals=_goal_choices(training, parts.curriculum),
        initial={
            "goals": list(current.goals),
            "description": current.description,
            "name": item.to_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = certifier_links.linked_content(
            document,
            item,
            goals=list(data["goals"]),
            description=data["description"],
            name=data["name"],
            specialty=data["specialty"],
            workplace=data["workplace"],
        )
        try:
            certifier_links.confirm_by_link(
                token=token, document=document, content=content, now=timezone.now()
            )
        except LinkError as error:  # used or replaced while the form was open
            return links.problem_page(request, error)
        return render(request, "application/link_done.html", {"item": item})
    return render(
        request,
        "application/link_form.html",
        {
            "item": item,
            "training": training,
            "resident": training.resident,
            "document": document,
            "form": form,
            "form_label": form_label(document),
            "goals_text": rules.compact_goals(current.goals, parts.curriculum),
            "is_course": document.kind == rules.COURSE,
        },
    )
