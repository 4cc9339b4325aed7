"""The JSON API (issue 3): the timeline document, the visible trainings, one training's timeline."""

import json

import pytest

from stportal.adapters.timeline import timeline_of
from tests.conftest import DEMO_TODAY

DOCUMENT = {
    "regulation": "HSLF-FS 2021:8",
    "profile": "vastmanland",
    "start": "2025-09-01",
    "absences": [{"kind": "parental_leave", "from": "2026-01-01", "to": "2026-03-31"}],
    "as_of": "2026-11-22",
}


def post(client, document):
    return client.post("/api/v1/timeline", json.dumps(document), content_type="application/json")


def test_the_timeline_document_gives_the_same_result_as_the_command_line(demo, capsys, tmp_path):
    from stportal import cli

    response = post(demo.client_for("resident-v1"), DOCUMENT)
    assert response.status_code == 200
    path = tmp_path / "input.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    assert cli.main(["timeline", str(path)]) == 0
    assert response.json() == json.loads(capsys.readouterr().out)
    assert response.json()["extension_days"] == 90
    assert {"code": "annual_review", "date": "2026-09-01", "year": 1} in response.json()[
        "milestones"
    ]


def test_bad_input_is_422_with_the_field_errors(demo):
    document = {
        **DOCUMENT,
        "start": "2025-13-01",
        "absences": [{"kind": "x", "from": "a", "to": "b"}],
    }
    response = post(demo.client_for("resident-v1"), document)
    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == ["start", "absences[0].kind", "absences[0].from", "absences[0].to"]
    assert all(error["message"] for error in response.json()["errors"])
    not_json = demo.client_for("resident-v1").post(
        "/api/v1/timeline", "{", content_type="application/json"
    )
    assert not_json.status_code == 400


def test_the_api_needs_a_login(demo):
    anonymous = demo.client_for(None)
    assert post(anonymous, DOCUMENT).status_code == 401
    assert anonymous.get("/api/v1/trainings/").status_code == 401


def test_a_post_without_the_csrf_token_is_refused(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.person("resident-v1"))
    assert post(client, DOCUMENT).status_code == 403


@pytest.mark.parametrize(
    ("username", "residents"),
    [
        ("resident-g2", ["resident-g2"]),
        # main or co-supervisor (resident-g4: the demo's resident ready to apply, issue 13)
        ("supervisor-g1", ["resident-g1", "resident-g2", "resident-g3", "resident-g4"]),
        ("supervisor-g2", ["resident-g1", "resident-g3"]),
        ("unithead-g", ["resident-g1", "resident-g2", "resident-g4"]),
        ("director-g", ["resident-g1", "resident-g2", "resident-g3", "resident-g4"]),
        ("director-v", ["resident-v1", "resident-v2", "resident-v3", "resident-v4"]),
        ("admin-g", []),
    ],
)
def test_the_trainings_list_holds_what_the_person_may_see(demo, username, residents):
    response = demo.client_for(username).get("/api/v1/trainings/")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()}
    assert ids == {demo.training_of(name).pk for name in residents}


def test_a_listed_training_carries_its_projected_completion(demo):
    training = demo.training_of("resident-g2")
    [item] = demo.client_for("resident-g2").get("/api/v1/trainings/").json()
    expected = timeline_of(training, DEMO_TODAY).projected_completion
    assert item["resident"] == training.resident.get_full_name()
    assert item["region"] == "Region Gävleborg"
    assert item["regulation"] == "SOSFS 2015:8"
    assert item["start"] == training.start_date.isoformat()
    assert item["projected_completion"] == expected.isoformat()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("resident-g2", 200),
        ("supervisor-g1", 200),
        ("director-g", 200),
        ("unithead-g", 200),
        ("resident-g1", 404),
        ("supervisor-g2", 404),
        ("director-v", 404),
        ("admin-g", 404),
    ],
)
def test_a_stored_trainings_timeline_is_404_out_of_reach(demo, username, status):
    training = demo.training_of("resident-g2")
    response = demo.client_for(username).get(f"/api/v1/trainings/{training.pk}/timeline")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["required_months"] == 60
        codes = {finding["code"] for finding in body["findings"]}
        assert "absence_decision_missing" in codes  # the undecided 16-day sick leave (R1.3)


def test_the_openapi_schema_is_served(demo):
    schema = demo.client_for(None).get("/api/v1/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/followup",  # issue 11: tests/test_followup_contract.py
        "/api/v1/timeline",
        "/api/v1/trainings/",
        "/api/v1/trainings/{training_id}/timeline",
    }
    body = schema["paths"]["/api/v1/timeline"]["post"]["requestBody"]
    assert "absences" in body["content"]["application/json"]["schema"]["properties"]
