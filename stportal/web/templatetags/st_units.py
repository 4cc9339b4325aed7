"""Months, days and rule references as the users read them (issue 12 items 8, 10, 13).

`{% load st_units %}` gives

- `{{ timeline.served_months|months }}`: months with one decimal, rounded down, with the
  Swedish decimal comma ("5,8"; stportal.timeline.months);
- `{{ count|days }}`: a whole number with the thousands separator of the Swedish formats
  ("1 755", stportal/formats/sv);
- `{{ role_name|lowerfirst }}`: a role name mid-sentence ("Signera som huvudhandledare"; an
  abbreviation such as "ST-läkare" keeps its capitals);
- `{% rule_ref "R8.4" %}` (or a finding's `rule`, or "R3.1, R3.3"): the rule cited by the
  region's routine and section, the rule's wording on demand and the R-code as a small label
  (web/_rule.html; stportal.routines.citations); `inline=True` where a `<details>` may not
  stand (headings, paragraphs): the wording is then the label's title. The wording is the
  rule catalogue's (docs/rules.md), in the Swedish of the catalogue (stportal/locale). The
  region is the `profile` in the context, else the `training`'s (or the home page's
  `own_training`'s); without either, the R-code alone.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext

from stportal.routines.citations import cite_all
from stportal.routines.schema import RoutineProfile
from stportal.timeline.months import format_months
from stportal.training.models import Training
from stportal.training.routine import profile_of

register = template.Library()


@register.filter
def months(value: Fraction | int | None) -> str:
    """5.83 months -> "5,8" (one decimal, rounded down, the language's decimal separator)."""
    if value is None or value == "":
        return ""
    return format_months(Fraction(value), str(get_format("DECIMAL_SEPARATOR")))


@register.filter
def days(value: int | None) -> str:
    """A whole number with thousands separators: 1755 -> "1 755" (a non-breaking space)."""
    if value is None or value == "":
        return ""
    return number_format(int(value), decimal_pos=0, force_grouping=True)


@register.filter
def lowerfirst(value: object) -> str:
    """A role name mid-sentence (issue 12 item 13): "Studierektor" -> "studierektor", while an
    abbreviation keeps its capitals ("ST-läkare")."""
    text = str(value).strip()
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _profile(context: template.Context, profile: RoutineProfile | None) -> RoutineProfile | None:
    if isinstance(profile, RoutineProfile):
        return profile
    found = context.get("profile") or context.get("routine_profile")
    if isinstance(found, RoutineProfile):
        return found
    for name in ("training", "own_training"):
        training = context.get(name)
        if isinstance(training, Training):
            return profile_of(training)
    return None


@register.inclusion_tag("web/_rule.html", takes_context=True)
def rule_ref(
    context: template.Context,
    codes: str,
    profile: RoutineProfile | None = None,
    inline: bool = False,
) -> dict[str, Any]:
    """The rule(s) in `codes` cited in the user's words for the page's region: a `<details>`
    with the wording to open, or with `inline=True` (in a heading or a paragraph, where no
    `<details>` may stand) a `<span>` with the wording as its title."""
    region = _profile(context, profile)
    citations = cite_all(region, codes) if region is not None else []
    rows = []
    for citation in citations:
        swedish = _wording(citation.wording)
        rows.append(
            {
                "citation": citation,
                "wording": swedish,
                "english": bool(citation.wording) and swedish == citation.wording,
            }
        )
    return {"codes": codes, "citations": rows, "inline": inline}


def _wording(english: str) -> str:
    """The rule's wording in the catalogue's Swedish (English where it has none). A percent
    sign is doubled in the msgid, as in every message with placeholders ("About 20 %% of")."""
    if not english:
        return ""
    return gettext(english.replace("%", "%%")).replace("%%", "%")
