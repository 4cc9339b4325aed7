"""The JSON API, version 1 (issue 3): the timeline calculator and the trainings a person may see.

Session login, as in the browser; Django Ninja checks the CSRF token on unsafe methods and
serves the OpenAPI schema at /api/v1/openapi.json. The input document is checked by the same
code as the command line (stportal.timeline.inputs), so both give the same field errors.

Every failure answers JSON in one shape, `ErrorOut` (issue 10): a program calling the API must
never have to parse an HTML page or meet a traceback. Not logged in 401, refused 403 (the CSRF
check or `PermissionDenied` from stportal.access), out of reach or unknown 404, a wrong method
405, a body that is not JSON (or nested too deeply to decode) 400, too large 413, bad fields 422,
and anything unexpected a logged 500 without details. Each operation documents the failures it
can answer, and schemathesis checks the API against that schema (tests/test_api_schemathesis.py).
"""

from __future__ import annotations

import copy
import functools
import json
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    UnreadablePostError,
)
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Path, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from stportal import access
from stportal.adapters.timeline import timeline_or_none
from stportal.adapters.trainings import trainings_for_listing
from stportal.routines.registry import get_profile, profile_keys
from stportal.rules import followup_input
from stportal.timeline.inputs import INPUT_SCHEMA, InputError, parse
from stportal.timeline.result import timeline

# Ids as the pages take them (stportal.http.ID_DIGITS: at most nine digits), so a huge number is
# a field error rather than an overflow in the database.
LARGEST_ID = 999_999_999


def _request_schema() -> dict[str, Any]:
    """The document as the command line reads it, with the profiles this installation knows as
    an enum (they are loaded once at start-up, before the URLs import this module), and null
    allowed where `parse` reads it as "not given"."""
    schema = copy.deepcopy(INPUT_SCHEMA)
    properties = schema["properties"]
    properties["profile"]["enum"] = profile_keys()
    for key in ("employment", "absences", "exam", "as_of", "done"):
        properties[key]["type"] = [properties[key]["type"], "null"]
    return schema


REQUEST_SCHEMA = _request_schema()


def _followup_schema() -> dict[str, Any]:
    """The follow-up's document (rules.followup_input, issue 11): the timeline's keys as
    REQUEST_SCHEMA has them, the follow-up's as its models give them."""
    schema = copy.deepcopy(followup_input.FOLLOWUP_SCHEMA)
    schema["properties"].update(copy.deepcopy(REQUEST_SCHEMA["properties"]))
    return schema


FOLLOWUP_SCHEMA = _followup_schema()


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every failure: what went wrong, and for bad input each field's problem (else empty)."""

    detail: str
    errors: list[FieldError]


class JsonAPI(NinjaAPI):
    """Django Ninja answers a wrong method with a plain-text 405 and leaves paths it does not
    know, and its own root, to Django's HTML 404 page; here those answer `ErrorOut` as well."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_failures(pattern.callback)
        unknown = path("<path:rest>", _json_failures(_unknown_path), name="unknown")
        return [*patterns, unknown], app_name, namespace


def _json_failures(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exempt from Django's CSRF middleware, whose refusal is an HTML page, as Ninja exempts its
    own views: Ninja's session auth checks the token on every operation, and the schema, the
    root and unknown paths change nothing."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return error_response(request, 404, _("Not found"))
        if isinstance(response, HttpResponseNotAllowed):
            refused = error_response(request, 405, _("The method is not allowed here."))
            refused["Allow"] = response["Allow"]
            return refused
        return response

    return wrapper


def _unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    raise Http404


api = JsonAPI(
    title="ST-portalen API",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is enough
)


def error_response(
    request: HttpRequest, status: int, detail: str, errors: Sequence[tuple[str, str]] = ()
) -> HttpResponse:
    return api.create_response(request, _errors(detail, list(errors)), status=status)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Ninja's own refusals: not logged in (401) and, from its session auth, the CSRF check."""
    details = {
        401: _("Log in to use the API."),
        403: _("The request lacks a valid CSRF token."),
    }
    return error_response(request, error.status_code, details.get(error.status_code, str(error)))


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, _("You may not do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(request, 404, _("Not found"))


@api.exception_handler(ValidationError)
def _invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Ninja's checks of the path and query (the body is read by the operations themselves)."""
    problems = [(_field_name(item["loc"]), _parameter_message(item)) for item in error.errors]
    return error_response(request, 422, _("The input has errors."), problems)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, _("The request is too large."))


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
@api.exception_handler(BadRequest)
def _unreadable(request: HttpRequest, error: Exception) -> HttpResponse:
    """A body Django cannot read, such as a multipart type without a boundary, which the CSRF
    check parses before the operation runs (as Django's own handler does: 400, not 500)."""
    return error_response(request, 400, _("The request cannot be read."))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    logging.getLogger(f"django.security.{type(error).__name__}").warning("%s", error)
    return error_response(request, 400, _("The request was refused."))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    """Logged as Django logs its own 500s, with the traceback (so alerting sees it once);
    answered without details."""
    response = error_response(request, 500, _("Something went wrong on the server."))
    log_response(
        "Internal Server Error: %s",
        request.path,
        response=response,
        request=request,
        exception=error,
    )
    return response


