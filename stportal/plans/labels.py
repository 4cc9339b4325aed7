"""Swedish names for the fields of a plan document, for the comparison of two versions."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stportal.curricula.models import Goal

FIELD_NAMES = {
    "overall_goals": gettext_noop("Overall goals"),
    "study_time": gettext_noop("Study time arrangement"),
    "study_time_note": gettext_noop("About the study time"),
    "supervision": gettext_noop("Supervision schedule"),
    "plan_version": gettext_noop("Training plan version"),
    "other_terms": gettext_noop("Other agreements"),
    "activities": gettext_noop("Activity"),
    "assessments": gettext_noop("Assessment"),
    "notes": gettext_noop("Notes"),
    "kind": gettext_noop("Kind of activity"),
    "description": gettext_noop("Description"),
    "year": gettext_noop("ST year"),
    "courses": gettext_noop("Course"),
    "code": gettext_noop("Code"),
    "name": gettext_noop("Name"),
    "years": gettext_noop("ST year"),
    "year_plan": gettext_noop("Year plan"),
    "items": gettext_noop("Item"),
}


def describe(path: str, goals: Mapping[str, Goal]) -> str:
    """`goals.c1.activities.0.description` → `Delmål c1 › Aktivitet 1 › Beskrivning`."""
    parts = path.split(".")
    words = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if part == "goals" and index + 1 < len(parts):
            code = parts[index + 1]
            goal = goals.get(code)
            words.append(
                _("Delmål %(code)s") % {"code": code} + (f" ({goal.display_name})" if goal else "")
            )
            index += 2
            continue
        if part.isdigit():
            words[-1] = f"{words[-1]} {int(part) + 1}" if words else part
        else:
            words.append(_(FIELD_NAMES[part]) if part in FIELD_NAMES else part)
        index += 1
    return " › ".join(words)
