"""The forms of the application's pages (issue 13): what the resident types when printing (never
stored), and what a certifier may write into a certificate before confirming it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stportal.curricula.goal_picker import set_goal_choices
from stportal.fields import name_length_bound
from stportal.rules import application as rules
from stportal.training.forms import DATE_INPUT

PERSONAL_NUMBER = re.compile(r"^(\d{2})?(\d{6})[-+]?(\d{4})$")
LONG_TEXT = 3000  # about what the forms' largest boxes hold at a legible size


def luhn_ok(digits: str) -> bool:
    """The check digit of a Swedish personnummer (the last of the ten digits)."""
    total = 0
    for index, character in enumerate(digits):
        value = int(character) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalised_personal_number(text: str) -> str:
    """ "19900101-2389", "900101-2389" or "199001012389" -> "19900101-2389" when the digits are
    a personnummer (or samordningsnummer, day + 60); a ValidationError otherwise."""
    match = PERSONAL_NUMBER.match(text.strip().replace(" ", ""))
    if not match or not luhn_ok(match.group(2) + match.group(3)):
        raise ValidationError(
            _("The personnummer is not valid: write it as ÅÅÅÅMMDD-NNNN."), code="invalid"
        )
    century, birth, last = match.groups()
    return f"{century or ''}{birth}-{last}"


class PrintForm(forms.Form):
    """Typed when printing; goes into the PDF only (issue 13 item 6)."""

    personal_number = forms.CharField(label=_("Personnummer"), max_length=15, required=False)
    street = forms.CharField(label=_("Street address"), max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    town = forms.CharField(label=_("Town"), max_length=60, required=False)
    phone_home = forms.CharField(label=_("Telephone, private"), max_length=30, required=False)
    phone_mobile = forms.CharField(label=_("Mobile telephone"), max_length=30, required=False)
    phone_work = forms.CharField(label=_("Telephone, work"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=150, required=False)
    degree_country = forms.CharField(
        label=_("Medical degree: country"), max_length=60, required=False
    )
    degree_date = forms.DateField(
        label=_("Medical degree: date"), required=False, widget=DATE_INPUT
    )
    licence_country = forms.CharField(
        label=_("Licence to practise: country"), max_length=60, required=False
    )
    licence_date = forms.DateField(
        label=_("Licence to practise: date"), required=False, widget=DATE_INPUT
    )
    bt_certificate_date = forms.DateField(
        label=_("Certificate of approved BT: date"), required=False, widget=DATE_INPUT
    )
    fee_paid = forms.DateField(label=_("Fee paid on"), required=False, widget=DATE_INPUT)
    flat = forms.BooleanField(
        label=_("Print-ready (the fields can no longer be edited in the PDF)"), required=False
    )
    only = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, regulation: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regulation != rules.HSLF_2021:
            del self.fields["bt_certificate_date"]
        for name, field in self.fields.items():
            name_length_bound(field, field.label or name)

    def clean_personal_number(self) -> str:
        text = str(self.cleaned_data.get("personal_number") or "")
        return normalised_personal_number(text) if text.strip() else ""


class ConfirmForm(forms.Form):
    """What the certifier may write into the certificate; the place, the period and who signs
    come from the records and are not posted (issue 13 item 3)."""

    goals = forms.MultipleChoiceField(label=_("Delmål the certificate concerns"), required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    signed_as = forms.ChoiceField(
        label=_("Signed as"),
        choices=[("supervisor", _("Supervisor")), ("course_leader", _("Course leader"))],
        widget=forms.RadioSelect,
    )
    course_leader = forms.CharField(label=_("Course leader"), max_length=150, required=False)
    verification = forms.CharField(
        label=_("How it was checked that the delmål is achieved"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attest = forms.BooleanField(
        label=_("I have read the certificate; it is correct, and I will sign the printed form.")
    )

    def __init__(
        self, *args: Any, kind: str, regulation: str, goals: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_goal_choices(self, "goals", goals)
        unused = set()
        if kind not in rules.NAMES_GOALS:
            unused |= {"goals"}
        if kind in (rules.ACHIEVED, rules.COMPLETED):
            unused |= {"description"}
        if kind != rules.COURSE:
            unused |= {"signed_as", "course_leader"}
        elif regulation != rules.SOSFS_2015:
            unused |= {"course_leader"}
        if kind != rules.STA3:
            unused |= {"verification"}
        for name in unused:
            del self.fields[name]
        for name, field in self.fields.items():
            name_length_bound(field, field.label or name)
