"""The forms of a certificate confirmed through a link (issue 13 item 3): sending it to a named
certifier without an account, and what that certifier writes before confirming. The place, the
period and the resident are not fields: they come from the records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stportal.application.forms import LONG_TEXT
from stportal.fields import name_length_bound
from stportal.rules import application as rules


class SendForm(forms.Form):
    to_name = forms.CharField(label=_("The certifier's name"), max_length=150)
    to_email = forms.EmailField(label=_("The certifier's e-mail"), max_length=254)
    as_course_leader = forms.BooleanField(
        label=_("They are the course leader (otherwise a supervisor signs)"), required=False
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != rules.COURSE:
            del self.fields["as_course_leader"]
        for name, field in self.fields.items():
            name_length_bound(field, field.label or name)


class LinkConfirmForm(forms.Form):
    goals = forms.MultipleChoiceField(
        label=_("Delmål the certificate concerns"), widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(label=_("Your name, as it is to be printed"), max_length=150)
    specialty = forms.CharField(
        label=_("Your specialty (if you are a specialist)"), max_length=150, required=False
    )
    workplace = forms.CharField(label=_("Your workplace"), max_length=150)
    attest = forms.BooleanField(
        label=_("I have read the certificate; it is correct, and I will sign the printed form.")
    )

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = goals  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            name_length_bound(field, field.label or name)
