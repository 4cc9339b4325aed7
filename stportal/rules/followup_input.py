"""The follow-up's input document (JSON), checked field by field (issue 11, "Testable from outside";
docs/followup.md).

One resident's ST as one JSON object: the timeline's own document (stportal.timeline.inputs:
regulation, profile, start, credited months, employment, absences, exam, as_of, done), from which
the completion date and the annual-review milestones come as on the pages, plus everything else
`rules.followup.Facts` holds (supervision sessions, study time, assessments, courses, works,
reviews signed, delmål, supervisors, rotations, …). Dates are ISO strings, sets are lists, pairs
are small objects with named fields.

Pure Python (pydantic, as rules.plan_content): `FOLLOWUP_SCHEMA` (JSON Schema) and `parse` are
built from the same models, and `FACT_FIELDS` maps every field of `Facts` to where the document
holds it, so a new Facts field without a place in the document fails a test
(tests/test_followup_contract.py). `parse` raises the timeline's `InputError` with one
(field, message) per problem, fields written as a person finds them (`supervision[2].minutes`).
`findings` is what the pages show (adapters.followup.findings_of calls it), and `document_of` is
the inverse of `parse`, so the pages' own facts can be run through the command line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
)

from stportal.routines.schema import RoutineProfile
from stportal.rules.followup import Facts, follow_up
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.scholarly_work import Work
from stportal.rules.supervisors import Appointment, Supervisor, as_supervisors
from stportal.timeline.dates import EARLIEST_DATE, LATEST_DATE, is_plausible
from stportal.timeline.findings import Finding
from stportal.timeline.inputs import DOCUMENT_KEYS as TIMELINE_KEYS
from stportal.timeline.inputs import INPUT_SCHEMA, ISO_DATE, InputError
from stportal.timeline.inputs import parse as parse_timeline
from stportal.timeline.result import Timeline, timeline
from stportal.timeline.text import _, gettext_noop


class _NotADate(ValueError):
    pass


class _Implausible(ValueError):
    pass


def _iso_date(value: Any) -> date:
    """Only "YYYY-MM-DD" within the plausible range (issue 10), as the timeline reads dates."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise _NotADate
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _NotADate from None
    if not is_plausible(day):
        raise _Implausible
    return day


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Minutes = Annotated[StrictInt, Field(ge=0, le=100_000)]
Code = Annotated[StrictStr, Field(max_length=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SessionIn(_Strict):
    """A supervision session (R8.4)."""

    on: IsoDate
    minutes: Minutes


class WeekMinutesIn(_Strict):
    """Minutes of one week, the week named by its Monday (R3)."""

    week: IsoDate
    minutes: Minutes


class MethodIn(_Strict):
    """A completed assessment by method (R9.2)."""

    on: IsoDate
    method: Code


class PeriodIn(_Strict):
    """A span of days, both ends included."""

    from_: IsoDate = Field(alias="from")
    to: IsoDate


class SignedPartsIn(_Strict):
    """The parts of one year's annual review signed (R9.3/R9.4)."""

    year: Annotated[StrictInt, Field(ge=1, le=100)]
    parts: list[Code]


# The dataclasses of the pure rules, field for field (a test compares their fields).
class WorkIn(_Strict):
    """rules.scholarly_work.Work (R4)."""

    kind: Code
    planned_on: IsoDate | None = None
    supervisor: StrictBool = False
    presented_on: IsoDate | None = None
    completed_on: IsoDate | None = None
    working_days: Annotated[StrictInt, Field(ge=0, le=10_000)] | None = None


class SupervisorIn(_Strict):
    """rules.supervisors.Supervisor (R8.2/R8.3)."""

    name: Annotated[StrictStr, Field(max_length=300)]
    trained_on: IsoDate | None = None
    training_regulation: Code = ""
    specialty: Code = ""
    main: StrictBool = False


class AppointmentIn(_Strict):
    """rules.supervisors.Appointment (R8.2)."""

    on: IsoDate | None = None
    by_unit_head: StrictBool | None = None


class RotationAbsenceIn(_Strict):
    """rules.rotation_cover.RotationAbsence (R6.11, V)."""

    first: IsoDate
    last: IsoDate
    reported: StrictBool


MIRRORS: dict[type, type[_Strict]] = {
    Work: WorkIn,
    Supervisor: SupervisorIn,
    Appointment: AppointmentIn,
    RotationAbsence: RotationAbsenceIn,
}


class FollowUpFacts(_Strict):
    """What the follow-up needs besides the timeline's document; the comments name the rule."""

    supervision: list[SessionIn] = []  # R8.4
    weeks_away: list[IsoDate] = []  # Mondays of weeks mostly away (R8.4, R9.2)
    study_due: list[WeekMinutesIn] = []  # R3: minutes due per week
    study_taken: list[WeekMinutesIn] = []  # R3: minutes taken per week
    assessments: list[IsoDate] = []  # R9.1: completed assessments
    assessment_methods: list[MethodIn] = []  # R9.2
    home_unit: list[PeriodIn] | None = None  # None: not known (every month counts)
    signed_parts: list[SignedPartsIn] = []  # R9.3/R9.4
    courses_taken: list[Code] = []  # R7.4: catalogue codes
    goals_unplanned: list[Code] = []  # R2.2
    goals_without_evidence: list[Code] = []  # R9.5
    goals_missing_documents: dict[Code, list[Code]] = {}  # R9.5: evidence kind -> delmål
    has_plan: StrictBool = False
    scholarly_planned: dict[Code, IsoDate | None] = {}  # R4: kind -> plan agreed on
    works: list[WorkIn] | None = None  # R4; None: only scholarly_planned is known
    course_ends: dict[Code, IsoDate] = {}  # R4.5: course code -> last day
    plans_exam: StrictBool | None = None  # R4.3; default: the timeline's `exam`
    supervisors: list[SupervisorIn] = []  # R8.2/R8.3, the main supervisor first
    main_supervisor_appointment: AppointmentIn | None = None  # R8.2
    rotations: list[PeriodIn] = []  # R6.11/R6.12 (V)
    rotation_absences: list[RotationAbsenceIn] = []  # R6.11 (V)
    results_covered_by: Annotated[StrictStr, Field(max_length=300)] = ""  # R6.12 (V)
    absence_spans: list[PeriodIn] = []  # R6.12 (V): all absences


# Where each Facts field comes from: a key of the timeline's document ("timeline:…") or of
# FollowUpFacts. tests/test_followup_contract.py asserts that this covers every Facts field.
FACT_FIELDS: dict[str, str] = {
    "as_of": "timeline:as_of",
    "start": "timeline:start",
    "completion": "timeline:projected completion",
    "regulation": "timeline:regulation",
    "annual_reviews": "timeline:annual-review milestones",
    **{name: name for name in FollowUpFacts.model_fields},
}


def _followup_schema() -> dict[str, Any]:
    facts = FollowUpFacts.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
    properties = {**INPUT_SCHEMA["properties"], **facts["properties"]}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(INPUT_SCHEMA["required"]),
        "additionalProperties": False,
    }
    inlined: dict[str, Any] = _inlined(schema, facts.get("$defs", {}))
    return inlined


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    """The schema with every `$ref` to its definitions replaced by the definition, so that it
    stands alone inside the OpenAPI document (whose root has no `$defs`)."""
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        return _inlined(definitions[reference.removeprefix("#/$defs/")], definitions)
    return {key: _inlined(value, definitions) for key, value in schema.items()}


FOLLOWUP_SCHEMA = _followup_schema()
DOCUMENT_KEYS = frozenset(FOLLOWUP_SCHEMA["properties"])
assert not TIMELINE_KEYS & set(FollowUpFacts.model_fields)


@dataclasses.dataclass(frozen=True)
class Request:
    profile: RoutineProfile
    timeline: Timeline
    facts: Facts


def parse(document: Any, profiles: Mapping[str, RoutineProfile], today: date) -> Request:
    """The checked document as the timeline and the follow-up's Facts; InputError listing
    every problem (the timeline's fields first) otherwise."""
    if not isinstance(document, dict):
        raise InputError([("(document)", _("must be a JSON object"))])
    problems: list[tuple[str, str]] = []
    request = None
    try:
        request = parse_timeline(
            {k: v for k, v in document.items() if k in TIMELINE_KEYS}, profiles, today
        )
    except InputError as error:
        problems.extend(error.problems)
    facts_in = None
    try:
        facts_in = FollowUpFacts.model_validate(
            {k: v for k, v in document.items() if k not in TIMELINE_KEYS}
        )
    except ValidationError as error:
        problems.extend(_problems(error))
    if problems:
        raise InputError(problems)
    assert request is not None and facts_in is not None
    result = timeline(
        request.profile, request.history, request.as_of, exam=request.exam, done=request.done
    )
    facts = _facts(facts_in, result, document["regulation"], request.exam)
    return Request(request.profile, result, facts)


def _facts(given: FollowUpFacts, result: Timeline, regulation: str, exam: bool) -> Facts:
    def period(item: PeriodIn) -> tuple[date, date]:
        return item.from_, item.to

    def mirrored(item: _Strict, cls: type) -> Any:
        return cls(**{f.name: getattr(item, f.name) for f in dataclasses.fields(cls)})

    appointment = given.main_supervisor_appointment
    return Facts(
        as_of=result.as_of,
        start=result.history.start,
        completion=result.projected_completion,
        regulation=regulation,
        annual_reviews=[m for m in result.milestones if m.code == "annual_review"],
        supervision=[(s.on, s.minutes) for s in given.supervision],
        weeks_away=set(given.weeks_away),
        study_due=[(w.week, w.minutes) for w in given.study_due],
        study_taken={w.week: w.minutes for w in given.study_taken},
        assessments=list(given.assessments),
        assessment_methods=[(m.on, m.method) for m in given.assessment_methods],
        home_unit=None if given.home_unit is None else [period(p) for p in given.home_unit],
        signed_parts={s.year: set(s.parts) for s in given.signed_parts},
        courses_taken=set(given.courses_taken),
        goals_unplanned=list(given.goals_unplanned),
        goals_without_evidence=list(given.goals_without_evidence),
        goals_missing_documents={k: list(v) for k, v in given.goals_missing_documents.items()},
        has_plan=given.has_plan,
        scholarly_planned=dict(given.scholarly_planned),
        works=None if given.works is None else [mirrored(w, Work) for w in given.works],
        course_ends=dict(given.course_ends),
        plans_exam=exam if given.plans_exam is None else given.plans_exam,
        supervisors=[mirrored(s, Supervisor) for s in given.supervisors],
        main_supervisor_appointment=None
        if appointment is None
        else mirrored(appointment, Appointment),
        rotations=[period(p) for p in given.rotations],
        rotation_absences=[mirrored(a, RotationAbsence) for a in given.rotation_absences],
        results_covered_by=given.results_covered_by,
        absence_spans=[period(p) for p in given.absence_spans],
    )


def findings(profile: RoutineProfile, result: Timeline, facts: Facts) -> list[Finding]:
    """Everything open: the timeline's findings and the follow-up's, by due date. The follow-up
    says which parts of an annual review are missing; the timeline's own finding about the same
    review would say it twice. The pages use this too (adapters.followup.findings_of)."""
    timeline_findings = [
        f for f in result.findings if f.subject.get("milestone") != "annual_review"
    ]
    found = [*timeline_findings, *follow_up(profile, facts)]
    return sorted(found, key=lambda finding: finding.due)


def result_of(request: Request) -> dict[str, object]:
    """The command line's and the API's answer for one checked document."""
    return {
        "as_of": request.timeline.as_of.isoformat(),
        "projected_completion": request.timeline.projected_completion.isoformat(),
        "findings": [
            f.as_json() for f in findings(request.profile, request.timeline, request.facts)
        ],
    }


def document_of(timeline_document: dict[str, Any], facts: Facts) -> dict[str, Any]:
    """The inverse of `parse`: the timeline's document with the facts added, as JSON."""

    def day(value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    def period(first: date, last: date) -> dict[str, str]:
        return {"from": first.isoformat(), "to": last.isoformat()}

    def mirrored(item: Any) -> dict[str, Any]:
        return {
            f.name: day(v) if isinstance(v := getattr(item, f.name), date) else v
            for f in dataclasses.fields(item)
        }

    appointment = facts.main_supervisor_appointment
    return {
        **timeline_document,
        "supervision": [{"on": day(d), "minutes": m} for d, m in facts.supervision],
        "weeks_away": [day(d) for d in sorted(facts.weeks_away)],
        "study_due": [{"week": day(w), "minutes": m} for w, m in facts.study_due],
        "study_taken": [
            {"week": day(w), "minutes": m} for w, m in sorted(facts.study_taken.items())
        ],
        "assessments": [day(d) for d in facts.assessments],
        "assessment_methods": [{"on": day(d), "method": m} for d, m in facts.assessment_methods],
        "home_unit": None
        if facts.home_unit is None
        else [period(first, last) for first, last in facts.home_unit],
        "signed_parts": [
            {"year": year, "parts": sorted(parts)}
            for year, parts in sorted(facts.signed_parts.items())
        ],
        "courses_taken": sorted(facts.courses_taken),
        "goals_unplanned": list(facts.goals_unplanned),
        "goals_without_evidence": list(facts.goals_without_evidence),
        "goals_missing_documents": {k: list(v) for k, v in facts.goals_missing_documents.items()},
        "has_plan": facts.has_plan,
        "scholarly_planned": {k: day(v) for k, v in facts.scholarly_planned.items()},
        "works": None if facts.works is None else [mirrored(w) for w in facts.works],
        "course_ends": {k: day(v) for k, v in facts.course_ends.items()},
        "plans_exam": facts.plans_exam,
        "supervisors": [mirrored(s) for s in as_supervisors(facts.supervisors)],
        "main_supervisor_appointment": None if appointment is None else mirrored(appointment),
        "rotations": [period(first, last) for first, last in facts.rotations],
        "rotation_absences": [mirrored(a) for a in facts.rotation_absences],
        "results_covered_by": facts.results_covered_by,
        "absence_spans": [period(first, last) for first, last in facts.absence_spans],
    }


# pydantic's error types, said as the timeline's parser says them (timeline.inputs).
_MESSAGES = {
    "missing": gettext_noop("is required"),
    "extra_forbidden": gettext_noop("is not a known field"),
    "int_type": gettext_noop("must be a whole number"),
    "bool_type": gettext_noop("must be true or false"),
    "list_type": gettext_noop("must be a list"),
    "model_type": gettext_noop("must be a JSON object"),
    "model_attributes_type": gettext_noop("must be a JSON object"),
    "dict_type": gettext_noop("must be a JSON object"),
    "string_type": gettext_noop("must be a string"),
    "greater_than_equal": gettext_noop("is out of the allowed range"),
    "less_than_equal": gettext_noop("is out of the allowed range"),
    "string_too_long": gettext_noop("is too long"),
}


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    found = []
    for item in error.errors(include_url=False):
        field = _field(item["loc"])
        context = item.get("ctx") or {}
        cause = context.get("error")
        if isinstance(cause, _Implausible):
            message = _("is not between %(first)s and %(last)s") % {
                "first": EARLIEST_DATE.isoformat(),
                "last": LATEST_DATE.isoformat(),
            }
        elif isinstance(cause, _NotADate):
            message = _("is not a date in the form YYYY-MM-DD")
        elif item["type"] in _MESSAGES:
            message = _(_MESSAGES[item["type"]])
        else:
            message = item["msg"]
        if (field, message) not in found:
            found.append((field, message))
    return found


def _field(location: tuple[int | str, ...]) -> str:
    """("supervision", 2, "minutes") -> "supervision[2].minutes"; "from_" is "from"."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = "from" if part == "from_" else str(part)
            text += f".{name}" if text else name
    return text or "(document)"
