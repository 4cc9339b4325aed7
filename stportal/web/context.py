"""What every page's menu needs to know about the person, and the session's idle timeout."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from stportal import access
from stportal.access import Relation
from stportal.people.models import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    """The resident's own time page is in the menu when they have a training."""
    user = request.user
    is_resident = Role.RESIDENT in access.roles(user)  # memberships are read once a request
    own = access.trainings_for(user, through=frozenset({Relation.RESIDENT}))
    return {"nav_has_own_training": is_resident and own.exists()}


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """The idle timeout, for keep-alive.js to ask for the keep-alive address well within it."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
