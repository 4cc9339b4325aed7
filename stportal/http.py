"""The request of a view behind `login_required`: its user is a Person, never anonymous.

Annotate such views with `AuthenticatedHttpRequest` instead of asserting on `request.user`
(the django-stubs pattern; at run time it is Django's HttpRequest)."""

from __future__ import annotations

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
