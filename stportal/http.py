"""The request of a view behind `login_required`: its user is a Person, never anonymous.

Annotate such views with `AuthenticatedHttpRequest` instead of asserting on `request.user`
(the django-stubs pattern; at run time it is Django's HttpRequest)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from stportal.fields import show_refusal

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


def saved_or_refused(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    saved: str,
    then: Callable[[], HttpResponse],
) -> HttpResponse | None:
    """A posted form saved through one service call `save(cleaned_data)`: the message `saved`
    and the response `then()` (back to the page); None when the form or the service refused it,
    the refusal shown on the form with what was typed kept (fields.show_refusal), for the view
    to show its page again."""
    if not form.is_valid():
        return None
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        show_refusal(form, error)
        return None
    messages.success(request, saved)
    return then()
