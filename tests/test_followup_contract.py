"""The follow-up as a contract (issue 11, "Testable from outside"; docs/followup.md): the
document's schema holds every record field and only records, `stportal followup` and
`POST /api/v1/followup` answer the same findings, bad input names the field, and the pages and
the command line agree on every demo resident. Dates are frozen in the documents (`as_of`), never
today's."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal import cli
from stportal.adapters.followup import findings_of, followup_document
from stportal.adapters.timeline import timeline_of
from stportal.routines.loader import load_profiles
from stportal.rules import followup_input
from stportal.rules.followup_records import Records
from stportal.timeline.inputs import INPUT_SCHEMA, InputError
from stportal.training.models import Training
from tests.conftest import DEMO_TODAY

DOCS = Path(__file__).resolve().parent.parent / "docs" / "followup.md"
PROFILES = load_profiles([cli.PROFILE_DIR])
TODAY = date(2025, 1, 1)  # only the default of `as_of`; every document here gives its own

G_DOCUMENT = {
    "regulation": "SOSFS 2015:8",
    "profile": "gavleborg",
    "start": "2024-09-02",
    "as_of": "2025-10-06",
    "done": [{"code": "training_plan"}, {"code": "agreement"}],
    "assessments": [{"on": "2024-11-12"}, {"on": "2025-02-04"}, {"on": "2025-06-10"}],
}
V_DOCUMENT = {
    "regulation": "HSLF-FS 2021:8",
    "profile": "vastmanland",
    "start": "2023-03-01",
    "as_of": "2025-06-16",
    "absences": [{"kind": "sick_leave", "from": "2025-04-07", "to": "2025-04-09"}],
    "placements": [
        {"kind": "home_unit", "from": "2023-03-01", "to": "2025-03-02"},
        {"kind": "rotation", "from": "2025-03-03", "to": "2025-05-30"},
        {"kind": "home_unit", "from": "2025-05-31", "to": "2028-02-29"},
    ],
    "rotation_absences": [{"first": "2025-04-07", "last": "2025-04-09", "reported": False}],
}


def run(capsys, *arguments: str):
    code = cli.main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def codes(result: dict) -> list[tuple[str, str]]:
    return [(f["code"], f["rule"]) for f in result["findings"]]


# --- The document ------------------------------------------------------------------------------


def test_every_record_field_has_its_place_in_the_document():
    """A new record field cannot be forgotten: each field of Records is a key of the follow-up's
    part of the schema, and the document holds nothing else besides the timeline's keys."""
    fields = {f.name for f in dataclasses.fields(Records)}
    assert set(followup_input.FollowUpFacts.model_fields) == fields
    properties = followup_input.FOLLOWUP_SCHEMA["properties"]
    assert set(properties) == fields | set(INPUT_SCHEMA["properties"])


def test_the_document_holds_no_derived_value():
    """Issue 11: an outside caller sends records only; what the rules derive from them (weeks
    away, study time due, delmål unplanned or without evidence) is computed as on the pages."""
    derived = {"weeks_away", "study_due", "goals_unplanned", "goals_without_evidence", "has_plan"}
    assert not derived & set(followup_input.FOLLOWUP_SCHEMA["properties"])


@pytest.mark.parametrize(("rule_type", "model"), list(followup_input.MIRRORS.items()))
def test_the_document_objects_hold_the_rules_dataclasses_field_for_field(rule_type, model):
    assert [f.name for f in dataclasses.fields(rule_type)] == list(model.model_fields)


@pytest.mark.parametrize(
    ("key", "item"),
    [
        ("supervision", {"on": "2025-01-07", "minutes": 60}),
        ("works", {"kind": "quality_work"}),
        ("signed_parts", {"year": 1, "parts": []}),
    ],
)
def test_a_list_longer_than_its_limit_is_refused_with_its_name(key, item):
    """Issue 10 for the document: every list has a limit far above any real ST."""
    limit = followup_input.FollowUpFacts.model_fields[key].metadata[0].max_length
    with pytest.raises(InputError) as error:
        followup_input.parse({**G_DOCUMENT, key: [item] * (limit + 1)}, PROFILES, TODAY)
    assert error.value.problems == [(key, "har för många poster")]


def test_the_schema_stands_alone_inside_the_openapi_document():
    """No `$ref` to `$defs` that the OpenAPI document's root would not have."""
    assert "$ref" not in json.dumps(followup_input.FOLLOWUP_SCHEMA)
    properties = followup_input.FOLLOWUP_SCHEMA["properties"]
    assert properties["supervision"]["items"]["required"] == ["on", "minutes"]
    placement = properties["placements"]["anyOf"][0]["items"]
    assert placement["properties"]["from"]["format"] == "date"


