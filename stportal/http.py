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
