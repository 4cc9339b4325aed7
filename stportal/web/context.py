"""What every page's menu needs to know about the person."""

from __future__ import annotations

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
