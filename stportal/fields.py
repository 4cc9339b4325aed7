"""Model fields shared by the apps, and the two small mechanisms of issue 10 that keep what
people type safe: every free text has a bound the field itself keeps, and a form that edits a row
carries a fingerprint of the row it was built on, so a save on a row someone else changed
meanwhile is refused instead of silently undoing their change."""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# --- Dates only the past can hold (issue 12 item 15) --------------------------------------------


def after_today(
    today: date, dates: Mapping[str, date | None], message: str | None = None
) -> dict[str, str]:
    """The fields of `dates` (field name to date; None is no date) that lie after `today`, each
    with a message for the person: a session held, study time taken, a course or an assessment
    completed, a work presented or finished cannot be recorded before it has happened. The
    services call it with the day the person writes on (nothing here reads the clock)."""
    text = message or _("The date is after today: it is recorded once it has happened.")
    return {name: text for name, day in dates.items() if day is not None and day > today}


def refuse_after_today(
    today: date, dates: Mapping[str, date | None], message: str | None = None
) -> None:
    """Refuses, on each field, a date of `dates` after `today` (after_today)."""
    if errors := after_today(today, dates, message):
        raise ValidationError(errors)


# --- Bounded free text (issue 10) ---------------------------------------------------------------

# The two bounds of a free text, generous for real use: a note, a list of topics, feedback or a
# reason (TEXT_LENGTH), and a document of its own, such as a part of an annual review or the
# plan of the written work (LONG_TEXT_LENGTH). Short texts (names, a work's topic, notes) are
# CharFields with their own smaller max_length.
TEXT_LENGTH = 4_000
LONG_TEXT_LENGTH = 20_000


class NamedMaxLengthValidator(MaxLengthValidator):
    """MaxLengthValidator whose message names the field, so the person reads which text is too
    long wherever the refusal is shown (by the field, above a form, in the admin)."""

    message = gettext_lazy(
        "%(field)s can have at most %(limit_value)d characters (it has %(show_value)d)."
    )

    def __init__(self, limit_value: int, field_name: Any) -> None:
        super().__init__(limit_value)
        self.field_name = field_name

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            params = {
                "field": capfirst(self.field_name),
                "limit_value": self.limit_value,
                "show_value": length,
                "value": value,
            }
            raise ValidationError(self.message, code=self.code, params=params)


def name_length_bound(field: forms.Field, field_name: Any) -> forms.Field:
    """A text field's own length check replaced by one whose message names `field_name` (only
    a text's: a file field's max_length bounds its name, not its content)."""
    limit = getattr(field, "max_length", None)
    if isinstance(field, forms.CharField) and limit is not None:
        kept = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators = [*kept, NamedMaxLengthValidator(limit, field_name)]
    return field


class BoundedTextField(models.TextField):
    """A TextField with a bound (TEXT_LENGTH unless given) that the field keeps itself: model
    forms, the admin and full_clean() refuse a longer text with a message naming the field;
    services call check_text_lengths(). The column stays an unbounded text."""

    def __init__(
        self, verbose_name: Any = None, *, max_length: int = TEXT_LENGTH, **kwargs: Any
    ) -> None:
        super().__init__(verbose_name, max_length=max_length, **kwargs)
        self.bound = max_length

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, NamedMaxLengthValidator(self.bound, self.verbose_name)]

    def formfield(self, **kwargs: Any) -> Any:
        field = super().formfield(**kwargs)
        return field and name_length_bound(field, self.verbose_name)


def check_text_lengths(row: models.Model, fields: Collection[str] | None = None) -> None:
    """Refuses, naming each field, a text of `row` longer than its field allows (all its texts,
    or those named): a service's own check, for a write that comes without a form."""
    errors: dict[str, ValidationError] = {}
    for field in row._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = field.value_from_object(row)
        if isinstance(field, models.CharField | models.TextField) and field.max_length:
            try:
                NamedMaxLengthValidator(field.max_length, field.verbose_name)(value or "")
            except ValidationError as error:
                errors[field.name] = error
    if errors:
        raise ValidationError(errors)