def test_the_records_become_the_facts_the_rules_read():
    request = followup_input.parse(
        {
            **G_DOCUMENT,
            "absences": [{"kind": "vacation", "from": "2025-09-15", "to": "2025-09-19"}],
            "supervision": [{"on": "2025-09-08", "minutes": 60}],
            "study_exceptions": [{"week": "2025-09-08", "minutes": 120}],
            "signed_parts": [{"year": 1, "parts": ["resident_report"]}],
            "placements": [{"kind": "home_unit", "from": "2024-09-02", "to": "2029-08-31"}],
            "courses": [{"from": "2025-09-22", "to": "2025-09-23", "code": "etik"}],
            "works": [{"kind": "written_work", "planned_on": "2025-02-01", "supervisor": True}],
        },
        PROFILES,
        TODAY,
    )
    facts = request.facts
    assert facts.as_of == date(2025, 10, 6)
    assert facts.start == date(2024, 9, 2)
    assert facts.completion == request.timeline.projected_completion
    assert facts.regulation == "SOSFS 2015:8"
    assert [m.year for m in facts.annual_reviews][:2] == [1, 2]
    assert facts.supervision == [(date(2025, 9, 8), 60)]
    assert facts.study_exceptions == {date(2025, 9, 8): 120}
    assert facts.signed_parts == {1: {"resident_report"}}
    assert facts.weeks_away == {date(2025, 9, 15)}  # derived from the vacation
    due = dict(facts.study_due)
    assert (due[date(2025, 9, 8)], due[date(2025, 9, 15)], due[date(2025, 9, 22)]) == (240, 0, 0)
    assert facts.home_unit == [(date(2024, 9, 2), date(2099, 12, 31))]  # nothing elsewhere
    assert facts.course_ends == {"etik": date(2025, 9, 23)}
    assert facts.works is not None and facts.works[0].supervisor is True
    assert not facts.has_plan and facts.goals_unplanned == []
    assert "a1" in facts.goals_without_evidence  # from the curriculum of the regulation


def test_the_plan_and_the_records_give_the_delmal_findings():
    """R2.2/R9.5 from records: a plan with nothing for c1 and the curriculum's course for a1
    given by a course linked to it."""
    request = followup_input.parse(
        {
            **G_DOCUMENT,
            "plan": {"a1": ["clinical_service", "course"]},
            "courses": [{"from": "2025-01-13", "to": "2025-01-14", "goals": ["a1"]}],
        },
        PROFILES,
        TODAY,
    )
    facts = request.facts
    assert facts.has_plan
    assert "c1" in facts.goals_unplanned and "a1" not in facts.goals_unplanned
    assert "a1" not in facts.goals_without_evidence
    assert "a1" not in facts.goals_missing_documents.get("course", [])


def test_r9_1_g_a_short_first_year_is_a_finding_from_the_document():
    """R9.1 (G: "4 – 6 gånger per år"): three in ST year 1 is one still to make up."""
    result = followup_input.result_of(followup_input.parse(G_DOCUMENT, PROFILES, TODAY))
    assert ("assessments_year_missed", "R9.1") in codes(result)
    assert result["as_of"] == "2025-10-06"


