"""The JSON API, version 1 (issue 3): the timeline calculator and the trainings a person may see.

Session login, as in the browser; Django Ninja checks the CSRF token on unsafe methods and
serves the OpenAPI schema at /api/v1/openapi.json. The input document is checked by the same
code as the command line (stportal.timeline.inputs), so both give the same field errors.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema, Status
from ninja.security import django_auth

from stportal import access
from stportal.adapters.timeline import timeline_of, timeline_or_none
from stportal.adapters.trainings import trainings_for_listing
from stportal.routines.registry import get_profile, profile_keys
from stportal.timeline.inputs import INPUT_SCHEMA, InputError, parse
from stportal.timeline.result import timeline

api = NinjaAPI(
    title="ST-portalen API",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is enough
)


class MilestoneOut(Schema):
    """A dated milestone has `date`; a window has `from` and `to`; a yearly one has `year`."""

    code: str
    date: str | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    year: int | None = None


class FindingOut(Schema):
    code: str
    rule: str
    severity: str
    due: str
    message: str
    subject: dict[str, Any]


class TimelineOut(Schema):
    required_months: int
    required_days: int
    served_days: str
    projected_completion: str
    extension_days: int
    milestones: list[MilestoneOut]
    findings: list[FindingOut]


class FieldError(Schema):
    field: str
    message: str


class InputErrors(Schema):
    errors: list[FieldError]


class TrainingOut(Schema):
    id: int
    resident: str
    region: str
    regulation: str
    start: date
    projected_completion: date | None  # None when the stored dates cannot be computed


@api.post(
    "/timeline",
    response={200: TimelineOut, 422: InputErrors},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": INPUT_SCHEMA}},
        }
    },
    summary="Compute a timeline from a document",
    by_alias=True,
    exclude_none=True,
)
def compute_timeline(request: HttpRequest) -> Any:
    try:
        document = json.loads(request.body or b"null")
        checked = parse(document, {key: get_profile(key) for key in profile_keys()}, _today())
    except json.JSONDecodeError as error:
        return Status(422, {"errors": [{"field": "(document)", "message": f"not JSON: {error}"}]})
    except InputError as error:
        return Status(422, {"errors": [{"field": f, "message": m} for f, m in error.problems]})
    result = timeline(
        checked.profile, checked.history, checked.as_of, exam=checked.exam, done=checked.done
    )
    return Status(200, result.as_json())


@api.get("/trainings/", response=list[TrainingOut], summary="The trainings you may see")
def list_trainings(request: HttpRequest) -> list[dict[str, Any]]:
    today = _today()
    return [
        {
            "id": training.pk,
            "resident": training.resident.get_full_name(),
            "region": training.home_unit.region.name,
            "regulation": training.regulation,
            "start": training.start_date,
            "projected_completion": getattr(
                timeline_or_none(training, today), "projected_completion", None
            ),
        }
        for training in trainings_for_listing(access.trainings_for(request.user))
    ]


@api.get(
    "/trainings/{training_id}/timeline",
    response=TimelineOut,
    summary="The timeline of a stored training",
    by_alias=True,
    exclude_none=True,
)
def training_timeline(request: HttpRequest, training_id: int) -> Any:
    access.training_for(request.user, training_id)  # 404 when out of reach
    training = trainings_for_listing(access.trainings_for(request.user)).get(pk=training_id)
    return timeline_of(training, _today()).as_json()


def _today() -> date:
    return timezone.localdate()