# --- Edits that would undo someone else's (issue 10) --------------------------------------------

# The hidden field of a form that edits a row: the row's fingerprint when the form was built.
SEEN_VERSION = "seen_version"


def fingerprint(row: models.Model, fields: Collection[str] | None = None) -> str:
    """A digest of the row's stored values (all its columns, or the fields named): it changes
    whenever one of them does. An unsaved row stands for "not there yet" (its defaults)."""
    columns = {field.name: field for field in row._meta.concrete_fields}
    names = fields or list(columns)
    values = {name: _plain(columns[name].value_from_object(row)) for name in names}
    canonical = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


class ChangedMeanwhile(ValidationError):
    """The row changed after the person's form was built: nothing is written. `version` is the
    row's fingerprint now, so the form shown again can be saved deliberately."""

    def __init__(self, version: str) -> None:
        super().__init__(
            _(
                "Someone else saved a change here while you were editing, so your changes are "
                "not saved. What you wrote is kept below: check the current version (open the "
                "page in a new tab) and save again if yours should replace it."
            ),
            code="changed_meanwhile",
        )
        self.version = version


def check_unchanged(
    current: models.Model,
    seen: str | None,
    fields: Collection[str] | None = None,
    *,
    wanted: Mapping[str, Any] | None = None,
) -> bool:
    """Called on the row locked for the write (select_for_update, in the write's transaction).
    Raises ChangedMeanwhile when the row is no longer what the form was built on (`seen`), unless
    it already holds what is to be written (`wanted`, field name to value): then it returns True,
    nothing is left to write (the same form posted twice). False: go on and write. A post
    without a fingerprint (a script, a form from before this check) is not checked: the check
    keeps people from undoing each other's work by accident; it is not an access control."""
    if not seen or fingerprint(current, fields) == seen:
        return False
    if wanted is not None and all(getattr(current, k) == v for k, v in wanted.items()):
        return True
    raise ChangedMeanwhile(fingerprint(current, fields))


def version_field(row: models.Model, fields: Collection[str] | None = None) -> forms.Field:
    """The hidden field that carries the row's fingerprint as the form is built."""
    return forms.CharField(
        widget=forms.HiddenInput, required=False, initial=fingerprint(row, fields)
    )


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form, above its fields, with what was typed kept. When
    the row changed meanwhile, the form now carries the current fingerprint: the person has been
    told, and saving again replaces the other change knowingly."""
    by_field = hasattr(error, "error_dict") and (
        set(error.message_dict) - {NON_FIELD_ERRORS} <= set(form.fields)
    )
    form.add_error(None, error if by_field else error.messages)
    if isinstance(error, ChangedMeanwhile) and SEEN_VERSION in form.fields:
        data: Any = copy.copy(form.data)  # a QueryDict's copy can be changed
        data[form.add_prefix(SEEN_VERSION)] = error.version
        form.data = data
    if isinstance(error, SubmittedAlready) and SUBMISSION_KEY in form.fields:
        data = copy.copy(form.data)  # told, the person may save it again as a new entry
        data[form.add_prefix(SUBMISSION_KEY)] = str(uuid.uuid4())
        form.data = data


# --- Forms posted twice (issue 12) ---------------------------------------------------------------


# The hidden field of a form that adds a row: the key drawn when the form was shown.
SUBMISSION_KEY = "submission_key"


class SubmittedAlready(ValidationError):
    """A form's key made a row already, but this post says something else (the browser went back
    to a sent form, and it was changed): nothing is written, rather than reporting the first
    row as this one. The form shown again carries a new key (show_refusal)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This form was sent already (perhaps the browser went back to it), so what is "
                "below is not saved. Reload the page for a new form, or save again to add what "
                "is below as a new entry."
            ),
            code="submitted_already",
        )


def submission_key_field() -> forms.Field:
    """A hidden key drawn when the form is shown: the same form posted twice, or eight times at
    once, carries the same key, which the database keeps unique per training."""
    return forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
