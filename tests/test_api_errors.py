"""Issue 10: the API answers every failure with JSON in one shape, never HTML or a traceback.

Each test performs the request that used to give an HTML page, a plain-text answer or a 500.
"""

import json
import logging
from datetime import date

import pytest
from django.test import Client

from stportal.portfolio.models import ScholarlyWork
from stportal.routines.registry import profile_keys
from stportal.training.models import Absence

DOCUMENT = {"regulation": "SOSFS 2015:8", "profile": "gavleborg", "start": "2024-09-01"}


def post_body(client, body: bytes | str):
    return client.post("/api/v1/timeline", body, content_type="application/json")


def error_of(response, status: int) -> dict:
    """The response is `status` with the API's error shape: a detail and a list of field errors."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"], body
    assert "Traceback" not in response.content.decode()
    return body


@pytest.fixture(params=[False, True], ids=["production", "development"])
def debug(request, settings):
    """Development (DEBUG) used to answer a traceback where production answered HTML."""
    settings.DEBUG = request.param
    return request.param


# --- 401, 403 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/trainings/"),
        ("get", "/api/v1/trainings/1/timeline"),
        ("post", "/api/v1/timeline"),
    ],
)
def test_not_logged_in_is_401_json(demo, method, path):
    response = getattr(demo.client_for(None), method)(path)
    assert error_of(response, 401)["detail"] == "Logga in för att använda API:et."


def test_a_post_without_the_csrf_token_is_403_json(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.person("resident-g2"))
    body = error_of(post_body(client, json.dumps(DOCUMENT)), 403)
    assert "CSRF" in body["detail"]


def test_permission_denied_inside_the_api_is_403_json(demo, debug):
    """A research supervisor reaches the training (its written work) but may not view it."""
    training = demo.training_of("resident-g2")
    ScholarlyWork.objects.create(
        training=training,
        kind="written_work",
        topic="Astma i VC",
        research_supervisor=demo.person("supervisor-v2"),
    )
    response = demo.client_for("supervisor-v2").get(f"/api/v1/trainings/{training.pk}/timeline")
    assert error_of(response, 403)["detail"] == "Du har inte behörighet att göra detta."


# --- 404, 405 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/trainings/{other}/timeline",  # out of reach
        "/api/v1/trainings/999999999/timeline",  # no such training
        "/api/v1/no-such-thing",
        "/api/v1/trainings/1/timeline/extra",
        "/api/v1/",  # Django Ninja's root
    ],
)
def test_not_found_is_404_json(demo, debug, path):
    other = demo.training_of("resident-v1").pk
    response = demo.client_for("resident-g2").get(path.format(other=other))
    assert error_of(response, 404)["detail"] == "Hittades inte"


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/"])
def test_a_post_to_an_unknown_path_is_404_json_not_djangos_csrf_page(demo, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.person("resident-g2"))
    assert error_of(client.post(path, "{}", content_type="application/json"), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/timeline", "POST"),
        ("put", "/api/v1/trainings/", "GET"),
        ("patch", "/api/v1/trainings/1/timeline", "GET"),
    ],
)
def test_a_wrong_method_is_405_json_naming_the_allowed_one(demo, method, path, allowed):
    response = getattr(demo.client_for("resident-g2"), method)(path)
    error_of(response, 405)
    assert response["Allow"] == allowed


# --- 422: parameters and fields ---------------------------------------------------------------


@pytest.mark.parametrize("training_id", ["abc", "0", "-1", "1000000000", "9" * 40, "²", "1.5"])
def test_an_odd_training_id_is_422_naming_the_field(demo, debug, training_id):
    response = demo.client_for("director-g").get(f"/api/v1/trainings/{training_id}/timeline")
    assert [e["field"] for e in error_of(response, 422)["errors"]] == ["training_id"]


def test_bad_fields_are_422_with_each_fields_message(demo):
    response = post_body(demo.client_for("resident-g2"), json.dumps({**DOCUMENT, "profile": "x"}))
    body = error_of(response, 422)
    assert [e["field"] for e in body["errors"]] == ["profile"]
    assert body["errors"][0]["message"].startswith("okänt värde")


# --- 400, 413: bodies that are not a JSON document ----------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"regulation": "SOSFS',
        b'"\xff\xfe"',  # not UTF-8
        b"1" * 5000,  # more digits than Python converts
        b"[" * 100_000,  # nested deeper than the recursion limit: used to be a 500
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    ],
    ids=[
        "open-brace",
        "cut-off",
        "latin-1",
        "huge-number",
        "open-nesting",
        "deep-list",
        "deep-obj",
    ],
)
def test_a_body_that_is_not_a_json_document_is_400_json(demo, debug, body):
    response = post_body(demo.client_for("resident-g2"), body)
    assert [e["field"] for e in error_of(response, 400)["errors"]] == ["(document)"]


def test_nesting_within_the_limit_is_a_field_error_not_a_crash(demo):
    nested = "[" * 500 + "]" * 500
    body = f'{{"regulation": "SOSFS 2015:8", "profile": {nested}, "start": {nested}}}'
    response = post_body(demo.client_for("resident-g2"), body)
    assert [e["field"] for e in error_of(response, 422)["errors"]] == ["profile", "start"]


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_body_django_cannot_parse_is_400_json(demo, debug, content_type):
    """The CSRF check reads a form body before the operation runs; it used to answer 500."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.person("resident-g2"))
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        "/api/v1/timeline", "{}", content_type=content_type, headers={"X-CSRFToken": "a" * 32}
    )
    error_of(response, 400)


