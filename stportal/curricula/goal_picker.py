"""The delmål picker (issue 12 item 11: "The delmål picker on forms grouped (a, b, c / STa, STb,
STc, BT) and collapsible, with the planned delmål first").

Every form field that chooses delmål uses one widget, `GoalPicker`: the checkboxes of
CheckboxSelectMultiple (same field name, same values, so posting and validation are unchanged),
grouped by the delmål's code as the regulations group them (docs/regulations-notes.md §1:
SOSFS 2015:8 "gemensamma delmål a1–a6, b1–b5" and c1–c14; HSLF-FS 2021:8 "gemensamma delmål
STa1–STa7, STb1–STb4", STc1–STc15 and "BT-delmål BT1–BT18"). Each group is a native
`<details>` (no JavaScript) whose summary says how many are chosen, open when it holds a chosen
or a planned delmål. Within a group the delmål the training's plan plans come first, marked;
each delmål is one checkbox, once.

The field is a `<fieldset>` named by its `<legend>` (web/_field.html, which also connects the help
and the error to it). The widget lives with the curricula, below the forms that use it (the
forms may not import `stportal.web`, .importlinter); its template is
`curricula/goal_picker.html`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stportal.curricula.models import Goal

# The code's group: a1, STa1 -> "a"; b…, STb… -> "b"; c…, STc… -> "c"; BT1 -> "bt".
GROUP_OF_CODE = re.compile(r"^(?:ST)?(?P<letter>[abc])\d+$|^(?P<bt>BT)\d+$")
GROUP_ORDER = ["a", "b", "c", "bt", ""]


def group_of(code: str) -> str:
    """The group of a delmål by its code ("a", "b", "c", "bt"), or "" for a code of neither
    regulation."""
    match = GROUP_OF_CODE.match(code)
    if not match:
        return ""
    return match["letter"] or "bt"


def group_label(group: str) -> str:
    """The group's name as the curricula name it (Goal.Group: "Gemensamma delmål (a)" …)."""
    if group in Goal.Group.values:
        return str(Goal.Group(group).label)
    return _("Other delmål")


@dataclass(frozen=True)
class GoalChoices:
    """The delmål a form may choose, `(code, name)` in the curriculum's order, and the codes the
    training's plan plans. Iterates as the `(code, name)` pairs, as a plain list of choices."""

    choices: tuple[tuple[str, str], ...]
    planned: frozenset[str] = field(default_factory=frozenset)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


# What a form takes as its delmål: plan_services.goal_choices, or plain (code, name) pairs.
Goals = GoalChoices | Sequence[tuple[str, str]]


class GoalPicker(forms.CheckboxSelectMultiple):
    """CheckboxSelectMultiple in collapsible groups, planned delmål first within each group."""

    template_name = "curricula/goal_picker.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        planned: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(attrs, choices)
        self.planned = planned

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        groups: dict[str, list[dict[str, Any]]] = {}
        for _group, found, _index in context["widget"]["optgroups"]:
            for option in found:
                code = str(option["value"])
                option["planned"] = code in self.planned
                groups.setdefault(group_of(code), []).append(option)
        context["widget"]["groups"] = [
            self._group(key, groups[key]) for key in GROUP_ORDER if key in groups
        ]
        context["widget"]["planned_label"] = _("planned in the IUP")
        return context

    @staticmethod
    def _group(key: str, options: list[dict[str, Any]]) -> dict[str, Any]:
        chosen = sum(1 for option in options if option["selected"])
        planned = any(option["planned"] for option in options)
        first, last = str(options[0]["value"]), str(options[-1]["value"])
        return {
            "key": key or "other",
            "label": group_label(key),
            "codes": first if first == last else f"{first}–{last}",
            "chosen": ngettext("%(count)d chosen", "%(count)d chosen", chosen) % {"count": chosen},
            "open": bool(chosen) or planned,
            # Planned first, otherwise in the curriculum's order (a stable sort).
            "options": sorted(options, key=lambda option: not option["planned"]),
        }


def set_goal_choices(form: forms.BaseForm, name: str, goals: Goals) -> None:
    """Makes the form's field `name` a delmål picker of `goals` (a GoalChoices, whose planned
    delmål come first, or plain `(code, name)` pairs)."""
    found = form.fields[name]
    assert isinstance(found, forms.MultipleChoiceField)
    planned = goals.planned if isinstance(goals, GoalChoices) else frozenset()
    found.widget = GoalPicker(attrs=found.widget.attrs, planned=planned)
    found.widget.is_required = found.required
    found.choices = list(goals)  # also the widget's choices


def goal_field(goals: Goals, *, label: Any, required: bool = False) -> forms.MultipleChoiceField:
    """A new delmål field with the picker."""
    planned = goals.planned if isinstance(goals, GoalChoices) else frozenset()
    return forms.MultipleChoiceField(
        label=label,
        choices=list(goals),
        required=required,
        widget=GoalPicker(planned=planned),
    )
