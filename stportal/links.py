"""Signed, expiring, single-purpose links for people without an account: a receiving unit names
a rotation supervisor (R6.4), a rotation supervisor certifies, an assessor assesses (R9.1).

A link carries the object, its purpose and a nonce, signed with the site's key and a time stamp.
Using the link, or sending a new one, changes the object's nonce (`link_nonce`), so each link
works once and only the newest one works.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SALT = "stportal.links"


class Purpose(StrEnum):
    NAME_SUPERVISOR = "name_supervisor"
    CERTIFY = "certify"
    ASSESS = "assess"
    # Issue 13 item 3: a certifier without an account confirms an application's certificate.
    CONFIRM_CERTIFICATE = "confirm_certificate"


class LinkProblem(StrEnum):
    INVALID = "invalid"  # tampered with, or not ours
    EXPIRED = "expired"
    USED = "used"  # used already, or replaced by a newer link
    ELSEWHERE = "elsewhere"  # opened by someone logged in who is not whom it was sent to


# How a page answers each problem: a clear page, never an error page.
LINK_STATUS = {
    LinkProblem.INVALID: 400,
    LinkProblem.EXPIRED: 410,
    LinkProblem.USED: 410,
    LinkProblem.ELSEWHERE: 403,
}


class LinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def problem_page(request: HttpRequest, error: LinkError) -> HttpResponse:
    """A clear page for a link that does not work, never an error page."""
    return render(
        request,
        "plans/link_problem.html",
        {"problem": str(error.problem)},
        status=LINK_STATUS[error.problem],
    )


def check_addressee(request: HttpRequest, address: str) -> None:
    """A link is a bearer token for a person without an account. Someone logged in who is not
    the person it was sent to (by the account's e-mail) does not get to see what it is about:
    the resident's name, the rotation (issue 10)."""
    user = request.user
    if user.is_authenticated and user.email.strip().lower() != address.strip().lower():
        raise LinkError(LinkProblem.ELSEWHERE)


def max_age() -> timedelta:
    return timedelta(days=settings.STPORTAL_LINK_MAX_AGE_DAYS)


def issue(item: Any, purpose: Purpose) -> str:
    """A new link token for the purpose; any earlier link of the object stops working."""
    item.link_nonce = secrets.token_hex(16)
    item.save(update_fields=["link_nonce"])
    payload = {"m": item._meta.label_lower, "i": item.pk, "p": str(purpose), "n": item.link_nonce}
    return signing.dumps(payload, salt=SALT)


def read[Linked: Model](
    token: str, objects: QuerySet[Linked], purposes: set[Purpose]
) -> tuple[Linked, Purpose]:
    """The object and purpose of a token, if it is genuine, fresh and the newest of its object."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LinkProblem.INVALID) from None
    if payload.get("m") != objects.model._meta.label_lower or payload.get("p") not in purposes:
        raise LinkError(LinkProblem.INVALID)
    item = objects.filter(pk=payload.get("i")).first()
    if item is None:
        raise LinkError(LinkProblem.INVALID)
    nonce = getattr(item, "link_nonce", "")
    if not nonce or not secrets.compare_digest(nonce, str(payload.get("n"))):
        raise LinkError(LinkProblem.USED)
    return item, Purpose(payload["p"])


def use[Linked: Model](token: str, objects: QuerySet[Linked], purposes: set[Purpose]) -> Linked:
    """The object of a token, as `read`, used up: its nonce is cleared by one conditional update,
    so of two requests with the same link at the same moment only one gets the object; the other
    gets USED (issue 10). Call inside the transaction that writes what the link is for, so a
    refused write leaves the link working."""
    item, _purpose = read(token, objects, purposes)
    nonce = getattr(item, "link_nonce", "")
    if objects.filter(pk=item.pk, link_nonce=nonce).update(link_nonce="") != 1:
        raise LinkError(LinkProblem.USED)
    setattr(item, "link_nonce", "")  # noqa: B010 (the models with links share no base class)
    return item
