"""What a training plan (IUP) and an agreement say, as plain data (issue 4; R2, R3.4, R9.1).

A version of a plan is one JSON document validated by these models, so a signed version is a
frozen document whose digest the signatures name, and any two versions can be compared field by
field. Pure Python (pydantic), no Django.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from stportal.routines.vocabulary import ACTIVITY_KINDS, ActivityKind, StudyTimeArrangement

__all__ = ["ACTIVITY_KINDS", "ActivityKind", "StudyTimeArrangement"]

Text = Annotated[str, Field(max_length=4000)]
Line = Annotated[str, Field(max_length=300)]
Year = Annotated[int, Field(ge=1, le=8)]
# Issue 10: a document has bounds as a whole, not only per text, so that no plan posted item by
# item grows without end (its page and its PDF are made in the request; see `make bench`).
# Generous for a real IUP: the routines' delmål have a handful of activities each, a plan a few
# dozen courses, and the whole IUP is some 5-15 pages of text. They hold for what is written
# (validated with WRITING as the context); a version stored before them is still read.
MAX_ITEMS = 60
MAX_DOCUMENT_CHARACTERS = 50_000
WRITING = {"writing": True}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(Strict):
    """A whole plan or agreement. Written (WRITING as the validation context), no list in it
    holds more than MAX_ITEMS and its texts together stay within MAX_DOCUMENT_CHARACTERS."""

    @model_validator(mode="after")
    def _bounded_as_a_whole(self, info: ValidationInfo) -> Document:
        if not (info.context or {}).get("writing"):
            return self
        dumped = self.model_dump(mode="json")
        if _largest_collection(dumped) > MAX_ITEMS:
            raise ValueError(f"a list of the document has more than {MAX_ITEMS} items")
        total = sum(len(text) for text in flatten(dumped).values())
        if total > MAX_DOCUMENT_CHARACTERS:
            raise ValueError(f"the document has {total} characters, more than its bound")
        return self


def _largest_collection(document: object) -> int:
    """The number of items of the largest list or mapping anywhere in a JSON document."""
    children: list[object]
    if isinstance(document, dict):
        children = list(document.values())
    elif isinstance(document, list):
        children = document
    else:
        return 0
    return max([len(children), *map(_largest_collection, children)])


class PlannedActivity(Strict):
    kind: ActivityKind
    description: Line
    year: Year | None = None


class GoalPlan(Strict):
    """The plan for one delmål: activities, the assessments agreed in advance (R9.1), notes."""

    activities: list[PlannedActivity] = []
    assessments: list[Line] = []
    notes: Text = ""


class PlannedCourse(Strict):
    code: Line
    name: Line
    years: list[Year] = []


class YearPlanStep(Strict):
    years: list[Year]
    items: list[Line]


class PlanContent(Document):
    """The IUP: overall goals, study time (R3.2, R3.4), supervision (R8.4), delmål by delmål."""

    overall_goals: Text = ""
    study_time: StudyTimeArrangement = "weekly"
    study_time_note: Line = ""
    supervision: Text = ""
    goals: dict[str, GoalPlan] = {}
    courses: list[PlannedCourse] = []
    year_plan: list[YearPlanStep] = []


class AgreementContent(Document):
    """The agreement (G: ST-kontrakt R2.4, V: ST-överenskommelse R2.5)."""

    plan_version: int | None = None
    study_time: StudyTimeArrangement = "weekly"
    study_time_note: Line = ""
    other_terms: Text = ""


def digest(content: BaseModel) -> str:
    """A fingerprint of the content: signatures and edits name the version they saw by it."""
    canonical = json.dumps(content.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def flatten(document: object, prefix: str = "") -> dict[str, str]:
    """Every leaf of a JSON document by its path (`goals.c1.activities.0.description`)."""
    items: Iterable[tuple[str, object]]
    if isinstance(document, dict):
        items = document.items()
    elif isinstance(document, list):
        items = ((str(index), value) for index, value in enumerate(document))
    else:
        return {prefix: "" if document is None else str(document)}
    found: dict[str, str] = {}
    for key, value in items:
        found.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return found


def compare(older: object, newer: object) -> list[tuple[str, str, str]]:
    """(path, before, after) for every leaf that differs; "" where a side has none."""
    before, after = flatten(older), flatten(newer)
    paths = sorted(set(before) | set(after))
    return [
        (p, before.get(p, ""), after.get(p, "")) for p in paths if before.get(p) != after.get(p)
    ]
