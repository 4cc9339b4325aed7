"""The page that lists a region's routine values, each marked the routine's own (with the
routine's section) or assumed by us (with the reason) (issue 11: "Mark each value, not each
section"). Reads the profile only (stportal.routines); no database."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from pydantic import BaseModel

from stportal import access
from stportal.http import AuthenticatedHttpRequest
from stportal.people.models import Person
from stportal.routines.registry import get_profile


def shown(value: object) -> str:
    """A profile value as one line of text."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, BaseModel):
        name = getattr(value, "name", None)
        if isinstance(name, str):
            return name
        return "; ".join(f"{key}: {shown(item)}" for key, item in value.model_dump().items())
    if isinstance(value, dict):
        return ", ".join(f"{key}: {shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(item, int) for item in value):
            return f"{value[0]}–{value[1]}"
        return ", ".join(shown(item) for item in value) or "–"
    return str(value)


def profiles_of(person: Person) -> set[str]:
    """The routine profiles a person deals with: their role memberships' regions and the
    regions of the trainings they may see. Another region's page is not theirs (404)."""
    keys = {m.region.routine_profile for m in access.memberships(person)}
    seen = access.trainings_for(person)
    keys.update(seen.values_list("home_unit__region__routine_profile", flat=True))
    return keys


@login_required
@require_safe
def routine_values(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    if key not in profiles_of(request.user):
        raise Http404
    try:
        profile = get_profile(key)
    except LookupError:
        raise Http404 from None
    rows = [
        {
            "entry": row.entry,
            "rules": ", ".join(getattr(profile, row.entry).rules),
            "field": row.field,
            "value": shown(row.value),
            "assumed": row.assumed,
            "ref": row.ref,
            "why": row.why,
        }
        for row in profile.values()
    ]
    return render(request, "web/routine.html", {"profile": profile, "rows": rows})
