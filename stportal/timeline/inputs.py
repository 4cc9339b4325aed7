"""The timeline's input document (JSON), checked field by field (timeline.md, "Bad input").

Shared by the command line and the API: `parse` turns a decoded document into a `Request` or
raises `InputError` listing every problem as (field, message), fields written the way a person
finds them in the document (`absences[2].to`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from stportal.routines.schema import REGULATIONS, RoutineProfile
from stportal.timeline.dates import EARLIEST_DATE, LATEST_DATE, is_plausible
from stportal.timeline.milestones import MILESTONE_CODES
from stportal.timeline.served import ABSENCE_KINDS, History, Leave, Step
from stportal.timeline.text import _

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE = {"type": "string", "format": "date"}
_PERCENT = {"type": "integer", "minimum": 1, "maximum": 100}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


# The document, as JSON Schema for the API's OpenAPI description; `parse` checks the same keys.
STEP_SCHEMA = _object({"from": _DATE, "percent": _PERCENT}, ["from", "percent"])
ABSENCE_SCHEMA = _object(
    {
        "kind": {"type": "string", "enum": sorted(ABSENCE_KINDS)},
        "from": _DATE,
        "to": _DATE,
        "percent": {**_PERCENT, "default": 100},
        "counts": {"type": ["boolean", "null"], "description": "R1.3 decision, sick leave/VAB"},
    },
    ["kind", "from", "to"],
)
DONE_SCHEMA = _object(
    {
        "code": {"type": "string", "enum": list(MILESTONE_CODES)},
        "year": {"type": "integer", "minimum": 1},
    },
    ["code"],
)
INPUT_SCHEMA = _object(
    {
        "regulation": {"type": "string", "enum": list(REGULATIONS)},
        "profile": {"type": "string", "description": "the region's routine profile"},
        "start": _DATE,
        "credited_months": {"type": "integer", "minimum": 0, "default": 0},
        "employment": {"type": "array", "items": STEP_SCHEMA},
        "absences": {"type": "array", "items": ABSENCE_SCHEMA},
        "exam": {"type": "boolean", "default": False},
        "as_of": {**_DATE, "description": "default: today"},
        "done": {"type": "array", "items": DONE_SCHEMA, "description": "milestones done"},
    },
    ["regulation", "profile", "start"],
)
DOCUMENT_KEYS = frozenset(INPUT_SCHEMA["properties"])
STEP_KEYS = frozenset(STEP_SCHEMA["properties"])
ABSENCE_KEYS = frozenset(ABSENCE_SCHEMA["properties"])
DONE_KEYS = frozenset(DONE_SCHEMA["properties"])


class InputError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(f"{field}: {message}" for field, message in self.problems)


@dataclass(frozen=True)
class Request:
    profile: RoutineProfile
    history: History
    exam: bool
    as_of: date
    done: frozenset[tuple[str, int | None]]


def parse(document: Any, profiles: Mapping[str, RoutineProfile], today: date) -> Request:
    checker = _Checker()
    if not isinstance(document, dict):
        raise InputError([("(document)", _("must be a JSON object"))])
    checker.unknown_keys(document, DOCUMENT_KEYS, "")
    profile = checker.choice(document, "profile", profiles)
    regulation = checker.choice(document, "regulation", REGULATIONS)
    start = checker.day(document, "start", required=True)
    required = profile.required_months.by_regulation[regulation] if profile and regulation else 0
    highest_credit = required - 1 if required else 1000  # unknown until the regulation is right
    credited = checker.integer(document, "credited_months", 0, highest_credit, default=0)
    employment = checker.employment(document.get("employment"), start)
    absences = checker.absences(document.get("absences"), start)
    exam = checker.boolean(document, "exam", default=False)
    as_of = checker.day(document, "as_of") or today
    done = checker.done(document.get("done"))
    if checker.problems:
        raise InputError(checker.problems)
    assert profile is not None and start is not None
    history = History(start, required, credited or 0, tuple(employment), tuple(absences))
    return Request(profile, history, bool(exam), as_of, frozenset(done))


class _Checker:
    """Reads fields, collecting what is wrong instead of stopping at the first problem."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append((field, message))

    def unknown_keys(self, item: dict[str, Any], known: frozenset[str], prefix: str) -> None:
        for key in sorted(set(item) - known):
            self.fail(f"{prefix}{key}", _("is not a known field"))

    def choice(self, item: dict[str, Any], key: str, known: Any, *, field: str = "") -> Any:
        field = field or key
        value = item.get(key)
        if value is None:
            self.fail(field, _("is required"))
            return None
        if not isinstance(value, str) or value not in known:
            self.fail(
                field, _("unknown value %(value)s; known: %(known)s") % _choices(value, known)
            )
            return None
        return known[value] if isinstance(known, Mapping) else value

    def day(
        self, item: dict[str, Any], key: str, field: str = "", *, required: bool = False
    ) -> date | None:
        field = field or key
        value = item.get(key)
        if value is None:
            if required:
                self.fail(field, _("is required"))
            return None
        if isinstance(value, str) and ISO_DATE.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if is_plausible(day):
                    return day
                self.fail(
                    field,
                    _("is not between %(first)s and %(last)s")
                    % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
                )
                return None
        self.fail(field, _("is not a date in the form YYYY-MM-DD"))
        return None

    def integer(
        self,
        item: dict[str, Any],
        key: str,
        lowest: int,
        highest: int,
        *,
        field: str = "",
        default: int | None = None,
    ) -> int | None:
        field = field or key
        value = item.get(key, default)
        if value is None:
            self.fail(field, _("is required"))
        elif not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, _("must be a whole number"))
        elif not lowest <= value <= highest:
            self.fail(field, _("must be between %(low)d and %(high)d") % _bounds(lowest, highest))
        else:
            return value
        return None

    def boolean(
        self, item: dict[str, Any], key: str, *, field: str = "", default: bool | None = None
    ) -> bool | None:
        value = item.get(key, default)
        if value is not None and not isinstance(value, bool):
            self.fail(field or key, _("must be true or false"))
            return None
        return value

    def items(
        self, value: Any, key: str, known: frozenset[str]
    ) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a list field, each with its field prefix (`absences[0].`)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, _("must be a list"))
            return []
        found = []
        for index, item in enumerate(value):
            prefix = f"{key}[{index}]"
            if not isinstance(item, dict):
                self.fail(prefix, _("must be a JSON object"))
                continue
            self.unknown_keys(item, known, prefix + ".")
            found.append((prefix + ".", item))
        return found

    def employment(self, value: Any, start: date | None) -> list[Step]:
        steps: list[Step] = []
        for prefix, item in self.items(value, "employment", STEP_KEYS):
            day = self.day(item, "from", prefix + "from", required=True)
            percent = self.integer(item, "percent", 1, 100, field=prefix + "percent")
            if day and start and day < start:
                self.fail(prefix + "from", _("is before the start of the training"))
            elif day and steps and day <= steps[-1].start:
                self.fail(prefix + "from", _("must come after the previous step"))
            elif day and percent:
                steps.append(Step(day, percent))
        return steps

    def absences(self, value: Any, start: date | None) -> list[Leave]:
        leaves = []
        for prefix, item in self.items(value, "absences", ABSENCE_KEYS):
            kind = self.choice(item, "kind", ABSENCE_KINDS, field=prefix + "kind")
            first = self.day(item, "from", prefix + "from", required=True)
            last = self.day(item, "to", prefix + "to", required=True)
            percent = self.integer(item, "percent", 1, 100, field=prefix + "percent", default=100)
            counts = self.boolean(item, "counts", field=prefix + "counts")
            if first and start and first < start:
                self.fail(prefix + "from", _("is before the start of the training"))
            elif first and last and last < first:
                self.fail(prefix + "to", _("is before the from date"))
            elif kind and first and last and percent:
                leaves.append(Leave(kind, first, last, percent, counts))
        return leaves

    def done(self, value: Any) -> list[tuple[str, int | None]]:
        found = []
        for prefix, item in self.items(value, "done", DONE_KEYS):
            code = self.choice(item, "code", MILESTONE_CODES, field=prefix + "code")
            if code is None:
                continue
            year = None
            if "year" in item:
                year = self.integer(item, "year", 1, 100, field=prefix + "year")
            found.append((code, year))
        return found


def _choices(value: Any, known: Any) -> dict[str, str]:
    return {"value": repr(value), "known": ", ".join(sorted(known))}


def _bounds(lowest: int, highest: int) -> dict[str, int]:
    return {"low": lowest, "high": highest}
