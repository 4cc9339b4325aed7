"""Model fields shared by the apps."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from stportal.timeline.dates import EARLIEST_DATE, LATEST_DATE, is_plausible


def validate_plausible_date(value: date) -> None:
    """A date of an ST's record lies within EARLIEST_DATE..LATEST_DATE (issue 10: a date in year
    9999 or 0001 is refused by the field, in Swedish, before it reaches a calculator)."""
    day = value.date() if isinstance(value, datetime) else value
    if not is_plausible(day):
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
            code="implausible_date",
        )


def required(*fields: str) -> ValidationError:
    """The form's own "this field is required" for each named field, from a service."""
    message = forms.Field.default_error_messages["required"]
    return ValidationError({field: message for field in fields})


class PlausibleDateField(models.DateField):
    """A DateField whose forms, the admin and full_clean() refuse an implausible date."""

    default_validators = [validate_plausible_date]