def test_a_body_over_the_upload_limit_is_413_json(demo, debug, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    document = {**DOCUMENT, "absences": [{"kind": "x", "from": "y", "to": "z"}] * 100}
    response = post_body(demo.client_for("resident-g2"), json.dumps(document))
    error_of(response, 413)


# --- 409, 500 ---------------------------------------------------------------------------------


def test_a_stored_training_whose_dates_cannot_be_computed_is_409_json(demo):
    """Data stored before the date bounds (or straight in the database) overflows the calendar."""
    training = demo.training_of("resident-g2")
    Absence.objects.create(
        training=training, kind="parental_leave", from_date=date(2027, 1, 1), to_date=date.max
    )
    response = demo.client_for("resident-g2").get(f"/api/v1/trainings/{training.pk}/timeline")
    error_of(response, 409)


def test_an_unexpected_error_is_a_logged_500_json_without_details(demo, debug, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("stportal.api.trainings_for_listing", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = demo.client_for("resident-g2").get("/api/v1/trainings/")
    body = error_of(response, 500)
    assert "secret detail" not in response.content.decode()
    assert body["errors"] == []
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info and "secret detail" in str(record.exc_info[1])


# --- The schema says all of it ----------------------------------------------------------------


def test_each_operation_documents_its_failures_in_the_one_error_shape(demo):
    schema = demo.client_for(None).get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    expected = {
        ("/api/v1/timeline", "post"): {"400", "401", "403", "413", "422"},
        ("/api/v1/trainings/", "get"): {"401"},
        ("/api/v1/trainings/{training_id}/timeline", "get"): {"401", "403", "404", "409", "422"},
    }
    for (path, method), failures in expected.items():
        responses = schema["paths"][path][method]["responses"]
        assert set(responses) == {"200", *failures}, path
        for status in failures:
            assert responses[status]["content"]["application/json"]["schema"] == error
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) == {"detail", "errors"}


def test_the_profile_is_an_enum_of_the_installed_profiles(demo):
    schema = demo.client_for(None).get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/timeline"]["post"]["requestBody"]
    profile = body["content"]["application/json"]["schema"]["properties"]["profile"]
    assert profile["enum"] == profile_keys() == ["gavleborg", "vastmanland"]
