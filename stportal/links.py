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


class LinkProblem(StrEnum):
    INVALID = "invalid"  # tampered with, or not ours
    EXPIRED = "expired"
    USED = "used"  # used already, or replaced by a newer link


# How a page answers each problem: a clear page, never an error page.
LINK_STATUS = {LinkProblem.INVALID: 400, LinkProblem.EXPIRED: 410, LinkProblem.USED: 410}


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