def _field_name(location: Any) -> str:
    """("path", "training_id") → "training_id"; the source alone when it names no field."""
    return ".".join(str(part) for part in location[1:]) or str(location[0])


def _parameter_message(item: dict[str, Any]) -> str:
    if item["type"] in {"int_parsing", "int_type", "int_from_float"}:
        return _("must be a whole number")
    if item["type"] in {"greater_than_equal", "less_than_equal"}:
        return _("is out of range")
    return str(item["msg"])


# The failures each operation documents, beside its success.
NOT_LOGGED_IN = {401: ErrorOut}
REFUSED = {403: ErrorOut}
NOT_FOUND = {404: ErrorOut}
BAD_INPUT = {422: ErrorOut}
BAD_BODY = {400: ErrorOut, 413: ErrorOut}


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


class FollowUpOut(Schema):
    """The findings of one resident's ST, as the pages show them (issue 11)."""

    as_of: str
    projected_completion: str
    findings: list[FindingOut]


class TrainingOut(Schema):
    id: int
    resident: str
    region: str
    regulation: str
    start: date
    projected_completion: date | None  # None when the stored dates cannot be computed


@api.post(
    "/timeline",
    response={200: TimelineOut, **BAD_BODY, **NOT_LOGGED_IN, **REFUSED, **BAD_INPUT},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": REQUEST_SCHEMA}},
        }
    },
    summary="Compute a timeline from a document",
    by_alias=True,
    exclude_none=True,
)
def compute_timeline(request: HttpRequest) -> Any:
    try:
        document = _decoded(request.body)
    except ValueError as error:
        return Status(
            400, _errors(_("The request body is not JSON."), [("(document)", str(error))])
        )
    try:
        checked = parse(document, {key: get_profile(key) for key in profile_keys()}, _today())
    except InputError as error:
        return Status(422, _errors(_("The input has errors."), error.problems))
    result = timeline(
        checked.profile, checked.history, checked.as_of, exam=checked.exam, done=checked.done
    )
    return Status(200, result.as_json())


@api.post(
    "/followup",
    response={200: FollowUpOut, **BAD_BODY, **NOT_LOGGED_IN, **REFUSED, **BAD_INPUT},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": FOLLOWUP_SCHEMA}},
        }
    },
    summary="Compute a resident's follow-up findings from a document",
)
def compute_followup(request: HttpRequest) -> Any:
    """The same document and answer as `stportal followup` (docs/followup.md)."""
    try:
        document = _decoded(request.body)
    except ValueError as error:
        return Status(
            400, _errors(_("The request body is not JSON."), [("(document)", str(error))])
        )
    profiles = {key: get_profile(key) for key in profile_keys()}
    try:
        checked = followup_input.parse(document, profiles, _today())
    except InputError as error:
        return Status(422, _errors(_("The input has errors."), error.problems))
    return Status(200, followup_input.result_of(checked))


def _decoded(body: bytes) -> Any:
    """The JSON document, or ValueError saying why not in the person's language. A body nested
    deeper than the interpreter's recursion limit (100 000 `[`) is refused, not a crash."""
    try:
        return json.loads(body or b"null")
    except json.JSONDecodeError as error:
        raise ValueError(
            _("not JSON (the error is at line %(line)d, column %(column)d)")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:
        raise ValueError(_("nested too deeply")) from None
    except ValueError:  # not UTF-8, or a number of thousands of digits
        raise ValueError(_("not JSON")) from None


def _errors(detail: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    return {"detail": detail, "errors": [{"field": f, "message": m} for f, m in problems]}


@api.get(
    "/trainings/",
    response={200: list[TrainingOut], **NOT_LOGGED_IN},
    summary="The trainings you may see",
)
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


TrainingId = Annotated[int, Path(ge=1, le=LARGEST_ID)]


@api.get(
    "/trainings/{training_id}/timeline",
    response={
        200: TimelineOut,
        **NOT_LOGGED_IN,
        **REFUSED,
        **NOT_FOUND,
        **BAD_INPUT,
        409: ErrorOut,
    },
    summary="The timeline of a stored training",
    by_alias=True,
    exclude_none=True,
)
def training_timeline(request: HttpRequest, training_id: TrainingId) -> Any:
    # 404 when out of reach, 403 (PermissionDenied) when in reach but not allowed to view
    access.training_for(request.user, training_id)
    training = trainings_for_listing(access.trainings_for(request.user)).get(pk=training_id)
    result = timeline_or_none(training, _today())
    if result is None:
        detail = _("The training's stored dates cannot be computed; correct them on its pages.")
        return Status(409, _errors(detail, []))
    return Status(200, result.as_json())


def _today() -> date:
    return timezone.localdate()
