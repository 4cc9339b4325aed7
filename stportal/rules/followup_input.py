"""The follow-up's input document (JSON), checked field by field (issue 11, "Testable from outside";
docs/followup.md).

One resident's ST as one JSON object: the timeline's own document (stportal.timeline.inputs:
regulation, profile, start, credited months, employment, absences, exam, as_of, done), from which
the completion date and the annual-review milestones come as on the pages, plus what is recorded
besides (rules.followup_records.Records: supervision sessions, study time, assessments,
placements, courses, ST-days and lectures, works, the plan's activities, reviews signed,
supervisors, …). Only records, never a value derived from them: the weeks away, the study time
due and the delmål without plan or evidence are computed here as on the pages. Dates are ISO
strings, sets are lists, pairs are small objects with named fields; every list has a limit.

Pure Python (pydantic, as rules.plan_content): `FOLLOWUP_SCHEMA` (JSON Schema) and `parse` are
built from the same models, which mirror the records' dataclasses field for field (`MIRRORS`;
tests/test_followup_contract.py fails when a record field has no place in the document). `parse`
raises the timeline's `InputError` with one (field, message) per problem, fields written as a
person finds them (`supervision[2].minutes`). `findings` is what the pages show
(adapters.followup.findings_of calls it), and `document_of` is the inverse of `parse`, so the
pages' own records can be run through the command line."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from stportal.routines.schema import RoutineProfile
from stportal.routines.vocabulary import ActivityKind
from stportal.rules.clinical_work import PATIENTS_MAX, ListCount, OnCall
from stportal.rules.curriculum import goal_specs
from stportal.rules.followup import Facts, follow_up
from stportal.rules.followup_records import (
    EDUCATION_MINUTES,
    AssessmentDone,
    CourseTaken,
    EducationEvent,
    GoalJudgement,
    PlacementRecord,
    Records,
    facts_of,
)
from stportal.rules.rotation_cover import RotationAbsence
from stportal.rules.scholarly_work import Work
from stportal.rules.supervisors import Appointment, Supervisor
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


class _BeforeFrom(ValueError):
    pass


class _OutsideRotation(ValueError):
    pass


def _not_before(first: date, info: ValidationInfo) -> date:
    """`last` (the document's "to") not before `first` ("from"), as the timeline's absences."""
    if "first" in info.data and first < info.data["first"]:
        raise _BeforeFrom
    return first


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
Code = Annotated[StrictStr, Field(max_length=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# List limits (issue 10): far above any real ST (six years hold about 300 weeks, 300 sessions,
# 40 assessments), so a real document never meets them and a hostile one is refused early.
MANY = 5_000
FEW = 500

Minutes = Annotated[StrictInt, Field(ge=0, le=100_000)]
Codes = Annotated[list[Code], Field(max_length=FEW)]
Name = Annotated[StrictStr, Field(max_length=300)]


class SessionIn(_Strict):
    """A supervision session (R8.4)."""

    on: IsoDate
    minutes: Minutes


class WeekMinutesIn(_Strict):
    """Minutes of one week, the week named by its Monday (R3)."""

    week: IsoDate
    minutes: Minutes


class SignedPartsIn(_Strict):
    """The parts of one year's annual review signed (R9.3/R9.4)."""

    year: Annotated[StrictInt, Field(ge=1, le=100)]
    parts: Codes


# The records and the pure rules' dataclasses, field for field (a test compares their fields;
# `from`/`to` are the document's names of `first`/`last`).
class AssessmentIn(_Strict):
    """rules.followup_records.AssessmentDone: a completed assessment (R9.1, R9.2, R9.5)."""

    on: IsoDate
    method: Code = ""
    goals: Codes = []


class PlacementIn(_Strict):
    """rules.followup_records.PlacementRecord (R6, R8.4, R9.5)."""

    kind: Literal["home_unit", "rotation", "auskultation"]
    first: IsoDate = Field(alias="from")
    last: IsoDate = Field(alias="to")
    certified_goals: Codes = []
    home_return_days: Annotated[list[IsoDate], Field(max_length=FEW)] = []

    _last_not_before = field_validator("last")(_not_before)

    @field_validator("home_return_days")
    @classmethod
    def _inside_the_rotation(cls, days: list[date], info: ValidationInfo) -> list[date]:
        """Home-return days belong to a rotation and fall inside it (R6.9)."""
        first, last = info.data.get("first"), info.data.get("last")
        if days and (info.data.get("kind") != "rotation" or first is None or last is None):
            raise _OutsideRotation
        if any(not first <= day <= last for day in days):  # type: ignore[operator]
            raise _OutsideRotation
        return days


class CourseIn(_Strict):
    """rules.followup_records.CourseTaken (R3.3, R4.5, R7.4, R9.5)."""

    first: IsoDate = Field(alias="from")
    last: IsoDate = Field(alias="to")
    code: Code = ""
    goals: Codes = []

    _last_not_before = field_validator("last")(_not_before)


class EducationIn(_Strict):
    """rules.followup_records.EducationEvent (R3.1, R3.3, R12.1)."""

    kind: Literal["st_day", "lecture", "fq_group"]
    on: IsoDate
    minutes: Annotated[StrictInt, Field(ge=EDUCATION_MINUTES[0], le=EDUCATION_MINUTES[1])]


class WorkIn(_Strict):
    """rules.scholarly_work.Work (R4, R9.5)."""

    kind: Literal["written_work", "quality_work"]
    planned_on: IsoDate | None = None
    supervisor: StrictBool = False
    presented_on: IsoDate | None = None
    completed_on: IsoDate | None = None
    working_days: Annotated[StrictInt, Field(ge=0, le=10_000)] | None = None
    goals: Codes = []


class SupervisorIn(_Strict):
    """rules.supervisors.Supervisor (R8.2/R8.3)."""

    name: Name
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

    _last_not_before = field_validator("last")(_not_before)


class GoalJudgementIn(_Strict):
    """rules.followup_records.GoalJudgement (R5.5)."""

    goal: Code
    met: StrictBool
    unit_head_agreed: StrictBool = False


class ListCountIn(_Strict):
    """rules.clinical_work.ListCount: the own patient list's size on a day (R10.1)."""

    on: IsoDate
    patients: Annotated[StrictInt, Field(ge=0, le=PATIENTS_MAX)]


class OnCallIn(_Strict):
    """rules.clinical_work.OnCall: an on-call milestone (R10.2)."""

    kind: Literal["first_shift", "double_shift", "weekend", "standby"]
    on: IsoDate


MIRRORS: dict[type, type[_Strict]] = {
    GoalJudgement: GoalJudgementIn,
    ListCount: ListCountIn,
    OnCall: OnCallIn,
    AssessmentDone: AssessmentIn,
    PlacementRecord: PlacementIn,
    CourseTaken: CourseIn,
    EducationEvent: EducationIn,
    Work: WorkIn,
    Supervisor: SupervisorIn,
    Appointment: AppointmentIn,
    RotationAbsence: RotationAbsenceIn,
}


class FollowUpFacts(_Strict):
    """What is recorded besides the timeline's document (rules.followup_records.Records, field
    for field); the comments name the rules that read it."""

    supervision: Annotated[list[SessionIn], Field(max_length=MANY)] = []  # R8.4
    # R3: weeks recorded as differing from the schedule; the others are taken as due
    study_exceptions: Annotated[list[WeekMinutesIn], Field(max_length=MANY)] = []
    assessments: Annotated[list[AssessmentIn], Field(max_length=MANY)] = []  # R9.1, R9.2
    # R6, R3.5, R8.4; None: not known (every week at the home unit, no rotations)
    placements: Annotated[list[PlacementIn], Field(max_length=FEW)] | None = None
    courses: Annotated[list[CourseIn], Field(max_length=FEW)] = []  # R3.3, R4.5, R7.4
    education: Annotated[list[EducationIn], Field(max_length=MANY)] = []  # R3.3, R12.1
    works: Annotated[list[WorkIn], Field(max_length=FEW)] = []  # R4
    # R2.2, R9.5: the latest training plan, delmål -> kinds of planned activity; None: no plan
    plan: (
        Annotated[
            dict[Code, Annotated[list[ActivityKind], Field(max_length=FEW)]],
            Field(max_length=FEW),
        ]
        | None
    ) = None
    signed_parts: Annotated[list[SignedPartsIn], Field(max_length=FEW)] = []  # R9.3/R9.4
    plans_exam: StrictBool | None = None  # R4.3; default: the timeline's `exam`
    supervisors: Annotated[list[SupervisorIn], Field(max_length=FEW)] = []  # R8.2/R8.3
    main_supervisor_appointment: AppointmentIn | None = None  # R8.2
    rotation_absences: Annotated[list[RotationAbsenceIn], Field(max_length=FEW)] = []  # R6.11
    results_covered_by: Name = ""  # R6.12 (V)
    judgements: Annotated[list[GoalJudgementIn], Field(max_length=FEW)] = []  # R5.5
    patient_list: Annotated[list[ListCountIn], Field(max_length=FEW)] = []  # R10.1
    on_call: Annotated[list[OnCallIn], Field(max_length=FEW)] = []  # R10.2


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
    records: Records
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
    records = _records(facts_in, request.exam)
    regulation = document["regulation"]
    facts = facts_of(request.profile, result, regulation, goal_specs(regulation), records)
    return Request(request.profile, result, records, facts)


def _mirrored(item: _Strict, cls: type) -> Any:
    """The record dataclass `cls` from its document object (lists become tuples)."""
    return cls(
        **{
            f.name: tuple(value) if isinstance(value := getattr(item, f.name), list) else value
            for f in dataclasses.fields(cls)
        }
    )


def _records(given: FollowUpFacts, exam: bool) -> Records:
    def each(items: list[Any], cls: type) -> list[Any]:
        return [_mirrored(item, cls) for item in items]

    appointment = given.main_supervisor_appointment
    return Records(
        supervision=[(s.on, s.minutes) for s in given.supervision],
        study_exceptions={w.week: w.minutes for w in given.study_exceptions},
        assessments=each(given.assessments, AssessmentDone),
        placements=None if given.placements is None else each(given.placements, PlacementRecord),
        courses=each(given.courses, CourseTaken),
        education=each(given.education, EducationEvent),
        works=each(given.works, Work),
        plan=None if given.plan is None else {k: list(v) for k, v in given.plan.items()},
        signed_parts={s.year: set(s.parts) for s in given.signed_parts},
        plans_exam=exam if given.plans_exam is None else given.plans_exam,
        supervisors=each(given.supervisors, Supervisor),
        main_supervisor_appointment=None
        if appointment is None
        else _mirrored(appointment, Appointment),
        rotation_absences=each(given.rotation_absences, RotationAbsence),
        results_covered_by=given.results_covered_by,
        judgements=each(given.judgements, GoalJudgement),
        patient_list=each(given.patient_list, ListCount),
        on_call=each(given.on_call, OnCall),
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


def document_of(timeline_document: dict[str, Any], records: Records) -> dict[str, Any]:
    """The inverse of `parse`: the timeline's document with the records added, as JSON."""

    def day(value: date) -> str:
        return value.isoformat()

    def json_value(value: Any) -> Any:
        if isinstance(value, date):
            return day(value)
        if isinstance(value, (tuple, list)):
            return [json_value(item) for item in value]
        return value

    def mirrored(item: Any) -> dict[str, Any]:
        fields = MIRRORS[type(item)].model_fields
        return {
            fields[f.name].alias or f.name: json_value(getattr(item, f.name))
            for f in dataclasses.fields(item)
        }

    appointment = records.main_supervisor_appointment
    placements = records.placements
    return {
        **timeline_document,
        "supervision": [{"on": day(d), "minutes": m} for d, m in records.supervision],
        "study_exceptions": [
            {"week": day(w), "minutes": m} for w, m in sorted(records.study_exceptions.items())
        ],
        "assessments": [mirrored(a) for a in records.assessments],
        "placements": None if placements is None else [mirrored(p) for p in placements],
        "courses": [mirrored(c) for c in records.courses],
        "education": [mirrored(e) for e in records.education],
        "works": [mirrored(w) for w in records.works],
        "plan": None if records.plan is None else {k: list(v) for k, v in records.plan.items()},
        "signed_parts": [
            {"year": year, "parts": sorted(parts)}
            for year, parts in sorted(records.signed_parts.items())
        ],
        "plans_exam": records.plans_exam,
        "supervisors": [mirrored(s) for s in records.supervisors],
        "main_supervisor_appointment": None if appointment is None else mirrored(appointment),
        "rotation_absences": [mirrored(a) for a in records.rotation_absences],
        "results_covered_by": records.results_covered_by,
        "judgements": [mirrored(j) for j in records.judgements],
        "patient_list": [mirrored(c) for c in records.patient_list],
        "on_call": [mirrored(c) for c in records.on_call],
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
    "too_long": gettext_noop("has too many items"),
    "literal_error": gettext_noop("is not one of the allowed values"),
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
        elif isinstance(cause, _BeforeFrom):
            message = _("is before the from date")
        elif isinstance(cause, _OutsideRotation):
            message = _("must fall inside a rotation")
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
