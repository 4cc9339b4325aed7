"""The `stportal timeline` command and the input checks it shares with the API (timeline.md)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stportal import cli

DOCUMENT = {
    "regulation": "SOSFS 2015:8",
    "profile": "gavleborg",
    "start": "2024-01-31",
    "credited_months": 0,
    "employment": [{"from": "2024-01-31", "percent": 100}, {"from": "2025-01-01", "percent": 75}],
    "absences": [{"kind": "parental_leave", "from": "2025-03-01", "to": "2025-05-31"}],
    "exam": False,
    "as_of": "2025-01-31",
}


def run(capsys, *arguments):
    code = cli.main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_one_document_in_one_result_out(tmp_path, capsys):
    code, out, err = run(capsys, "timeline", write(tmp_path, json.dumps(DOCUMENT)))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["required_months"] == 60
    assert result["required_days"] == 1827
    assert result["served_days"] == "359.25"  # 336 days in 2024, then 31 days at 75 %
    # 336 days at full time in 2024; the other 1491 days at 75 % take 1988 days, after the
    # 92 days of leave: C = 2025-01-01 + 2080 − 1 days.
    assert result["projected_completion"] == "2030-09-11"
    assert result["extension_days"] == 589
    assert result["milestones"][0] == {"code": "training_plan", "date": "2024-07-31"}
    assert {"code": "final_evaluation", "from": "2030-06-11", "to": "2030-07-11"} in (
        result["milestones"]
    )
    assert result["milestones"][2] == {"code": "annual_review", "date": "2025-01-31", "year": 1}
    assert [f["code"] for f in result["findings"]] == ["milestone_overdue"] * 2 + ["milestone_due"]


def test_served_days_keep_two_decimal_places(tmp_path, capsys):
    document = {
        **DOCUMENT,
        "as_of": "2025-01-03",
        "employment": [{"from": "2024-01-31", "percent": 33}],
    }
    _code, out, _ = run(capsys, "timeline", write(tmp_path, json.dumps(document)))
    assert json.loads(out)["served_days"] == "111.87"  # 339 days at 33 %


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"regulation": "SOSFS 2099:1"}, "regulation"),
        ({"profile": "uppsala"}, "profile"),
        ({"start": "2024-02-30"}, "start"),
        ({"start": "31/01/2024"}, "start"),
        ({"as_of": "20240131"}, "as_of"),
        ({"credited_months": 60}, "credited_months"),
        ({"credited_months": -1}, "credited_months"),
        ({"employment": [{"from": "2024-01-01", "percent": 100}]}, "employment[0].from"),
        (
            {
                "employment": [
                    {"from": "2024-03-01", "percent": 50},
                    {"from": "2024-02-01", "percent": 80},
                ]
            },
            "employment[1].from",
        ),
        ({"employment": [{"from": "2024-01-31", "percent": 0}]}, "employment[0].percent"),
        ({"employment": [{"from": "2024-01-31", "percent": 101}]}, "employment[0].percent"),
        (
            {"absences": [{"kind": "holiday", "from": "2024-03-01", "to": "2024-03-02"}]},
            "absences[0].kind",
        ),
        (
            {"absences": [{"kind": "flex", "from": "2024-03-02", "to": "2024-03-01"}]},
            "absences[0].to",
        ),
        (
            {"absences": [{"kind": "flex", "from": "2024-01-01", "to": "2024-03-01"}]},
            "absences[0].from",
        ),
        (
            {
                "absences": [
                    {"kind": "flex", "from": "2024-03-01", "to": "2024-03-01", "percent": 150}
                ]
            },
            "absences[0].percent",
        ),
        ({"exam": "yes"}, "exam"),
        ({"done": [{"code": "iup"}]}, "done[0].code"),
        ({"done": [{"code": "annual_review", "year": 0}]}, "done[0].year"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_names_the_field_and_exits_2(tmp_path, capsys, change, field):
    code, out, err = run(capsys, "timeline", write(tmp_path, json.dumps({**DOCUMENT, **change})))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f" {field}: " in err
    assert "Traceback" not in err


def test_not_json_and_a_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "timeline", write(tmp_path, "{not json"))
    assert code == 2 and "JSON" in err
    code, _, err = run(capsys, "timeline", str(tmp_path / "missing.json"))
    assert code == 2 and "missing.json" in err


def test_batch_keeps_the_order_and_reports_bad_lines_on_their_own(tmp_path, capsys):
    lines = [
        json.dumps(DOCUMENT),
        json.dumps({**DOCUMENT, "start": "nope"}),
        json.dumps({**DOCUMENT, "profile": "vastmanland"}),
    ]
    path = tmp_path / "region.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "timeline", "--batch", str(path))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert len(results) == 3
    assert results[0]["required_days"] == 1827
    assert set(results[1]) == {"error"}
    assert results[1]["error"].startswith("line 2: start: ")
    assert any(m["code"] == "closing_conversation" for m in results[2]["milestones"])


def test_the_installed_command_reads_standard_input():
    script = Path(sys.executable).parent / "stportal"
    done = subprocess.run(
        [str(script), "timeline", "-"],
        input=json.dumps(DOCUMENT),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["projected_completion"] == "2030-09-11"
    bad = subprocess.run(
        [str(script), "timeline", "-"], input="[]", capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("stportal: ") and "Traceback" not in bad.stderr


def test_milestones_marked_done_raise_no_finding(tmp_path, capsys):
    done = [{"code": "training_plan"}, {"code": "agreement"}, {"code": "annual_review", "year": 1}]
    code, out, _ = run(capsys, "timeline", write(tmp_path, json.dumps({**DOCUMENT, "done": done})))
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_batch_answers_a_blank_line_with_an_error_on_its_own_line(tmp_path, capsys):
    path = tmp_path / "region.jsonl"
    path.write_text(json.dumps(DOCUMENT) + "\n\n" + json.dumps(DOCUMENT) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "timeline", "--batch", str(path))
    lines = out.splitlines()
    assert code == 2 and len(lines) == 3
    assert json.loads(lines[1])["error"].startswith("line 2: ")
    assert json.loads(lines[2])["required_days"] == 1827