def test_r6_11_v_an_unreported_absence_during_a_rotation_is_a_finding_from_the_document():
    """R6.11 (V): absence during a rotation is reported to both the clinic and the unit head."""
    result = followup_input.result_of(followup_input.parse(V_DOCUMENT, PROFILES, TODAY))
    assert ("rotation_absence_unreported", "R6.11") in codes(result)
    reported = {
        **V_DOCUMENT,
        "rotation_absences": [{"first": "2025-04-07", "last": "2025-04-09", "reported": True}],
    }
    result = followup_input.result_of(followup_input.parse(reported, PROFILES, TODAY))
    assert ("rotation_absence_unreported", "R6.11") not in codes(result)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"supervision": [{"on": "2025-13-01", "minutes": 60}]}, "supervision[0].on"),
        ({"supervision": [{"on": "2025-01-01", "minutes": True}]}, "supervision[0].minutes"),
        ({"supervision": [{"on": "2025-01-01"}]}, "supervision[0].minutes"),
        ({"assessments": [{"on": "1900-01-01"}]}, "assessments[0].on"),
        (
            {"placements": [{"kind": "rotation", "from": "2025-01-01", "to": "x"}]},
            "placements[0].to",
        ),
        ({"works": [{"kind": "written_work", "colour": 1}]}, "works[0].colour"),
        ({"works": [{"kind": "poem"}]}, "works[0].kind"),
        ({"plan": {"a1": ["sailing"]}}, "plan.a1[0]"),
        (
            {"education": [{"kind": "st_day", "on": "2025-01-01", "minutes": 2000}]},
            "education[0].minutes",
        ),
        ({"has_plan": True}, "has_plan"),
        (
            {"placements": [{"kind": "rotation", "from": "2025-02-01", "to": "2025-01-01"}]},
            "placements[0].to",
        ),
        (
            {
                "placements": [
                    {
                        "kind": "home_unit",
                        "from": "2025-01-01",
                        "to": "2025-02-01",
                        "home_return_days": ["2025-01-10"],
                    }
                ]
            },
            "placements[0].home_return_days",
        ),
        (
            {
                "placements": [
                    {
                        "kind": "rotation",
                        "from": "2025-01-01",
                        "to": "2025-02-01",
                        "home_return_days": ["1999-01-10"],
                    }
                ]
            },
            "placements[0].home_return_days",
        ),
        ({"courses": [{"from": "2025-02-01", "to": "2025-01-31"}]}, "courses[0].to"),
        (
            {"education": [{"kind": "lecture", "on": "2025-01-01", "minutes": 0}]},
            "education[0].minutes",
        ),
        ({"education": [{"kind": "lecture", "on": "2025-01-01"}]}, "education[0].minutes"),
        ({"patient_list": [{"on": "2025-01-01", "patients": 5001}]}, "patient_list[0].patients"),
        ({"supervisors": "Anna"}, "supervisors"),
        ({"surprise": 1}, "surprise"),
        ({"start": "2024-02-30"}, "start"),
    ],
)
def test_bad_input_names_the_field(change, field):
    with pytest.raises(InputError) as error:
        followup_input.parse({**G_DOCUMENT, **change}, PROFILES, TODAY)
    assert [f for f, _message in error.value.problems] == [field]


def test_the_timelines_and_the_follow_ups_problems_are_reported_together():
    document = {**G_DOCUMENT, "profile": "nowhere", "assessments": [{"on": "soon"}]}
    with pytest.raises(InputError) as error:
        followup_input.parse(document, PROFILES, TODAY)
    assert [f for f, _message in error.value.problems] == ["profile", "assessments[0].on"]


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    offsets=st.lists(st.integers(0, 3000), max_size=8),
    minutes=st.integers(0, 600),
    days=st.integers(0, 4000),
)
def test_document_of_is_the_inverse_of_parse(start, offsets, minutes, days):
    """Whatever the dates, the document the pages would send is read back to the same Facts."""
    held = [(start + timedelta(days=n)).isoformat() for n in offsets]
    document = {
        "regulation": "HSLF-FS 2021:8",
        "profile": "vastmanland",
        "start": start.isoformat(),
        "as_of": (start + timedelta(days=days)).isoformat(),
        "supervision": [{"on": day, "minutes": minutes} for day in held],
        "assessments": [{"on": day, "method": "sit_in", "goals": ["c1"]} for day in held],
        "placements": [
            {"kind": "rotation", "from": day, "to": day, "home_return_days": [day]} for day in held
        ],
        "education": [{"kind": "lecture", "on": day, "minutes": max(1, minutes)} for day in held],
        "plan": {"c1": ["rotation"]},
    }
    first = followup_input.parse(document, PROFILES, TODAY)
    timeline_keys = {k: v for k, v in document.items() if k in INPUT_SCHEMA["properties"]}
    again = followup_input.parse(
        followup_input.document_of(timeline_keys, first.records), PROFILES, TODAY
    )
    assert again.records == first.records
    assert again.facts == first.facts


# --- The command line --------------------------------------------------------------------------


def test_cli_one_document_in_the_findings_out(tmp_path, capsys):
    code, out, err = run(capsys, "followup", write(tmp_path, json.dumps(G_DOCUMENT)))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"as_of", "projected_completion", "findings"}
    first = result["findings"][0]
    assert set(first) == {"code", "rule", "severity", "due", "message", "subject"}
    messages = [f["message"] for f in result["findings"]]
    assert any("Kompetensbedömningar" in m for m in messages)  # Swedish, as the pages


def test_cli_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, capsys):
    document = {**G_DOCUMENT, "supervision": [{"on": "2025-02-30", "minutes": 60}]}
    code, out, err = run(capsys, "followup", write(tmp_path, json.dumps(document)))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("stportal: supervision[0].on: ")
    assert "Traceback" not in err


