"""The request of a view behind `login_required`: its user is a Person, never anonymous.

Annotate such views with `AuthenticatedHttpRequest` instead of asserting on `request.user`
(the django-stubs pattern; at run time it is Django's HttpRequest)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from stportal.people.models import Person


class AuthenticatedHttpRequest(HttpRequest):
    user: Person


def site_url(request: HttpRequest) -> str:
    """The site's address as the request reached it, without a trailing slash (for links in
    e-mail sent while answering the request)."""
    return request.build_absolute_uri("/").rstrip("/")


# A database id as it may come from a person: ASCII digits only, at most nine (issue 10).
ID_DIGITS = "[0-9]{1,9}"


def query_number(request: HttpRequest, name: str) -> int | None:
    """A whole number from the query string, or None when it is missing or not one (so `?unit=²`
    or a 40-digit id never reaches int() or the database)."""
    value = request.GET.get(name, "")
    return int(value) if re.fullmatch(ID_DIGITS, value) else None


class IdConverter:
    """`<id:name>` in URL patterns: a huge number is a 404 rather than an overflow in the
    database."""

    regex = ID_DIGITS

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