def test_cli_not_json_exits_2(tmp_path, capsys):
    code, _out, err = run(capsys, "followup", write(tmp_path, "{"))
    assert code == 2
    assert err.startswith("stportal: (document): not JSON")


def test_cli_batch_answers_each_line_on_its_own_line(tmp_path, capsys):
    lines = [json.dumps(G_DOCUMENT), '{"profile": "gavleborg"}', json.dumps(V_DOCUMENT), ""]
    code, out, err = run(capsys, "followup", "--batch", write(tmp_path, "\n".join(lines)))
    assert (code, err) == (2, "")
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 3
    assert ("assessments_year_missed", "R9.1") in codes(answers[0])
    assert answers[1]["error"].startswith("line 2: ")
    assert "regulation" in answers[1]["error"]
    assert ("rotation_absence_unreported", "R6.11") in codes(answers[2])


def test_the_installed_command_reads_standard_input():
    """`.venv/bin/stportal followup -` as a separate process, as a user runs it."""
    command = Path(sys.executable).parent / "stportal"
    done = subprocess.run(
        [str(command), "followup", "-"],
        input=json.dumps(V_DOCUMENT),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert ("rotation_absence_unreported", "R6.11") in codes(json.loads(done.stdout))


# --- The docs' examples ------------------------------------------------------------------------


def examples() -> dict[str, object]:
    text = DOCS.read_text(encoding="utf-8")
    found = re.findall(r"<!-- example: (\w+ \w+) -->\n```json\n(.*?)\n```", text, re.DOTALL)
    return {name: json.loads(body) for name, body in found}


@pytest.mark.parametrize("region", ["gavleborg", "vastmanland"])
def test_the_docs_examples_are_true(region, tmp_path, capsys):
    """docs/followup.md: each region's example document gives exactly its documented answer."""
    documented = examples()
    assert documented[f"{region} input"]["profile"] == region
    path = write(tmp_path, json.dumps(documented[f"{region} input"]))
    code, out, err = run(capsys, "followup", path)
    assert (code, err) == (0, "")
    assert json.loads(out) == documented[f"{region} output"]


def test_the_docs_name_every_key_of_the_document():
    text = DOCS.read_text(encoding="utf-8")
    missing = [k for k in followup_input.FOLLOWUP_SCHEMA["properties"] if f"`{k}`" not in text]
    assert not missing


# --- The API -----------------------------------------------------------------------------------


def post(client, document):
    return client.post("/api/v1/followup", json.dumps(document), content_type="application/json")


def test_api_answers_what_the_command_line_answers(demo, tmp_path, capsys):
    for document in (G_DOCUMENT, V_DOCUMENT):
        response = post(demo.client_for("resident-v1"), document)
        assert response.status_code == 200
        _code, out, _err = run(capsys, "followup", write(tmp_path, json.dumps(document)))
        assert response.json() == json.loads(out)


def test_api_bad_input_is_422_with_the_field_errors(demo):
    document = {
        **V_DOCUMENT,
        "placements": [{"kind": "rotation", "from": "2025-03-03"}],
        "colour": "blue",
    }
    response = post(demo.client_for("resident-v1"), document)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert [e["field"] for e in body["errors"]] == ["placements[0].to", "colour"]


def test_api_not_json_is_400_and_anonymous_is_401(demo):
    response = demo.client_for("resident-v1").post(
        "/api/v1/followup", "{", content_type="application/json"
    )
    assert response.status_code == 400
    assert post(demo.client_for(None), V_DOCUMENT).status_code == 401


def test_the_openapi_schema_holds_the_document(demo):
    schema = demo.client_for(None).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/followup"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(followup_input.FOLLOWUP_SCHEMA["properties"]) == set(body["properties"])
    assert "422" in operation["responses"]


# --- The pages and the command line agree ------------------------------------------------------


def test_the_pages_and_the_command_line_agree_on_every_demo_resident(demo, capsys, tmp_path):
    """For every demo resident of both regions, the document the pages use, run through
    `stportal followup -`, gives exactly the findings the pages show (adapters.followup)."""
    trainings = list(Training.objects.select_related("home_unit__region"))
    assert {t.home_unit.region.routine_profile for t in trainings} >= {"gavleborg", "vastmanland"}
    compared = 0
    for training in trainings:
        result = timeline_of(training, DEMO_TODAY)
        pages = [f.as_json() for f in findings_of(training, result)]
        compared += len(pages)
        document = followup_document(training, result)
        code, out, err = run(capsys, "followup", write(tmp_path, json.dumps(document)))
        assert (code, err) == (0, ""), training
        assert json.loads(out)["findings"] == pages, training
    assert compared > 10  # the demo residents have findings to agree on
